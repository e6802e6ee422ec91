/**
 * One process's part in a log shared by several processes (issue 11, docs/spec.md "Several
 * processes"): at most one of them sequences at a time.
 *
 * - Campaign: every process waits for the log's leadership (a session advisory lock; the store's
 *   coordination). The winner reloads the committed state, bumps the fencing epoch, records its
 *   advertised URL, and sequences, committing each round with `{previous, epoch}`.
 * - Step down: when the lock session is lost (PostgreSQL restarted or unreachable, heartbeat
 *   failed) or a commit meets STORE_CONFLICT (a newer leader fenced this one), the process stops
 *   sequencing at once, refuses what waits with a retryable 503, and campaigns again.
 * - Follow the head: every `pollMs` the process reads the head row; while following, a newer
 *   head makes it reload the committed state, so its reads (tiles, proofs, entries, checkpoints)
 *   serve the latest checkpoint it read, never beyond it. The head also names the leader, whom
 *   writes are forwarded to (server/http/forward-appends.ts).
 * - Readiness: `unready` is a sentence while PostgreSQL cannot be reached or no leader is known.
 *
 * A leader that dies frees the lock when its session ends (at once for a killed process; TCP
 * keepalives of about 11 s for a vanished host, see leader.ts), and a waiting process takes over.
 */
import type { CairnLog } from '../cairn-log.js';
import type { Logger } from '../logger.js';
import type { Leadership, StoreCoordination } from '../store/open-store.js';
import { startCredentialRefresh, type CredentialRefresh } from '../auth/credential-refresh.js';

/** How a process takes part. */
export interface ClusterOptions {
  /** The URL other processes forward writes to (`--advertise-url`). */
  advertise: string;
  logger: Logger;
  /** Between reads of the head (default 150 ms). */
  pollMs?: number;
  /** Before campaigning again after PostgreSQL failed (default 500 ms). */
  retryMs?: number;
  /** Called each time this process starts leading, once its sequencer leads (the clock evidence of the new leader). */
  onLeading?: () => void;
}

/** Between the end of one on-demand read of the head (catchUpTo) and the start of the next (ms). */
export const CATCH_UP_FLOOR_MS = 10;

/** The cluster role of one process for one log. Start with `ClusterNode.start`. */
export class ClusterNode {
  #role: 'leader' | 'follower' = 'follower';
  #leader: string | undefined;
  #epoch = 0;
  #storeFailure: string | undefined;
  #advertise: string | undefined;
  readonly #stopping = new AbortController();
  #campaigning: Promise<void> | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #catchingUp: Promise<void> | undefined;
  /** When the last catchUpTo read of the head ended (performance.now()). */
  #lastCatchUpEnd = -Infinity;
  readonly #credentials: CredentialRefresh;

  private constructor(
    private readonly log: CairnLog,
    private readonly coordination: StoreCoordination,
    private readonly options: Omit<ClusterOptions, 'advertise'>,
  ) {
    this.#credentials = startCredentialRefresh(log.credentials, log.store, {
      onError: (err) => options.logger('credentials_reload_failed', { error: (err as Error).message }),
    });
  }

  /**
   * Makes the process a follower of `log` at once (it refuses to sequence) and starts following
   * the head and the credentials. Call `campaign` once the HTTP API listens.
   */
  static start(log: CairnLog, coordination: StoreCoordination, options: Omit<ClusterOptions, 'advertise'>): ClusterNode {
    log.sequencer.follow('this process has not been elected yet');
    const node = new ClusterNode(log, coordination, options);
    node.schedulePoll(0);
    return node;
  }

  /** 'leader' while this process sequences the log. */
  get role(): 'leader' | 'follower' {
    return this.#role;
  }

  /** The advertised URL of the leader as last read (this process's own while it leads). */
  get leader(): string | undefined {
    return this.#role === 'leader' ? this.#advertise : this.#leader;
  }

  /** This process's advertised URL, once it campaigns. */
  get advertise(): string {
    return this.#advertise ?? '';
  }

  /** Where writes go: 'local' while leading, the leader's URL, or undefined while none is known. */
  writeTarget(): 'local' | string | undefined {
    if (this.#role === 'leader') return 'local';
    return this.#leader === this.#advertise ? undefined : this.#leader;
  }

  /** Why the process cannot take writes now (a sentence for /readyz), or undefined when it can. */
  get unready(): string | undefined {
    if (this.#storeFailure !== undefined) {
      return `PostgreSQL cannot be reached (${this.#storeFailure}); appends are refused until it returns, and the log recovers by itself.`;
    }
    if (this.writeTarget() === undefined) return 'No process leads the log right now (an election is under way); appends are refused until one does.';
    return undefined;
  }

  /** Starts campaigning for the lead, advertising `advertise` to the other processes. */
  campaign(advertise: string): void {
    this.#advertise = advertise;
    this.#campaigning ??= this.campaignLoop();
  }

  private async campaignLoop(): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      const asked = performance.now();
      let leadership: Leadership;
      try {
        leadership = await this.coordination.campaign(this.advertise, signal);
        await this.lead(leadership, asked);
      } catch (err) {
        if (signal.aborted) return;
        this.#storeFailure = (err as Error).message;
        this.options.logger('campaign_failed', { error: (err as Error).message });
        await pause(this.options.retryMs ?? 500, signal);
        continue;
      }
      await this.hold(leadership);
    }
  }

  /** Reloads the state and starts sequencing in the leadership's epoch; releases it if that fails. */
  private async lead(leadership: Leadership, asked: number): Promise<void> {
    try {
      await this.log.sequencer.lead(leadership.epoch);
    } catch (err) {
      await leadership.release();
      throw err;
    }
    this.#role = 'leader';
    this.#epoch = leadership.epoch;
    this.#storeFailure = undefined;
    this.options.logger('leading', {
      epoch: leadership.epoch,
      advertise: this.advertise,
      treeSize: this.log.committedSize,
      waitedMs: Math.round(performance.now() - asked),
    });
    this.options.onLeading?.();
  }

  /** Sequences until the leadership is lost (or a commit is fenced, or the process stops), then steps down. */
  private async hold(leadership: Leadership): Promise<void> {
    const unsubscribe = this.log.sequencer.cluster.onConflict(() => void leadership.release());
    await new Promise<void>((resolve) => {
      if (leadership.lost.aborted || this.#stopping.signal.aborted) return resolve();
      leadership.lost.addEventListener('abort', () => resolve(), { once: true });
      this.#stopping.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    unsubscribe();
    const reason = leadership.lost.aborted ? String((leadership.lost.reason as Error | undefined)?.message ?? leadership.lost.reason) : 'stopping';
    if (!this.#stopping.signal.aborted) {
      this.#role = 'follower';
      this.log.sequencer.follow(`this process stopped leading the log (${reason})`);
      this.options.logger('stepped_down', { epoch: leadership.epoch, reason });
    }
    await leadership.release();
  }

  private schedulePoll(delayMs = this.options.pollMs ?? 150): void {
    if (this.#stopping.signal.aborted) return;
    this.#pollTimer = setTimeout(() => {
      this.#polling = this.poll().finally(() => this.schedulePoll());
    }, delayMs);
  }

  /** One read of the head: the leader's URL, reachability, and (following) a newer state. */
  private async poll(): Promise<void> {
    try {
      const head = await this.coordination.readHead();
      if (head !== undefined && this.#role !== 'leader') {
        this.#leader = head.leader;
        this.#epoch = head.epoch;
        if (head.treeSize > this.log.committedSize) await this.log.sequencer.refresh();
      }
      this.#storeFailure = undefined;
    } catch (err) {
      this.#storeFailure = (err as Error).message;
    }
  }

  /**
   * Resolves once this follower has read the head, when `index` is beyond the entries it has
   * seen: a read of an entry the leader committed since the last poll (up to `pollMs` ago)
   * finds it instead of a 404. One read at a time, shared by the callers, and the next one
   * starts at least CATCH_UP_FLOOR_MS after the last ended, so requests for entries far beyond
   * the log read the head at most ~100 times a second instead of back to back. A read that
   * began before the call may predate the entry, so a caller still short reads once more. Never
   * rejects (a failed read leaves the 404 to the caller). No-op while leading.
   */
  async catchUpTo(index: number): Promise<void> {
    for (let reads = 0; reads < 2 && this.#role !== 'leader' && index >= this.log.committedSize; reads++) {
      this.#catchingUp ??= this.#readHeadOnDemand().finally(() => (this.#catchingUp = undefined));
      await this.#catchingUp;
    }
  }

  /** One read of the head for catchUpTo, CATCH_UP_FLOOR_MS after the last one ended. Never rejects. */
  async #readHeadOnDemand(): Promise<void> {
    const wait = this.#lastCatchUpEnd + CATCH_UP_FLOOR_MS - performance.now();
    if (wait > 0) await pause(wait, this.#stopping.signal);
    try {
      await this.log.sequencer.refresh();
    } catch {
      // The caller answers 404 from what it has.
    } finally {
      this.#lastCatchUpEnd = performance.now();
    }
  }

  /** The leader epoch as last seen. */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Stops campaigning and following, and gives up the lead (after the log closed, so a round
   * in flight commits in its epoch). Safe to call twice.
   */
  async stop(): Promise<void> {
    this.#stopping.abort(new Error('stopping'));
    clearTimeout(this.#pollTimer);
    await this.#polling?.catch(() => undefined);
    await this.#campaigning?.catch(() => undefined);
    await this.#credentials.stop();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (a retry backoff, not a wait for an event). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
