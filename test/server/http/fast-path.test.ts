/**
 * The proof routes' fast path (server/http/fast-path.ts, fast-proofs.ts; issue 17): one log
 * served twice, by `cairn serve`'s app (the fast path in front of express) and by the same
 * routes in express alone (createProcessApp + logRouter, which installs no fast path). Every
 * request, good or bad, is sent byte for byte to both over raw sockets; the answers must be the
 * same bytes (status line, every header in order, body), the Date header aside, and so must the
 * request log lines (the milliseconds and time aside) and the metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { CairnLog } from '../../../server/cairn-log.js';
import { ServerError } from '../../../server/errors.js';
import { createApp, createMetrics, createProcessApp, logRouter, serveApp, type Metrics, type RunningHttpServer } from '../../../server/http/index.js';
import { digitQuery, fastFormat, canonicalNumber } from '../../../server/http/fast-path.js';
import { fastProofRoutes } from '../../../server/http/fast-proofs.js';
import type { ServedLog } from '../../../server/http/served-log.js';
import { httpPolicy } from '../../../server/config.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { bearer } from './http-utils.js';

const temp = new TempDirs();
let log: CairnLog;
let token: string;
let fast: RunningHttpServer;
let plain: RunningHttpServer;
const fastLines: Record<string, unknown>[] = [];
const plainLines: Record<string, unknown>[] = [];
let fastMetrics: Metrics;
let plainMetrics: Metrics;
const SIZE = 300;

/** Sends `head` (a whole request without body) on a new connection; resolves to the first whole response's bytes. */
function exchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let got = Buffer.alloc(0);
    const done = (text: string): void => {
      socket.destroy();
      resolve(text);
    };
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      const text = got.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      // A HEAD answer has a Content-Length and no body.
      const length = head.startsWith('HEAD ') ? ['', '0'] : /\r\ncontent-length: (\d+)/i.exec(text.slice(0, end));
      if (length && got.length >= end + 4 + Number(length[1])) done(text.slice(0, end + 4 + Number(length[1])));
    });
    socket.on('end', () => done(got.toString('latin1')));
    socket.on('error', reject);
    socket.write(head);
  });
}

/** The response without its Date header's value (the two servers answer at different instants). */
function normalised(response: string): string {
  return response.replace(/\r\nDate: [^\r]*/, '\r\nDate: -');
}

/** A request's answers from both servers, checked equal; returns the fast path's. */
async function both(target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<string> {
  const head = (url: string): string =>
    `${method} ${target} HTTP/1.1\r\nHost: ${new URL(url).host}\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;
  const [a, b] = await Promise.all([exchange(fast.url, head(fast.url)), exchange(plain.url, head(plain.url))]);
  expect(normalised(a).replace(fast.url, '')).toBe(normalised(b).replace(plain.url, ''));
  return a;
}

const GOOD: [string, Record<string, string>][] = [
  [`/v1/proof/inclusion?index=7&size=${SIZE}`, {}],
  [`/v1/proof/inclusion?size=${SIZE}&index=0`, {}],
  [`/v1/proof/inclusion?index=${SIZE - 1}`, {}],
  [`/v1/proof/inclusion?index=5&size=6`, { accept: '*/*' }],
  [`/v1/proof/inclusion?index=5&size=200`, { accept: 'application/json' }],
  [`/v1/proof/inclusion?index=5&size=200`, { accept: 'application/x-protobuf' }],
  [`/v1/proof/consistency?from=10&to=${SIZE}`, {}],
  [`/v1/proof/consistency?from=10`, { accept: 'application/x-protobuf' }],
  [`/v1/proof/consistency?from=0&to=17`, {}],
  [`/v1/proof/consistency?from=17&to=17`, {}],
  [`/v1/proof/consistency?to=${SIZE}&from=1`, {}],
];

/** Requests the fast path leaves to express: bad input, tokens, other methods, Accept forms beyond the common ones. */
const LEFT: [string, Record<string, string>, string?][] = [
  [`/v1/proof/inclusion?index=${SIZE}&size=${SIZE}`, {}],
  [`/v1/proof/inclusion?index=1&size=${SIZE + 1}`, {}],
  [`/v1/proof/inclusion?index=0&size=0`, {}],
  [`/v1/proof/inclusion?index=01&size=${SIZE}`, {}],
  [`/v1/proof/inclusion?index=1&size=1`, {}],
  [`/v1/proof/inclusion?index=1&index=2`, {}],
  [`/v1/proof/inclusion?index=1&tree_size=2`, {}],
  [`/v1/proof/inclusion?index=1&`, {}],
  [`/v1/proof/inclusion?index=`, {}],
  [`/v1/proof/inclusion?`, {}],
  [`/v1/proof/inclusion`, {}],
  [`/v1/proof/inclusion?index=99999999999999999`, {}],
  [`/v1/proof/inclusion?index=%31`, {}],
  [`/v1/proof/inclusion?leafHash=AAAA`, {}],
  [`/v1/proof/inclusion?index=1`, { accept: 'text/html' }],
  [`/v1/proof/inclusion?index=1`, { accept: 'application/x-protobuf;q=0.5, application/json' }],
  [`/v1/proof/inclusion?index=1`, bearer('not-a-token')],
  [`/v1/proof/inclusion?index=1`, {}, 'HEAD'],
  [`/v1/proof/inclusion?index=1`, {}, 'POST'],
  [`/v1/proof/inclusion/?index=1`, {}],
  [`/v1/proof/Inclusion?index=1`, {}],
  [`/v1/proof/consistency?from=${SIZE}&to=3`, {}],
  [`/v1/proof/consistency?to=3`, {}],
  [`/v1/proof/consistency?from=3&to=${SIZE + 5}`, {}],
  [`/v1/proof/consistency?from=-3`, {}],
];

beforeAll(async () => {
  const dataDir = await temp.make('cairn-fast-path-');
  log = await CairnLog.open({ dataDir, origin: 'test.example/log' });
  token = log.firstStart!.token;
  // Several rounds, so the log has older checkpoints and full tiles (256) as well as a partial one.
  for (let done = 0; done < SIZE; done += 100) {
    const inputs = Array.from({ length: 100 }, (_, i) => ({ payload: new TextEncoder().encode(`e${done + i}`), contentType: 'text/plain', occurredAt: 0n }));
    await log.append('default', inputs);
  }
  fastMetrics = createMetrics();
  plainMetrics = createMetrics();
  const record = (into: Record<string, unknown>[]) => (event: string, fields?: Record<string, unknown>) => {
    if (event === 'request') into.push({ ...fields, ms: 0 });
  };
  fast = await serveApp(createApp(log, { metrics: fastMetrics, logger: record(fastLines) }), { host: '127.0.0.1', port: 0 });
  const router = logRouter(log, { metrics: plainMetrics });
  plain = await serveApp(createProcessApp([{ prefix: '', router }], { metrics: plainMetrics, logger: record(plainLines) }), { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await fast?.close();
  await plain?.close();
  await log?.close();
  await temp.cleanup();
});

describe('the proof routes before express', () => {
  it('answers good requests with the same bytes as express (status, headers in order, body)', async () => {
    for (const [target, headers] of GOOD) {
      const answer = await both(target, headers);
      expect(answer.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    }
    // Again: now from the cache of encoded answers at explicit sizes.
    for (const [target, headers] of GOOD) await both(target, headers);
  });

  it('leaves bad requests to express (problems, 401, 405, 406, HEAD): the same bytes', async () => {
    const statuses: string[] = [];
    for (const [target, headers, method] of LEFT) statuses.push(/^HTTP\/1\.1 (\d+)/.exec(await both(target, headers, method))![1]!);
    // Good requests express answers: HEAD, the weighted Accept, the escaped digit (%31) and the
    // trailing & (its query parser skips empty pairs); the rest are refusals.
    expect(statuses.filter((s) => s === '200')).toHaveLength(4);
    expect(new Set(statuses)).toEqual(new Set(['200', '400', '401', '404', '405', '406']));
  });

  it('takes exactly the requests it can answer as express would', () => {
    const routes = new Map(fastProofRoutes({ log, policy: httpPolicy({}) }).map((r) => [r.path, r]));
    const offered = (target: string, headers: Record<string, string>, method = 'GET'): boolean => {
      const [path, query] = target.split('?');
      const route = routes.get(path!);
      const format = fastFormat(headers['accept']);
      return (
        method === 'GET' &&
        route !== undefined &&
        query !== undefined &&
        format !== undefined &&
        headers['authorization'] === undefined &&
        route.prepare(query, format) !== undefined
      );
    };
    for (const [target, headers] of GOOD) expect({ target, offered: offered(target, headers) }).toEqual({ target, offered: true });
    for (const [target, headers, method] of LEFT) expect({ target, offered: offered(target, headers, method) }).toEqual({ target, offered: false });
    // A log that needs reader tokens for reads gets no fast routes: express checks the token.
    expect(fastProofRoutes({ log, policy: httpPolicy({ requireReaderForReads: true }) })).toEqual([]);
  });

  it('writes the same request log lines and metrics', async () => {
    fastLines.length = 0;
    plainLines.length = 0;
    for (const [target, headers] of GOOD.slice(0, 3)) await both(target, headers);
    await both(`/v1/proof/inclusion?index=1`, bearer(token));
    // The lines are recorded once each response ended; the last may trail its bytes.
    await new Promise((r) => setTimeout(r, 50));
    expect(fastLines).toEqual(plainLines);
    expect(fastLines.length).toBe(4);
    expect(fastLines[0]).toMatchObject({ method: 'GET', route: '/v1/proof/inclusion', path: '/v1/proof/inclusion', status: 200 });
    expect(fastLines[3]).toMatchObject({ submitter: 'default' });
    const counts = async (m: Metrics): Promise<string[]> =>
      (await m.render()).split('\n').filter((l) => l.startsWith('cairn_http_requests_total{') && l.includes('/v1/proof/'));
    expect(await counts(fastMetrics)).toEqual(await counts(plainMetrics));
  });

  it('hands a request to express when the proof fails, which answers the problem', async () => {
    const failing: ServedLog = new Proxy(log, {
      get(target, name, receiver) {
        if (name === 'consistencyProof') return () => Promise.reject(new ServerError('STORE_UNAVAILABLE', 'The store did not answer; try again.'));
        const v = Reflect.get(target, name, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as ServedLog;
    const lines: Record<string, unknown>[] = [];
    const server = await serveApp(createApp(failing, { logger: (event, fields) => event === 'request' && lines.push({ ...fields }) }), {
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const answer = await exchange(server.url, `GET /v1/proof/consistency?from=3&to=9 HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 503 /);
      expect(answer).toContain('application/problem+json');
      await new Promise((r) => setTimeout(r, 50));
      expect(lines).toEqual([expect.objectContaining({ route: '/v1/proof/consistency', status: 503 })]);
    } finally {
      await server.close();
    }
  });
});

describe('fast-path parsing', () => {
  it('reads only name=digits queries of known names, each once', () => {
    expect(digitQuery('index=1&size=20', ['index', 'size'])).toEqual({ index: '1', size: '20' });
    expect(digitQuery('size=20', ['index', 'size'])).toEqual({ size: '20' });
    for (const q of ['', '&', 'index', 'index=', '=1', 'index=1&', 'index=1&&size=2', 'index=1&index=1', 'other=1', 'index=1a', 'index=12345678901234567']) {
      expect({ q, parsed: digitQuery(q, ['index', 'size']) }).toEqual({ q, parsed: undefined });
    }
  });

  it('accepts canonical decimals only, up to 2^53-1', () => {
    expect(canonicalNumber('0')).toBe(0);
    expect(canonicalNumber('9007199254740991')).toBe(9007199254740991);
    expect(canonicalNumber('9007199254740992')).toBeUndefined();
    expect(canonicalNumber('007')).toBeUndefined();
    expect(canonicalNumber(undefined)).toBeUndefined();
  });

  it('negotiates only the unambiguous Accept forms', () => {
    expect([undefined, '*/*', 'application/json', 'application/x-protobuf', 'application/*', 'text/html'].map(fastFormat)).toEqual([
      'json',
      'json',
      'json',
      'protobuf',
      undefined,
      undefined,
    ]);
  });
});
