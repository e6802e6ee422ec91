/**
 * HTTP/1.1 on raw sockets, for tests that must send what fetch refuses to send (duplicated or
 * contradictory headers, lying Content-Length, broken chunked bodies, bytes that are not HTTP)
 * or send from another loopback address (127.0.0.2, ...: every 127/8 address is this machine).
 * Each exchange is one connection: the request is written, optionally half-closed, and the
 * answer read until the server closes (requests here say `Connection: close`).
 */
import http from 'node:http';
import net from 'node:net';

/** One parsed response (interim 1xx responses skipped). */
export interface RawResponse {
  status: number;
  /** Header names in lower case; a repeated header keeps every value. */
  headers: Map<string, string[]>;
  body: Buffer;
}

/** What came back on a connection: a response, or nothing before the server closed it. */
export type RawOutcome = { kind: 'response'; response: RawResponse; raw: Buffer } | { kind: 'closed'; raw: Buffer };

/** Options of `exchange`. */
export interface ExchangeOptions {
  /** Half-close the connection after writing (the client sends no more). Default true. */
  end?: boolean;
  /** Local address to connect from (e.g. 127.0.0.2). */
  localAddress?: string;
  /** Fail if the server neither answers nor closes within this many ms (a hung server). */
  timeoutMs?: number;
  /** Write the request in pieces of this many bytes, one per turn of the event loop. */
  chunkBytes?: number;
}

function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/** The first index of `needle` in `buf` at or after `from`, or -1. */
function indexOf(buf: Buffer, needle: string, from: number): number {
  return buf.indexOf(needle, from, 'latin1');
}

/** Decodes a chunked body starting at `at`; undefined if it is incomplete or malformed. */
function dechunk(buf: Buffer, at: number): Buffer | undefined {
  const parts: Buffer[] = [];
  let i = at;
  for (;;) {
    const lineEnd = indexOf(buf, '\r\n', i);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buf.subarray(i, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (buf.length < start + size + 2) return undefined;
    parts.push(buf.subarray(start, start + size));
    i = start + size + 2;
  }
}

/**
 * Parses the first final response in `buf`. Throws when the bytes are not an HTTP response
 * (the server must never send such), returns undefined when there is no response at all.
 * `head`: the request was HEAD, so the response has headers only.
 */
export function parseResponse(buf: Buffer, head = false): RawResponse | undefined {
  let at = 0;
  for (;;) {
    if (at >= buf.length) return undefined;
    const headEnd = indexOf(buf, '\r\n\r\n', at);
    if (headEnd < 0) throw new Error(`an incomplete response head: ${JSON.stringify(buf.subarray(at, at + 200).toString('latin1'))}`);
    const lines = buf.subarray(at, headEnd).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.1 (\d{3}) /.exec(lines[0] ?? '');
    if (m === null) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(lines[0])}`);
    const status = Number(m[1]);
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`a malformed response header line: ${JSON.stringify(line)}`);
      const name = line.slice(0, colon).toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    const bodyStart = headEnd + 4;
    if (status >= 100 && status < 200) {
      at = bodyStart;
      continue;
    }
    const length = headers.get('content-length');
    let body: Buffer;
    if (head || status === 204 || status === 304) {
      body = Buffer.alloc(0);
    } else if (length !== undefined) {
      const n = Number(length[0]);
      body = buf.subarray(bodyStart, bodyStart + n);
      if (body.length !== n) throw new Error(`the response body has ${body.length} of its ${n} bytes`);
    } else if (headers.get('transfer-encoding')?.[0] === 'chunked') {
      const decoded = dechunk(buf, bodyStart);
      if (decoded === undefined) throw new Error('the chunked response body is incomplete');
      body = decoded;
    } else {
      body = buf.subarray(bodyStart);
    }
    return { status, headers, body };
  }
}

/**
 * Writes `request` on a new connection to `url`'s host and port and resolves with what came
 * back once the server closed the connection. Rejects only if the server stays silent and
 * open beyond `timeoutMs` (default 15 s): a hung connection is a failure of the server.
 */
export function exchange(url: string, request: Uint8Array | string, options: ExchangeOptions = {}): Promise<RawOutcome> {
  const { host, port } = hostPort(url);
  const bytes = typeof request === 'string' ? Buffer.from(request, 'latin1') : Buffer.from(request);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server neither answered nor closed within ${options.timeoutMs ?? 15_000} ms`));
    }, options.timeoutMs ?? 15_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    // A reset after the answer (the server closing while we still write) is not a failure.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      try {
        const response = parseResponse(raw, bytes.subarray(0, 5).toString('latin1') === 'HEAD ');
        resolve(response === undefined ? { kind: 'closed', raw } : { kind: 'response', response, raw });
      } catch (err) {
        reject(new Error(`${(err as Error).message}\nraw answer: ${JSON.stringify(raw.toString('latin1').slice(0, 500))}`));
      }
    });
    socket.on('connect', () => {
      void (async () => {
        const step = options.chunkBytes ?? bytes.length;
        for (let i = 0; i < bytes.length && !socket.destroyed; i += Math.max(1, step)) {
          socket.write(bytes.subarray(i, i + Math.max(1, step)));
          if (step < bytes.length) await new Promise<void>((r) => setImmediate(r));
        }
        if (options.end ?? true) socket.end();
      })();
    });
  });
}

/** A response read by `requestFrom`. */
export interface SimpleResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request with node:http from `localAddress` (e.g. '127.0.0.2'), so the server sees
 * another client address. The body, when given, is sent as is.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<SimpleResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: Number(u.port),
        path: `${u.pathname}${u.search}`,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : Buffer.from(init.body));
  });
}
