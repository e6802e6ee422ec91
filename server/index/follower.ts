/**
 * The index follower: tails committed entries and maintains the posting lists, OUTSIDE the
 * commit path (issue 13 "indexes that never slow appends"). The sequencer never waits for it: a
 * commit only wakes it (onCommit), and it indexes what was committed in chunks, each chunk's
 * postings and the new position written in one synced batch. Under load a chunk takes many
 * rounds at once, so the follower's fsyncs do not grow with the append rate.
 *
 * The entries of a chunk come from the commit events when they can: a round this process
 * committed hands over its leaves and payloads as built (HandedRounds keeps them while they are
 * contiguous with the follower's position, up to a bound), so following at full speed reads
 * nothing back. Everything else (the catch-up at start, a gap, rounds dropped at the bound, a
 * follower of a shared log that only learns new sizes) is read through the EntrySource.
 *
 * Crash safety: the position is written with the postings of the chunk it covers. After a crash
 * the follower resumes at the recorded position; a chunk that was written but not recorded
 * cannot exist (one batch), and one written again writes identical keys.
 */
import type { EntrySource, SourceEntries, SourcePayload } from './entry-source.js';
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
  /** Entries the commit events handed over, not yet indexed. */
  private readonly handed: HandedRounds;
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
    this.handed = new HandedRounds(4 * this.chunkSize, 2 * (options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES));
    this.unsubscribe = source.onCommit((_size, entries) => {
      if (entries !== undefined) this.handed.add(entries);
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
    const report = await indexChunk(this.source, this.store, start, end, this.options.maxChunkBytes, this.handed);
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
 * position. The entries come from `handed` when it holds entry `start` (then the chunk stops
 * where the handed entries do), else from `source` (then it stops where handed ones begin). The
 * report's `end` says where the chunk stopped.
 */
async function indexChunk(
  source: EntrySource,
  store: IndexStore,
  start: number,
  end: number,
  maxBytes = DEFAULT_MAX_CHUNK_BYTES,
  handed?: HandedRounds,
): Promise<ChunkReport> {
  const started = performance.now();
  let leaves: readonly Uint8Array[];
  let payloads: readonly (SourcePayload | undefined)[];
  let cut: number;
  const taken = handed?.take(start, end);
  if (taken !== undefined) {
    const count = entriesWithin(taken.payloads.length, (i) => taken.payloads[i]!.payload.length, maxBytes);
    cut = start + count;
    leaves = count === taken.leaves.length ? taken.leaves : taken.leaves.slice(0, count);
    payloads = count === taken.payloads.length ? taken.payloads : taken.payloads.slice(0, count);
  } else {
    const stop = Math.min(end, handed?.firstAfter(start) ?? end);
    const read = await source.readLeaves(start, stop);
    if (read.length !== stop - start) throw new IndexError('INDEX_CORRUPT', `the log returned ${read.length} leaves for entries ${start}..${stop - 1}`);
    cut = start + entriesWithin(read.length, (i) => payloadSizeOf(read[i]!), maxBytes);
    leaves = read.slice(0, cut - start);
    payloads = await source.readPayloads(start, cut);
    if (payloads.length !== cut - start) throw new IndexError('INDEX_CORRUPT', `the log returned ${payloads.length} payloads for entries ${start}..${cut - 1}`);
  }
  // At the moment the chunk is handed to the store (no await in between): an entry erased by then
  // gets no field postings; one erased later is purged after this chunk (erasure-purge.ts).
  const found = await store.indexEntries(start, leaves, withoutErased(source, start, payloads), cut);
  return {
    start,
    end: cut,
    postings: found.postings,
    withoutFields: found.withoutFields,
    undecodable: found.undecodable,
    ms: performance.now() - started,
  };
}

/** `payloads` of entries first.., with those the source knows erased left out (a copy only then). */
function withoutErased(source: EntrySource, first: number, payloads: readonly (SourcePayload | undefined)[]): readonly (SourcePayload | undefined)[] {
  const isErased = source.isErased?.bind(source);
  if (isErased === undefined) return payloads;
  let out: (SourcePayload | undefined)[] | undefined;
  for (let i = 0; i < payloads.length; i++) {
    if (payloads[i] !== undefined && isErased(first + i)) (out ??= [...payloads])[i] = undefined;
  }
  return out ?? payloads;
}

const DEFAULT_MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * How many of `count` leading entries fit `maxBytes` of payloads (at least 1), by `sizeOf(i)`
 * (the payload's length, or the size its leaf declares: payloadSizeOf, 0 for a malformed leaf).
 */
function entriesWithin(count: number, sizeOf: (i: number) => number, maxBytes: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    bytes += sizeOf(i);
    if (bytes > maxBytes && i > 0) return i;
  }
  return count;
}

/**
 * The rounds the commit events handed over and the follower has not indexed yet: contiguous
 * (a round that does not follow the last one replaces them all), at most `maxEntries` entries
 * and `maxBytes` of payloads (the oldest are dropped beyond; the follower then reads those from
 * the store), so a follower that falls behind holds bounded memory.
 */
class HandedRounds {
  private rounds: SourceEntries[] = [];
  private entries = 0;
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  add(round: SourceEntries): void {
    const last = this.rounds.at(-1);
    if (last !== undefined && last.first + last.leaves.length !== round.first) this.drop(this.rounds.length);
    this.rounds.push(round);
    this.entries += round.leaves.length;
    this.bytes += payloadBytes(round);
    let dropped = 0;
    while (this.rounds.length - dropped > 1 && (this.entries > this.maxEntries || this.bytes > this.maxBytes)) {
      this.entries -= this.rounds[dropped]!.leaves.length;
      this.bytes -= payloadBytes(this.rounds[dropped]!);
      dropped++;
    }
    if (dropped > 0) this.rounds.splice(0, dropped);
  }

  /**
   * The handed entries start..(at most end-1), contiguous from `start`, or undefined when `start`
   * is not among them. Forgets rounds that end at or before `start` (indexed).
   */
  take(start: number, end: number): { leaves: Uint8Array[]; payloads: SourcePayload[] } | undefined {
    let forget = 0;
    while (forget < this.rounds.length && this.rounds[forget]!.first + this.rounds[forget]!.leaves.length <= start) forget++;
    this.drop(forget);
    const first = this.rounds[0];
    if (first === undefined || first.first > start) return undefined;
    const leaves: Uint8Array[] = [];
    const payloads: SourcePayload[] = [];
    for (const round of this.rounds) {
      const from = Math.max(start, round.first) - round.first;
      const to = Math.min(end, round.first + round.leaves.length) - round.first;
      if (to <= from) break;
      for (let i = from; i < to; i++) {
        leaves.push(round.leaves[i]!);
        payloads.push(round.payloads[i]!);
      }
    }
    return { leaves, payloads };
  }

  /** The first handed entry after `start`, if any (where reading from the store can stop). */
  firstAfter(start: number): number | undefined {
    return this.rounds.find((r) => r.first > start)?.first;
  }

  /** Forgets the `count` oldest rounds. */
  private drop(count: number): void {
    for (const round of this.rounds.splice(0, count)) {
      this.entries -= round.leaves.length;
      this.bytes -= payloadBytes(round);
    }
  }
}

function payloadBytes(round: SourceEntries): number {
  let bytes = 0;
  for (const p of round.payloads) bytes += p.payload.length;
  return bytes;
}
