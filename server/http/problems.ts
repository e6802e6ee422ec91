/**
 * The one catalogue of HTTP refusals (SPEC §5 "Errors"; after fastify's error catalogue): every
 * ServerError code with its status, RFC 9457 problem `type` and `title`, plus the mapping of
 * everything else a request can throw (StoreError, express body-parser errors, stray errors)
 * onto those codes. Responses are `application/problem+json` objects
 * `{type, title, status, detail, code, ...extra}` whose `detail` says what was wrong and what to
 * do. Nothing ever answers HTML or a stack trace, and bad input never gets a 5xx.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ServerError, type ServerErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { SequencerError } from '../sequencer/errors.js';
import { StoreError } from '../store/store.js';

/** Problem types are URNs: stable identifiers that need no web site behind them. */
export const PROBLEM_TYPE_PREFIX = 'urn:cairn:problem:';

/** The media type of every error response (RFC 9457 §3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One row of the catalogue. */
export interface ProblemKind {
  status: number;
  title: string;
  /** The last part of the problem `type` URN. */
  slug: string;
}

/** Every ServerError code: its status, problem type and title. */
export const PROBLEMS: Readonly<Record<ServerErrorCode, ProblemKind>> = {
  UNAUTHENTICATED: { status: 401, title: 'Authentication required', slug: 'unauthenticated' },
  FORBIDDEN: { status: 403, title: 'Credential lacks the role', slug: 'forbidden' },
  TOO_MANY_AUTH_FAILURES: { status: 429, title: 'Too many failed authentications', slug: 'too-many-auth-failures' },
  MALFORMED_REQUEST: { status: 400, title: 'Malformed request', slug: 'malformed-request' },
  INVALID_PARAMETER: { status: 400, title: 'Invalid parameter', slug: 'invalid-parameter' },
  INVALID_EVENT_TIME: { status: 400, title: 'Invalid event time', slug: 'invalid-event-time' },
  EVENT_TIME_IN_FUTURE: { status: 400, title: 'Event time in the future', slug: 'event-time-in-future' },
  INVALID_IDEMPOTENCY_KEY: { status: 400, title: 'Invalid idempotency key', slug: 'invalid-idempotency-key' },
  INVALID_EVENT: { status: 422, title: 'Invalid audit event', slug: 'invalid-event' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large', slug: 'payload-too-large' },
  BATCH_TOO_LARGE: { status: 413, title: 'Batch too large', slug: 'batch-too-large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', slug: 'unsupported-media-type' },
  NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable', slug: 'not-acceptable' },
  NOT_FOUND: { status: 404, title: 'Not found', slug: 'not-found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed', slug: 'method-not-allowed' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused', slug: 'idempotency-conflict' },
  ENTRY_HELD: { status: 409, title: 'Entry under legal hold', slug: 'entry-held' },
  PAYLOAD_ERASED: { status: 410, title: 'Payload erased', slug: 'payload-erased' },
  POOL_FULL: { status: 503, title: 'Log overloaded', slug: 'pool-full' },
  SHUTTING_DOWN: { status: 503, title: 'Log shutting down', slug: 'shutting-down' },
  STORE_UNAVAILABLE: { status: 503, title: 'Store unavailable', slug: 'store-unavailable' },
  STORE_FULL: { status: 503, title: 'Store full', slug: 'store-full' },
  CLOCK_UNSYNCHRONIZED: { status: 503, title: 'Clock not synchronised', slug: 'clock-unsynchronized' },
  NOT_WITNESSED: { status: 503, title: 'Not witnessed yet', slug: 'not-witnessed' },
  INTERNAL: { status: 500, title: 'Internal error', slug: 'internal' },
};

/** A problem object as sent (RFC 9457 §3.1 members plus `code` and the error's extras). */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ServerErrorCode;
  [member: string]: unknown;
}

/** Seconds in Retry-After when a 503 or 429 does not say. */
const DEFAULT_RETRY_AFTER = 1;

/** The problem object of a ServerError. Extras never override the standard members. */
export function problemBody(err: ServerError): ProblemBody {
  const kind = PROBLEMS[err.code];
  return { ...err.extra, type: PROBLEM_TYPE_PREFIX + kind.slug, title: kind.title, status: kind.status, detail: err.message, code: err.code };
}

// body-parser / raw-body error types (their `type` member) and what they mean for a client.
const BODY_ERRORS: Readonly<Record<string, (e: BodyParserError) => ServerError>> = {
  'entity.too.large': (e) =>
    new ServerError('PAYLOAD_TOO_LARGE', `The request body is larger than the ${e.limit ?? 'configured'} bytes this endpoint accepts; send less.`, {
      extra: e.limit === undefined ? {} : { limit: e.limit },
    }),
  'entity.parse.failed': () => new ServerError('MALFORMED_REQUEST', 'The request body could not be parsed; send a well-formed body.'),
  'entity.verify.failed': () => new ServerError('MALFORMED_REQUEST', 'The request body was refused; send a well-formed body.'),
  'encoding.unsupported': (e) =>
    new ServerError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The Content-Encoding ${JSON.stringify(e.encoding ?? '')} is not supported; send the body uncompressed, or with gzip, deflate or br.`,
    ),
  'charset.unsupported': (e) => new ServerError('UNSUPPORTED_MEDIA_TYPE', `The charset ${JSON.stringify(e.charset ?? '')} is not supported; send UTF-8.`),
  'request.aborted': () => new ServerError('MALFORMED_REQUEST', 'The request body ended before its announced length; send the whole body.'),
  'request.size.invalid': () => new ServerError('MALFORMED_REQUEST', 'The request body does not match its Content-Length; send a correct Content-Length.'),
  'parameters.too.many': () => new ServerError('MALFORMED_REQUEST', 'The request has too many parameters.'),
};

/** What body-parser attaches to its errors. */
export interface BodyParserError extends Error {
  type: string;
  status?: number;
  limit?: number;
  length?: number;
  encoding?: string;
  charset?: string;
}

/** True for an error thrown by body-parser / raw-body. */
export function isBodyParserError(err: unknown): err is BodyParserError {
  return err instanceof Error && typeof (err as { type?: unknown }).type === 'string' && typeof (err as { status?: unknown }).status === 'number';
}

/**
 * Maps anything a handler threw to a ServerError: ServerError as is; StoreError to 503 (the
 * store failed, not the client); body-parser errors by their `type`; other errors that carry a
 * 4xx status (express's own, e.g. a malformed percent escape in a path) to MALFORMED_REQUEST;
 * everything else to INTERNAL.
 */
export function toServerError(err: unknown): ServerError {
  if (err instanceof ServerError) return err;
  if (err instanceof SequencerError) return appendRefusal(err);
  if (err instanceof StoreError) {
    switch (err.code) {
      case 'STORE_FULL':
        return new ServerError('STORE_FULL', 'The log cannot write because its disk is full; retry later (the operator has to free space).', {
          cause: err,
          retryAfter: 5,
        });
      case 'STORE_CLOSED':
        return new ServerError('SHUTTING_DOWN', 'The log is shutting down; retry in a few seconds.', { cause: err, retryAfter: 2 });
      case 'STORE_CORRUPT':
        return new ServerError(
          'STORE_UNAVAILABLE',
          'The log found damaged data in its store and cannot answer this request; the operator should run `cairn fsck`. Retry later.',
          {
            cause: err,
            retryAfter: 30,
          },
        );
      default:
        return new ServerError('STORE_UNAVAILABLE', 'The log could not read or write its store; retry later.', { cause: err, retryAfter: 1 });
    }
  }
  if (isBodyParserError(err)) {
    const map = BODY_ERRORS[err.type];
    if (map) return map(err);
  }
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ServerError('MALFORMED_REQUEST', 'The request could not be read; check its URL, headers and body.', { cause: err });
  }
  return new ServerError('INTERNAL', 'The server hit an unexpected error; retry later, and tell the operator if it persists (the server log has details).', {
    cause: err,
  });
}

/** A store failure during an append. `mayHaveLanded`: the round's own commit failed (an fsync can fail after the write reached the disk). */
function appendStoreFailure(err: SequencerError, mayHaveLanded: boolean): ServerError {
  if (err.cause instanceof StoreError && err.cause.code === 'STORE_FULL') {
    return new ServerError('STORE_FULL', 'The log could not store the entry because its disk is full; nothing was appended. Retry later.', {
      cause: err,
      retryAfter: 5,
    });
  }
  if (!mayHaveLanded) {
    return new ServerError('STORE_UNAVAILABLE', 'The log cannot write to its store at the moment; nothing was appended. Retry later.', {
      cause: err,
      retryAfter: 1,
    });
  }
  return new ServerError(
    'STORE_UNAVAILABLE',
    'The log could not store the entry durably, so it was not acknowledged, but it may be in the log. Retry with the same Idempotency-Key: that returns the entry if it landed, and appends it once if not.',
    { cause: err, retryAfter: 1 },
  );
}

/** The problem of an append the sequencer refused or failed (sequencer/errors.ts). */
function appendRefusal(err: SequencerError): ServerError {
  switch (err.code) {
    case 'BATCH_TOO_LARGE':
      return new ServerError('BATCH_TOO_LARGE', `A request holds 1 to ${err.details['limit']} entries; split the batch.`, { cause: err });
    case 'POOL_FULL':
      return new ServerError('POOL_FULL', 'The log has too many entries waiting to be sequenced; nothing was appended. Retry after the delay in Retry-After.', {
        cause: err,
        retryAfter: 1,
      });
    case 'SHUTTING_DOWN':
      return new ServerError('SHUTTING_DOWN', 'The log is shutting down; retry in a few seconds.', { cause: err, retryAfter: 2 });
    case 'CLOSED_BEFORE_SEQUENCED':
      return new ServerError('SHUTTING_DOWN', 'The log shut down before this entry was sequenced; nothing was appended. Retry.', { cause: err, retryAfter: 2 });
    case 'IDEMPOTENCY_CONFLICT':
      return new ServerError(
        'IDEMPOTENCY_CONFLICT',
        `The Idempotency-Key ${JSON.stringify(err.details['key'])} was already used for a different payload; use a new key for a new event.`,
        { cause: err, extra: { entry: err.details['entry'] } },
      );
    case 'BROKEN':
      return new ServerError('INTERNAL', `The log stopped appending after an internal check failed: ${err.message}. The operator must restart it.`, {
        cause: err,
      });
    case 'REFUSED_TO_SIGN':
      return new ServerError('INTERNAL', `The log refused to sign a new checkpoint: ${err.message}`, { cause: err });
    case 'RECEIPTS_FAILED':
      return new ServerError(
        'INTERNAL',
        `The entries were stored but their receipts could not be built: ${err.message}. Retry with the same Idempotency-Key.`,
        { cause: err },
      );
    case 'STORE_FAILED':
      return appendStoreFailure(err, false);
    case 'COMMIT_UNCERTAIN':
      return appendStoreFailure(err, true);
  }
}

/** Writes `err` as an application/problem+json response, with Retry-After and WWW-Authenticate where they apply. */
export function sendProblem(res: Response, err: ServerError): void {
  const body = problemBody(err);
  // Headers a route set before it failed (a cacheable tile, a Location) do not belong to the problem.
  res.removeHeader('Location');
  res.removeHeader('Vary');
  res.status(body.status);
  res.set('Content-Type', PROBLEM_CONTENT_TYPE);
  res.set('Cache-Control', 'no-store');
  if (body.status === 503 || body.status === 429) res.set('Retry-After', String(err.retryAfter ?? DEFAULT_RETRY_AFTER));
  if (body.status === 401 && !res.get('WWW-Authenticate')) res.set('WWW-Authenticate', 'Bearer realm="cairn"');
  // A Buffer, so express adds no charset parameter to the problem media type.
  res.send(Buffer.from(JSON.stringify(body)));
}

/** The last handler: a 404 problem for every path no route claimed. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ServerError('NOT_FOUND', `There is no resource at ${JSON.stringify(safePath(req))}; see the API in SPEC §4-§5 (e.g. /checkpoint, /v1/log).`));
};

/**
 * A handler for the other methods of a known path: 405 with `Allow`, or 204 with `Allow` for
 * OPTIONS. `allowed` lists the methods the path serves (GET implies HEAD).
 */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (req, res, next) => {
    res.set('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(
      new ServerError(
        'METHOD_NOT_ALLOWED',
        `${req.method} is not allowed on ${JSON.stringify(safePath(req))}; it accepts ${allow}. Nothing in the log can be edited or deleted.`,
      ),
    );
  };
}

/** The error middleware: every error becomes a problem; 5xx are logged (never tokens or payloads). */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a problem: let express end the connection.
      next(err);
      return;
    }
    const e = toServerError(err);
    if (PROBLEMS[e.code].status >= 500) {
      const cause = e.cause ?? err;
      logger('request-error', {
        method: req.method,
        path: safePath(req),
        code: e.code,
        error: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause),
        ...(e.code === 'INTERNAL' && cause instanceof Error && cause.stack ? { stack: cause.stack } : {}),
      });
    }
    sendProblem(res, e);
  };
}

/** The request path without the query (queries of payload routes never go into logs or problems). */
export function safePath(req: Request): string {
  return req.path.length > 200 ? `${req.path.slice(0, 200)}...` : req.path;
}
