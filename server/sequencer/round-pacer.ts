/**
 * Round pacing (issue 17): how long a round that could start now waits for more requests.
 *
 * Every round costs about the same whatever its size: a signature, a synced batch and its fsync,
 * the commit listeners, the answers' timers and promises (~0.5–1 ms of CPU on the machine of
 * BENCHMARKS.md, spread over the main thread, the fsync's thread and the garbage collector).
 * Rounds already grow by themselves behind a commit (requests that arrive meanwhile join the
 * next one), but with a fast fsync a stream of single appends still makes rounds of a few
 * entries, and at a few thousand requests a second their fixed cost is what saturates the
 * process, so the tail waits in queues.
 *
 * So while the event loop is busy (its utilisation over the last window at least `busyShare`),
 * a round is started at most every `paceMs`: one taken sooner after the previous waits out the
 * rest, and the requests arriving meanwhile join it. When the loop is not that busy (low load,
 * a lone client appending one event after another), rounds start at once as before: pacing
 * would add latency there and save CPU nobody needs. A wait is never longer than `paceMs`.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** The part of the time the event loop was busy since the last call (0..1). */
export type LoopUtilization = () => number;

/** How long the loop's utilisation is measured over before it is read again, in ms. */
const WINDOW_MS = 50;

/**
 * The event loop's utilisation over windows of at least WINDOW_MS: the last complete window's,
 * read at most once per window (cheap: two clock reads). The first window reads as 0.
 */
export function eventLoopUtilization(): LoopUtilization {
  let mark: EventLoopUtilization = performance.eventLoopUtilization();
  let markedAt = performance.now();
  let last = 0;
  return () => {
    const now = performance.now();
    if (now - markedAt >= WINDOW_MS) {
      const current = performance.eventLoopUtilization();
      last = performance.eventLoopUtilization(current, mark).utilization;
      mark = current;
      markedAt = now;
    }
    return last;
  };
}

/** When rounds may start (see the file comment). */
export class RoundPacer {
  /** When the last round was taken from the pool (performance.now()). */
  private lastTaken = -Infinity;

  /**
   * `paceMs` 0 never waits; `busyShare` 0 paces whatever the load (tests).
   * Requires paceMs >= 0 and 0 <= busyShare <= 1.
   */
  constructor(
    private readonly paceMs: number,
    private readonly busyShare: number,
    private readonly utilization: LoopUtilization = eventLoopUtilization(),
  ) {}

  /** Records that a round was taken from the pool at `now`. */
  taken(now = performance.now()): void {
    this.lastTaken = now;
  }

  /** How long a round that could be taken at `now` waits first, in ms (<= 0: not at all). */
  wait(now = performance.now()): number {
    if (this.paceMs <= 0) return 0;
    const left = this.paceMs - (now - this.lastTaken);
    if (left <= 0) return 0;
    return this.utilization() >= this.busyShare ? left : 0;
  }
}
