/**
 * Erasure reaches the search index (issue 14 × issue 13): the actor, action and target postings
 * of an erased entry are values from its payload (personal data: "alice"), so they are removed
 * from the index when the erasure is known, and the follower never writes them for an entry
 * already erased (follower.ts). The submitter postings stay: the submitter is in the leaf, which
 * erasure keeps.
 *
 * Without the payload the values are not known (another process of a shared log may have
 * deleted it already), so a purge walks every actor, action and target block (keys.ts) and
 * rewrites the blocks whose span holds an erased index. Erasures are rare; the walk reads the
 * index once per purge, and one purge takes every erasure record not purged yet.
 *
 * Durability: the rewritten blocks and PURGED_KEY (the highest erasure record whose entries are
 * purged) go in ONE synced batch; after a crash the records above PURGED_KEY are purged again
 * (rewriting a block without indexes it no longer holds changes nothing).
 */
import type { Level } from 'level';
import { BLOCK_SPAN, decodeU64, encodeU64, forEachBlockIndex, postingIndex, postingKey, writeBlockGaps } from './keys.js';

type Db = Level<Uint8Array, Uint8Array>;

const EMPTY = new Uint8Array(0);

/** The highest erasure record purged from the index (keys.ts's reserved 0x00 space). */
export const PURGED_KEY = Uint8Array.of(0x00, 0x65);

/** The highest erasure record whose entries the index no longer names, or -1. */
export async function readPurged(db: Db): Promise<number> {
  const value = await db.get(PURGED_KEY);
  return value === undefined ? -1 : decodeU64(value, 'purged erasure record');
}

/** Keys of actor, action and target blocks (tags 1 to 3, keys.ts); submitter (4) is kept. */
const PURGED_FIELDS = { gte: Uint8Array.of(0x01), lt: Uint8Array.of(0x04) };

/**
 * Removes `indexes` from every actor, action and target block and records `record` as purged,
 * in one synced batch. Requires `record` >= the recorded one. Resolves with the postings removed.
 */
export async function purgeErased(db: Db, indexes: readonly number[], record: number): Promise<number> {
  const erased = [...new Set(indexes)].sort((a, b) => a - b);
  const batch = db.batch();
  let removed = 0;
  let low: Uint8Array | undefined;
  let high: Uint8Array | undefined;
  for await (const [key, gaps] of db.iterator(PURGED_FIELDS)) {
    if (key.length < 3 + 8) continue;
    const first = postingIndex(key);
    const spanEnd = first - (first % BLOCK_SPAN) + BLOCK_SPAN;
    if (!holdsAny(erased, first, spanEnd)) continue;
    const kept: number[] = [];
    let removedHere = 0;
    forEachBlockIndex(first, gaps, (index) => {
      if (holdsAny(erased, index, index + 1)) removedHere++;
      else kept.push(index);
    });
    if (removedHere === 0) continue;
    removed += removedHere;
    batch.del(key);
    low ??= key;
    high = key;
    if (kept.length > 0) {
      const out = Buffer.allocUnsafe(5 * kept.length);
      const end = writeBlockGaps(out, 0, kept, 0, kept.length);
      batch.put(postingKey(key.subarray(0, key.length - 8), kept[0]!), out.subarray(0, end));
    }
  }
  batch.put(PURGED_KEY, encodeU64(record));
  await batch.write({ sync: true });
  // A deleted key's bytes stay in LevelDB's log and tables until a compaction rewrites the table
  // that holds them, and a manual compaction never rewrites the deepest level holding the range.
  // So two short marker keys (no posting key is that short) bound the fields the purge touched:
  // flushed, they overlap every table of the range, and the compaction merges all of it down,
  // dropping the erased keys and their tombstones. The bounds hold the field tags alone, because
  // LevelDB writes them to its LOG file. (The MANIFEST still names old tables' boundary keys
  // until the next open rewrites it.)
  if (low !== undefined && high !== undefined) {
    const first = Uint8Array.of(low[0]!);
    const last = Uint8Array.of(high[0]!, 0xff, 0xff);
    const end = Uint8Array.of(high[0]! + 1);
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
  return removed;
}

/** Whether sorted `erased` has an index in [from, to). */
function holdsAny(erased: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = erased.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (erased[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < erased.length && erased[lo]! < to;
}
