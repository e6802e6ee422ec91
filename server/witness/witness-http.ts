/**
 * The HTTP face of `cairn witness` (node:http; the submission and monitoring prefix is the root):
 *
 *   POST /add-checkpoint   C2SP tlog-witness; no request Content-Type is required (the known
 *                          clients send none); bodies above MAX_ADD_CHECKPOINT_BODY get 413
 *   GET  /v1/witness       JSON: name, cosignature verifier key, known logs
 *   GET  /healthz          "ok"
 *
 * Everything else is an RFC 9457 problem (404, 405 with Allow). Slow clients are cut off by the
 * header and request timeouts; malformed HTTP gets a 400 problem from the parser hook.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX } from '../http/index.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Witness } from './witness.js';
import { WitnessRefusal, refusalAnswer, type WitnessAnswer } from './witness-refusal.js';

/** Largest add-checkpoint body accepted: 63 proof lines and a note with many signatures fit. */
export const MAX_ADD_CHECKPOINT_BODY = 64 * 1024;

/** Timeouts of the witness's HTTP server, in milliseconds. */
export const WITNESS_HTTP_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, closeGraceMs: 5_000 } as const;

/** A listening witness server. */
export interface RunningWitnessServer {
  server: http.Server;
  /** `http://<address>:<port>`, without a trailing slash. */
  url: string;
  /** Stops accepting, lets answers in flight finish (up to the grace), then drops the rest. */
  close(): Promise<void>;
}

/** Serves `witness` on host:port (0 = any free port) and resolves once listening. */
export async function startWitnessServer(witness: Witness, options: { host: string; port: number; logger?: Logger }): Promise<RunningWitnessServer> {
  const logger = options.logger ?? silentLogger;
  const server = http.createServer(
    { headersTimeout: WITNESS_HTTP_TIMEOUTS.headersMs, requestTimeout: WITNESS_HTTP_TIMEOUTS.requestMs, keepAliveTimeout: WITNESS_HTTP_TIMEOUTS.keepAliveMs },
    (req, res) => {
      route(witness, req)
        .then((answer) => send(res, answer))
        .catch((err: unknown) => {
          logger('witness_error', { error: (err as Error).message });
          send(res, refusalAnswer(new WitnessRefusal(503, 'STATE_UNAVAILABLE', 'The witness failed to answer; nothing was cosigned. Retry later.')));
        });
    },
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timeout ? 408 : 400;
    const body = JSON.stringify({
      type: `${PROBLEM_TYPE_PREFIX}${timeout ? 'request-timeout' : 'malformed-request'}`,
      title: timeout ? 'Request timeout' : 'Malformed request',
      status,
      detail: timeout ? 'The request took too long to arrive; send it faster.' : 'The request is not valid HTTP/1.1; send a well-formed request.',
      code: timeout ? 'REQUEST_TIMEOUT' : 'MALFORMED_REQUEST',
    });
    socket.end(
      `HTTP/1.1 ${status} ${timeout ? 'Request Timeout' : 'Bad Request'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger('listening', { url, name: witness.name, verifierKey: witness.verifierKey, logs: witness.knownLogs().length });
  return {
    server,
    url,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => sockets.forEach((s) => s.destroy()), WITNESS_HTTP_TIMEOUTS.closeGraceMs);
      await closed;
      clearTimeout(grace);
    },
  };
}

async function route(witness: Witness, req: http.IncomingMessage): Promise<WitnessAnswer> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (path === '/add-checkpoint') {
    if (req.method !== 'POST') return methodNotAllowed('POST', req);
    const body = await readBody(req);
    if (body instanceof WitnessRefusal) return refusalAnswer(body);
    return witness.addCheckpoint(body);
  }
  if (path === '/v1/witness') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed('GET, HEAD', req);
    drain(req);
    return {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ name: witness.name, verifierKey: witness.verifierKey, logs: witness.knownLogs() }),
    };
  }
  if (path === '/healthz') {
    drain(req);
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok\n' };
  }
  drain(req);
  return refusalAnswer(
    new WitnessRefusal(
      404,
      'NOT_FOUND',
      `There is nothing at ${JSON.stringify(path.slice(0, 100))}; a witness serves POST /add-checkpoint and GET /v1/witness.`,
    ),
  );
}

function methodNotAllowed(allow: string, req: http.IncomingMessage): WitnessAnswer {
  drain(req);
  return refusalAnswer(new WitnessRefusal(405, 'METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here; use ${allow}.`), { Allow: allow });
}

/** The body, or a refusal when it is larger than the cap (checked on the header and as it arrives). */
async function readBody(req: http.IncomingMessage): Promise<Uint8Array | WitnessRefusal> {
  const tooLarge = new WitnessRefusal(
    413,
    'BODY_TOO_LARGE',
    `The body is larger than ${MAX_ADD_CHECKPOINT_BODY} bytes; an add-checkpoint request is a few hundred bytes.`,
  );
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_ADD_CHECKPOINT_BODY) {
    drain(req);
    return tooLarge;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even past the cap (bounded by the request timeout): leaving the loop early
  // would destroy the socket before the 413 is written.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_ADD_CHECKPOINT_BODY) chunks.push(chunk);
  }
  return size > MAX_ADD_CHECKPOINT_BODY ? tooLarge : new Uint8Array(Buffer.concat(chunks));
}

/** Discards what is left of a body, so a keep-alive connection stays usable. */
function drain(req: http.IncomingMessage): void {
  req.resume();
}

function send(res: http.ServerResponse, answer: WitnessAnswer): void {
  if (res.headersSent) return;
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': body.length, 'Cache-Control': 'no-store', ...answer.headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
