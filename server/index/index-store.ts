/**
 * The index store: posting lists `(field, value) → indexes` and the follower's durable position,
 * behind one narrow interface. LevelDB implements it (level-index-store.ts); the PostgreSQL
 * store (issue 11) can implement the same interface in SQL (a postings table with a primary key
 * (field, value, index) and a one-row position table, written in one transaction per chunk).
 *
 * Two implementations: LevelIndexStore in the calling thread, and WorkerIndexStore, which runs a
 * LevelIndexStore in a worker thread (the decoding, the JSON parsing, the key building and the
 * merge joins then run on another core than the sequencer).
 *
 * Durability contract:
 * - `indexEntries` writes the postings of a chunk of entries AND the new position as ONE atomic
 *   batch, durable (fsync) once it resolves. After a crash the position is that of the last
 *   chunk written whole; a chunk written again after a crash writes the same keys (idempotent).
 * - `clear` removes every posting and sets the position to 0, crash-safely: a crash during it
 *   leaves a store that finishes the clear when opened again.
 * - Readers see postings only below the position they read (callers bound every range by it).
 */
import type { SourcePayload } from './entry-source.js';
import type { IndexedField } from './keys.js';
import type { JoinFilter } from './merge-join.js';

/** One posting: entry `index` has `value` in `field`. */
export interface Posting {
  field: IndexedField;
  value: string;
  index: number;
}

/** The order in which a posting cursor walks a list. */
export type SearchOrder = 'asc' | 'desc';

/**
 * A walk over one posting list, restricted to indexes start <= i < end, in one order.
 * For the seek-based merge join of search.ts (after leapfrog join).
 */
export interface PostingCursor {
  /**
   * asc: the smallest indexed entry >= target; desc: the largest <= target; undefined when the
   * list has none left in range. Requires targets to move only in the cursor's order (asc:
   * non-decreasing, desc: non-increasing) from call to call.
   */
  seek(target: number): Promise<number | undefined>;
  /** Releases the underlying iterator. Idempotent. */
  close(): Promise<void>;
}

/** What indexing a chunk found (postings.ts ChunkPostings, counted). */
export interface IndexedChunk {
  postings: number;
  /** Entries whose payload gave no indexed field (not JSON, not an object, no actor, action or target, or erased). */
  withoutFields: number;
  /** Entries whose leaf does not decode; not indexed at all. */
  undecodable: number;
}

/** See the file comment for the contract. */
export interface IndexStore {
  /** Entries 0..position-1 are indexed. 0 for a new store. */
  readPosition(): Promise<number>;
  /**
   * Indexes entries first..first+leaves.length-1 (their leaves and payloads, undefined where
   * absent) and records `position` (>= the stored one, <= first+leaves.length), atomically and
   * durably. Requires payloads.length === leaves.length. Entry contents never make it throw.
   */
  indexEntries(first: number, leaves: readonly Uint8Array[], payloads: readonly (SourcePayload | undefined)[], position: number): Promise<IndexedChunk>;
  /** Up to `count` indexes in every filter's posting list (merge-join.ts), from `next` in `order`, within `range`. */
  joinPostings(filters: readonly JoinFilter[], range: { start: number; end: number }, next: number, order: SearchOrder, count: number): Promise<number[]>;
  /** The highest erasure record whose entries the index no longer names (erasure-purge.ts), or -1. */
  readPurged(): Promise<number>;
  /**
   * Removes the actor, action and target postings of entries `indexes` (erased by records up to
   * `record`) and records `record`, atomically and durably (erasure-purge.ts). Resolves with the
   * postings removed. Requires `record` >= readPurged().
   */
  purge(indexes: readonly number[], record: number): Promise<number>;
  /** Removes every posting and resets the position to 0 (reindex). */
  clear(): Promise<void>;
  /** Closes the store; later calls fail with IndexError INDEX_CLOSED. */
  close(): Promise<void>;
}
