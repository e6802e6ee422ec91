/**
 * POST /v1/entries before express (server/http/fast-append.ts; issue 17): one log served twice,
 * by `cairn serve`'s app (the fast path in front of express) and by the same routes in express
 * alone (createProcessApp + logRouter). Every request is sent to both over raw sockets. Answers
 * that hold a receipt (each server appends its own entry) must have the same status and headers
 * in the same order, their receipts must verify, and each entry must be in the log once; every
 * other answer (the requests the fast route leaves to express, the problems of the append) must
 * be the same bytes, the Date header aside. The request log lines and metrics must match too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import type http from 'node:http';
import { gzipSync } from 'node:zlib';
import { verifyReceipt, type ReceiptJson, type VerifiedReceipt } from '../../../client/index.js';
import { parseTimestamp } from '../../../proofs/index.js';
import { httpPolicy } from '../../../server/config.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { createApp, createMetrics, createProcessApp, logRouter, serveApp, type Metrics, type RunningHttpServer } from '../../../server/http/index.js';
import { fastAppendRoute } from '../../../server/http/fast-append.js';
import { fastFormat } from '../../../server/http/fast-path.js';
import type { ServedLog } from '../../../server/http/served-log.js';
import { SequencerError } from '../../../server/sequencer/errors.js';
import { silentLogger, type Logger } from '../../../server/logger.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temp = new TempDirs();
let log: CairnLog;
let writer: string;
let reader: string;

/** One of the two servers of the log: its request log lines and metrics. */
interface Side {
  server: RunningHttpServer;
  url: string;
  lines: Record<string, unknown>[];
  metrics: Metrics;
}
let fast: Side;
let plain: Side;

type Headers = Record<string, string>;

/** Who called the fast server's log.append, in order: the fast route, or express's route. */
const callers: ('fast' | 'express')[] = [];

/** `target`, its methods bound to it, and append noting its caller in `callers`. */
function proxied(target: CairnLog, append: CairnLog['append']): ServedLog {
  return new Proxy(target, {
    get(t, name, receiver) {
      if (name === 'append') return append;
      const v = Reflect.get(t, name, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  }) as ServedLog;
}

function recordingCallers(target: CairnLog): ServedLog {
  return proxied(target, (...args) => {
    callers.push(/fast-append\.ts/.test(new Error().stack ?? '') ? 'fast' : 'express');
    return target.append(...args);
  });
}

/** The bytes of a POST /v1/entries (or `target`) with `headers` (Host first) and `body`. */
function request(url: string, headers: Headers, body: Buffer, target = '/v1/entries'): Buffer {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return Buffer.concat([Buffer.from(`POST ${target} HTTP/1.1\r\nHost: ${new URL(url).host}\r\n${lines.join('')}\r\n`, 'latin1'), body]);
}

/**
 * Writes `bytes` on a new connection and resolves to the response (latin1), once its
 * Content-Length is in or the server closed. With `abort`, the connection is destroyed right
 * after writing and resolves to ''.
 */
function send(url: string, bytes: Buffer, abort = false): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let got = Buffer.alloc(0);
    const done = (): void => {
      socket.destroy();
      resolve(got.toString('latin1'));
    };
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      const text = got.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = end < 0 ? null : /\r\ncontent-length: (\d+)/i.exec(text.slice(0, end));
      if (length && got.length >= end + 4 + Number(length[1])) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
    socket.write(bytes, () => {
      if (abort) setTimeout(done, 20);
    });
  });
}

/** The response without its Date header's value (the two servers answer at different instants). */
function normalised(response: string): string {
  return response.replace(/\r\nDate: [^\r]*/, '\r\nDate: -');
}

/** Status line and the headers as [name, value] pairs, in order; and the body. */
function parse(response: string): { status: string; headers: [string, string][]; body: Buffer } {
  const end = response.indexOf('\r\n\r\n');
  const [status, ...lines] = response.slice(0, end).split('\r\n');
  return {
    status: status!,
    headers: lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    body: Buffer.from(response.slice(end + 4), 'latin1'),
  };
}

/** What a receipt answer proved: its verified receipt, after checking its Location and Content-Type. */
function receiptOf(response: string): VerifiedReceipt {
  const { headers, body } = parse(response);
  const get = (name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const receipt = get('content-type') === 'application/x-protobuf' ? new Uint8Array(body) : (JSON.parse(body.toString('utf8')) as ReceiptJson);
  const v = verifyReceipt(receipt, log.verifierKey.text);
  expect(get('location')).toBe(`/v1/entries/${v.index}`);
  return v;
}

/**
 * Sends one request to both servers. A receipt answer (2xx) is compared by status and headers
 * (names in order; values but Date, Location and Content-Length) and returned verified; any other
 * answer must be the same bytes. `keyed` gives each server its own Idempotency-Key (they share
 * the log). Resolves to both answers.
 */
async function both(headers: Headers, body: Buffer, target?: string): Promise<{ status: number; fast: string; plain: string }> {
  const keyed = (h: Headers, side: string): Headers => (h['idempotency-key'] === '@' ? { ...h, 'idempotency-key': `k-${side}-${Math.random()}` } : h);
  const [a, b] = await Promise.all([
    send(fast.url, request(fast.url, keyed(headers, 'f'), body, target)),
    send(plain.url, request(plain.url, keyed(headers, 'p'), body, target)),
  ]);
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(a)![1]);
  if (status === 200 || status === 201) {
    const [pa, pb] = [parse(normalised(a)), parse(normalised(b))];
    const strip = (h: [string, string][]): string[] => h.map(([n, v]) => (/^(location|content-length)$/i.test(n) ? n : `${n}: ${v}`));
    expect({ status: pa.status, headers: strip(pa.headers) }).toEqual({ status: pb.status, headers: strip(pb.headers) });
  } else {
    expect(normalised(a)).toBe(normalised(b));
  }
  return { status, fast: a, plain: b };
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const length = (body: Buffer, more: Headers = {}): Headers => ({ 'content-length': String(body.length), ...more });

/** A logger keeping the request lines in `into`, their milliseconds zeroed. */
function requestLines(into: Record<string, unknown>[]): Logger {
  return (event, fields) => {
    if (event === 'request') into.push({ ...fields, ms: 0 });
  };
}

/** The app of `served` with the same routes as createApp's, in express alone (no fast path). */
function expressOnly(served: ServedLog, options: { metrics?: Metrics; logger?: Logger } = {}): ReturnType<typeof createProcessApp> {
  return createProcessApp([{ prefix: '', router: logRouter(served, { metrics: options.metrics ?? createMetrics() }) }], options);
}

beforeAll(async () => {
  const dataDir = await temp.make('cairn-fast-append-');
  log = await CairnLog.open({ dataDir, origin: 'test.example/log' });
  writer = log.firstStart!.token;
  reader = (await log.credentials.add('auditor', 'reader')).token;
  const side = async (app: ReturnType<typeof createProcessApp>, lines: Record<string, unknown>[], metrics: Metrics): Promise<Side> => {
    const server = await serveApp(app, { host: '127.0.0.1', port: 0 });
    return { server, url: server.url, lines, metrics };
  };
  const [fastLines, plainLines]: [Record<string, unknown>[], Record<string, unknown>[]] = [[], []];
  const [fastMetrics, plainMetrics] = [createMetrics(), createMetrics()];
  fast = await side(createApp(recordingCallers(log), { metrics: fastMetrics, logger: requestLines(fastLines) }), fastLines, fastMetrics);
  plain = await side(expressOnly(log, { metrics: plainMetrics, logger: requestLines(plainLines) }), plainLines, plainMetrics);
});

afterAll(async () => {
  await fast?.server.close();
  await plain?.server.close();
  await log?.close();
  await temp.cleanup();
});

const auth = (): Headers => ({ authorization: `Bearer ${writer}` });

/** Good requests the fast route takes: headers (`idempotency-key: @` is a fresh key per server) and body. */
function good(): [Headers, Buffer][] {
  const json = text('{"action": "login",  "n": 1.0}');
  const bytes = Buffer.from([0, 1, 2, 255, 254]);
  const big = Buffer.alloc(200_000, 7);
  const time = '2026-01-31T12:00:00.123456789Z';
  return [
    [{ ...auth(), 'content-type': 'application/json', ...length(json) }, json],
    [{ ...auth(), ...length(bytes) }, bytes],
    [{ ...auth(), 'content-type': 'application/octet-stream', ...length(big) }, big],
    [{ ...auth(), 'content-type': 'text/plain; charset=utf-8', 'event-time': time, 'idempotency-key': '@', ...length(json) }, json],
    [{ ...auth(), accept: 'application/x-protobuf', 'content-type': 'application/json', ...length(json) }, json],
    [{ ...auth(), accept: '*/*', ...length(json) }, json],
    [{ ...auth(), accept: 'application/json', 'idempotency-key': '@', ...length(json) }, json],
    [{ authorization: `bearer   ${writer}`, ...length(json) }, json],
  ];
}

/** Requests the fast route leaves to express (and what express answers). */
function left(): [Headers, Buffer, string?][] {
  const json = text('{"a":1}');
  const gz = gzipSync(json);
  const event = text(JSON.stringify({ actor: 'svc', action: 'invoice.delete', target: { id: 'invoice/42' }, outcome: 'success' }));
  return [
    [{ authorization: 'Bearer not-a-token', ...length(json) }, json],
    [{ authorization: `Bearer ${reader}`, ...length(json) }, json],
    [{ authorization: `Basic ${writer}`, ...length(json) }, json],
    [{ ...length(json) }, json],
    [{ ...auth(), 'content-length': String(1024 * 1024 + 1) }, Buffer.alloc(0)],
    [{ ...auth(), 'content-length': '0' }, Buffer.alloc(0)],
    [{ ...auth(), 'transfer-encoding': 'chunked' }, Buffer.from(`${json.length.toString(16)}\r\n${json.toString()}\r\n0\r\n\r\n`)],
    [{ ...auth(), 'content-encoding': 'gzip', ...length(gz) }, gz],
    [{ ...auth(), 'event-time': 'yesterday', ...length(json) }, json],
    [{ ...auth(), 'event-time': '2999-01-01T00:00:00Z', ...length(json) }, json],
    [{ ...auth(), 'idempotency-key': 'has space', ...length(json) }, json],
    [{ ...auth(), 'idempotency-key': 'x'.repeat(1000), ...length(json) }, json],
    [{ ...auth(), 'content-type': 'application/vnd.cairn.event+json', ...length(json) }, json],
    [{ ...auth(), 'content-type': 'application/vnd.cairn.event+json', ...length(event) }, event],
    [{ ...auth(), 'content-type': 'x'.repeat(300), ...length(json) }, json],
    [{ ...auth(), accept: 'text/html', ...length(json) }, json],
    [{ ...auth(), accept: 'application/x-protobuf;q=0.5, application/json', ...length(json) }, json],
    [{ ...auth(), ...length(json) }, json, '/v1/entries?x=1'],
    [{ ...auth(), ...length(json) }, json, '/v1/entries/'],
  ];
}

/** The request object the route's `prepare` sees, from headers as sent. */
function head(headers: Headers, host = 'x'): http.IncomingMessage {
  const all: Headers = { host, ...headers };
  return { headers: all, rawHeaders: Object.entries(all).flat() } as unknown as http.IncomingMessage;
}

describe('POST /v1/entries before express', () => {
  it('appends good requests once each, with the same status and headers as express and receipts that verify', async () => {
    callers.length = 0;
    for (const [headers, body] of good()) {
      const before = log.checkpoint.treeSize;
      const answer = await both(headers, body);
      expect(answer.status).toBe(201);
      const [a, b] = [receiptOf(answer.fast), receiptOf(answer.plain)];
      expect(log.checkpoint.treeSize).toBe(before + 2);
      expect(new Set([a.index, b.index])).toEqual(new Set([before, before + 1]));
      for (const v of [a, b]) {
        expect(Buffer.compare(v.payload, body)).toBe(0);
        expect(v.entry.submitter).toBe('default');
        expect(v.entry.contentType).toBe(headers['content-type'] ?? 'application/octet-stream');
        expect(v.entry.occurredAt).toBe(headers['event-time'] === undefined ? 0n : parseTimestamp(headers['event-time']));
      }
    }
    expect(callers).toEqual(good().map(() => 'fast'));
  });

  it('answers a replayed key with the original receipt (200), and a reused key with the same 409 problem', async () => {
    const payload = text('replayed event');
    const [original] = await log.append('default', [{ payload, contentType: 'text/plain', occurredAt: 0n, idempotencyKey: 'replay-1' }]);
    const size = log.checkpoint.treeSize;
    for (const accept of ['application/json', 'application/x-protobuf']) {
      const answer = await both({ ...auth(), accept, 'content-type': 'text/plain', 'idempotency-key': 'replay-1', ...length(payload) }, payload);
      expect(answer.status).toBe(200);
      expect(receiptOf(answer.fast).index).toBe(original!.receipt.index);
      expect(receiptOf(answer.plain).index).toBe(original!.receipt.index);
    }
    const other = text('another event');
    const conflict = await both({ ...auth(), 'content-type': 'text/plain', 'idempotency-key': 'replay-1', ...length(other) }, other);
    expect(conflict.status).toBe(409);
    expect(conflict.fast).toContain('"code":"IDEMPOTENCY_CONFLICT"');
    expect(log.checkpoint.treeSize).toBe(size);
  });

  it('leaves every other request to express: the same bytes (problems, 401, 403, 406, 413, ...)', async () => {
    callers.length = 0;
    const statuses: number[] = [];
    for (const [headers, body, target] of left()) statuses.push((await both(headers, body, target)).status);
    // express appends the chunked, the gzip, the valid audit event, the weighted Accept and the query.
    expect(statuses).toEqual([401, 403, 401, 401, 413, 400, 201, 201, 400, 400, 400, 400, 422, 201, 400, 406, 201, 201, 404]);
    expect(callers).toEqual(['express', 'express', 'express', 'express', 'express']);
  });

  it('takes exactly the requests it can answer as express would', () => {
    const route = fastAppendRoute({ log, policy: httpPolicy({}) }, silentLogger);
    const taken = (headers: Headers, target = '/v1/entries'): boolean => {
      const format = fastFormat(headers['accept']);
      return target === route.path && format !== undefined && route.prepare('', format, head(headers)) !== undefined;
    };
    for (const [headers] of good()) expect({ headers, taken: taken(headers) }).toEqual({ headers, taken: true });
    for (const [headers, , target] of left()) expect({ headers, taken: taken(headers, target) }).toEqual({ headers, taken: false });
    // Two Authorization headers (framing.ts refuses them), or none of Host.
    const twice = {
      headers: { host: 'x', authorization: `Bearer ${writer}`, 'content-length': '1' },
      rawHeaders: ['Host', 'x', 'Authorization', `Bearer ${writer}`, 'authorization', 'Bearer y', 'Content-Length', '1'],
    };
    expect(route.prepare('', 'json', twice as unknown as http.IncomingMessage)).toBeUndefined();
    expect(
      route.prepare('', 'json', {
        headers: { authorization: `Bearer ${writer}`, 'content-length': '1' },
        rawHeaders: ['Authorization', `Bearer ${writer}`, 'Content-Length', '1'],
      } as unknown as http.IncomingMessage),
    ).toBeUndefined();
  });

  it('writes the same request log lines and metrics', async () => {
    fast.lines.length = 0;
    plain.lines.length = 0;
    const json = text('{"b":2}');
    await both({ ...auth(), ...length(json) }, json);
    await both({ authorization: `Bearer ${reader}`, ...length(json) }, json);
    await new Promise((r) => setTimeout(r, 50));
    expect(fast.lines).toEqual(plain.lines);
    expect(fast.lines).toEqual([
      { method: 'POST', route: '/v1/entries', path: '/v1/entries', status: 201, ms: 0, submitter: 'default' },
      { method: 'POST', route: '/v1/entries', path: '/v1/entries', status: 403, ms: 0 },
    ]);
    const counts = async (m: Metrics): Promise<string[]> =>
      (await m.render()).split('\n').filter((l) => l.startsWith('cairn_http_requests_total{') && l.includes('POST'));
    expect(await counts(fast.metrics)).toEqual(await counts(plain.metrics));
  });

  it('appends nothing when the body ends early, and records the request as express does', async () => {
    fast.lines.length = 0;
    plain.lines.length = 0;
    const size = log.checkpoint.treeSize;
    const partial = (url: string): Buffer => request(url, { ...auth(), 'content-length': '100' }, text('only ten b'));
    await Promise.all([send(fast.url, partial(fast.url), true), send(plain.url, partial(plain.url), true)]);
    await new Promise((r) => setTimeout(r, 100));
    expect(log.checkpoint.treeSize).toBe(size);
    expect(fast.lines).toEqual(plain.lines);
    expect(fast.lines).toEqual([expect.objectContaining({ route: '/v1/entries', status: 499 })]);
    // Both servers still serve.
    const json = text('after');
    expect((await both({ ...auth(), ...length(json) }, json)).status).toBe(201);
  });
});

describe('sequencer refusals of a fast append', () => {
  /** `log` with append failing with `err`. */
  const failing = (err: Error): ServedLog => proxied(log, () => Promise.reject(err));

  it.each([
    ['POOL_FULL', 503],
    ['SHUTTING_DOWN', 503],
    ['STORE_FAILED', 503],
    ['BROKEN', 500],
  ] as const)('answers %s with the same problem as express (%i)', async (code, status) => {
    const served = failing(new SequencerError(code, 'refused'));
    const lines: [Record<string, unknown>[], Record<string, unknown>[]] = [[], []];
    const logger = (into: Record<string, unknown>[]) => (event: string, fields?: Record<string, unknown>) =>
      into.push({ event, ...fields, ...(event === 'request' ? { ms: 0 } : {}) });
    const f = await serveApp(createApp(served, { logger: logger(lines[0]) }), { host: '127.0.0.1', port: 0 });
    const p = await serveApp(expressOnly(served, { logger: logger(lines[1]) }), { host: '127.0.0.1', port: 0 });
    try {
      const json = text('{"c":3}');
      const [a, b] = await Promise.all([f, p].map((s) => send(s.url, request(s.url, { ...auth(), ...length(json) }, json))));
      expect(normalised(a!)).toBe(normalised(b!));
      expect(a).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      if (status === 503) expect(a).toMatch(/\r\nRetry-After: \d+\r\n/);
      await new Promise((r) => setTimeout(r, 50));
      expect(lines[0].map((l) => ({ ...l, stack: undefined }))).toEqual(lines[1].map((l) => ({ ...l, stack: undefined })));
      expect(lines[0]).toContainEqual(expect.objectContaining({ event: 'request', route: '/v1/entries', status }));
    } finally {
      await f.close();
      await p.close();
    }
  });
});
