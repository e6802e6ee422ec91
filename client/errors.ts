/**
 * The errors of the HTTP client (SPEC §8), besides VerificationError (proofs/errors.ts), which
 * the client throws for every piece of evidence that does not verify:
 *
 * - CairnHttpError: the server answered with an error status (4xx, 5xx). It carries the RFC 9457
 *   problem object the server sent (SPEC §5 "Errors"), so `err.problem.detail` is the server's
 *   sentence of what was wrong and what to do, and `err.code` its stable code (e.g. POOL_FULL).
 * - CairnRequestError: no usable answer at all: the attempt timed out (TIMEOUT), the connection
 *   failed (NETWORK_ERROR), the caller aborted (ABORTED), or a 2xx answer was not the JSON or
 *   text the API promises (BAD_RESPONSE).
 *
 * Browser-safe: no node: imports.
 */
import { CodedError } from '../merkle/index.js';
import type { ProblemJson } from './wire-types.js';

/**
 * An RFC 9457 problem object as Cairn sends it: the standard members plus `code`. When a proxy
 * in between answered (an HTML 502, say), the client makes one up with type `about:blank`, the
 * status text as title and the start of the body as detail, and no `code`.
 */
export interface Problem extends ProblemJson {
  /** Further members a proxy or a newer server may send. */
  [member: string]: unknown;
}

/**
 * The server refused the request: any status outside 2xx. Thrown after the retries the status
 * allows (503, 429, 502, 504) ran out, at once for every other status; a 4xx is never retried.
 * Not a CodedError: its `code` is the server's, and absent when a proxy answered.
 */
export class CairnHttpError extends Error {
  override readonly name = 'CairnHttpError';
  /** The HTTP status. */
  readonly status: number;
  /** The problem object the server sent (or one the client made of a non-problem answer). */
  readonly problem: Problem;
  /** `problem.code`, when the server gave one. */
  readonly code: string | undefined;
  /** The server's Retry-After in milliseconds, when it sent one (503, 429). */
  readonly retryAfterMs: number | undefined;
  /** How many attempts were made, the first included. */
  readonly attempts: number;

  constructor(problem: Problem, options: { retryAfterMs?: number; attempts: number }) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.status = problem.status;
    this.problem = problem;
    this.code = problem.code;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts;
  }
}

/** Why a request got no usable answer. */
export type CairnRequestErrorCode =
  /** The last attempt took longer than `timeoutMs` (each attempt has its own timer). */
  | 'TIMEOUT'
  /** The connection could not be made or broke (refused, reset, DNS, TLS, CORS in browsers). */
  | 'NETWORK_ERROR'
  /** The caller's AbortSignal fired. Never retried. */
  | 'ABORTED'
  /** A 2xx answer whose body is not what the API promises (not JSON, wrong shape, wrong type). */
  | 'BAD_RESPONSE';

/** No usable answer: see CairnRequestErrorCode. `cause` holds the underlying error. */
export class CairnRequestError extends CodedError<CairnRequestErrorCode> {
  override readonly name = 'CairnRequestError';
  /** How many attempts were made, the first included. */
  readonly attempts: number;

  constructor(code: CairnRequestErrorCode, message: string, options: { attempts: number; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.attempts = options.attempts;
  }
}
