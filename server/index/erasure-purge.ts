/**
 * Erasure reaches the search index (issue 14 × issue 13): the actor, action and target postings
 * of an erased entry are values from its payload (personal data: "alice"), so they are removed
 * from the index when the erasure is known, and the follower never writes them for an entry
 * already erased (follower.ts). The submitter postings stay: the submitter is in the leaf, which
 * erasure keeps.
 *
 * Without the payload the values are not known (another process of a shared log may have
 * deleted it already), so a purge visits every actor, action and target value, but not every
 * block: blocks are in index order within a value and never cross a BLOCK_SPAN (keys.ts), so per
 * value it seeks straight to the first block that may hold an erased index, reads the blocks
 * whose span holds one, seeks over spans without any, and seeks past the value when no erased
 * index is left above. The cost is about one seek per distinct value plus the blocks touched,
 * not the size of the index (a retention sweep erases the oldest entries: each value's first
 * blocks).
 *
 * Durability: the rewritten blocks and PURGED_KEY (the highest erasure record whose entries are
 * purged) go in ONE synced batch; after a crash the records above PURGED_KEY are purged again
 * (rewriting a block without indexes it no longer holds changes nothing). Then a compaction of
 * the touched fields drops the erased keys from LevelDB's tables (compactPurgedFields); the store
 * that owns the database then reopens it (level-handle.ts) for LevelDB's own files. The batch
 * also holds UNCOMPACTED_KEY, deleted after the reopen: a crash before it is finished at the
 * next open (LevelIndexStore.open).
 */
import { BLOCK_SPAN, decodeU64, encodeU64, forEachBlockIndex, postingIndex, postingKey, writeBlockGaps } from './keys.js';
import type { Db } from './level-handle.js';

const EMPTY = new Uint8Array(0);

/** The highest erasure record purged from the index (keys.ts's reserved 0x00 space). */
export const PURGED_KEY = Uint8Array.of(0x00, 0x65);

/** The highest erasure record whose entries the index no longer names, or -1. */
export async function readPurged(db: Db): Promise<number> {
  const value = await db.get(PURGED_KEY);
  return value === undefined ? -1 : decodeU64(value, 'purged erasure record');
}

/**
 * Put in a purge's batch when it removes postings, with the lowest and highest field tag it
 * touched; deleted once the removed keys left LevelDB's files (compaction, then the store's
 * reopen: LevelIndexStore.purgeWork). Found at open after a crash, that is finished first.
 */
export const UNCOMPACTED_KEY = Uint8Array.of(0x00, 0x6b);

/** The field tags of an UNCOMPACTED_KEY value: as written, or all three when it is damaged. */
export function uncompactedTags(value: Uint8Array): [number, number] {
  const [low, high] = value;
  return value.length === 2 && low! >= 1 && low! <= high! && high! <= 3 ? [low!, high!] : [1, 3];
}

/** Keys of actor, action and target blocks (tags 1 to 3, keys.ts); submitter (4) is kept. */
const PURGED_FIELDS = { gte: Uint8Array.of(0x01), lt: Uint8Array.of(0x04) };

/** What one purge did, and what it cost. */
export interface PurgeWork {
  /** Postings removed. */
  removed: number;
  /** Blocks rewritten (or deleted): those that held an erased index. */
  rewritten: number;
  /** Keys read from LevelDB, and seeks made, by the walk. */
  keysRead: number;
  seeks: number;
  /** Milliseconds of the walk and batch, of the compaction, and of the store's reopen after it (level-handle.ts). */
  walkMs: number;
  compactMs: number;
  reopenMs: number;
}

/**
 * Removes `indexes` from every actor, action and target block and records `record` as purged,
 * in one synced batch, then compacts the fields touched. Requires `record` >= the recorded one
 * and no other writer of the touched keys meanwhile (the store runs writes one at a time).
 */
export async function purgeErased(db: Db, indexes: readonly number[], record: number): Promise<PurgeWork> {
  const started = performance.now();
  const erased = [...new Set(indexes)].sort((a, b) => a - b);
  const batch = db.batch();
  const work: PurgeWork = { removed: 0, rewritten: 0, keysRead: 0, seeks: 0, walkMs: 0, compactMs: 0, reopenMs: 0 };
  let low: number | undefined;
  let high: number | undefined;
  if (erased.length > 0) {
    for await (const [key, gaps] of erasedBlocks(db, erased, work)) {
      const first = postingIndex(key);
      const kept: number[] = [];
      let removedHere = 0;
      forEachBlockIndex(first, gaps, (index) => {
        if (holdsAny(erased, index, index + 1)) removedHere++;
        else kept.push(index);
      });
      if (removedHere === 0) continue;
      work.removed += removedHere;
      work.rewritten++;
      batch.del(key);
      low ??= key[0]!;
      high = key[0]!;
      if (kept.length > 0) {
        const out = Buffer.allocUnsafe(5 * kept.length);
        const end = writeBlockGaps(out, 0, kept, 0, kept.length);
        batch.put(postingKey(key.subarray(0, key.length - 8), kept[0]!), out.subarray(0, end));
      }
    }
  }
  batch.put(PURGED_KEY, encodeU64(record));
  if (low !== undefined && high !== undefined) batch.put(UNCOMPACTED_KEY, Uint8Array.of(low, high));
  await batch.write({ sync: true });
  const compacting = performance.now();
  work.walkMs = compacting - started;
  if (low !== undefined && high !== undefined) {
    await compactPurgedFields(db, low, high);
    work.compactMs = performance.now() - compacting;
  }
  return work;
}

/**
 * The blocks (key, gaps) of tags 1 to 3 that may hold an index of sorted, non-empty `erased`, in
 * key order; counts the keys read and the seeks in `work`. Keys that are not posting keys
 * (compactPurgedFields's markers, left by a crash) are passed over.
 *
 * A seek repositions LevelDB's iterator over every level and costs a round trip to its thread
 * (60-200 µs measured on a 1M-entry index), reading on about 2 µs a key: so the walk reads on
 * towards its next place and seeks only once SEEK_AFTER keys were passed over on the way (a value
 * with many blocks); a value with few blocks is cheaper to read past.
 */
async function* erasedBlocks(db: Db, erased: readonly number[], work: PurgeWork): AsyncGenerator<[Uint8Array, Uint8Array]> {
  const iterator = db.iterator(PURGED_FIELDS);
  try {
    let buffer: [Uint8Array, Uint8Array][] = [];
    let at = 0;
    let batchSize = MIN_BATCH;
    /** The next place to look at (undefined: the next key), and the keys passed over towards it. */
    let place: Uint8Array | undefined;
    let passed = 0;
    for (;;) {
      if (place !== undefined) {
        while (at < buffer.length && Buffer.compare(buffer[at]![0], place) < 0) {
          at++;
          passed++;
        }
        if (at < buffer.length) place = undefined;
      }
      if (at >= buffer.length) {
        if (place !== undefined && passed >= SEEK_AFTER) {
          iterator.seek(new Uint8Array(place));
          work.seeks++;
          place = undefined;
          batchSize = MIN_BATCH;
        } else if (place !== undefined) batchSize = Math.max(MIN_BATCH, SEEK_AFTER - passed);
        else if (buffer.length > 0) batchSize = Math.min(MAX_BATCH, batchSize * 2);
        buffer = await iterator.nextv(batchSize);
        at = 0;
        work.keysRead += buffer.length;
        if (buffer.length === 0) return;
        continue;
      }
      const [key, gaps] = buffer[at]!;
      const prefixLength = key.length - 8;
      if (key.length < 3 + 8 || prefixLength !== 3 + ((key[1]! << 8) | key[2]!)) {
        at++;
        continue;
      }
      // The block holds indexes in [first, the end of its span).
      const first = postingIndex(key);
      const next = lowerBound(erased, first);
      if (next < erased.length && erased[next]! < first - (first % BLOCK_SPAN) + BLOCK_SPAN) {
        yield [key, gaps];
        at++;
        continue;
      }
      // No erased index in this block: on to the span of the next erased index, or past the
      // value (no posting key of it reaches prefix ‖ ff×8) when none is left above.
      const prefix = key.subarray(0, prefixLength);
      place = next < erased.length ? postingKey(prefix, erased[next]! - (erased[next]! % BLOCK_SPAN)) : Buffer.concat([prefix, PAST_VALUE]);
      passed = 0;
    }
  } finally {
    await iterator.close();
  }
}

/** After every posting key of a value: its prefix then this. */
const PAST_VALUE = Buffer.alloc(8, 0xff);
/** Keys read at once after a seek, doubling (up to MAX_BATCH) while reading blocks on (towards a place: up to SEEK_AFTER). */
const MIN_BATCH = 16;
const MAX_BATCH = 256;
/** Keys passed over towards the next place before the walk seeks to it instead. */
const SEEK_AFTER = 64;

/**
 * Compacts the keys of tags `low` to `high` (1 to 3) so that deleted keys leave LevelDB's tables.
 *
 * A deleted key's bytes stay in LevelDB's log and tables until a compaction rewrites the table
 * that holds them, and a manual compaction never rewrites the deepest level holding the range.
 * So two short marker keys (no posting key is that short) bound the fields the purge touched:
 * flushed, they overlap every table of the range, and the compaction merges all of it down,
 * dropping the erased keys and their tombstones. The bounds hold the field tags alone, because
 * LevelDB writes them to its LOG file. LevelDB's LOG also names the key where a manual compaction
 * larger than a table stops, and its MANIFEST the boundary keys of the tables before the
 * compaction: the store reopens the database after this, without the LOG (level-handle.ts).
 *
 * The whole of the touched fields is rewritten: a retention sweep touches every value's oldest
 * blocks, spread over the whole key range (the layout is value first). The erasure follower
 * bounds how often this runs (erasure-follower.ts purgeIntervalMs).
 */
export async function compactPurgedFields(db: Db, low: number, high: number): Promise<void> {
  const first = Uint8Array.of(low);
  const last = Uint8Array.of(high, 0xff, 0xff);
  const end = Uint8Array.of(high + 1);
  const compact = db as unknown as { compactRange(start: Uint8Array, end: Uint8Array): Promise<void> };
  // First the memtable into a table (the erased keys and their tombstones may both be there).
  await compact.compactRange(first, end);
  await db.batch([
    { type: 'put', key: first, value: EMPTY },
    { type: 'put', key: last, value: EMPTY },
  ]);
  await compact.compactRange(first, end);
  await db.batch([
    { type: 'del', key: first },
    { type: 'del', key: last },
  ]);
}

/** The position of the first index >= `value` in sorted `erased`. */
function lowerBound(erased: readonly number[], value: number): number {
  let lo = 0;
  let hi = erased.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (erased[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether sorted `erased` has an index in [from, to). */
function holdsAny(erased: readonly number[], from: number, to: number): boolean {
  const at = lowerBound(erased, from);
  return at < erased.length && erased[at]! < to;
}
