/**
 * The sequencer's side of "one sequencer at a time" (issue 11): whether this process may
 * sequence, and with which fencing epoch it commits. A process alone on its store (LevelDB) never
 * touches the gate and always sequences, committing without an epoch. A process sharing a
 * PostgreSQL log is told by the cluster layer (server/cluster/) when it leads (`lead(epoch)`) and
 * when it follows; while it follows every append is refused with a retryable 503, and every
 * commit it makes carries `{previous, epoch}` so a stale leader can never commit (fencing: the
 * store answers STORE_CONFLICT, and the gate tells the cluster layer to step down).
 */
import type { SignedTreeHead } from '../state/index.js';
import { StoreError, type HeadExpectation } from '../store/store.js';
import { SequencerError } from './errors.js';

/** The refusal of an append while this process does not lead: retryable, nothing was appended. */
export function notLeading(why = 'this process does not lead the log right now'): SequencerError {
  return new SequencerError('STORE_FAILED', why, {
    cause: new StoreError('STORE_UNAVAILABLE', `${why}; retry (another process leads, or an election is under way)`),
  });
}

/** Whether this process sequences, and its fencing epoch. */
export class LeaderGate {
  /** undefined: alone on its store (always leads, commits without an epoch); null: follows; a number: leads in that epoch. */
  #epoch: number | null | undefined = undefined;
  readonly #conflictListeners = new Set<(err: StoreError) => void>();
  /** The epoch of the latest commit's expectation (one round commits at a time). */
  #committingEpoch: number | undefined;

  /** True while this process follows (it must not sequence). */
  get following(): boolean {
    return this.#epoch === null;
  }

  /** The epoch this process leads in, if it leads a shared log. */
  get epoch(): number | undefined {
    return this.#epoch ?? undefined;
  }

  /** From now on this process leads in `epoch` (the caller reloaded the state first). */
  lead(epoch: number): void {
    this.#epoch = epoch;
  }

  /** From now on this process follows. */
  follow(): void {
    this.#epoch = null;
  }

  /** Throws the retryable refusal while this process follows. */
  refuseUnlessLeading(): void {
    if (this.#epoch === null) throw notLeading();
  }

  /** What a commit building on `previous` expects of the head: the epoch when leading a shared log. */
  expectation(previous: SignedTreeHead): HeadExpectation | undefined {
    this.#committingEpoch = this.#epoch ?? undefined;
    return typeof this.#epoch === 'number' ? { previous: { treeSize: previous.treeSize, note: previous.note }, epoch: this.#epoch } : undefined;
  }

  /** Calls `listener` when a commit lost the head (a newer leader, or another writer moved it). Returns the unsubscribe. */
  onConflict(listener: (err: StoreError) => void): () => void {
    this.#conflictListeners.add(listener);
    return () => this.#conflictListeners.delete(listener);
  }

  /**
   * Reports a failed commit: a STORE_CONFLICT while leading means this process must step down,
   * unless the commit was made in an earlier epoch (a round of a leadership already lost, whose
   * failure says nothing about the current one).
   */
  commitFailed(err: unknown): void {
    if (err instanceof StoreError && err.code === 'STORE_CONFLICT' && typeof this.#epoch === 'number' && this.#committingEpoch === this.#epoch) {
      for (const listener of this.#conflictListeners) listener(err);
    }
  }
}
