/**
 * The one error class of the index area (server/index/): search parameters, cursors, and the
 * index store's own state. Phase 2 maps the search codes to 400 problems and the store codes to
 * 503s in server/http/problems.ts; the message is a sentence that says what to change.
 */
import { CodedError } from '../../merkle/index.js';

/** Every reason a search or the index can refuse. */
export type IndexErrorCode =
  // search input (400)
  | 'INVALID_FILTER' // a filter value that is empty or too long
  | 'INVALID_RANGE' // since/until malformed, or since > until
  | 'INVALID_LIMIT' // limit outside 1..1000
  | 'INVALID_ORDER' // order other than asc or desc
  | 'INVALID_CURSOR' // not a cursor of this log: malformed, forged or altered
  | 'CURSOR_EXPIRED' // a genuine cursor past its expiry
  | 'CURSOR_MISMATCH' // a genuine cursor used with other filters or order
  // the index itself
  | 'INDEX_AHEAD' // the index covers more entries than the log has (a restored or replaced log)
  | 'INDEX_CORRUPT' // a record of the index store cannot be read
  | 'INDEX_CLOSED'; // used after close()

/** Thrown by everything in server/index/. */
export class IndexError extends CodedError<IndexErrorCode> {
  override readonly name = 'IndexError';
}
