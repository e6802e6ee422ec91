/**
 * The server's one error class. Every refusal the server makes has a code here; the problem
 * catalogue (http/problems.ts) maps each code to its HTTP status and RFC 9457 problem type, and
 * the `detail` sentence says what was wrong and what to do.
 */
import { CodedError } from '../merkle/index.js';

export type ServerErrorCode =
  // credentials (SPEC §4)
  | 'UNAUTHENTICATED' // 401: no or unknown token
  | 'FORBIDDEN' // 403: the token lacks the role
  | 'TOO_MANY_AUTH_FAILURES' // 429: failed authentications from this address
  // request validation (SPEC §3, §4, §5)
  | 'MALFORMED_REQUEST' // 400
  | 'INVALID_PARAMETER' // 400
  | 'INVALID_EVENT_TIME' // 400
  | 'EVENT_TIME_IN_FUTURE' // 400
  | 'INVALID_IDEMPOTENCY_KEY' // 400
  | 'INVALID_EVENT' // 422: a vnd.cairn.event+json event that is not the documented shape (issue 13)
  | 'PAYLOAD_TOO_LARGE' // 413
  | 'BATCH_TOO_LARGE' // 413
  | 'UNSUPPORTED_MEDIA_TYPE' // 415
  | 'NOT_ACCEPTABLE' // 406
  | 'NOT_FOUND' // 404
  | 'METHOD_NOT_ALLOWED' // 405
  | 'IDEMPOTENCY_CONFLICT' // 409
  | 'ENTRY_HELD' // 409: a legal hold covers an entry to erase (issue 14)
  | 'PAYLOAD_ERASED' // 410: the payload was erased by a recorded erasure (issue 14)
  // the log's state
  | 'POOL_FULL' // 503 with Retry-After
  | 'SHUTTING_DOWN' // 503 with Retry-After
  | 'STORE_UNAVAILABLE' // 503 with Retry-After
  | 'STORE_FULL' // 503 with Retry-After
  | 'CLOCK_UNSYNCHRONIZED' // 503 with Retry-After: the clock is off NTP under --clock-policy refuse (issue 15)
  | 'NOT_WITNESSED' // 503 with Retry-After: no checkpoint (or none covering the entry) meets the witness quorum yet (issue 12)
  | 'INTERNAL'; // 500: a bug; never for bad input

/** A refusal with a code, a sentence for the client, and optional extra problem members. */
export class ServerError extends CodedError<ServerErrorCode> {
  override readonly name = 'ServerError';
  /** Extra members of the problem object (e.g. `limit`, `index`). */
  readonly extra: Record<string, unknown>;
  /** Seconds for a Retry-After header, where it applies. */
  readonly retryAfter: number | undefined;

  constructor(code: ServerErrorCode, detail: string, options: { cause?: unknown; extra?: Record<string, unknown>; retryAfter?: number } = {}) {
    super(code, detail, { cause: options.cause });
    this.extra = options.extra ?? {};
    this.retryAfter = options.retryAfter;
  }
}
