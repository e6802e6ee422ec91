/**
 * Nobody can edit or delete (SPEC §4, §6.6): a walk over EVERY route the express app registers
 * (read from the app's own router, so a route added later is walked too), with EVERY method
 * node's HTTP parser knows plus invented ones, as a writer, as a reader and without a token,
 * each with a body that would be a valid event. Afterwards every earlier entry (leaf, payload,
 * nonce), tile, bundle and checkpoint is byte-identical, and the only change is the entries
 * appended by POST /v1/entries and POST /v1/entries/batch with the writer token, each of them
 * counted and matched to its receipt.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type express from 'express';
import http from 'node:http';
import { verifyReceipt, type ReceiptJson } from '../../proofs/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { expectHistoryKept, snapshotHistory, type LogHistory } from '../hostile/log-history.js';
import { exchange, type RawOutcome } from '../hostile/raw-http.js';

/** One route as the app registered it. */
interface RegisteredRoute {
  path: string;
  /** Lower-case method names with handlers; `_all` is route.all (the 405 handler). */
  methods: Set<string>;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route of the app, from its router stack (sub-routers included). */
function registeredRoutes(app: express.Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: readonly Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) out.push({ path: layer.route.path, methods: new Set(Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m])) });
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

// Methods llhttp does not know: the server must refuse them (400) like any malformed request.
const INVENTED_METHODS = ['FOO', 'TRACK', 'ERASE', 'DELETE_ALL'];
const METHODS = [...http.METHODS, ...INVENTED_METHODS];

let s: TestServer;
let readerToken: string;
let before: LogHistory;
let routes: RegisteredRoute[];

/** The single appends of the seed, with their idempotency keys, to replay after the walk. */
const singles: { key: string; payload: string; receipt: ReceiptJson }[] = [];

function postAsWriter(path: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${s.writerToken}`, ...headers }, body });
}

/** Seeds a log with a full tile and bundle, several rounds (checkpoints) and idempotency keys. */
async function seed(): Promise<void> {
  const entries = Array.from({ length: 300 }, (_, i) => ({ json: { event: 'seed', i }, idempotencyKey: `seed-${i}` }));
  expect((await postAsWriter('/v1/entries/batch', JSON.stringify({ entries }), { 'content-type': 'application/json' })).status).toBe(201);
  for (let i = 0; i < 4; i++) {
    const key = `single-${i}`;
    const payload = `single ${i}`;
    const res = await postAsWriter('/v1/entries', payload, { 'content-type': 'text/plain', 'idempotency-key': key });
    expect(res.status).toBe(201);
    singles.push({ key, payload, receipt: (await res.json()) as ReceiptJson });
  }
}

beforeAll(async () => {
  s = await startTestServer({ events: true });
  readerToken = await s.addToken('walk-reader', 'reader');
  await seed();
  before = await snapshotHistory(s.url, readerToken, s.log);
  routes = registeredRoutes(s.http.server.listeners('request')[0] as express.Express);
});

afterAll(async () => {
  await s.stop();
});

/** Concrete URLs for a route pattern: existing and missing indexes, sizes and tiles. */
function concretePaths(pattern: string, treeSize: number): string[] {
  const last = treeSize - 1;
  const sizes = [...before.checkpoints.keys()];
  const fills: Record<string, string[]> = {
    // The first and the last entry, checkpoint, tile and bundle, and one that does not exist.
    '/v1/entries/:index': ['/v1/entries/0', `/v1/entries/${last}`, `/v1/entries/${treeSize + 5}`],
    '/v1/entries/:index/payload': ['/v1/entries/0/payload', `/v1/entries/${treeSize + 5}/payload`],
    '/v1/entries/:index/receipt': ['/v1/entries/0/receipt', `/v1/entries/${last}/receipt?witnessed=1`],
    // Holds are released by id (admin only; the walk holds no admin token).
    '/v1/holds/:id': ['/v1/holds/1', '/v1/holds/h-0'],
    // The live stream never ends by itself (it follows new commits), so a successful GET would
    // hold the walk's connection open: walk it with a parameter it refuses at once (400). It is
    // read-only either way; every other method on it is walked as usual.
    '/v1/events/stream': ['/v1/events/stream?after=not-an-index'],
    '/v1/checkpoints/:size': [`/v1/checkpoints/${sizes[0]}`, `/v1/checkpoints/${sizes.at(-1)}`],
    '/tile/:level/*path': ['/tile/0/000', '/tile/0/001.p/48', '/tile/1/000.p/1'],
    '/tile/entries/*path': ['/tile/entries/000', '/tile/entries/001.p/48', '/tile/entries/005'],
    // The web explorer's files (issue 16): one that exists and one that does not.
    '/ui/:file': ['/ui/explorer.js', '/ui/missing.js'],
  };
  const filled = fills[pattern];
  if (filled !== undefined) return filled;
  if (/[:*]/.test(pattern)) throw new Error(`the walk does not know how to fill ${pattern}: add it to concretePaths`);
  return [pattern];
}

/** Paths no route serves: still walked, so no catch-all can hide an edit. */
const UNROUTED = ['/v1/entries/0/nonce', '/v1/entries/batch/0', '/v1/tokens', '/checkpoint/', '/v1/erasures/0'];

type Credential = 'writer' | 'reader' | 'none';

interface Attempt {
  method: string;
  path: string;
  credential: Credential;
  /** The payload the request carried (for a single append) or the batch's payloads. */
  payloads: string[];
  outcome: RawOutcome;
}

function requestText(method: string, path: string, credential: Credential, n: number): { text: string; payloads: string[] } {
  const token = credential === 'writer' ? s.writerToken : credential === 'reader' ? readerToken : undefined;
  const isBatch = path === '/v1/entries/batch';
  const payloads = isBatch
    ? [`walk ${method} ${path} ${credential} ${n} a`, `walk ${method} ${path} ${credential} ${n} b`]
    : [`walk ${method} ${path} ${credential} ${n}`];
  const body = isBatch ? JSON.stringify({ entries: payloads.map((p) => ({ payload: Buffer.from(p).toString('base64') })) }) : payloads[0]!;
  // CONNECT takes an authority, not a path; the rest take the path.
  const target = method === 'CONNECT' ? `127.0.0.1:80` : path;
  const head = [
    `${method} ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    `Content-Type: ${isBatch ? 'application/json' : 'text/plain'}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    // Method overrides some frameworks honour; express does not, and must not start to.
    'X-HTTP-Method-Override: DELETE',
    'X-HTTP-Method: PUT',
    'X-Method-Override: PATCH',
    ...(token === undefined ? [] : [`Authorization: Bearer ${token}`]),
  ];
  return { text: `${head.join('\r\n')}\r\n\r\n${body}`, payloads };
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe('the route table', () => {
  test('the app registers the routes of SPEC §2, §4 and §5, and only GET, POST and the 405 handler', () => {
    expect(routes.map((r) => r.path).sort()).toEqual(
      [
        '/',
        '/ui/:file',
        '/checkpoint',
        '/healthz',
        '/metrics',
        '/readyz',
        '/tile/:level/*path',
        '/tile/entries/*path',
        '/v1/checkpoints/:size',
        '/v1/entries',
        '/v1/entries/:index',
        '/v1/entries/batch',
        '/v1/entries/:index/payload',
        '/v1/entries/:index/receipt',
        '/v1/events',
        '/v1/events/stream',
        '/v1/submitters',
        // Admin-only routes of issue 14: they manage payloads (erasure), holds and retention,
        // never a leaf; the walk below holds no admin token, so each must refuse it.
        '/v1/erasures',
        '/v1/holds',
        '/v1/holds/:id',
        '/v1/retention',
        '/v1/log',
        '/v1/proof/consistency',
        '/v1/proof/inclusion',
      ].sort(),
    );
    for (const r of routes) {
      const allowed = r.path === '/v1/holds/:id' ? ['delete', '_all'] : ['get', 'post', '_all'];
      for (const m of r.methods) expect({ path: r.path, method: m, allowed: allowed.includes(m) }).toEqual({ path: r.path, method: m, allowed: true });
      // Every route answers the methods it does not serve with the 405 handler.
      expect({ path: r.path, has405: r.methods.has('_all') }).toEqual({ path: r.path, has405: true });
    }
  });

  test('POST is registered only on the two append routes and the admin routes', () => {
    expect(
      routes
        .filter((r) => r.methods.has('post'))
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/v1/entries', '/v1/entries/batch', '/v1/erasures', '/v1/holds', '/v1/retention']);
  });

  test('DELETE is registered only on releasing a legal hold', () => {
    expect(routes.filter((r) => r.methods.has('delete')).map((r) => r.path)).toEqual(['/v1/holds/:id']);
  });
});

describe('every route × every method × every credential', () => {
  test('nothing edits or deletes: history is byte-identical, and the only change is the counted appends', async () => {
    const treeSize = before.treeSize;
    const paths = [...new Set([...routes.flatMap((r) => concretePaths(r.path, treeSize)), ...UNROUTED])];
    const credentials: Credential[] = ['writer', 'reader', 'none'];
    let n = 0;
    const tasks: (() => Promise<Attempt>)[] = [];
    for (const path of paths) {
      for (const method of METHODS) {
        for (const credential of credentials) {
          const { text, payloads } = requestText(method, path, credential, n++);
          tasks.push(async () => ({ method, path, credential, payloads, outcome: await exchange(s.url, text, { end: false }) }));
        }
      }
    }
    const attempts = await pool(tasks, 8);
    expect(attempts.length).toBeGreaterThan(paths.length * 30 * 3);

    const appendRoutes = new Set(['/v1/entries', '/v1/entries/batch']);
    const getRoutes = new Set(routes.filter((r) => r.methods.has('get')).flatMap((r) => concretePaths(r.path, treeSize)));
    const receipts: { receipt: ReceiptJson; payload: string }[] = [];
    const unexpected: string[] = [];
    for (const a of attempts) {
      const what = `${a.method} ${a.path} as ${a.credential}`;
      if (a.outcome.kind === 'closed') {
        // Only CONNECT is dropped without an answer (node has no handler for tunnels).
        if (a.method !== 'CONNECT') unexpected.push(`${what}: closed without an answer`);
        continue;
      }
      const { status, headers, body } = a.outcome.response;
      if (status >= 500) unexpected.push(`${what}: ${status} ${body.toString('utf8').slice(0, 200)}`);
      if (status >= 400 && headers.get('content-type')?.[0] !== 'application/problem+json') unexpected.push(`${what}: ${status} without a problem`);
      if (status === 405) {
        const allow = headers.get('allow')?.[0] ?? '';
        if (!/^(GET, HEAD)?(, )?(POST)?$|^DELETE$/.test(allow) || allow === '') unexpected.push(`${what}: 405 with Allow ${JSON.stringify(allow)}`);
      }
      if (status < 200 || status >= 300) continue;
      const isRead = (a.method === 'GET' || a.method === 'HEAD') && getRoutes.has(a.path);
      const isOptions = a.method === 'OPTIONS' && status === 204;
      const isAppend = a.method === 'POST' && appendRoutes.has(a.path) && a.credential === 'writer' && status === 201;
      if (!isRead && !isOptions && !isAppend) {
        unexpected.push(`${what}: ${status} (only reads, OPTIONS and writer appends may succeed)`);
        continue;
      }
      if (isAppend) {
        const json = JSON.parse(body.toString('utf8')) as ReceiptJson | { receipts: ReceiptJson[] };
        const list = 'receipts' in json ? json.receipts : [json];
        expect(list).toHaveLength(a.payloads.length);
        list.forEach((receipt, i) => receipts.push({ receipt, payload: a.payloads[i]! }));
      }
    }
    expect(unexpected).toEqual([]);

    // Exactly one single append and one batch of two got through: the writer's POSTs.
    expect(receipts).toHaveLength(3);
    for (const { receipt, payload } of receipts) {
      const verified = verifyReceipt(receipt, s.log.verifierKey);
      expect(verified.index).toBeGreaterThanOrEqual(treeSize);
      expect(Buffer.from(verified.payload).toString('utf8')).toBe(payload);
      expect(verified.entry.submitter).toBe('default');
    }
    await expectHistoryKept(s.url, readerToken, s.log, before, receipts.length);

    // The idempotency records are intact too: each seed key still names its original entry.
    for (const { key, payload, receipt } of singles) {
      const res = await postAsWriter('/v1/entries', payload, { 'content-type': 'text/plain', 'idempotency-key': key });
      expect(res.status).toBe(200);
      const replayed = (await res.json()) as ReceiptJson;
      expect({ index: replayed.index, entry: replayed.entry, nonce: replayed.nonce }).toEqual({
        index: receipt.index,
        entry: receipt.entry,
        nonce: receipt.nonce,
      });
    }
  });
});
