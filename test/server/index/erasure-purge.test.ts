/**
 * The purge of erased entries from a real LevelIndexStore (server/index/erasure-purge.ts,
 * level-handle.ts): it removes exactly the erased entries' actor, action and target postings
 * (checked against a model, the index read back by index-dump.ts), its walk reads about a
 * value's first blocks, not the index, searches running beside it wait for its reopen instead of
 * failing, an erased value that was a table's boundary key leaves every file of the index
 * folder (MANIFEST and LOG included) without a restart, and a purge interrupted between its
 * batch and its compaction is finished at the next open.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Level } from 'level';
import { PURGED_KEY, UNCOMPACTED_KEY, type PurgeWork } from '../../../server/index/erasure-purge.js';
import { LevelIndexStore, type IndexedField, type Posting } from '../../../server/index/index.js';
import { filesHolding } from '../../helpers/files.js';
import { prng as random } from '../../helpers/prng.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { dumpIndex } from './index-dump.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

/** Entry i's postings: actors from many values (most rare), actions from few, targets between. */
function entryPostings(i: number, next: () => number): Posting[] {
  return [
    { field: 'actor', value: `user-${Math.floor(next() * 3000)}`, index: i },
    { field: 'action', value: `action-${Math.floor(next() * 8)}`, index: i },
    { field: 'target', value: `target-${Math.floor(next() * 300)}`, index: i },
    { field: 'submitter', value: `submitter-${i % 3}`, index: i },
  ];
}

/** `field=value@index` strings, sorted, as dumpIndex gives them. */
const text = (postings: readonly Posting[]): string[] => postings.map((p) => `${p.field}=${p.value}@${p.index}`).sort();

/** Writes `postings` (sorted by index) in chunks of `chunk` entries, as the follower does. */
async function writeChunks(store: LevelIndexStore, postings: readonly Posting[], size: number, chunk: number): Promise<void> {
  for (let start = 0; start < size; start += chunk) {
    const end = Math.min(size, start + chunk);
    await store.writeChunk(
      postings.filter((p) => p.index >= start && p.index < end),
      end,
    );
  }
}

describe('purging erased entries from the index', () => {
  test('removes exactly the erased entries’ actor, action and target postings and keeps their submitter', async () => {
    const dir = await temps.make('cairn-purge-model-');
    const size = 30_000;
    const next = random(14);
    const all: Posting[] = [];
    for (let i = 0; i < size; i++) all.push(...entryPostings(i, next));
    let store = await LevelIndexStore.open(dir);
    await writeChunks(store, all, size, 500);

    // A retention sweep (the oldest 1%), then scattered erasures, then one every value holds
    // in its last span, each purged in turn and checked against the model.
    const erasures = [Array.from({ length: size / 100 }, (_, i) => i), Array.from({ length: 15 }, () => Math.floor(next() * size)), [size - 1]];
    const erased = new Set<number>();
    for (const [record, indexes] of erasures.entries()) {
      const fresh = new Set(indexes.filter((i) => !erased.has(i)));
      for (const i of indexes) erased.add(i);
      const work = await store.purgeWork(indexes, record);
      const expected = all.filter((p) => p.field === 'submitter' || !erased.has(p.index));
      expect(work.removed).toBe(3 * fresh.size);
      await store.close();
      const dumped = await dumpIndex(dir);
      expect(dumped.postings).toEqual(text(expected));
      store = await LevelIndexStore.open(dir);
      expect(await store.readPurged()).toBe(record);
    }
    // Purging the same entries again removes nothing and rewrites nothing.
    const again = await store.purgeWork(erasures[0]!, 3);
    expect({ removed: again.removed, rewritten: again.rewritten }).toEqual({ removed: 0, rewritten: 0 });
    await store.close();
  });

  test('a retention purge reads each value’s first blocks and seeks past the rest, not the whole index', async () => {
    const dir = await temps.make('cairn-purge-cost-');
    // Long posting lists: in chunks of 50 entries, each action and target value has a block in
    // nearly every chunk, each actor one in most.
    const size = 40_000;
    const next = random(3);
    const all: Posting[] = [];
    for (let i = 0; i < size; i++) {
      all.push({ field: 'actor', value: `user-${Math.floor(next() * 200)}`, index: i });
      all.push({ field: 'action', value: `action-${i % 8}`, index: i });
      all.push({ field: 'target', value: `target-${Math.floor(next() * 40)}`, index: i });
    }
    let store = await LevelIndexStore.open(dir);
    await writeChunks(store, all, size, 50);
    const blocks = await countBlocks(store, dir);
    store = await LevelIndexStore.open(dir);
    const oldest = Array.from({ length: size / 100 }, (_, i) => i);
    const work: PurgeWork = await store.purgeWork(oldest, 0);
    expect(work.removed).toBe(3 * oldest.length);
    // 248 values, each with its blocks of the first 8 chunks (rewritten), at most SEEK_AFTER (64)
    // passed over, and the batch read after the seek (16); the index holds ~70 000.
    expect(blocks).toBeGreaterThan(60_000);
    expect(work.seeks).toBeLessThanOrEqual(248);
    expect(work.keysRead).toBeLessThanOrEqual(248 * (64 + 16) + work.rewritten);
    expect(work.keysRead).toBeLessThan(blocks / 2);
    await store.close();
  });

  test('searches running beside a purge wait for its reopen and answer as before it or after it, never fail', async () => {
    const dir = await temps.make('cairn-purge-beside-');
    const size = 5_000;
    const next = random(7);
    const all: Posting[] = [];
    for (let i = 0; i < size; i++) all.push(...entryPostings(i, next));
    const store = await LevelIndexStore.open(dir);
    await writeChunks(store, all, size, 1000);
    const erased = Array.from({ length: 50 }, (_, i) => i * 7);
    const action = 'action-3';
    const before = all.filter((p) => p.field === 'action' && p.value === action).map((p) => p.index);
    const after = before.filter((i) => !erased.includes(i));
    const searches: Promise<number[]>[] = [];
    const purge = store.purgeWork(erased, 0);
    let done = false;
    void purge.finally(() => (done = true));
    while (!done && searches.length < 200) {
      searches.push(store.joinPostings([{ field: 'action', value: action }], { start: 0, end: size }, 0, 'asc', size));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect((await purge).rewritten).toBeGreaterThan(0);
    const answers = await Promise.all(searches);
    expect(answers.length).toBeGreaterThan(1);
    for (const a of answers) expect([before, after]).toContainEqual(a);
    expect(await store.joinPostings([{ field: 'action', value: action }], { start: 0, end: size }, 0, 'asc', size)).toEqual(after);
    await store.close();
  });

  test('an erased value that was a table’s boundary key is in no file of the index folder (MANIFEST, LOG, tables, logs) after the purge, without a restart', async () => {
    const dir = await temps.make('cairn-purge-files-');
    // A person's identifier: random, so its bytes stay literal in LevelDB's compressed tables.
    const id = randomBytes(24).toString('base64url');
    const person = `zz-${id}`;
    // Another person, kept: the same search finds its bytes (the check is not vacuous).
    const keptId = randomBytes(24).toString('base64url');
    const kept = `k-${keptId}`;
    const postings: Posting[] = [];
    for (let i = 0; i < 200; i++) postings.push({ field: 'actor', value: i >= 190 ? person : i % 7 === 3 ? kept : `user-${i % 7}`, index: i });
    let store = await LevelIndexStore.open(dir);
    await writeChunks(store, postings, 200, 50);
    await store.close();
    // Into a table, the person's last posting key its largest key: the MANIFEST names it.
    const raw = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await raw.open();
    await (raw as unknown as { compactRange(a: Uint8Array, b: Uint8Array): Promise<void> }).compactRange(Uint8Array.of(0), Uint8Array.of(0xff));
    await raw.close();
    store = await LevelIndexStore.open(dir);
    const before = await filesHolding(dir, id);
    expect(before.some((f) => f.startsWith('MANIFEST-'))).toBe(true);
    expect(before.some((f) => f.endsWith('.ldb'))).toBe(true);

    const work = await store.purgeWork(
      Array.from({ length: 10 }, (_, i) => 190 + i),
      0,
    );
    expect(work.removed).toBe(10);
    expect(await filesHolding(dir, id)).toEqual([]);
    // The index still answers, from the reopened database, and still holds the others.
    const field: IndexedField = 'actor';
    expect(await store.joinPostings([{ field, value: person }], { start: 0, end: 200 }, 0, 'asc', 200)).toEqual([]);
    expect(await store.joinPostings([{ field, value: kept }], { start: 0, end: 200 }, 0, 'asc', 200)).toHaveLength(27);
    expect((await filesHolding(dir, keptId)).length).toBeGreaterThan(0);
    await store.close();
    expect(await filesHolding(dir, id)).toEqual([]);
  });

  test('a purge interrupted after its batch, before its compaction, is finished at the next open: the erased value leaves every file', async () => {
    const dir = await temps.make('cairn-purge-crash-');
    const id = randomBytes(24).toString('base64url');
    const person = `zz-${id}`;
    const postings: Posting[] = [];
    for (let i = 0; i < 100; i++) postings.push({ field: 'actor', value: i % 10 === 0 ? person : `user-${i % 7}`, index: i });
    const store = await LevelIndexStore.open(dir);
    await writeChunks(store, postings, 100, 25);
    await store.close();
    // What a purge's batch leaves when the process dies right after it: the blocks deleted, the
    // record marked purged and UNCOMPACTED_KEY set, the keys still in the table and the MANIFEST.
    const raw = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await raw.open();
    await (raw as unknown as { compactRange(a: Uint8Array, b: Uint8Array): Promise<void> }).compactRange(Uint8Array.of(0), Uint8Array.of(0xff));
    const prefix = Buffer.concat([Uint8Array.of(1, 0, Buffer.byteLength(person)), Buffer.from(person)]);
    const keys: Uint8Array[] = [];
    for await (const key of raw.keys({ gte: prefix, lt: Buffer.concat([prefix, Buffer.alloc(8, 0xff)]) })) keys.push(key);
    expect(keys.length).toBeGreaterThan(0);
    await raw.batch([
      ...keys.map((key) => ({ type: 'del' as const, key })),
      { type: 'put', key: PURGED_KEY, value: Buffer.alloc(8) },
      { type: 'put', key: UNCOMPACTED_KEY, value: Uint8Array.of(1, 1) },
    ]);
    await raw.close();
    expect((await filesHolding(dir, id)).length).toBeGreaterThan(0);

    const reopened = await LevelIndexStore.open(dir);
    expect(await filesHolding(dir, id)).toEqual([]);
    expect(await reopened.readPurged()).toBe(0);
    expect(await reopened.joinPostings([{ field: 'actor', value: 'user-3' }], { start: 0, end: 100 }, 0, 'asc', 100)).toEqual([
      3, 17, 24, 31, 38, 45, 52, 59, 66, 73, 87, 94,
    ]);
    await reopened.close();
    const after = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    expect(await after.get(UNCOMPACTED_KEY)).toBeUndefined();
    await after.close();
  });
});

/** Closes `store` and counts the posting blocks of tags 1 to 3 in its folder. */
async function countBlocks(store: LevelIndexStore, dir: string): Promise<number> {
  await store.close();
  const raw = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
  let count = 0;
  for await (const _ of raw.keys({ gte: Uint8Array.of(1), lt: Uint8Array.of(4) })) count++;
  await raw.close();
  return count;
}
