/**
 * POST /v1/entries before express (issue 17; fast-path.ts): the single append of routes/write.ts
 * for the common request, with the same answer, request log line and metrics. Its head alone
 * decides, before a byte of the body is read: a `Bearer` token of a writer, a Host header, a
 * Content-Length of 1 to maxPayloadBytes with no Transfer-Encoding or Content-Encoding, a
 * Content-Type (if any) that checkContentType accepts and that asks for no validation (the audit
 * event type), an Event-Time and an Idempotency-Key (if any) that parse, an Accept form of
 * `fastFormat`. Any other request (a bad or missing token, a reader token, odd framing,
 * compression, chunked bodies, bad headers) goes to express untouched, whose answer (401 and the
 * auth-failure limiter, 403, 413, 400, 406, ...) is then the only one there is.
 *
 * Once the body is being read, the request stays here: an early end of the body appends nothing
 * and answers the problem express's body parser would (into a closed connection), and any error
 * of the append (the sequencer's 503 with Retry-After, a 409 idempotency conflict, a store
 * failure) is answered by the app's problem handler (problems.ts), as express would. The answer
 * is made before anything is sent, so sending it cannot fail halfway into express.
 *
 * Not installed when writes are forwarded to a leader (app.ts `forward`): express forwards them.
 * test/server/http/fast-append.test.ts compares the bytes with express's.
 */
import type { Request } from 'express';
import type http from 'node:http';
import type { Principal } from '../auth/credentials.js';
import type { Logger } from '../logger.js';
import type { AppendInput } from '../sequencer/types.js';
import { singleAppendAnswer } from './append-answer.js';
import { singleAppendHead } from './append-input.js';
import { asksForValidation } from './event-validation.js';
import type { FastAnswer, FastRoute } from './fast-path.js';
import type { Format } from './negotiate.js';
import { problemHandler } from './problems.js';
import type { LogContext } from './served-log.js';

/** The path of the single append (routes/write.ts). */
export const APPEND_ROUTE = '/v1/entries';

// As auth.ts: a token is a few dozen printable characters after "Bearer ".
const MAX_AUTHORIZATION_LENGTH = 1024;
const BEARER = /^Bearer +([!-~]+)$/i;

/** The writer of the request's one Authorization header, or undefined (express then decides). */
function writerOf(ctx: LogContext, req: http.IncomingMessage): Principal | undefined {
  const value = req.headers.authorization;
  if (value === undefined || value.length > MAX_AUTHORIZATION_LENGTH) return undefined;
  // node keeps the first of several Authorization headers; framing.ts refuses those requests.
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'authorization') count++;
  const m = count === 1 ? BEARER.exec(value) : null;
  const principal = m === null ? undefined : ctx.log.authenticate(m[1]!);
  return principal?.role === 'writer' ? principal : undefined;
}

/** The append of the request's head, without its payload, or undefined when express must answer (a refusal, or validation asked for). */
function inputOf(ctx: LogContext, req: http.IncomingMessage): Omit<AppendInput, 'payload'> | undefined {
  let head: Omit<AppendInput, 'payload'>;
  try {
    head = singleAppendHead(req.headers, ctx.policy.requestLimits);
  } catch {
    return undefined;
  }
  return asksForValidation(head.contentType) ? undefined : head;
}

/** The error body-parser's raw-body gives a body that ended before its Content-Length (problems.ts maps it). */
function abortedBody(): Error {
  return Object.assign(new Error('request aborted'), { type: 'request.aborted', status: 400 });
}

/** Exactly `length` bytes of `req`'s body; rejects when the body ends early or the connection fails. */
function readBody(req: http.IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      chunks.push(chunk);
    };
    const finish = (err: Error | undefined): void => {
      req.off('data', onData).off('end', onEnd).off('aborted', onFail).off('error', onFail).off('close', onFail);
      if (err !== undefined) reject(err);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onEnd = (): void => finish(received === length ? undefined : abortedBody());
    const onFail = (): void => finish(abortedBody());
    req.on('data', onData).on('end', onEnd).on('aborted', onFail).on('error', onFail).on('close', onFail);
  });
}

/**
 * The fast route of single appends of one log served at the root, answering problems with
 * `logger` as the app's problem handler does. Requires `ctx.log` open.
 */
export function fastAppendRoute(ctx: LogContext, logger: Logger): FastRoute {
  const { log } = ctx;
  const limits = ctx.policy.requestLimits;
  const answerProblem = problemHandler(logger);

  /** The problem express's problem handler makes of `err`. */
  const problem = (err: unknown, req: Request): FastAnswer => ({ send: (res) => answerProblem(err, req, res, (e?: unknown) => res.destroy(e as Error)) });

  const append = async (req: Request, writer: Principal, format: Format, head: Omit<AppendInput, 'payload'>, length: number): Promise<FastAnswer> => {
    // What requireRole leaves for the handler and the request log (auth.ts AuthLocals).
    (req.res!.locals as { principal?: Principal }).principal = writer;
    try {
      const payload = await readBody(req, length);
      const [outcome] = await log.append(writer.name, [{ ...head, payload }]);
      // Encoded before anything is sent: an encoding failure is a problem, not a half answer.
      return { send: singleAppendAnswer(outcome!, format, '') };
    } catch (err) {
      return problem(err, req);
    }
  };

  return {
    path: APPEND_ROUTE,
    method: 'POST',
    prepare(_query, format, req) {
      const h = req?.headers;
      if (req === undefined || h === undefined || h.host === undefined || h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined)
        return undefined;
      const declared = h['content-length'];
      if (declared === undefined || !/^[0-9]{1,16}$/.test(declared)) return undefined;
      const length = Number(declared);
      if (length === 0 || length > limits.maxPayloadBytes) return undefined;
      const writer = writerOf(ctx, req);
      const head = writer === undefined ? undefined : inputOf(ctx, req);
      if (head === undefined) return undefined;
      return () => append(req as Request, writer!, format, head, length);
    },
  };
}
