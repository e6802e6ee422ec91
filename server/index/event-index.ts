/**
 * The search side of one served log (issue 13 parts 2-4): its index store in `<data>/index/`,
 * the follower that keeps it current off the commit path, the cursor secret, and a progress
 * signal for live streams. `cairn serve` opens one per log; the HTTP routes use it through
 * `search` and `onProgress`.
 */
import type { EntrySource } from './entry-source.js';
import { loadCursorSecret } from './cursor-secret.js';
import { ErasureFollower, type PurgeReport } from './erasure-follower.js';
import { IndexFollower, type ChunkReport } from './follower.js';
import type { IndexStore } from './index-store.js';
import { LevelIndexStore, indexDir } from './level-index-store.js';
import { searchEvents, type SearchQuery, type SearchResult } from './search.js';
import { WorkerIndexStore } from './worker-index-store.js';

/** How long commits are gathered before the follower indexes them (FollowerOptions.coalesceMs). */
const DEFAULT_COALESCE_MS = 20;

/**
 * How many nice levels the index worker runs below the server (Linux): under full load the
 * sequencer and LevelDB go first and the index takes what they leave (its lag grows, then
 * shrinks when the load eases); on an idle core it runs at full speed. 10 levels give it about a
 * tenth of a contended core.
 */
export const INDEX_WORKER_NICE = 10;

/** Seams of `EventIndex.open`. */
export interface EventIndexOptions {
  /** Called after each indexed chunk (logs). */
  onChunk?: (report: ChunkReport) => void;
  /** Called when a chunk or an erasure purge fails (both are retried). */
  onError?: (error: unknown) => void;
  /** Called after each purge of erased entries' postings (erasure-follower.ts). */
  onPurge?: (report: PurgeReport) => void;
  /** Cursor lifetime (default search.ts DEFAULT_CURSOR_TTL_MS). */
  cursorTtlMs?: number;
  /**
   * Run the index store in a worker thread (WorkerIndexStore): indexing and merge joins on
   * another core than the sequencer. Default: whenever the compiled worker is there (always for
   * `cairn serve`; not when the sources run untranspiled, as under jest).
   */
  worker?: boolean;
  /** FollowerOptions.coalesceMs: default 20 ms (filtered streams see new entries that much later). */
  coalesceMs?: number;
  /** ErasureFollowerOptions.purgeIntervalMs: the least time between purges (default 15 minutes). */
  purgeIntervalMs?: number;
  /** Nice levels the index worker runs below the server (Linux; 0: the same). Default INDEX_WORKER_NICE. */
  workerNice?: number;
}

/** The index of one log, followed. */
export class EventIndex {
  private readonly listeners = new Set<() => void>();
  private closed = false;

  private constructor(
    readonly source: EntrySource,
    private readonly store: IndexStore,
    private readonly follower: IndexFollower,
    private readonly purger: ErasureFollower,
    private readonly cursorKey: Uint8Array,
    private readonly options: EventIndexOptions,
    private readonly unsubscribe: () => void,
  ) {}

  /**
   * Opens the index of the log behind `source` in `<dataDir>/index/` and its cursor secret,
   * and starts following (catch-up runs in the background). Rejects with LEVEL_LOCKED when
   * another process holds the index, IndexError INDEX_AHEAD / INDEX_CORRUPT (run reindex).
   */
  static async open(source: EntrySource, dataDir: string, options: EventIndexOptions = {}): Promise<EventIndex> {
    const cursorKey = await loadCursorSecret(dataDir);
    const inWorker = options.worker ?? WorkerIndexStore.available;
    const store: IndexStore = inWorker
      ? await WorkerIndexStore.open(indexDir(dataDir), { nice: options.workerNice ?? INDEX_WORKER_NICE })
      : await LevelIndexStore.open(indexDir(dataDir));
    let index: EventIndex | undefined;
    try {
      const purger = await ErasureFollower.start(source, store, {
        ...(options.onPurge ? { onPurge: options.onPurge } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
        ...(options.purgeIntervalMs !== undefined ? { purgeIntervalMs: options.purgeIntervalMs } : {}),
      });
      const follower = await IndexFollower.start(source, store, {
        coalesceMs: options.coalesceMs ?? DEFAULT_COALESCE_MS,
        onChunk: (report) => {
          options.onChunk?.(report);
          purger.wake();
          index?.notify();
        },
        ...(options.onError ? { onError: options.onError } : {}),
      }).catch(async (err: unknown) => {
        await purger.stop();
        throw err;
      });
      // Unfiltered streams follow commits; filtered ones the follower (its chunks notify too).
      const unsubscribe = source.onCommit(() => setImmediate(() => index?.notify()));
      index = new EventIndex(source, store, follower, purger, cursorKey, options, unsubscribe);
      return index;
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }

  /** Entries 0..indexedSize-1 are indexed. */
  get indexedSize(): number {
    return this.follower.indexedSize;
  }

  /** The highest erasure record whose entries the index no longer names (-1: none). */
  get purgedRecord(): number {
    return this.purger.purgedRecord;
  }

  /** Committed entries not yet indexed (metric `cairn_index_lag_entries`). */
  get lag(): number {
    return this.follower.lag;
  }

  /** Resolves once `size` entries are indexed. */
  whenIndexed(size: number): Promise<void> {
    return this.follower.whenIndexed(size);
  }

  /**
   * One page of a search answered against the checkpoint of `treeSize` (or, with a cursor,
   * the one its first page used). Throws IndexError for bad input (search.ts).
   */
  search(query: SearchQuery, treeSize: number): Promise<SearchResult> {
    return searchEvents(query, {
      store: this.store,
      source: this.source,
      treeSize,
      indexedSize: this.follower.indexedSize,
      cursorKey: this.cursorKey,
      ...(this.options.cursorTtlMs === undefined ? {} : { cursorTtlMs: this.options.cursorTtlMs }),
    });
  }

  /**
   * Calls `listener` after new entries are committed or indexed (live streams wait on it).
   * Returns the function that unsubscribes.
   */
  onProgress(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listeners waiting for progress (open live streams): a gauge, and a leak check in tests. */
  get waitingStreams(): number {
    return this.listeners.size;
  }

  /** True once close() began: streams end. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Stops the follower (waiting for its chunk), wakes every stream so it ends, closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.notify();
    await this.follower.stop();
    await this.purger.stop();
    await this.store.close();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
