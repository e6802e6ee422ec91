/**
 * IndexStore on its own LevelDB folder (`<data>/index/`, level 10, binary keys), separate from
 * the log's store so that indexing never contends with the commit's batches and the index can be
 * deleted and rebuilt without touching the log. Key layout: keys.ts.
 */
import { join } from 'node:path';
import { UNCOMPACTED_KEY, compactPurgedFields, purgeErased, readPurged, uncompactedTags, type PurgeWork } from './erasure-purge.js';
import { IndexError } from './errors.js';
import type { SourcePayload } from './entry-source.js';
import type { IndexedChunk, IndexStore, Posting, PostingCursor, SearchOrder } from './index-store.js';
import { mergeJoin, type JoinFilter } from './merge-join.js';
import { forEachPosting } from './postings.js';
import {
  BLOCK_SPAN,
  INDEXED_FIELDS,
  INDEX_FORMAT_VERSION,
  POSITION_KEY,
  VERSION_KEY,
  decodeU64,
  encodeU64,
  forEachBlockIndex,
  postingIndex,
  postingKey,
  postingPrefix,
  writeBlockGaps,
  type IndexedField,
} from './keys.js';
import { LevelHandle, openIndexDb, type Db } from './level-handle.js';

/** Set while a clear runs; found at open, the clear is finished first. */
const CLEARING_KEY = Uint8Array.of(0x00, 0x63);
const EMPTY = new Uint8Array(0);

/** The index folder inside a data folder. */
export function indexDir(dataDir: string): string {
  return join(dataDir, 'index');
}

export class LevelIndexStore implements IndexStore {
  private closed = false;
  /** The key prefixes of the values seen lately: most values of a chunk were in the last ones too. */
  private readonly prefixes = new PrefixCache();

  private constructor(private readonly handle: LevelHandle) {}

  /**
   * Opens (creating) the index store in `dir`. Finishes an interrupted clear, and a purge
   * interrupted before its removed keys left LevelDB's files (erasure-purge.ts UNCOMPACTED_KEY);
   * clears an index of an older format version (position 0: the follower rebuilds it). Rejects with IndexError
   * INDEX_CORRUPT when the folder holds a newer or unknown format (run reindex after deleting
   * it), and with level's LEVEL_LOCKED when another process has it open.
   */
  static async open(dir: string): Promise<LevelIndexStore> {
    const db = await openIndexDb(dir);
    const store = new LevelIndexStore(new LevelHandle(dir, db));
    try {
      const [version, clearing, uncompacted] = await db.getMany([VERSION_KEY, CLEARING_KEY, UNCOMPACTED_KEY]);
      // An index of an older format is derived data: it is cleared and the follower rebuilds it.
      const older = version !== undefined && version.length === 1 && version[0]! < INDEX_FORMAT_VERSION;
      if (clearing !== undefined || older) await store.clear();
      else if (version === undefined) await db.batch([{ type: 'put', key: VERSION_KEY, value: Uint8Array.of(INDEX_FORMAT_VERSION) }], { sync: true });
      else if (version.length !== 1 || version[0] !== INDEX_FORMAT_VERSION) {
        throw new IndexError(
          'INDEX_CORRUPT',
          `the index in ${dir} has format version ${version[0]}, this server writes ${INDEX_FORMAT_VERSION}: delete the folder and run \`cairn reindex\``,
        );
      }
      if (uncompacted !== undefined) {
        const [low, high] = uncompactedTags(uncompacted);
        await compactPurgedFields(db, low, high);
        await store.forgetRemovedKeys();
      }
    } catch (err) {
      await store.handle.close().catch(() => undefined);
      throw err;
    }
    return store;
  }

  async readPosition(): Promise<number> {
    this.checkOpen();
    const value = await this.handle.use((db) => db.get(POSITION_KEY));
    return value === undefined ? 0 : decodeU64(value, 'position');
  }

  async indexEntries(first: number, leaves: readonly Uint8Array[], payloads: readonly (SourcePayload | undefined)[], position: number): Promise<IndexedChunk> {
    this.checkOpen();
    const blocks = new ChunkBlocks(this.prefixes);
    const counts = forEachPosting(first, leaves, payloads, (field, value, index) => blocks.add(field, value, index));
    await this.writeBlocks(blocks, position);
    return counts;
  }

  joinPostings(filters: readonly JoinFilter[], range: { start: number; end: number }, next: number, order: SearchOrder, count: number): Promise<number[]> {
    this.checkOpen();
    return this.handle.use((db) =>
      mergeJoin((field, value, r, o) => new LevelPostingCursor(db, postingPrefix(field, value), r.start, r.end, o), filters, range, next, order, count),
    );
  }

  /** Writes `postings` and `position` in one synced batch (the core of indexEntries). Requires position >= the stored one. */
  async writeChunk(postings: readonly Posting[], position: number): Promise<void> {
    this.checkOpen();
    const blocks = new ChunkBlocks(this.prefixes);
    for (const p of [...postings].sort((a, b) => a.index - b.index)) blocks.add(p.field, p.value, p.index);
    await this.writeBlocks(blocks, position);
  }

  /** One synced batch: the blocks and the position. */
  private async writeBlocks(blocks: ChunkBlocks, position: number): Promise<void> {
    // A chained batch: cheaper than an array batch for thousands of small puts (store/level-kv.ts).
    await this.handle.use((db) => {
      const batch = db.batch();
      blocks.writeTo((key, value) => batch.put(key, value));
      batch.put(POSITION_KEY, encodeU64(position));
      return batch.write({ sync: true });
    });
  }

  /**
   * A cursor over the postings of (field, value) with start <= index < end (merge-join.ts), for
   * tests and tools. Requires no purge running meanwhile (its reopen closes the cursor's
   * database); joinPostings, which searches use, waits for it.
   */
  openPostings(field: IndexedField, value: string, range: { start: number; end: number }, order: SearchOrder): PostingCursor {
    this.checkOpen();
    return new LevelPostingCursor(this.handle.db, postingPrefix(field, value), range.start, range.end, order);
  }

  readPurged(): Promise<number> {
    this.checkOpen();
    return this.handle.use(readPurged);
  }

  async purge(indexes: readonly number[], record: number): Promise<number> {
    return (await this.purgeWork(indexes, record)).removed;
  }

  /**
   * `purge`, answering what it did and cost (erasure-purge.ts PurgeWork). When it removed
   * postings, the database is then closed and opened again without LevelDB's info LOG
   * (level-handle.ts): no file of the index folder keeps an erased key. Other operations wait
   * for the reopen.
   */
  async purgeWork(indexes: readonly number[], record: number): Promise<PurgeWork> {
    this.checkOpen();
    const work = await this.handle.use((db) => purgeErased(db, indexes, record));
    if (work.rewritten > 0) {
      const reopening = performance.now();
      await this.forgetRemovedKeys();
      work.reopenMs = performance.now() - reopening;
    }
    return work;
  }

  /** After a purge's compaction: the reopen (level-handle.ts), then UNCOMPACTED_KEY deleted. */
  private async forgetRemovedKeys(): Promise<void> {
    await this.handle.reopen();
    await this.handle.use((db) => db.del(UNCOMPACTED_KEY));
  }

  async clear(): Promise<void> {
    this.checkOpen();
    // The marker first, durably: a crash in the middle of db.clear (not atomic) is finished at
    // the next open instead of leaving postings without the entries that made them.
    await this.handle.use(async (db) => {
      await db.batch([{ type: 'put', key: CLEARING_KEY, value: EMPTY }], { sync: true });
      await db.clear({ gte: Uint8Array.of(0x01) });
      await db.batch(
        [
          { type: 'put', key: POSITION_KEY, value: encodeU64(0) },
          { type: 'put', key: VERSION_KEY, value: Uint8Array.of(INDEX_FORMAT_VERSION) },
          { type: 'del', key: CLEARING_KEY },
        ],
        { sync: true },
      );
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new IndexError('INDEX_CLOSED', 'the index store is closed');
  }
}

/**
 * One posting list as a LevelDB iterator over its blocks (keys.ts) that may hold an index in
 * [start, end), read in batches of blocks: a target inside the indexes in hand costs no call
 * into LevelDB; one within a block span of the last read reads on (batches doubling, for long
 * runs of a dense list) and a farther one seeks (the batch back to small, for the sparse side of
 * a join). Ascending, a seek lands on the first block at or after alignDown(target); descending,
 * on the last block starting at or before the target.
 */
class LevelPostingCursor implements PostingCursor {
  private readonly iterator;
  /** The in-range indexes of the blocks last read, in the cursor's order; `buffer[at]` is the last one returned (or the next to look at). */
  private buffer: number[] = [];
  private at = 0;
  /** The last index of the blocks read so far (in the cursor's order), before range filtering. */
  private lastRead: number | undefined;
  private batch = MIN_BATCH;
  private iteratorEnded = false;
  private exhausted: boolean;

  constructor(
    db: Db,
    private readonly prefix: Uint8Array,
    private readonly start: number,
    private readonly end: number,
    private readonly order: SearchOrder,
  ) {
    this.exhausted = start >= end;
    this.iterator = db.iterator({ gte: postingKey(prefix, alignDown(start)), lt: postingKey(prefix, Math.max(start, end)), reverse: order === 'desc' });
  }

  async seek(target: number): Promise<number | undefined> {
    if (this.exhausted) return undefined;
    const asc = this.order === 'asc';
    // Seeking outside the range is clamped into it: the iterator's bounds then still hold.
    const clamped = asc ? Math.max(target, this.start) : Math.min(target, this.end - 1);
    if (asc ? clamped >= this.end : clamped < this.start) return this.finish();
    for (;;) {
      while (this.at < this.buffer.length && (asc ? this.buffer[this.at]! < clamped : this.buffer[this.at]! > clamped)) this.at++;
      if (this.at < this.buffer.length) return this.buffer[this.at];
      if (this.iteratorEnded) return this.finish();
      // Far is strictly past every block read: each seek makes progress.
      const far = this.lastRead === undefined || (asc ? clamped - this.lastRead : this.lastRead - clamped) > BLOCK_SPAN;
      if (far) {
        this.iterator.seek(postingKey(this.prefix, asc ? alignDown(clamped) : clamped));
        this.batch = MIN_BATCH;
      } else {
        this.batch = Math.min(MAX_BATCH, this.batch * 2);
      }
      const blocks = await this.iterator.nextv(this.batch);
      if (blocks.length === 0) this.iteratorEnded = true;
      this.readBlocks(blocks);
    }
  }

  async close(): Promise<void> {
    this.exhausted = true;
    await this.iterator.close();
  }

  /** Replaces the buffer with the in-range indexes of `blocks` (in the iterator's order), in the cursor's order. */
  private readBlocks(blocks: [Uint8Array, Uint8Array][]): void {
    const out: number[] = [];
    const { start, end } = this;
    for (const [key, gaps] of blocks) {
      const from = out.length;
      forEachBlockIndex(postingIndex(key), gaps, (index) => {
        if (index >= start && index < end) out.push(index);
      });
      // A descending iterator gives blocks last first; each block is read first to last.
      if (this.order === 'desc') reverseTail(out, from);
    }
    const last = blocks.at(-1);
    if (last !== undefined) {
      let lastIndex = postingIndex(last[0]);
      if (this.order === 'asc') forEachBlockIndex(lastIndex, last[1], (index) => (lastIndex = index));
      this.lastRead = lastIndex;
    }
    this.buffer = out;
    this.at = 0;
  }

  private finish(): undefined {
    this.exhausted = true;
    return undefined;
  }
}

/** The postings of one chunk, grouped by (field, value): one block per value per BLOCK_SPAN. */
class ChunkBlocks {
  constructor(private readonly prefixes: PrefixCache) {}

  private readonly byField = new Map<IndexedField, Map<string, number[]>>(INDEXED_FIELDS.map((f) => [f, new Map()]));
  private count = 0;

  /** Adds a posting. Requires indexes of one (field, value) to be added in increasing order. */
  add(field: IndexedField, value: string, index: number): void {
    const values = this.byField.get(field)!;
    const indexes = values.get(value);
    if (indexes === undefined) values.set(value, [index]);
    else if (indexes[indexes.length - 1]! < index) indexes.push(index);
    this.count++;
  }

  /** Calls `put` with the key and value of every block. */
  writeTo(put: (key: Uint8Array, value: Uint8Array) => void): void {
    // One buffer holds every block's gaps; the batch copies each value.
    const gaps = Buffer.allocUnsafe(2 * this.count);
    let o = 0;
    for (const [field, values] of this.byField) {
      for (const [value, indexes] of values) {
        const prefix = this.prefixes.of(field, value);
        for (let from = 0; from < indexes.length;) {
          const spanEnd = alignDown(indexes[from]!) + BLOCK_SPAN;
          let to = from + 1;
          while (to < indexes.length && indexes[to]! < spanEnd) to++;
          const at = o;
          o = writeBlockGaps(gaps, o, indexes, from, to);
          put(postingKey(prefix, indexes[from]!), gaps.subarray(at, o));
          from = to;
        }
      }
    }
  }
}

/** The key prefixes of (field, value) pairs, up to PREFIX_CACHE_BYTES of them (then it starts afresh). */
class PrefixCache {
  private readonly byField = new Map<IndexedField, Map<string, Uint8Array>>(INDEXED_FIELDS.map((f) => [f, new Map()]));
  private bytes = 0;

  of(field: IndexedField, value: string): Uint8Array {
    const values = this.byField.get(field)!;
    let prefix = values.get(value);
    if (prefix === undefined) {
      if (this.bytes >= PREFIX_CACHE_BYTES) {
        for (const m of this.byField.values()) m.clear();
        this.bytes = 0;
      }
      values.set(value, (prefix = postingPrefix(field, value)));
      this.bytes += prefix.length + 64;
    }
    return prefix;
  }
}

/** About 4 MiB of prefixes and their map entries (64 bytes each counted for the entry and the string). */
const PREFIX_CACHE_BYTES = 4 * 1024 * 1024;

/** The start of the BLOCK_SPAN that holds `index`. */
function alignDown(index: number): number {
  return index - (index % BLOCK_SPAN);
}

/** Reverses out[from..] in place. */
function reverseTail(out: number[], from: number): void {
  for (let i = from, j = out.length - 1; i < j; i++, j--) [out[i], out[j]] = [out[j]!, out[i]!];
}

const MIN_BATCH = 8;
const MAX_BATCH = 512;
