/**
 * The HTTP server around the app (SPEC §5, §7 `cairn serve`): binds host and port, applies
 * timeouts so slow or idle clients cannot hold the server, optionally caps connections per
 * client address, answers malformed HTTP with a problem, and reports binding errors (port in
 * use, no permission, unknown address) with a sentence the operator can act on.
 */
import { CodedError } from '../../merkle/index.js';
import type express from 'express';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpPolicyOptions } from '../config.js';
import { silentLogger, type Logger } from '../logger.js';
import { createApp } from './app.js';
import type { ServedLog } from './served-log.js';
import type { EventIndex } from '../index/index.js';
import type { Metrics } from './metrics.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX } from './problems.js';

/** The server's timeouts, in milliseconds. */
export interface HttpTimeouts {
  /** Time to receive the whole request head; a client that trickles headers is cut off (408). */
  headersMs: number;
  /** Time to receive the whole request, body included (408). */
  requestMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveMs: number;
  /** How long `close()` lets requests in flight finish before it drops their connections. */
  closeGraceMs: number;
}

/** The timeouts `cairn serve` uses unless told otherwise. */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  // A 16 MiB batch at 1 MB/s takes 16 s; anything slower than that is holding the server.
  requestMs: 60_000,
  keepAliveMs: 5_000,
  closeGraceMs: 10_000,
};

/** Options of `startHttpServer`. */
export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port (tests); the chosen one is in `url`. */
  port: number;
  logger?: Logger;
  metrics?: Metrics;
  /** The HTTP policy of the log (who may read, request limits). */
  policy?: HttpPolicyOptions;
  timeouts?: Partial<HttpTimeouts>;
  /** Most open connections from one client address; more are dropped at once. Default: no cap. */
  maxConnectionsPerAddress?: number;
  /** The log's search index (issue 13): serves /v1/events. */
  events?: EventIndex;
  /** Passes writes to the leader (issue 11; forward-appends.ts). */
  forward?: express.RequestHandler;
}

/** A listening server. `close()` stops it (the log stays open: its owner closes it). */
export interface RunningHttpServer {
  server: http.Server;
  /** `http://<address>:<port>`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Why the server could not bind its address. */
export type HttpListenErrorCode = 'ADDRESS_IN_USE' | 'PERMISSION_DENIED' | 'ADDRESS_NOT_AVAILABLE' | 'LISTEN_FAILED';

/** The server could not bind; the message says what to do. */
export class HttpListenError extends CodedError<HttpListenErrorCode> {
  override readonly name = 'HttpListenError';
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): HttpListenError {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new HttpListenError(
        'ADDRESS_IN_USE',
        `cannot listen on ${where}: the port is already in use (another cairn serve?). Stop the other server or choose another --port.`,
        { cause: err },
      );
    case 'EACCES':
      return new HttpListenError(
        'PERMISSION_DENIED',
        `cannot listen on ${where}: permission denied. Use a port above 1023 or grant the process the right to bind it.`,
        { cause: err },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HttpListenError(
        'ADDRESS_NOT_AVAILABLE',
        `cannot listen on ${where}: the address is not one of this machine's. Choose another --host (e.g. 127.0.0.1 or 0.0.0.0).`,
        { cause: err },
      );
    default:
      return new HttpListenError('LISTEN_FAILED', `cannot listen on ${where}: ${err.message}`, { cause: err });
  }
}

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** The problem+json body of the answers node would otherwise give bare (status `http-<status>`). */
function problemBody(status: number, title: string, detail: string): string {
  return JSON.stringify({ type: `${PROBLEM_TYPE_PREFIX}http-${status}`, title, status, detail });
}

/** The bytes of a whole problem response that closes the connection (for raw sockets). */
function rawProblem(status: number, title: string, detail: string): string {
  const body = problemBody(status, title, detail);
  return `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * Answers a request the HTTP parser rejected (or that timed out) with a problem, then closes.
 * When an earlier request of the connection is still being answered (an append followed by
 * bytes that are not HTTP), that answer is the client's: it is finished with Connection: close
 * and the bad bytes get no answer, so a client never reads a refusal for a request that landed.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  // The response of the connection's current request; its request fully received means the bad
  // bytes came after it (a request still arriving, e.g. a timed-out body, is the bad one).
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
  if (inFlight && !inFlight.writableFinished && inFlight.req.complete && err.code !== 'ERR_HTTP_REQUEST_TIMEOUT') {
    if (!inFlight.headersSent) inFlight.shouldKeepAlive = false;
    inFlight.once('finish', () => socket.destroySoon());
    inFlight.once('close', () => socket.destroy());
    return;
  }
  let status = 400;
  let title = 'Bad Request';
  let detail = 'The request is not valid HTTP/1.1; check the request line and headers.';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    title = 'Request Timeout';
    detail = 'The request took too long to arrive; send it again, faster.';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    title = 'Request Header Fields Too Large';
    detail = 'The request headers are too large; send smaller headers.';
  }
  socket.end(rawProblem(status, title, detail));
}

/** Answers an Expect header other than 100-continue (node's own answer is a bare 417). */
function answerUnknownExpectation(req: http.IncomingMessage, res: http.ServerResponse): void {
  const body = problemBody(
    417,
    'Expectation Failed',
    `The Expect header ${JSON.stringify(req.headers.expect ?? '')} is not supported; send no Expect header, or "Expect: 100-continue".`,
  );
  res.writeHead(417, { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(body);
}

/** Drops connections beyond `max` from one address. */
function capConnections(server: http.Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Request and response classes whose prototypes are express's own (`app.request`,
 * `app.response`), for node to construct. express gives every request and response its
 * prototypes with Object.setPrototypeOf; on objects node made with its own classes that turns
 * them into slow dictionary-mode objects for the rest of the request (measured: a bare express
 * route answers 4,200 requests/s that way, 7,900/s with these classes). With them, the
 * prototype is already the right one and express's call changes nothing.
 */
function expressNativeClasses(app: express.Express): {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
} {
  function CairnIncomingMessage(this: http.IncomingMessage, socket: Socket): void {
    http.IncomingMessage.call(this, socket);
  }
  CairnIncomingMessage.prototype = app.request;
  function CairnServerResponse(this: http.ServerResponse, ...args: unknown[]): void {
    (http.ServerResponse as unknown as (...a: unknown[]) => void).apply(this, args);
  }
  CairnServerResponse.prototype = app.response;
  return {
    IncomingMessage: CairnIncomingMessage as unknown as typeof http.IncomingMessage,
    ServerResponse: CairnServerResponse as unknown as typeof http.ServerResponse,
  };
}

/**
 * Serves `log` over HTTP on host:port. Resolves once listening; rejects with HttpListenError
 * when the address cannot be bound.
 */
export function startHttpServer(log: ServedLog, options: HttpServerOptions): Promise<RunningHttpServer> {
  const app = createApp(log, {
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.forward ? { forward: options.forward } : {}),
  });
  // The `listening` line also names the web explorer's page (issue 16), the URL a person opens.
  const logger = options.logger;
  const withExplorer: Logger | undefined =
    logger && ((event, fields) => logger(event, event === 'listening' ? { ...fields, explorer: `${String(fields?.['url'])}/` } : fields));
  return serveApp(app, { ...options, ...(withExplorer ? { logger: withExplorer } : {}) });
}

/**
 * Serves an app (e.g. `createProcessApp` with several log routers) over HTTP on host:port, with
 * the same timeouts, framing answers and connection caps as `startHttpServer`. `options.metrics`
 * and `options.policy` are the app's business and ignored here.
 */
export async function serveApp(app: express.Express, options: HttpServerOptions): Promise<RunningHttpServer> {
  const logger = options.logger ?? silentLogger;
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node checks the two timeouts above only this often (default 30 s).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 2))),
      // Without a Host header node answers a bare 400 before the app sees the request; the app
      // refuses it itself with a 400 problem (framing.ts).
      requireHostHeader: false,
      ...expressNativeClasses(app),
    },
    app,
  );
  server.on('clientError', answerClientError);
  server.on('checkExpectation', answerUnknownExpectation);
  if (options.maxConnectionsPerAddress !== undefined) capConnections(server, options.maxConnectionsPerAddress);

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => reject(listenError(err, options.host, options.port));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const url = formatUrl(server.address() as AddressInfo);
  logger('listening', { url });

  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), timeouts.closeGraceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Idle keep-alive connections would otherwise hold close() for keepAliveMs.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
