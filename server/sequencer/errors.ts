/**
 * Why the sequencer refused or failed an append, as a code the HTTP layer words
 * (server/http/problems.ts maps each code to its status and sentence; Tessera leaves the 503 to
 * its caller the same way). The message here is for the server log, not for the client.
 */
import { CodedError } from '../../merkle/index.js';

export type SequencerErrorCode =
  /** A request holds more entries than a round takes (`details.limit`). */
  | 'BATCH_TOO_LARGE'
  /** The pool is full; nothing was appended. */
  | 'POOL_FULL'
  /** The log is closing and takes no more requests. */
  | 'SHUTTING_DOWN'
  /** The log closed before this request was sequenced; nothing was appended. */
  | 'CLOSED_BEFORE_SEQUENCED'
  /** An idempotency key was reused for another payload (`details.key`, `details.entry`). */
  | 'IDEMPOTENCY_CONFLICT'
  /** An internal check failed earlier; the log appends nothing until restarted. */
  | 'BROKEN'
  /** An internal check of this round failed; nothing was signed. */
  | 'REFUSED_TO_SIGN'
  /** The round is durable but its receipts could not be built (a bug). */
  | 'RECEIPTS_FAILED'
  /** The store refused before anything of this request was written (`cause`: a StoreError). */
  | 'STORE_FAILED'
  /** The round's own commit failed: it may or may not have landed (`cause`: a StoreError). */
  | 'COMMIT_UNCERTAIN';

/** A refusal or failure of the sequencer, with a code and details for the HTTP layer. */
export class SequencerError extends CodedError<SequencerErrorCode> {
  override readonly name = 'SequencerError';
  constructor(code: SequencerErrorCode, message: string, options: { cause?: unknown; details?: Readonly<Record<string, string | number>> } = {}) {
    super(code, message, { cause: options.cause });
    this.details = options.details ?? {};
  }
  /** Facts the HTTP sentence quotes (limits, the key, the entry's position). */
  readonly details: Readonly<Record<string, string | number>>;
}
