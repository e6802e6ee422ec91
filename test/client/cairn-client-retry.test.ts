/**
 * CairnClient's retries and timeouts (SPEC §4 "Overload", §8): a tiny proxy in front of a real
 * server answers 503/429/502, drops connections or never answers, and the client retries what
 * may be retried (with one idempotency key, so an append is never doubled), honours
 * Retry-After, never retries other statuses, and gives up with a typed error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CairnClient, CairnHttpError, CairnRequestError, type RetryEvent } from '../../client/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { problemAnswer, startProxy, type Proxy, type ProxyHandler } from './proxy.js';

let server: TestServer;
let vkey: string;
const proxies: Proxy[] = [];
beforeAll(async () => {
  server = await startTestServer();
  vkey = server.log.verifierKey.text;
});
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await server.stop();
});

async function proxy(handler: ProxyHandler): Promise<Proxy> {
  const p = await startProxy(server.url, handler);
  proxies.push(p);
  return p;
}

/** A writer client of `url` that records its retries. */
function client(url: string, options: ConstructorParameters<typeof CairnClient>[1] = {}): { c: CairnClient; retries: RetryEvent[] } {
  const retries: RetryEvent[] = [];
  const c = new CairnClient(url, { token: server.writerToken, verifierKey: vkey, retryBaseDelayMs: 20, onRetry: (e) => retries.push(e), ...options });
  return { c, retries };
}

const size = (): number => server.log.checkpoint.treeSize;
const posts = (p: Proxy) => p.requests.filter((r) => r.method === 'POST');

describe('retries', () => {
  test('503 with Retry-After twice, then the real answer: waits the Retry-After, one key, one entry', async () => {
    const p = await proxy((req, forward, n) =>
      n <= 2 ? problemAnswer(503, 'POOL_FULL', 'The log has too many entries waiting.', { 'retry-after': '1' }) : forward(),
    );
    const { c, retries } = client(p.url);
    const before = size();
    const r = await c.append('after two 503s');
    expect(r.replayed).toBe(false);
    expect(r.verified.index).toBe(before);
    expect(size()).toBe(before + 1);
    expect(retries.map((e) => e.retry)).toEqual([1, 2]);
    for (const e of retries) {
      expect((e.error as CairnHttpError).status).toBe(503);
      // Retry-After: 1 is 1000 ms, plus at most the base step of jitter.
      expect(e.delayMs).toBeGreaterThanOrEqual(1000);
      expect(e.delayMs).toBeLessThan(1020);
    }
    const keys = posts(p).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  test('429 is retried', async () => {
    const p = await proxy((_req, forward, n) => (n === 1 ? problemAnswer(429, 'TOO_MANY_AUTH_FAILURES', 'Slow down.', { 'retry-after': '0' }) : forward()));
    const { c, retries } = client(p.url);
    await c.append('after a 429');
    expect(retries).toHaveLength(1);
    expect((retries[0]!.error as CairnHttpError).status).toBe(429);
  });

  test('503 without Retry-After backs off exponentially and gives up after `retries`', async () => {
    const p = await proxy(() => problemAnswer(503, 'STORE_UNAVAILABLE', 'The store is busy.'));
    const { c, retries } = client(p.url, { retries: 2 });
    const err = await c.append('never').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CairnHttpError);
    expect((err as CairnHttpError).status).toBe(503);
    expect((err as CairnHttpError).code).toBe('STORE_UNAVAILABLE');
    expect((err as CairnHttpError).attempts).toBe(3);
    expect(posts(p)).toHaveLength(3);
    expect(retries.map((e) => e.delayMs <= 20 * 2 ** (e.retry - 1))).toEqual([true, true]);
  });

  test('a Retry-After longer than maxRetryDelayMs ends the retries at once, with retryAfterMs', async () => {
    const p = await proxy(() => problemAnswer(503, 'STORE_FULL', 'The disk is full.', { 'retry-after': '120' }));
    const { c, retries } = client(p.url, { maxRetryDelayMs: 5000 });
    const err = (await c.append('never').catch((e: unknown) => e)) as CairnHttpError;
    expect(err.status).toBe(503);
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.attempts).toBe(1);
    expect(retries).toEqual([]);
  });

  test('a 400 from the real server is not retried', async () => {
    const p = await proxy((_req, forward) => forward());
    const { c, retries } = client(p.url);
    const future = new Date(Date.now() + 3_600_000);
    const err = (await c.append('from the future', { occurredAt: future }).catch((e: unknown) => e)) as CairnHttpError;
    expect(err).toBeInstanceOf(CairnHttpError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('EVENT_TIME_IN_FUTURE');
    expect(err.attempts).toBe(1);
    expect(posts(p)).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  test('a 500 is not retried', async () => {
    const p = await proxy(() => problemAnswer(500, 'INTERNAL', 'Something broke.'));
    const { c, retries } = client(p.url);
    const err = (await c.append('x').catch((e: unknown) => e)) as CairnHttpError;
    expect(err.status).toBe(500);
    expect(err.attempts).toBe(1);
    expect(retries).toEqual([]);
  });

  test("a proxy's HTML 502 is retried, then reported with a made-up problem", async () => {
    const p = await proxy(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>Bad Gateway</body></html>' }));
    const { c } = client(p.url, { retries: 1 });
    const err = (await c.checkpoint().catch((e: unknown) => e)) as CairnHttpError;
    expect(err).toBeInstanceOf(CairnHttpError);
    expect(err.status).toBe(502);
    expect(err.code).toBeUndefined();
    expect(err.problem.type).toBe('about:blank');
    expect(err.problem.detail).toContain('Bad Gateway');
    expect(err.attempts).toBe(2);
  });

  test('a connection dropped after the log appended: the retry gets the original receipt, no second entry', async () => {
    const p = await proxy(async (_req, forward, n) => {
      const real = await forward();
      return n === 1 ? 'drop' : real;
    });
    const { c, retries } = client(p.url);
    const before = size();
    const r = await c.append('answer lost once');
    expect(r.replayed).toBe(true);
    expect(r.verified.index).toBe(before);
    expect(size()).toBe(before + 1);
    expect(retries).toHaveLength(1);
    expect((retries[0]!.error as CairnRequestError).code).toBe('NETWORK_ERROR');
  });

  test('a refused connection is NETWORK_ERROR after every retry', async () => {
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { c, retries } = client(`http://127.0.0.1:${port}`, { retries: 2 });
    const err = (await c.checkpoint().catch((e: unknown) => e)) as CairnRequestError;
    expect(err).toBeInstanceOf(CairnRequestError);
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.attempts).toBe(3);
    expect(retries).toHaveLength(2);
  });
});

describe('timeouts and aborts', () => {
  test('no answer within timeoutMs is TIMEOUT', async () => {
    const p = await proxy(() => 'hang');
    const { c } = client(p.url, { timeoutMs: 200, retries: 0 });
    const err = (await c.checkpoint().catch((e: unknown) => e)) as CairnRequestError;
    expect(err).toBeInstanceOf(CairnRequestError);
    expect(err.code).toBe('TIMEOUT');
    expect(err.attempts).toBe(1);
  });

  test('a timed-out append is retried with the same key and succeeds once', async () => {
    const p = await proxy((_req, forward, n) => (n === 1 ? 'hang' : forward()));
    const { c, retries } = client(p.url, { timeoutMs: 300 });
    const before = size();
    const r = await c.append('slow once');
    expect(r.verified.index).toBe(before);
    expect((retries[0]!.error as CairnRequestError).code).toBe('TIMEOUT');
    const keys = posts(p).map((q) => q.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  test("the caller's AbortSignal ends the call with ABORTED and no retry", async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const p = await proxy(() => {
      arrived();
      return 'hang';
    });
    const { c, retries } = client(p.url);
    const controller = new AbortController();
    const pending = c.checkpoint({ signal: controller.signal }).catch((e: unknown) => e);
    // Abort once the request has reached the proxy: an event, not a sleep.
    await reached;
    controller.abort();
    const err = (await pending) as CairnRequestError;
    expect(err).toBeInstanceOf(CairnRequestError);
    expect(err.code).toBe('ABORTED');
    expect(retries).toEqual([]);
  });

  test('a signal aborted during the backoff wait ends the call with ABORTED', async () => {
    const p = await proxy(() => problemAnswer(503, 'POOL_FULL', 'Full.', { 'retry-after': '10' }));
    const controller = new AbortController();
    const { c } = client(p.url, { onRetry: () => controller.abort() });
    const err = (await c.checkpoint({ signal: controller.signal }).catch((e: unknown) => e)) as CairnRequestError;
    expect(err.code).toBe('ABORTED');
    expect(p.requests).toHaveLength(1);
  });
});
