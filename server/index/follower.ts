/**
 * The index follower: tails committed entries and maintains the posting lists, OUTSIDE the
 * commit path (issue 13 "indexes that never slow appends"). The sequencer never waits for it: a
 * commit only wakes it (onCommit), and it reads what was committed through the EntrySource, in
 * chunks, each chunk's postings and the new position written in one synced batch. Under load a
 * chunk takes many rounds at once, so the follower's fsyncs do not grow with the append rate.
 *
 * Crash safety: the position is written with the postings of the chunk it covers. After a crash
 * the follower resumes at the recorded position; a chunk that was written but not recorded
 * cannot exist (one batch), and one written again writes identical keys.
 */
import type { EntrySource } from './entry-source.js';
import { IndexError } from './errors.js';
import type { IndexStore } from './index-store.js';
import { payloadSizeOf } from './postings.js';

/** Tuning and observation of a follower. */
export interface FollowerOptions {
  /** Entries per chunk (one read of leaves and payloads, one synced batch). Default 4096. */
  chunkSize?: number;
  /**
   * Payload bytes per chunk at most (the leaves say each payload's size; a chunk is cut before
   * it would exceed this, but holds at least one entry). Default 16 MiB: a chunk of 4096
   * one-MiB payloads would otherwise be read into memory at once.
   */
  maxChunkBytes?: number;
  /** Called after every chunk written (metrics, tests, logs). */
  onChunk?: (report: ChunkReport) => void;
  /** Called when a chunk fails; the follower retries after `retryDelayMs`. */
  onError?: (error: unknown) => void;
  /** Delay before retrying a failed chunk. Default 1000 ms. */
  retryDelayMs?: number;
  /**
   * How long a commit waits before it wakes the follower (commits meanwhile join it): fewer,
   * larger chunks when the follower keeps up, so the fixed costs of a chunk (reads, a message to
   * the index worker, an fsync) are paid once for many rounds. Default 0 (the next turn).
   */
  coalesceMs?: number;
}

/** What one chunk did. */
export interface ChunkReport {
  start: number;
  end: number;
  postings: number;
  /** Entries without indexable payload fields (skipped, not an error). */
  withoutFields: number;
  undecodable: number;
  ms: number;
}

/** Maintains an IndexStore from an EntrySource. Create with `IndexFollower.start`. */
export class IndexFollower {
  private position: number;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wakeScheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private readonly waiters: { size: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private readonly chunkSize: number;
  /** The last chunk failure, cleared by the next success. */
  lastError: unknown;

  private constructor(
    private readonly source: EntrySource,
    private readonly store: IndexStore,
    position: number,
    private readonly options: FollowerOptions,
  ) {
    this.position = position;
    this.chunkSize = options.chunkSize ?? 4096;
    if (!Number.isSafeInteger(this.chunkSize) || this.chunkSize < 1) throw new RangeError('chunkSize must be a positive integer');
    // The listener runs inside the sequencer's commit: defer to a later turn of the event loop
    // so that not even the synchronous start of a chunk (parsing an in-memory bundle) delays
    // the round's answers.
    this.unsubscribe = source.onCommit(() => {
      if (this.wakeScheduled) return;
      this.wakeScheduled = true;
      const wake = (): void => {
        this.wakeScheduled = false;
        this.wake();
      };
      if ((options.coalesceMs ?? 0) > 0) setTimeout(wake, options.coalesceMs).unref();
      else setImmediate(wake);
    });
  }

  /**
   * Reads the recorded position, subscribes to commits and starts catching up (without waiting:
   * `whenIndexed(source.committedSize())` waits for that). Throws IndexError INDEX_AHEAD when the
   * index covers more entries than the log has: the log is not the one indexed (run reindex).
   */
  static async start(source: EntrySource, store: IndexStore, options: FollowerOptions = {}): Promise<IndexFollower> {
    const position = await store.readPosition();
    const size = source.committedSize();
    if (position > size) {
      throw new IndexError(
        'INDEX_AHEAD',
        `the index covers ${position} entries but the log has ${size}: the data folder was restored or replaced; run \`cairn reindex\``,
      );
    }
    const follower = new IndexFollower(source, store, position, options);
    follower.wake();
    return follower;
  }

  /** Entries 0..indexedSize-1 are indexed (and durable in the index store). */
  get indexedSize(): number {
    return this.position;
  }

  /** Committed entries not yet indexed (a metric: `cairn_index_lag_entries`). */
  get lag(): number {
    return Math.max(0, this.source.committedSize() - this.position);
  }

  /** Resolves once indexedSize >= size; rejects if the follower stops first. */
  whenIndexed(size: number): Promise<void> {
    if (this.position >= size) return Promise.resolve();
    if (this.stopped) return Promise.reject(new IndexError('INDEX_CLOSED', 'the index follower is stopped'));
    return new Promise((resolve, reject) => this.waiters.push({ size, resolve, reject }));
  }

  /** Stops following: waits for the chunk in progress, then unsubscribes. Does not close the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    await this.running;
    for (const w of this.waiters.splice(0)) w.reject(new IndexError('INDEX_CLOSED', 'the index follower was stopped'));
  }

  /** Starts the catch-up loop unless it runs (one loop at a time: chunks are written in order). */
  private wake(): void {
    if (this.stopped || this.running !== undefined || this.retryTimer !== undefined) return;
    this.running = this.catchUp().finally(() => {
      this.running = undefined;
      // A commit that arrived while the last chunk was written.
      if (!this.stopped && this.retryTimer === undefined && this.position < this.source.committedSize()) this.wake();
    });
  }

  private async catchUp(): Promise<void> {
    while (!this.stopped) {
      const size = this.source.committedSize();
      if (this.position >= size) return;
      const start = this.position;
      const end = Math.min(size, start + this.chunkSize);
      try {
        await this.indexChunk(start, end);
      } catch (err) {
        this.lastError = err;
        this.options.onError?.(err);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.wake();
        }, this.options.retryDelayMs ?? 1000);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private async indexChunk(start: number, end: number): Promise<void> {
    const report = await indexChunk(this.source, this.store, start, end, this.options.maxChunkBytes);
    this.position = report.end;
    this.lastError = undefined;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.size <= report.end) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
    this.options.onChunk?.(report);
  }
}

/**
 * Rebuilds the whole index from the entries (`cairn reindex --data DIR`): clears the store,
 * indexes every entry committed when it starts, chunk by chunk (the first failure rejects), and
 * resolves with the number indexed. Requires that nothing else writes to the store meanwhile
 * (no server running on the folder). `onChunk` reports progress.
 */
export async function reindex(
  source: EntrySource,
  store: IndexStore,
  options: Pick<FollowerOptions, 'chunkSize' | 'maxChunkBytes' | 'onChunk'> = {},
): Promise<number> {
  const chunkSize = options.chunkSize ?? 4096;
  await store.clear();
  const size = source.committedSize();
  for (let start = 0; start < size;) {
    const report = await indexChunk(source, store, start, Math.min(size, start + chunkSize), options.maxChunkBytes);
    options.onChunk?.(report);
    start = report.end;
  }
  return size;
}

/**
 * Indexes entries start..end-1, or a prefix of them holding at most `maxBytes` of payloads (at
 * least one entry), into `store` in one synced batch that records the chunk's end as the
 * position. The report's `end` says where the chunk stopped.
 */
async function indexChunk(source: EntrySource, store: IndexStore, start: number, end: number, maxBytes = DEFAULT_MAX_CHUNK_BYTES): Promise<ChunkReport> {
  const started = performance.now();
  let leaves = await source.readLeaves(start, end);
  if (leaves.length !== end - start) throw new IndexError('INDEX_CORRUPT', `the log returned ${leaves.length} leaves for entries ${start}..${end - 1}`);
  const cut = start + entriesWithin(leaves, maxBytes);
  leaves = leaves.slice(0, cut - start);
  const payloads = await source.readPayloads(start, cut);
  if (payloads.length !== cut - start) throw new IndexError('INDEX_CORRUPT', `the log returned ${payloads.length} payloads for entries ${start}..${cut - 1}`);
  const found = await store.indexEntries(start, leaves, payloads, cut);
  return {
    start,
    end: cut,
    postings: found.postings,
    withoutFields: found.withoutFields,
    undecodable: found.undecodable,
    ms: performance.now() - started,
  };
}

const DEFAULT_MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * How many leading entries fit `maxBytes` of payloads (at least 1), by the payload sizes their
 * leaves declare (read without decoding the leaves: payloadSizeOf); a malformed leaf counts 0.
 */
function entriesWithin(leaves: readonly Uint8Array[], maxBytes: number): number {
  let bytes = 0;
  for (let i = 0; i < leaves.length; i++) {
    bytes += payloadSizeOf(leaves[i]!);
    if (bytes > maxBytes && i > 0) return i;
  }
  return leaves.length;
}
