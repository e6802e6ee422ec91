/**
 * Recovery after a failed commit: the round may or may not have landed, so the sequencer's
 * in-memory state can no longer be trusted. Until a reload succeeds the log is not ready; the
 * reload runs before the next round or append, and in the background with backoff so the log
 * becomes ready (and idempotent replays of the failed round work) without waiting for traffic.
 */
import type { VerifierKey } from '../../proofs/index.js';
import { loadLogState, type LogState } from '../state/index.js';
import type { LogStore } from '../store/store.js';

/** The reload state of one sequencer. */
export class StoreRecovery {
  /** Set after a failed commit, until a reload succeeds. */
  needed = false;
  private reloading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: LogStore,
    private readonly verifierKey: VerifierKey,
    /** Receives the state read back from the store (and publishes it); a rejection fails the reload. */
    private readonly loaded: (state: LogState) => Promise<void>,
  ) {}

  /** Marks the state untrusted and starts background reloads. */
  commitFailed(): void {
    this.needed = true;
    this.schedule();
  }

  /**
   * Reloads the committed state from the store (one reload at a time; callers share it).
   * Rejects with the store's error while it still fails.
   */
  reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        // First a synced write: ready means the store takes writes again (and a LevelDB store
        // reopens itself on that write, so the state below is read after the reopen).
        await this.store.checkWritable();
        await this.loaded(await loadLogState(this.store, this.verifierKey));
        this.needed = false;
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /** Stops background reloads (on close). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs = 250): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.needed || this.stopped) return;
      this.reload().catch(() => this.schedule(Math.min(delayMs * 2, 5000)));
    }, delayMs);
    this.timer.unref();
  }
}
