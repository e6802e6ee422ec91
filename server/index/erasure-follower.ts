/**
 * Keeps the search index in step with erasures (issue 14 × issue 13; erasure-purge.ts): the
 * erasure records the log knows above the index's purged mark are purged from the index, all in
 * one purge, one purge at a time. It looks after every indexed chunk and every PURGE_POLL_MS
 * (the log learns of an erasure a moment after its record commits, and on a shared log from
 * another process), so an erased entry's actor, action and target leave the index within about
 * that long.
 *
 * Order with the follower: the log's erasure state knows a record before a purge for it is
 * posted; a chunk handed to the store before that is written before the purge (the store writes
 * in order of arrival), and one handed over after it leaves the erased entries' fields out
 * (follower.ts withoutErased). Either way no posting of an erased entry's values survives.
 */
import type { EntrySource } from './entry-source.js';
import type { IndexStore } from './index-store.js';

/** Between looks for new erasure records (ms). */
export const PURGE_POLL_MS = 250;

/** What one purge did. */
export interface PurgeReport {
  /** The highest erasure record now purged. */
  record: number;
  /** Entries the purged records erased. */
  entries: number;
  /** Postings removed. */
  removed: number;
}

/** Seams of ErasureFollower.start. */
export interface ErasureFollowerOptions {
  onPurge?: (report: PurgeReport) => void;
  /** A failed purge (retried at the next look). */
  onError?: (error: unknown) => void;
}

export class ErasureFollower {
  #running: Promise<void> | undefined;
  #stopped = false;
  /** The source's erasureCount when the last look found nothing left to purge (-1: not yet). */
  #seen = -1;
  readonly #timer: NodeJS.Timeout;

  private constructor(
    private readonly source: EntrySource,
    private readonly store: IndexStore,
    private purged: number,
    private readonly options: ErasureFollowerOptions,
  ) {
    this.#timer = setInterval(() => this.wake(), PURGE_POLL_MS);
    this.#timer.unref();
  }

  /** Reads the index's purged mark and starts looking (a first purge at once when records wait). */
  static async start(source: EntrySource, store: IndexStore, options: ErasureFollowerOptions = {}): Promise<ErasureFollower> {
    const follower = new ErasureFollower(source, store, await store.readPurged(), options);
    follower.wake();
    return follower;
  }

  /** The highest erasure record purged from the index (-1: none). */
  get purgedRecord(): number {
    return this.purged;
  }

  /** Purges the records above the mark, unless a purge runs (it looks again when that ends). */
  wake(): void {
    if (this.#stopped || this.#running !== undefined || this.source.erasures === undefined) return;
    // Looked at after every chunk: copy the records only when there are new ones (they accumulate,
    // one per retention sweep that erased something, for the life of the log).
    const count = this.source.erasureCount?.() ?? -1;
    if (count !== -1 && count === this.#seen) return;
    const waiting = this.source.erasures().filter(([record]) => record > this.purged);
    if (waiting.length === 0) {
      this.#seen = count;
      return;
    }
    const record = waiting[waiting.length - 1]![0];
    const indexes = waiting.flatMap(([, erased]) => erased);
    this.#running = this.store.purge(indexes, record).then(
      (removed) => {
        this.purged = record;
        this.#seen = count;
        this.options.onPurge?.({ record, entries: indexes.length, removed });
      },
      (err: unknown) => this.options.onError?.(err),
    );
    void this.#running.finally(() => {
      this.#running = undefined;
    });
  }

  /** Stops looking and waits for the purge in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }
}
