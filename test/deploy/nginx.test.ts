/**
 * deploy/nginx/cairn.conf, run by a real nginx in front of two real HTTP backends (issue 11,
 * "Reads that scale out"): full tiles and entry bundles are cached as immutable (the second
 * request never reaches a backend), partial tiles, /checkpoint and /v1/* always go to a backend,
 * requests are spread over both, and a stopped backend is skipped.
 *
 * The backends are plain node:http servers that answer like Cairn does: the same tile paths
 * (merkle/tile-path.ts), the same Cache-Control (server/http/routing.ts `cacheControl`), a
 * `/checkpoint` that changes with every request. Two real Cairn processes on one store need
 * the PostgreSQL driver; that end-to-end run is a follow-up.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TILE_WIDTH, parseTilePath } from '../../merkle/index.js';
import { cacheControl } from '../../server/http/routing.js';
import { describeExternal } from '../helpers/external.js';
import { findNginx, ThrowawayNginx } from '../helpers/nginx.js';

const tools = findNginx();

/** What both backends serve; the tree has 5 full tiles of level 0 and a partial sixth. */
const shared = { requireReaderForReads: false, checkpoints: 0 };
const FULL_TILES = 5;

interface Backend {
  name: string;
  server: Server;
  address: string;
  /** Paths (with query) of every request that reached this backend. */
  requests: string[];
}

function tileBytes(path: string): Buffer {
  // Deterministic bytes per path, the same on both backends (as on one shared store).
  return Buffer.from(`bytes of ${path}\n`.repeat(8));
}

async function startBackend(name: string): Promise<Backend> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(`${req.method} ${url}`);
    res.setHeader('X-Backend', name);
    const path = new URL(url, 'http://x').pathname;
    if (req.method === 'POST' && path === '/v1/entries') {
      req.resume();
      req.on('end', () => res.writeHead(201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end('{"index":0}'));
      return;
    }
    if (path === '/checkpoint') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': cacheControl(shared.requireReaderForReads, 'none') });
      res.end(`example.com/log\n${++shared.checkpoints}\n`);
      return;
    }
    if (path === '/v1/log') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' }).end('{}');
      return;
    }
    if (path.startsWith('/tile/')) {
      const tile = parseTilePath(path.slice(1));
      const full = tile.width === TILE_WIDTH;
      if (tile.index > FULL_TILES || (tile.index === FULL_TILES && full)) {
        res.writeHead(404, { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' }).end('{"status":404}');
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Cache-Control': cacheControl(shared.requireReaderForReads, full ? 'immutable' : 'short'),
      });
      res.end(tileBytes(path));
      return;
    }
    res.writeHead(404, { 'Cache-Control': 'no-store' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { name, server, address: `127.0.0.1:${port}`, requests };
}

async function stopBackend(b: Backend): Promise<void> {
  if (!b.server.listening) return;
  const closed = new Promise<void>((resolve) => b.server.close(() => resolve()));
  b.server.closeAllConnections();
  await closed;
}

describeExternal('deploy/nginx/cairn.conf in front of two backends', tools, () => {
  let a: Backend;
  let b: Backend;
  let proxy: ThrowawayNginx;

  /** How many requests for `path` (method GET) reached either backend. */
  const reached = (path: string): number => [...a.requests, ...b.requests].filter((r) => r === `GET ${path}`).length;

  async function get(path: string): Promise<{ status: number; body: string; cache: string | null; backend: string | null; cacheControl: string | null }> {
    const res = await fetch(`${proxy.url}${path}`);
    return {
      status: res.status,
      body: await res.text(),
      cache: res.headers.get('x-cache-status'),
      backend: res.headers.get('x-backend'),
      cacheControl: res.headers.get('cache-control'),
    };
  }

  beforeAll(async () => {
    a = await startBackend('a');
    b = await startBackend('b');
    proxy = await ThrowawayNginx.start(tools, { upstreams: [a.address, b.address] });
  });
  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a, b].filter((x) => x !== undefined).map(stopBackend));
  });

  test('a full hash tile is fetched from a backend once, then served from the cache', async () => {
    const first = await get('/tile/0/000');
    const second = await get('/tile/0/000');
    expect(first).toMatchObject({ status: 200, cache: 'MISS', body: tileBytes('/tile/0/000').toString() });
    expect(second).toMatchObject({ status: 200, cache: 'HIT', body: first.body, cacheControl: 'public, max-age=31536000, immutable' });
    expect(reached('/tile/0/000')).toBe(1);
  });

  test('a full entry bundle and a full tile of a higher level are cached too', async () => {
    for (const path of ['/tile/entries/001', '/tile/1/000']) {
      await get(path);
      expect((await get(path)).cache).toBe('HIT');
      expect(reached(path)).toBe(1);
    }
  });

  test('a partial tile always goes to a backend', async () => {
    for (const path of ['/tile/0/005.p/7', '/tile/entries/005.p/7']) {
      const first = await get(path);
      const second = await get(path);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.cache).toBeNull(); // no cache was consulted
      expect(reached(path)).toBe(2);
    }
  });

  test('/checkpoint always goes to a backend and is never answered from the cache', async () => {
    const first = await get('/checkpoint');
    const second = await get('/checkpoint');
    expect(first.body).not.toBe(second.body);
    expect(reached('/checkpoint')).toBe(2);
  });

  test('/v1/* always goes to a backend', async () => {
    await get('/v1/log');
    await get('/v1/log');
    expect(reached('/v1/log')).toBe(2);
  });

  test('a 404 for a tile the tree does not have yet is not cached', async () => {
    expect((await get('/tile/0/005')).status).toBe(404);
    expect((await get('/tile/0/005')).status).toBe(404);
    expect(reached('/tile/0/005')).toBe(2);
  });

  test('a full tile of a log that requires reader tokens (Cache-Control: private) is not cached', async () => {
    shared.requireReaderForReads = true;
    try {
      const first = await get('/tile/0/003');
      const second = await get('/tile/0/003');
      expect(first.cacheControl).toBe('private, max-age=31536000, immutable');
      expect(second.cache).toBe('MISS');
      expect(reached('/tile/0/003')).toBe(2);
    } finally {
      shared.requireReaderForReads = false;
    }
  });

  test('requests are spread round robin over both backends', async () => {
    const backends = new Set<string | null>();
    for (let i = 0; i < 4; i++) backends.add((await get('/checkpoint')).backend);
    expect(backends).toEqual(new Set(['a', 'b']));
  });

  test('with one backend stopped, every read and an append reach the other one', async () => {
    await stopBackend(b);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await get('/checkpoint'));
    expect(answers.map((x) => [x.status, x.backend])).toEqual(Array(6).fill([200, 'a']));
    const append = await fetch(`${proxy.url}/v1/entries`, { method: 'POST', body: 'event', headers: { 'Content-Type': 'application/octet-stream' } });
    expect(append.status).toBe(201);
    expect(append.headers.get('x-backend')).toBe('a');
    expect(a.requests.filter((r) => r === 'POST /v1/entries')).toHaveLength(1);
  });

  test('with both backends stopped, cached full tiles are still served and the checkpoint is not', async () => {
    await stopBackend(a);
    const tile = await get('/tile/0/000');
    expect(tile).toMatchObject({ status: 200, cache: 'HIT', body: tileBytes('/tile/0/000').toString() });
    expect((await get('/checkpoint')).status).toBe(502);
  });
});
