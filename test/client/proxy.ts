/**
 * A tiny node:http server on 127.0.0.1:0 that stands between a client and a real Cairn server
 * and lets a test decide, per request, what the client gets: the real answer, a changed one
 * (a tampered receipt), a made-up one (503 with Retry-After), a dropped connection, or no answer
 * at all (a hang, for timeouts). It records every request it saw.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy received it. */
export interface SeenRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Uint8Array;
}

/** An answer to send. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** What the handler does with a request: answer it, drop the connection, or never answer. */
export type Decision = Answer | 'drop' | 'hang';

/** Decides the fate of request number `n` (1-based); `forward()` gets the real server's answer. */
export type ProxyHandler = (req: SeenRequest, forward: () => Promise<Answer>, n: number) => Promise<Decision> | Decision;

export interface Proxy {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

// Headers worth passing on in both directions; hop-by-hop ones are the proxy's own business.
const PASSED = ['content-type', 'retry-after', 'location', 'cache-control', 'www-authenticate', 'allow'];

async function forwardTo(target: string, req: SeenRequest): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(k)) headers[k] = v;
  }
  const res = await fetch(target + req.path, {
    method: req.method,
    headers,
    ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: new Uint8Array(req.body) }),
  });
  const out: Record<string, string> = {};
  for (const name of PASSED) {
    const v = res.headers.get(name);
    if (v !== null) out[name] = v;
  }
  return { status: res.status, headers: out, body: new Uint8Array(await res.arrayBuffer()) };
}

/** A JSON answer from a value. */
export function jsonAnswer(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

/** A problem answer (RFC 9457) as Cairn sends it. */
export function problemAnswer(status: number, code: string, detail: string, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: `urn:cairn:problem:${code.toLowerCase()}`, title: code, status, detail, code }),
  };
}

/** The JSON body of an answer. */
export function answerJson(a: Answer): unknown {
  return JSON.parse(typeof a.body === 'string' ? a.body : new TextDecoder().decode(a.body));
}

/** Starts a proxy in front of `target` (a base URL) that asks `handler` about every request. */
export async function startProxy(target: string, handler: ProxyHandler): Promise<Proxy> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: new Uint8Array(Buffer.concat(chunks)) };
      requests.push(seen);
      void (async () => {
        try {
          const decision = await handler(seen, () => forwardTo(target, seen), requests.length);
          if (decision === 'hang') return;
          if (decision === 'drop') {
            req.socket.destroy();
            return;
          }
          res.writeHead(decision.status, decision.headers);
          res.end(typeof decision.body === 'string' ? decision.body : Buffer.from(decision.body));
        } catch (err) {
          res.writeHead(599, { 'content-type': 'text/plain' });
          res.end(`test proxy failed: ${String(err)}`);
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
