/**
 * Keeps the search index in step with erasures (issue 14 × issue 13; erasure-purge.ts): the
 * erasure records the log knows above the index's purged mark are purged from the index, all in
 * one purge, one purge at a time. It looks after every indexed chunk and every PURGE_POLL_MS
 * (the log learns of an erasure a moment after its record commits, and on a shared log from
 * another process).
 *
 * Purges are gathered: each compacts the actor, action and target fields of the index whole
 * (erasure-purge.ts compactPurgedFields), so the next one starts at least `purgeIntervalMs`
 * (default PURGE_INTERVAL_MS, 15 minutes) after the last one ended, taking every record that
 * came meanwhile, while the first one after a quiet period starts at once. So a one-off erasure
 * leaves the index within about PURGE_POLL_MS plus the purge's own time, and with erasures
 * every minute (retention sweeps) an erased entry's actor, action and target leave it within
 * the interval plus a purge. Meanwhile searches and streams never answer an erased entry: its
 * payload is gone, so it is at most listed as skipped (`payload-erased`, http/events-query.ts).
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

/** The least time from the end of a purge to the start of the next one, by default (ms). */
export const PURGE_INTERVAL_MS = 15 * 60 * 1000;

/** What one purge did. */
export interface PurgeReport {
  /** The highest erasure record now purged. */
  record: number;
  /** Entries the purged records erased. */
  entries: number;
  /** Postings removed. */
  removed: number;
  /** How long the purge took, compaction included (ms). */
  ms: number;
}

/** Seams of ErasureFollower.start. */
export interface ErasureFollowerOptions {
  onPurge?: (report: PurgeReport) => void;
  /** A failed purge (retried at the next look). */
  onError?: (error: unknown) => void;
  /** The least time from the end of a purge to the start of the next (default PURGE_INTERVAL_MS). */
  purgeIntervalMs?: number;
}

export class ErasureFollower {
  #running: Promise<void> | undefined;
  #stopped = false;
  /** The source's erasureCount when the last look found nothing left to purge (-1: not yet). */
  #seen = -1;
  /** When the last purge ended (performance.now()), if one did. */
  #lastEnd: number | undefined;
  /** The look at the end of the interval, while records wait for it. */
  #deferred: NodeJS.Timeout | undefined;
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

  /**
   * Purges the records above the mark, unless a purge runs (it looks again when that ends) or the
   * interval since the last one has not passed (a look is set for its end).
   */
  wake(): void {
    if (this.#stopped || this.#running !== undefined || this.#deferred !== undefined || this.source.erasures === undefined) return;
    // Looked at after every chunk: copy the records only when there are new ones (they accumulate,
    // one per retention sweep that erased something, for the life of the log).
    const count = this.source.erasureCount?.() ?? -1;
    if (count !== -1 && count === this.#seen) return;
    const waiting = this.source.erasures().filter(([record]) => record > this.purged);
    if (waiting.length === 0) {
      this.#seen = count;
      return;
    }
    const wait = this.#lastEnd === undefined ? 0 : this.#lastEnd + (this.options.purgeIntervalMs ?? PURGE_INTERVAL_MS) - performance.now();
    if (wait > 0) {
      this.#deferred = setTimeout(() => {
        this.#deferred = undefined;
        this.wake();
      }, wait);
      this.#deferred.unref();
      return;
    }
    const record = waiting[waiting.length - 1]![0];
    const indexes = waiting.flatMap(([, erased]) => erased);
    const started = performance.now();
    this.#running = this.store.purge(indexes, record).then(
      (removed) => {
        this.purged = record;
        this.#seen = count;
        const ended = performance.now();
        // Only a purge that removed postings compacted the index (erasure-purge.ts).
        if (removed > 0) this.#lastEnd = ended;
        this.options.onPurge?.({ record, entries: indexes.length, removed, ms: Math.round(ended - started) });
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
    clearTimeout(this.#deferred);
    await this.#running;
  }
}
