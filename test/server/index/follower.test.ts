/**
 * The index follower over a real log on LevelDB: it indexes every committed entry (checked
 * against the generator's model), skips payloads without fields, follows new commits, records
 * its position durably and resumes from it, catches up on start, and reindex rebuilds exactly
 * what the incremental follower wrote.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Level } from 'level';
import { IndexError, IndexFollower, LevelIndexStore, indexDir, reindex, type ChunkReport, type EntrySource } from '../../../server/index/index.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { dumpIndex, modelPostings } from './index-dump.js';
import { appendBatches, freshLog, logSource, type AppendBatch } from './log-fixture.js';
import { logArb } from './model.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const utf8 = new TextEncoder();
const sample = fc.sample(logArb, { numRuns: 1, seed: 13 })[0]!;

function jsonEvent(body: unknown, contentType = 'application/json'): AppendBatch['events'][number] {
  return { payload: utf8.encode(JSON.stringify(body)), contentType };
}

describe('IndexFollower', () => {
  test('indexes every committed entry exactly as the model says (submitter, actor, action, target)', async () => {
    const { log, dataDir } = await freshLog(temps);
    await appendBatches(log, sample.batches);
    const store = await LevelIndexStore.open(indexDir(dataDir));
    const follower = await IndexFollower.start(logSource(log), store, { chunkSize: 64 });
    await follower.whenIndexed(log.committedSize);
    expect(follower.indexedSize).toBe(sample.model.length);
    expect(follower.lag).toBe(0);
    await follower.stop();
    await store.close();
    await log.close();
    const dump = await dumpIndex(indexDir(dataDir));
    expect(dump.position).toBe(sample.model.length);
    expect(dump.postings).toEqual(modelPostings(sample.model));
  });

  test('skips entries whose payload is not a JSON object, without an error, and still indexes the submitter', async () => {
    const { log, dataDir } = await freshLog(temps);
    await appendBatches(log, [
      {
        submitter: 'ops',
        events: [
          { payload: utf8.encode('not json'), contentType: 'application/json' },
          jsonEvent([1, 2, 3]),
          jsonEvent('alice'),
          jsonEvent({ actor: 'alice', action: 'login', target: 'db' }, 'text/plain'),
          { payload: new Uint8Array(0), contentType: 'application/json' },
          jsonEvent({ actor: 'alice', action: 'login', target: 'db', outcome: 'success' }),
        ],
      },
    ]);
    const reports: ChunkReport[] = [];
    const errors: unknown[] = [];
    const store = await LevelIndexStore.open(indexDir(dataDir));
    const follower = await IndexFollower.start(logSource(log), store, { onChunk: (r) => reports.push(r), onError: (e) => errors.push(e) });
    await follower.whenIndexed(6);
    await follower.stop();
    await store.close();
    await log.close();
    expect(errors).toEqual([]);
    expect(reports.reduce((n, r) => n + r.withoutFields, 0)).toBe(5);
    const dump = await dumpIndex(indexDir(dataDir));
    expect(dump.postings).toEqual(['action=login@5', 'actor=alice@5', ...[0, 1, 2, 3, 4, 5].map((i) => `submitter=ops@${i}`), 'target=db@5'].sort());
  });

  test('follows entries committed after it started, woken by each commit', async () => {
    const { log, dataDir } = await freshLog(temps);
    const store = await LevelIndexStore.open(indexDir(dataDir));
    const follower = await IndexFollower.start(logSource(log), store, { chunkSize: 3 });
    for (let round = 0; round < 5; round++) {
      await appendBatches(log, [
        { submitter: 'default', events: [jsonEvent({ actor: `a${round}`, action: 'x', target: 't' }), jsonEvent({ actor: 'b', action: 'x', target: 't' })] },
      ]);
      await follower.whenIndexed(log.committedSize);
      expect(follower.indexedSize).toBe(2 * (round + 1));
    }
    await follower.stop();
    await store.close();
    await log.close();
    expect((await dumpIndex(indexDir(dataDir))).postings.filter((p) => p.startsWith('actor=a'))).toEqual([
      'actor=a0@0',
      'actor=a1@2',
      'actor=a2@4',
      'actor=a3@6',
      'actor=a4@8',
    ]);
  });

  test('indexes the entries the commit events hand over without reading them back, and reads the store across a gap in them', async () => {
    const { log, dataDir } = await freshLog(temps);
    const source = logSource(log);
    const reads: [number, number][] = [];
    // The real source, counting its reads; every third commit comes without its entries (as a
    // shared log's follower learns sizes only), which leaves a gap the follower must read.
    let commits = 0;
    const counted: EntrySource = {
      committedSize: () => source.committedSize(),
      readLeaves: (start, end) => {
        reads.push([start, end]);
        return source.readLeaves(start, end);
      },
      readPayloads: (start, end) => source.readPayloads(start, end),
      onCommit: (listener) => source.onCommit((size, entries) => listener(size, ++commits % 3 === 0 ? undefined : entries)),
    };
    const store = await LevelIndexStore.open(indexDir(dataDir));
    const follower = await IndexFollower.start(counted, store, { chunkSize: 1000 });
    for (const [i, batch] of sample.batches.entries()) {
      await appendBatches(log, [batch]);
      // Waiting now and then lets both paths run: handed rounds, and a gap read from the store.
      if (i % 4 === 3) await follower.whenIndexed(log.committedSize);
    }
    await follower.whenIndexed(log.committedSize);
    await follower.stop();
    await store.close();
    await log.close();
    const readEntries = reads.reduce((n, [a, b]) => n + b - a, 0);
    expect(readEntries).toBeGreaterThan(0);
    expect(readEntries).toBeLessThan(sample.model.length);
    expect((await dumpIndex(indexDir(dataDir))).postings).toEqual(modelPostings(sample.model));
  });

  test('records its position durably, resumes from it after a restart and catches up on start', async () => {
    const { log, dataDir } = await freshLog(temps);
    const half = Math.floor(sample.batches.length / 2);
    await appendBatches(log, sample.batches.slice(0, half));
    const firstSize = log.committedSize;
    let store = await LevelIndexStore.open(indexDir(dataDir));
    let follower = await IndexFollower.start(logSource(log), store, { chunkSize: 50 });
    await follower.whenIndexed(firstSize);
    await follower.stop();
    await store.close();
    // Entries committed while no follower runs.
    await appendBatches(log, sample.batches.slice(half));
    store = await LevelIndexStore.open(indexDir(dataDir));
    expect(await store.readPosition()).toBe(firstSize);
    const chunks: ChunkReport[] = [];
    follower = await IndexFollower.start(logSource(log), store, { chunkSize: 50, onChunk: (r) => chunks.push(r) });
    expect(follower.indexedSize).toBe(firstSize);
    expect(follower.lag).toBe(log.committedSize - firstSize);
    await follower.whenIndexed(log.committedSize);
    expect(chunks[0]!.start).toBe(firstSize);
    await follower.stop();
    await store.close();
    await log.close();
    expect((await dumpIndex(indexDir(dataDir))).postings).toEqual(modelPostings(sample.model));
  });

  test('reindex rebuilds exactly what the incremental follower wrote, over a store holding stale postings', async () => {
    const { log, dataDir } = await freshLog(temps);
    await appendBatches(log, sample.batches);
    const incremental = await LevelIndexStore.open(indexDir(dataDir));
    const follower = await IndexFollower.start(logSource(log), incremental, { chunkSize: 17 });
    await follower.whenIndexed(log.committedSize);
    await follower.stop();
    await incremental.close();

    const rebuiltDir = await temps.make('cairn-reindex-');
    const rebuilt = await LevelIndexStore.open(rebuiltDir);
    await rebuilt.writeChunk([{ field: 'actor', value: 'stale', index: 3 }], 99_999);
    const progress: ChunkReport[] = [];
    expect(await reindex(logSource(log), rebuilt, { chunkSize: 100, onChunk: (r) => progress.push(r) })).toBe(sample.model.length);
    expect(progress.at(-1)!.end).toBe(sample.model.length);
    await rebuilt.close();
    await log.close();
    const [a, b] = [await dumpIndex(indexDir(dataDir)), await dumpIndex(rebuiltDir)];
    expect(b).toEqual(a);
    expect(b.postings).toEqual(modelPostings(sample.model));
  });

  test('cuts chunks by payload bytes (never below one entry) and still indexes everything', async () => {
    const { log, dataDir } = await freshLog(temps);
    const big = (actor: string) => jsonEvent({ actor, action: 'upload', target: 't', context: { blob: 'x'.repeat(3000) } });
    await appendBatches(log, [{ submitter: 'default', events: [big('a'), big('b'), big('c'), big('d'), big('e')] }]);
    const store = await LevelIndexStore.open(indexDir(dataDir));
    const chunks: ChunkReport[] = [];
    const follower = await IndexFollower.start(logSource(log), store, { maxChunkBytes: 7000, onChunk: (r) => chunks.push(r) });
    await follower.whenIndexed(5);
    await follower.stop();
    await store.close();
    await log.close();
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    const tiny = await freshLog(temps);
    await appendBatches(tiny.log, [{ submitter: 'default', events: [big('a'), big('b')] }]);
    const tinyStore = await LevelIndexStore.open(indexDir(tiny.dataDir));
    const ends: number[] = [];
    await reindex(logSource(tiny.log), tinyStore, { maxChunkBytes: 1, onChunk: (r) => ends.push(r.end) });
    await tinyStore.close();
    await tiny.log.close();
    expect(ends).toEqual([1, 2]);
    expect((await dumpIndex(indexDir(dataDir))).postings.filter((p) => p.startsWith('actor='))).toEqual([
      'actor=a@0',
      'actor=b@1',
      'actor=c@2',
      'actor=d@3',
      'actor=e@4',
    ]);
  });

  test('refuses to start when the index covers more entries than the log (INDEX_AHEAD)', async () => {
    const { log, dataDir } = await freshLog(temps);
    const store = await LevelIndexStore.open(indexDir(dataDir));
    await store.writeChunk([], 10);
    await expect(IndexFollower.start(logSource(log), store)).rejects.toMatchObject({ code: 'INDEX_AHEAD' });
    await store.close();
    await log.close();
  });

  test('whenIndexed rejects with INDEX_CLOSED once the follower is stopped', async () => {
    const { log, dataDir } = await freshLog(temps);
    await appendBatches(log, [{ submitter: 'default', events: [jsonEvent({ actor: 'a', action: 'b', target: 'c' })] }]);
    const store = await LevelIndexStore.open(indexDir(dataDir));
    const follower = await IndexFollower.start(logSource(log), store);
    await follower.stop();
    await expect(follower.whenIndexed(1000)).rejects.toBeInstanceOf(IndexError);
    await store.close();
    await log.close();
  });

  test('retries a chunk whose write failed, and reports the failure', async () => {
    const { log, dataDir } = await freshLog(temps);
    await appendBatches(log, [{ submitter: 'default', events: [jsonEvent({ actor: 'a', action: 'b', target: 'c' })] }]);
    const store = await LevelIndexStore.open(indexDir(dataDir));
    // The only fault here that a real disk cannot be made to produce on demand: one failed write.
    let failures = 1;
    const faulty = Object.create(store) as LevelIndexStore;
    faulty.indexEntries = (first, leaves, payloads, position) =>
      failures-- > 0 ? Promise.reject(new Error('injected write failure')) : store.indexEntries(first, leaves, payloads, position);
    const errors: unknown[] = [];
    const follower = await IndexFollower.start(logSource(log), faulty, { retryDelayMs: 5, onError: (e) => errors.push(e) });
    await follower.whenIndexed(1);
    expect(errors).toHaveLength(1);
    expect(follower.lastError).toBeUndefined();
    await follower.stop();
    await store.close();
    await log.close();
  });
});

describe('LevelIndexStore', () => {
  test('finishes an interrupted clear when opened again', async () => {
    const dir = await temps.make('cairn-index-store-');
    const store = await LevelIndexStore.open(dir);
    await store.writeChunk([{ field: 'actor', value: 'alice', index: 0 }], 1);
    await store.close();
    // The marker clear() writes first, as a crash right after it would leave it.
    const raw = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await raw.put(Uint8Array.of(0x00, 0x63), new Uint8Array(0));
    await raw.close();
    const reopened = await LevelIndexStore.open(dir);
    expect(await reopened.readPosition()).toBe(0);
    await reopened.close();
    expect((await dumpIndex(dir)).postings).toEqual([]);
  });

  test('refuses a folder of a newer format version', async () => {
    const dir = await temps.make('cairn-index-store-');
    const raw = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await raw.put(Uint8Array.of(0x00, 0x76), Uint8Array.of(99));
    await raw.close();
    await expect(LevelIndexStore.open(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });

  test('clears an index of the older format (one key per posting), so the follower rebuilds it from 0', async () => {
    const dir = await temps.make('cairn-index-store-');
    const raw = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    const oldPosting = Buffer.concat([Uint8Array.of(1, 0, 5), Buffer.from('alice'), Buffer.alloc(8)]);
    await raw.batch([
      { type: 'put', key: Uint8Array.of(0x00, 0x76), value: Uint8Array.of(1) },
      { type: 'put', key: Uint8Array.of(0x00, 0x70), value: Buffer.from([0, 0, 0, 0, 0, 0, 0, 7]) },
      { type: 'put', key: oldPosting, value: new Uint8Array(0) },
    ]);
    await raw.close();
    const store = await LevelIndexStore.open(dir);
    expect(await store.readPosition()).toBe(0);
    await store.close();
    expect((await dumpIndex(dir)).postings).toEqual([]);
  });

  test('posting blocks read back in both orders, across spans and chunks, from any seek target', async () => {
    const dir = await temps.make('cairn-index-store-');
    const store = await LevelIndexStore.open(dir);
    // Dense and sparse lists, written in chunks whose edges do not align with the 4096 spans.
    const dense = Array.from({ length: 9000 }, (_, i) => i).filter((i) => i % 3 !== 1);
    const sparse = [0, 4095, 4096, 4097, 8191, 8192, 12_000, 20_000];
    const edges = [0, 1000, 4100, 4200, 9000, 12_001, 20_001];
    for (let c = 1; c < edges.length; c++) {
      const inChunk = (i: number): boolean => i >= edges[c - 1]! && i < edges[c]!;
      await store.writeChunk(
        [
          ...dense.filter(inChunk).map((index) => ({ field: 'action' as const, value: 'read', index })),
          ...sparse.filter(inChunk).map((index) => ({ field: 'actor' as const, value: 'alice', index })),
        ],
        edges[c]!,
      );
    }
    const walk = async (value: string, start: number, end: number, order: 'asc' | 'desc', targets: number[]): Promise<(number | undefined)[]> => {
      const cursor = store.openPostings(value === 'read' ? 'action' : 'actor', value, { start, end }, order);
      const out: (number | undefined)[] = [];
      for (const t of targets) out.push(await cursor.seek(t));
      await cursor.close();
      return out;
    };
    const expected = (list: number[], start: number, end: number, order: 'asc' | 'desc', targets: number[]): (number | undefined)[] =>
      targets.map((t) =>
        order === 'asc' ? list.find((i) => i >= Math.max(t, start) && i < end) : [...list].reverse().find((i) => i <= Math.min(t, end - 1) && i >= start),
      );
    const ascTargets = [0, 1, 2, 3, 4094, 4096, 4097, 5000, 8192, 8193, 12_000, 12_001, 19_999, 20_000, 25_000];
    const descTargets = [...ascTargets].reverse();
    for (const [value, list] of [
      ['read', dense],
      ['alice', sparse],
    ] as const) {
      for (const [start, end] of [
        [0, 20_001],
        [1, 8192],
        [4097, 12_001],
        [5000, 5001],
      ] as const) {
        expect(await walk(value, start, end, 'asc', ascTargets)).toEqual(expected([...list], start, end, 'asc', ascTargets));
        expect(await walk(value, start, end, 'desc', descTargets)).toEqual(expected([...list], start, end, 'desc', descTargets));
      }
      // Every element, one after the other (the merge join's step of one).
      const all: number[] = [];
      const cursor = store.openPostings(value === 'read' ? 'action' : 'actor', value, { start: 0, end: 20_001 }, 'desc');
      for (let t = 20_000, got = await cursor.seek(t); got !== undefined; got = await cursor.seek(got - 1)) all.push(got);
      await cursor.close();
      expect(all).toEqual([...list].reverse());
    }
    await store.close();
    expect((await dumpIndex(dir)).postings).toEqual([...dense.map((i) => `action=read@${i}`), ...sparse.map((i) => `actor=alice@${i}`)].sort());
  });

  test('refuses calls after close (INDEX_CLOSED)', async () => {
    const store = await LevelIndexStore.open(await temps.make('cairn-index-store-'));
    await store.close();
    await expect(store.readPosition()).rejects.toMatchObject({ code: 'INDEX_CLOSED' });
  });
});
