/**
 * TileClient (client/tiles/tile-client.ts) against a real HTTP server on 127.0.0.1: what it
 * reads, the one retry policy it shares with CairnClient (client/retry.ts), the caps on hostile
 * bodies, the partial-to-full fallback of tlog-tiles, the token and the concurrency bound.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { HASH_SIZE, TILE_WIDTH } from '../../../merkle/index.js';
import { MAX_NOTE_SIZE, VerificationError } from '../../../proofs/index.js';
import { CairnHttpError, CairnRequestError, TileClient, TileError, type RetryEvent } from '../../../client/index.js';
import { memoryTlog, serveTiles, type MemoryTlog, type TilesServer } from './tiles-fixture.js';

// Fast retries: the policy is the same, only the steps are small.
const FAST = { retryBaseDelayMs: 5, maxRetryDelayMs: 2000 } as const;

let log: MemoryTlog;
let server: TilesServer;

beforeAll(async () => {
  log = memoryTlog([300, 70_000]);
  server = await serveTiles(log.files);
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  server.setFaults(undefined);
  server.requests.length = 0;
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('reading a healthy log', () => {
  test('the checkpoint is the note, byte for byte', async () => {
    const client = new TileClient(server.url);
    expect(await client.checkpoint()).toBe(log.notes.get(70_000));
  });

  test('a full hash tile is 256 hashes, a partial one its width', async () => {
    const client = new TileClient(server.url + '/');
    expect(await client.readHashTile(0, 0, TILE_WIDTH)).toEqual(log.files.get('tile/0/000'));
    const width = 70_000 % TILE_WIDTH;
    const partial = await client.readHashTile(0, 273, width);
    expect(partial.length).toBe(width * HASH_SIZE);
    expect(server.requests).toContain('tile/0/273.p/112');
  });

  test('an entry bundle gives the exact entries', async () => {
    const client = new TileClient(server.url);
    expect(await client.readEntryBundle(1, TILE_WIDTH)).toEqual(log.entries.slice(256, 512));
  });

  test('bytes and requests are counted', async () => {
    const client = new TileClient(server.url);
    await client.readHashTile(0, 0, TILE_WIDTH);
    await client.readHashTile(1, 1, 17);
    expect(client.requests).toBe(2);
    expect(client.bytesReceived).toBe((TILE_WIDTH + 17) * HASH_SIZE);
  });

  test('a token is sent as a bearer token', async () => {
    server.authorizations.length = 0;
    await new TileClient(server.url, { token: 'reader-secret' }).checkpoint();
    expect(server.authorizations).toEqual(['Bearer reader-secret']);
  });

  test('a URL prefix with a path is kept (a log behind a proxy)', async () => {
    const prefixed = await serveTiles(new Map([...log.files].map(([p, b]) => [`logs/a/${p}`, b])));
    try {
      expect(await new TileClient(`${prefixed.url}/logs/a`).checkpoint()).toBe(log.notes.get(70_000));
    } finally {
      await prefixed.close();
    }
  });
});

describe('tlog-tiles partial tile fallback', () => {
  test('a partial tile that is gone is read from the full tile', async () => {
    // Size 300 has partial tile 0/001.p/44; after growing to 70000 the full 0/001 exists.
    server.setFaults((path) => (path === 'tile/0/001.p/44' ? { status: 404 } : undefined));
    const tile = await new TileClient(server.url).readHashTile(0, 1, 44);
    expect(tile).toEqual(log.files.get('tile/0/001')!.subarray(0, 44 * HASH_SIZE));
    expect(server.requests).toEqual(['tile/0/001.p/44', 'tile/0/001']);
  });

  test('a partial bundle that is gone is read from the full bundle', async () => {
    server.setFaults((path) => (path === 'tile/entries/001.p/44' ? { status: 404 } : undefined));
    expect(await new TileClient(server.url).readEntryBundle(1, 44)).toEqual(log.entries.slice(256, 300));
  });

  test('a full tile that is gone is NOT_FOUND, with no retry', async () => {
    server.setFaults((path) => (path === 'tile/0/002' ? { status: 404 } : undefined));
    const err = await rejection(new TileClient(server.url, FAST).readHashTile(0, 2, TILE_WIDTH));
    expect(err).toBeInstanceOf(TileError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', where: 'tile/0/002', unreadable: true });
    expect(server.requests).toEqual(['tile/0/002']);
  });
});

describe('the one retry policy (client/retry.ts)', () => {
  test('503 is retried, honouring Retry-After, and the retry is reported', async () => {
    let refused = 0;
    server.setFaults(() => (refused++ < 2 ? { status: 503, headers: { 'Retry-After': '0' } } : undefined));
    const events: RetryEvent[] = [];
    const client = new TileClient(server.url, { ...FAST, onRetry: (e) => events.push(e) });
    expect(await client.checkpoint()).toBe(log.notes.get(70_000));
    expect(server.requests).toEqual(['checkpoint', 'checkpoint', 'checkpoint']);
    expect(events.map((e) => [e.path, e.retry, e.error instanceof CairnHttpError ? e.error.status : 0])).toEqual([
      ['/checkpoint', 1, 503],
      ['/checkpoint', 2, 503],
    ]);
  });

  test('429, 502 and 504 are retried too', async () => {
    const statusOf: Record<string, number> = { 'tile/0/005': 429, 'tile/0/006': 502, 'tile/0/007': 504 };
    server.setFaults((path, seen) => (seen === 0 && statusOf[path] !== undefined ? { status: statusOf[path] } : undefined));
    const client = new TileClient(server.url, FAST);
    for (const index of [5, 6, 7]) await client.readHashTile(0, index, TILE_WIDTH);
    expect(server.requests).toEqual(['tile/0/005', 'tile/0/005', 'tile/0/006', 'tile/0/006', 'tile/0/007', 'tile/0/007']);
  });

  test('500 is not retried: FETCH_FAILED after one attempt', async () => {
    server.setFaults(() => ({ status: 500, body: 'boom' }));
    const err = await rejection(new TileClient(server.url, FAST).checkpoint());
    expect(err).toMatchObject({ code: 'FETCH_FAILED', where: 'checkpoint' });
    expect((err as TileError).cause).toBeInstanceOf(CairnHttpError);
    expect(server.requests).toEqual(['checkpoint']);
  });

  test('retries run out: FETCH_FAILED naming the attempts', async () => {
    server.setFaults(() => ({ status: 503 }));
    const err = await rejection(new TileClient(server.url, { ...FAST, retries: 2 }).checkpoint());
    expect(err).toMatchObject({ code: 'FETCH_FAILED' });
    expect((err as Error).message).toContain('after 3 attempts');
    expect(server.requests.length).toBe(3);
  });

  test('a Retry-After longer than maxRetryDelayMs ends the retries at once', async () => {
    server.setFaults(() => ({ status: 503, headers: { 'Retry-After': '3600' } }));
    const err = await rejection(new TileClient(server.url, FAST).checkpoint());
    expect(err).toMatchObject({ code: 'FETCH_FAILED' });
    expect(server.requests.length).toBe(1);
  });

  test('retries: 0 sends one request only', async () => {
    server.setFaults(() => ({ status: 503 }));
    await rejection(new TileClient(server.url, { retries: 0 }).checkpoint());
    expect(server.requests.length).toBe(1);
  });

  test('an unreachable log is FETCH_FAILED after the retries, caused by a network error', async () => {
    const gone = await serveTiles(new Map());
    await gone.close();
    const err = await rejection(new TileClient(gone.url, { ...FAST, retries: 1 }).checkpoint());
    expect(err).toMatchObject({ code: 'FETCH_FAILED', unreadable: true });
    expect((err as TileError).cause).toMatchObject({ code: 'NETWORK_ERROR', attempts: 2 });
    expect((err as TileError).cause).toBeInstanceOf(CairnRequestError);
  });

  test('a server that does not answer in time is a TIMEOUT, retried', async () => {
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((r) => (release = r));
    let asked = 0;
    server.setFaults(async () => {
      if (asked++ === 0) await stalled;
      return undefined;
    });
    try {
      const tile = await new TileClient(server.url, { ...FAST, timeoutMs: 100 }).readHashTile(1, 1, 17);
      expect(tile.length).toBe(17 * HASH_SIZE);
      expect(server.requests).toEqual(['tile/1/001.p/17', 'tile/1/001.p/17']);
    } finally {
      release();
    }
  });
});

describe('hostile bodies are refused', () => {
  test('a hash tile of the wrong length is MALFORMED_TILE naming it', async () => {
    server.setFaults((path) => (path === 'tile/0/000' ? { status: 200, body: new Uint8Array(100) } : undefined));
    const err = await rejection(new TileClient(server.url).readHashTile(0, 0, TILE_WIDTH));
    expect(err).toMatchObject({ code: 'MALFORMED_TILE', where: 'tile/0/000', unreadable: false });
  });

  test('a hash tile longer than its width is MALFORMED_TILE, not retried', async () => {
    server.setFaults((path) => (path === 'tile/1/001.p/17' ? { status: 200, body: new Uint8Array(18 * HASH_SIZE) } : undefined));
    const err = await rejection(new TileClient(server.url, FAST).readHashTile(1, 1, 17));
    expect(err).toMatchObject({ code: 'MALFORMED_TILE', where: 'tile/1/001.p/17' });
    expect(server.requests).toEqual(['tile/1/001.p/17']);
  });

  test('a bundle that does not parse is MALFORMED_TILE naming it', async () => {
    server.setFaults((path) => (path === 'tile/entries/000' ? { status: 200, body: new Uint8Array([0, 9, 1]) } : undefined));
    const err = await rejection(new TileClient(server.url).readEntryBundle(0, TILE_WIDTH));
    expect(err).toMatchObject({ code: 'MALFORMED_TILE', where: 'tile/entries/000' });
  });

  test('a checkpoint larger than MAX_NOTE_SIZE is MALFORMED_NOTE', async () => {
    server.setFaults(() => ({ status: 200, body: 'x'.repeat(MAX_NOTE_SIZE + 1) }));
    const err = await rejection(new TileClient(server.url).checkpoint());
    expect(err).toBeInstanceOf(VerificationError);
    expect(err).toMatchObject({ code: 'MALFORMED_NOTE' });
  });

  test('a checkpoint that is not UTF-8 is MALFORMED_NOTE', async () => {
    server.setFaults(() => ({ status: 200, body: new Uint8Array([0x6f, 0xff, 0x0a]) }));
    expect(await rejection(new TileClient(server.url).checkpoint())).toMatchObject({ code: 'MALFORMED_NOTE' });
  });
});

describe('concurrency and options', () => {
  test('at most `concurrency` requests are in flight', async () => {
    const slow = await serveTiles(log.files, async () => {
      await new Promise((r) => setImmediate(r));
      return undefined;
    });
    try {
      const client = new TileClient(slow.url, { concurrency: 3 });
      const reads = Array.from({ length: 20 }, (_, i) => client.readHashTile(0, i, TILE_WIDTH));
      expect((await Promise.all(reads)).every((t) => t.length === TILE_WIDTH * HASH_SIZE)).toBe(true);
      expect(slow.maxInFlight).toBeLessThanOrEqual(3);
      expect(slow.maxInFlight).toBeGreaterThan(1);
    } finally {
      await slow.close();
    }
  });

  test('a URL that is not http(s) is refused', () => {
    expect(() => new TileClient('ftp://example.com/log')).toThrow(TileError);
  });

  test('text that is not a URL is refused', () => {
    expect(() => new TileClient('not a url')).toThrow(/not a URL/);
  });

  test('a negative retry count is a RangeError', () => {
    expect(() => new TileClient('http://127.0.0.1:1', { retries: -1 })).toThrow(RangeError);
  });

  test('a zero timeout is a RangeError', () => {
    expect(() => new TileClient('http://127.0.0.1:1', { timeoutMs: 0 })).toThrow(RangeError);
  });

  test('a zero concurrency is a RangeError', () => {
    expect(() => new TileClient('http://127.0.0.1:1', { concurrency: 0 })).toThrow(RangeError);
  });
});
