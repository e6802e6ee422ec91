/**
 * Reads must cost what they return (issue 6 "hostile input": bad or greedy input never takes the
 * server down). A monitor or reader asking `GET /v1/entries?start=&end=` for a capped range with
 * payloads must make the server read about as many bytes from its store as the answer carries,
 * not one whole round's payload chunk per entry: with rounds of 1000 events that is a thousand
 * times the work, and on a real store one request of 1000 entries of 16 KiB each (16 MB of
 * payloads) was seen to grow the process past 20 GB until the kernel killed it.
 *
 * The store is a MemoryKv that counts the value bytes it hands out (the only wrapper: a real
 * LevelDB reports no such count), under the real KvLogStore, CairnLog and HTTP server.
 *
 * This was a real gap (one 1000-entry range of 16 KiB events grew the process past 20 GB): the
 * store now cuts each round's payloads into chunks of at most 64 KiB (or one larger event), a
 * range reads each chunk once, and a range with payloads is also cut to a byte budget
 * (`maxRangePayloadBytes`).
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { CairnLog } from '../../server/cairn-log.js';
import type { RunningHttpServer } from '../../server/http/index.js';
import type { KvRange } from '../../server/store/level/kv.js';
import { KvLogStore } from '../../server/store/level/kv-log-store.js';
import { MemoryKv } from '../../server/store/memory/memory-kv.js';
import { serveLog } from '../helpers/server.js';
import { TempDirs } from '../helpers/temp-dir.js';

/** A MemoryKv that counts the bytes of every value it returns. */
class CountingKv extends MemoryKv {
  bytesRead = 0;

  override async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    const v = await super.get(key);
    this.bytesRead += v?.length ?? 0;
    return v;
  }

  override async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const vs = await super.getMany(keys);
    for (const v of vs) this.bytesRead += v?.length ?? 0;
    return vs;
  }

  override async *iterate(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    for await (const e of super.iterate(range)) {
      this.bytesRead += e[1].length;
      yield e;
    }
  }
}

const temp = new TempDirs();
let log: CairnLog | undefined;
let http: RunningHttpServer | undefined;

afterEach(async () => {
  await http?.close();
  await log?.close();
  await temp.cleanup();
  http = undefined;
  log = undefined;
});

const ENTRIES = 300;
const PAYLOAD_BYTES = 1024;

/** A log with one round of `count` events of PAYLOAD_BYTES each, served on 127.0.0.1. */
async function oneBigRound(count = ENTRIES): Promise<{ kv: CountingKv; url: string; reader: string }> {
  const kv = new CountingKv();
  log = await CairnLog.open({ dataDir: await temp.make('cairn-amp-'), origin: 'test.example/log' }, { store: new KvLogStore(kv) });
  http = await serveLog(log);
  const writer = log.firstStart!.token;
  const reader = (await log.credentials.add('auditor', 'reader')).token;
  const entries = Array.from({ length: count }, (_, i) => ({ payload: Buffer.alloc(PAYLOAD_BYTES, i % 251).toString('base64') }));
  const res = await fetch(`${http.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
  expect(res.status).toBe(201);
  expect(log.checkpoint.treeSize).toBe(count);
  return { kv, url: http.url, reader };
}

describe('GET /v1/entries with payloads', () => {
  test('reads about as many bytes from the store as it returns, not a round chunk per entry', async () => {
    const { kv, url, reader } = await oneBigRound();
    kv.bytesRead = 0;
    const res = await fetch(`${url}/v1/entries?start=0&end=${ENTRIES}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entries: { payload?: string }[] };
    expect(body.entries).toHaveLength(ENTRIES);
    expect(body.entries.every((e) => e.payload !== undefined)).toBe(true);
    // What the answer needs: every payload and nonce, plus the leaves (two entry bundles).
    const needed = ENTRIES * (PAYLOAD_BYTES + 32) + 2 * 256 * 200;
    // Generous: four times that. One chunk read per entry would be ENTRIES times the chunk.
    expect(kv.bytesRead).toBeLessThanOrEqual(4 * needed);
  });

  test('without payloads (no reader token) it reads no payloads at all', async () => {
    const { kv, url } = await oneBigRound();
    kv.bytesRead = 0;
    const res = await fetch(`${url}/v1/entries?start=0&end=${ENTRIES}`);
    expect(res.status).toBe(200);
    expect(kv.bytesRead).toBeLessThan(ENTRIES * PAYLOAD_BYTES);
  });
});

describe('GET /v1/entries byte budget', () => {
  test('a range with payloads is cut to maxRangePayloadBytes (at least one entry), without payloads it is not', async () => {
    const { reader } = await oneBigRound();
    // The budget is HTTP policy: serve the same log under two budgets.
    await http!.close();
    http = await serveLog(log!, { policy: { requestLimits: { maxRangePayloadBytes: 10 * PAYLOAD_BYTES + 1 } } });
    const url = http.url;
    const tiny = await serveLog(log!, { policy: { requestLimits: { maxRangePayloadBytes: 1 } } });
    try {
      const withPayloads = (await (await fetch(`${url}/v1/entries?start=5&end=100`, { headers: { authorization: `Bearer ${reader}` } })).json()) as {
        end: number;
        entries: unknown[];
      };
      expect(withPayloads.entries).toHaveLength(10);
      expect(withPayloads.end).toBe(15);
      const one = (await (await fetch(`${tiny.url}/v1/entries?start=5&end=100`, { headers: { authorization: `Bearer ${reader}` } })).json()) as {
        entries: unknown[];
      };
      expect(one.entries).toHaveLength(1);
      const without = (await (await fetch(`${url}/v1/entries?start=5&end=100`)).json()) as { entries: unknown[] };
      expect(without.entries).toHaveLength(95);
    } finally {
      await tiny.close();
    }
  });
});

describe('GET /v1/entries/<index> with its payload', () => {
  test('reads about one payload, one bundle and the proof tiles per entry, not the round chunk', async () => {
    const count = 1000;
    const { kv, url, reader } = await oneBigRound(count);
    kv.bytesRead = 0;
    const indexes = [0, 1, 255, 256, 499, 500, 767, 900, 998, 999];
    for (const i of indexes) {
      const res = await fetch(`${url}/v1/entries/${i}`, { headers: { authorization: `Bearer ${reader}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { payload?: string }).payload).toBe(Buffer.alloc(PAYLOAD_BYTES, i % 251).toString('base64'));
    }
    // Per entry: its payload and nonce, its entry bundle (256 leaves of under 200 bytes), the
    // tiles of its proof (a few of 256 hashes), the checkpoint; doubled for slack.
    const perEntry = PAYLOAD_BYTES + 32 + 256 * 200 + 4 * 256 * 32 + 4096;
    expect(kv.bytesRead).toBeLessThanOrEqual(2 * indexes.length * perEntry);
  });
});
