/**
 * IndexStore on its own LevelDB folder (`<data>/index/`, level 10, binary keys), separate from
 * the log's store so that indexing never contends with the commit's batches and the index can be
 * deleted and rebuilt without touching the log. Key layout: keys.ts.
 */
import { join } from 'node:path';
import { Level } from 'level';
import { IndexError } from './errors.js';
import type { SourcePayload } from './entry-source.js';
import type { IndexedChunk, IndexStore, Posting, PostingCursor, SearchOrder } from './index-store.js';
import { mergeJoin, type JoinFilter } from './merge-join.js';
import { forEachPosting } from './postings.js';
import { INDEX_FORMAT_VERSION, POSITION_KEY, VERSION_KEY, decodeU64, encodeU64, postingIndex, postingKey, postingPrefix, type IndexedField } from './keys.js';

type Db = Level<Uint8Array, Uint8Array>;

/** Set while a clear runs; found at open, the clear is finished first. */
const CLEARING_KEY = Uint8Array.of(0x00, 0x63);
const EMPTY = new Uint8Array(0);

/** The index folder inside a data folder. */
export function indexDir(dataDir: string): string {
  return join(dataDir, 'index');
}

export class LevelIndexStore implements IndexStore {
  private closed = false;

  private constructor(private readonly db: Db) {}

  /**
   * Opens (creating) the index store in `dir`. Finishes an interrupted clear. Rejects with
   * IndexError INDEX_CORRUPT when the folder holds another format version (run reindex after
   * deleting it), and with level's LEVEL_LOCKED when another process has it open.
   */
  static async open(dir: string): Promise<LevelIndexStore> {
    const db: Db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    const store = new LevelIndexStore(db);
    try {
      const [version, clearing] = await db.getMany([VERSION_KEY, CLEARING_KEY]);
      if (clearing !== undefined) await store.clear();
      else if (version === undefined) await db.batch([{ type: 'put', key: VERSION_KEY, value: Uint8Array.of(INDEX_FORMAT_VERSION) }], { sync: true });
      else if (version.length !== 1 || version[0] !== INDEX_FORMAT_VERSION) {
        throw new IndexError(
          'INDEX_CORRUPT',
          `the index in ${dir} has format version ${version[0]}, this server writes ${INDEX_FORMAT_VERSION}: delete the folder and run \`cairn reindex\``,
        );
      }
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
    return store;
  }

  async readPosition(): Promise<number> {
    this.checkOpen();
    const value = await this.db.get(POSITION_KEY);
    return value === undefined ? 0 : decodeU64(value, 'position');
  }

  async indexEntries(first: number, leaves: readonly Uint8Array[], payloads: readonly (SourcePayload | undefined)[], position: number): Promise<IndexedChunk> {
    this.checkOpen();
    // Keys straight into one chained batch: no posting objects in between.
    const batch = this.db.batch();
    const prefixes = new PrefixCache();
    const counts = forEachPosting(first, leaves, payloads, (field, value, index) => batch.put(postingKey(prefixes.of(field, value), index), EMPTY));
    batch.put(POSITION_KEY, encodeU64(position));
    await batch.write({ sync: true });
    return counts;
  }

  joinPostings(filters: readonly JoinFilter[], range: { start: number; end: number }, next: number, order: SearchOrder, count: number): Promise<number[]> {
    this.checkOpen();
    return mergeJoin((field, value, r, o) => this.openPostings(field, value, r, o), filters, range, next, order, count);
  }

  /** Writes `postings` and `position` in one synced batch (the core of indexEntries). Requires position >= the stored one. */
  async writeChunk(postings: readonly Posting[], position: number): Promise<void> {
    this.checkOpen();
    // A chained batch: cheaper than an array batch for thousands of small puts (store/level-kv.ts).
    const batch = this.db.batch();
    const prefixes = new PrefixCache();
    for (const p of postings) batch.put(postingKey(prefixes.of(p.field, p.value), p.index), EMPTY);
    batch.put(POSITION_KEY, encodeU64(position));
    await batch.write({ sync: true });
  }

  /** A cursor over the postings of (field, value) with start <= index < end (merge-join.ts). */
  openPostings(field: IndexedField, value: string, range: { start: number; end: number }, order: SearchOrder): PostingCursor {
    this.checkOpen();
    return new LevelPostingCursor(this.db, postingPrefix(field, value), range.start, range.end, order);
  }

  async clear(): Promise<void> {
    this.checkOpen();
    // The marker first, durably: a crash in the middle of db.clear (not atomic) is finished at
    // the next open instead of leaving postings without the entries that made them.
    await this.db.batch([{ type: 'put', key: CLEARING_KEY, value: EMPTY }], { sync: true });
    await this.db.clear({ gte: Uint8Array.of(0x01) });
    await this.db.batch(
      [
        { type: 'put', key: POSITION_KEY, value: encodeU64(0) },
        { type: 'put', key: VERSION_KEY, value: Uint8Array.of(INDEX_FORMAT_VERSION) },
        { type: 'del', key: CLEARING_KEY },
      ],
      { sync: true },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new IndexError('INDEX_CLOSED', 'the index store is closed');
  }
}

/**
 * One posting list as a LevelDB key iterator over [prefix|start, prefix|end), read in batches:
 * a target inside the batch in hand costs no call into LevelDB; past it, a target right after the
 * batch reads on (batches doubling, for long runs of a dense list) and a farther one seeks (the
 * batch back to small, for the sparse side of a join).
 */
class LevelPostingCursor implements PostingCursor {
  private readonly iterator;
  /** Indexes read from the iterator; `buffer[at]` is the last one returned (or the next to look at). */
  private buffer: number[] = [];
  private at = 0;
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
    this.iterator = db.keys({ gte: postingKey(prefix, start), lt: postingKey(prefix, Math.max(start, end)), reverse: order === 'desc' });
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
      const last = this.buffer.at(-1);
      if (last !== undefined && clamped === (asc ? last + 1 : last - 1)) {
        this.batch = Math.min(MAX_BATCH, this.batch * 2);
      } else {
        this.iterator.seek(postingKey(this.prefix, clamped));
        this.batch = MIN_BATCH;
      }
      const keys = await this.iterator.nextv(this.batch);
      if (keys.length === 0) this.iteratorEnded = true;
      this.buffer = keys.map(postingIndex);
      this.at = 0;
    }
  }

  async close(): Promise<void> {
    this.exhausted = true;
    await this.iterator.close();
  }

  private finish(): undefined {
    this.exhausted = true;
    return undefined;
  }
}

/** A chunk repeats few (field, value) pairs many times: one key prefix each. */
class PrefixCache {
  private readonly byField = new Map<IndexedField, Map<string, Uint8Array>>();
  of(field: IndexedField, value: string): Uint8Array {
    let values = this.byField.get(field);
    if (values === undefined) this.byField.set(field, (values = new Map()));
    let prefix = values.get(value);
    if (prefix === undefined) values.set(value, (prefix = postingPrefix(field, value)));
    return prefix;
  }
}

const MIN_BATCH = 8;
const MAX_BATCH = 512;
