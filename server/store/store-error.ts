/**
 * The one error type of every store driver (LevelDB, memory, PostgreSQL). Drivers map their
 * engine's failures to these codes inside the driver; the HTTP layer words them as 503 problems.
 */
import { CodedError } from '../../merkle/index.js';

/**
 * Reason codes of storage failures.
 * - STORE_UNAVAILABLE: the engine failed or cannot be reached; retry later. A failed write may
 *   or may not have landed (see the commit contract in store.ts).
 * - STORE_FULL: out of space; the operator has to free some.
 * - STORE_LOCKED: another process holds a store that only one process may open (a LevelDB folder).
 * - STORE_CORRUPT: stored data does not decode, or breaks the store's own invariants.
 * - STORE_CLOSED: the handle was closed.
 * - STORE_CONFLICT: a compare-and-swap of the head lost: the latest checkpoint is not the one the
 *   caller built on, or the caller's leader epoch is no longer current (fencing). Nothing of that
 *   commit was applied; the caller reloads the head (and steps down when it lost leadership).
 */
export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_FULL' | 'STORE_LOCKED' | 'STORE_CORRUPT' | 'STORE_CLOSED' | 'STORE_CONFLICT';

/** Thrown by every store method that fails; `cause` holds the underlying error. */
export class StoreError extends CodedError<StoreErrorCode> {
  override readonly name = 'StoreError';
}
