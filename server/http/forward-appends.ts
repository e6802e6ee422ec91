/**
 * Writes on a follower (issue 11, docs/spec.md "Several processes"): when several processes serve
 * one log, only the leader sequences. Any other process passes each write it receives to the
 * leader's advertised URL as it came (method, path, headers including Authorization and
 * Idempotency-Key, the body bytes unchanged) and returns the leader's answer unchanged (status,
 * headers, body): the same receipt, 201 only once the leader committed the round.
 *
 * Writes are every POST and DELETE, and the admin reads of state only the leader holds in memory
 * (GET /v1/holds, /v1/retention). A request whose bearer token this process does not know is not
 * forwarded: the local route answers 401 and counts the failure against the client address.
 *
 * A request that already went through one hop is never forwarded again (header
 * Cairn-Forwarded-By): a process that receives one while not leading answers 503, so a stale
 * leader URL cannot make a loop. Without a known leader, or when the leader cannot be reached
 * before it got the request, the answer is 503 with Retry-After; when the connection fails after
 * the request was sent, the write may have landed: 503 saying so (retry with the same
 * Idempotency-Key and get the original receipt).
 */
import http from 'node:http';
import type { RequestHandler } from 'express';
import { ServerError } from '../errors.js';

/** The header naming the process that forwarded a request (one hop at most). */
export const FORWARDED_BY_HEADER = 'cairn-forwarded-by';

/** Where a process sends writes. */
export interface WriteRouting {
  /** 'local' while this process sequences; the leader's base URL; undefined while no leader is known. */
  writeTarget(): 'local' | string | undefined;
  /** This process's advertised URL (sent in Cairn-Forwarded-By). */
  readonly advertise: string;
}

/** How long a forwarded request may take before the follower gives up (the leader answers in ms). */
const FORWARD_TIMEOUT_MS = 30_000;

// Hop-by-hop headers (RFC 9110 §7.6.1) and the ones node sets itself.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'proxy-authorization',
  'proxy-authenticate',
]);

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function isWrite(method: string, path: string): boolean {
  if (method === 'POST' || method === 'DELETE') return true;
  return (method === 'GET' || method === 'HEAD') && (path === '/v1/holds' || path === '/v1/retention');
}

function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer +([!-~]+)$/i.exec(header)?.[1];
}

function unavailable(detail: string, cause?: unknown): ServerError {
  return new ServerError('STORE_UNAVAILABLE', detail, { retryAfter: 1, ...(cause === undefined ? {} : { cause }) });
}

/**
 * The middleware. `knows(token)` tells whether a bearer token is valid here (the log's
 * credentials). Requires the log router mounted at the root of the app.
 */
export function forwardWrites(routing: WriteRouting, knows: (token: string) => boolean): RequestHandler {
  return (req, res, next) => {
    if (!isWrite(req.method, req.path)) return next();
    const target = routing.writeTarget();
    if (target === 'local') return next();
    const token = bearerToken(req.headers.authorization);
    // No token or an unknown one: the local route refuses it (and the failure limiter counts it).
    if (token === undefined || !knows(token)) return next();
    if (req.headers[FORWARDED_BY_HEADER] !== undefined) {
      return next(unavailable('This process received a forwarded write but does not lead the log (leadership just changed); nothing was appended. Retry.'));
    }
    if (target === undefined || target === routing.advertise) {
      return next(
        unavailable('No process leads the log right now (an election is under way, or the database is unreachable); nothing was appended. Retry in a second.'),
      );
    }
    let url: URL;
    try {
      url = new URL(req.originalUrl, target);
    } catch (err) {
      return next(unavailable('The leader announced an address this process cannot use; nothing was appended. Retry later.', err));
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    headers[FORWARDED_BY_HEADER] = routing.advertise;
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    let sent = false;
    const upstream = http.request(url, { method: req.method, headers, agent, timeout: FORWARD_TIMEOUT_MS }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('timeout', () => upstream.destroy(new Error('the leader did not answer in time')));
    upstream.on('finish', () => (sent = true));
    upstream.on('error', (err) => {
      if (res.headersSent) return res.destroy();
      next(
        sent
          ? unavailable(
              'The leader stopped answering after it received this write: it may or may not have been appended. Retry with the same Idempotency-Key to get the original receipt.',
              err,
            )
          : unavailable('The leader could not be reached (leadership may be changing); nothing was appended. Retry in a second.', err),
      );
    });
    req.pipe(upstream);
  };
}
