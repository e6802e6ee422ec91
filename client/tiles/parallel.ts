/**
 * Bounded parallelism for fetching many tiles: a counting semaphore, and an ordered map that
 * keeps at most `concurrency` jobs in flight and hands their results back in index order (so a
 * checker can walk the log from the first entry to the last with O(concurrency) memory).
 *
 * Browser-safe: no node: imports.
 */

/** A counting semaphore: at most `limit` holders at a time, served first come, first served. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  /** Requires limit to be an integer >= 1. */
  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a semaphore needs a limit of at least 1, got ${String(limit)}`);
    this.#free = limit;
  }

  /** Runs `job` once a slot is free, and frees the slot when it settles. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resume) => this.#waiting.push(resume));
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so nobody can overtake it.
      if (next !== undefined) next();
      else this.#free++;
    }
  }
}

/**
 * Yields job(0), job(1), ..., job(count - 1) in order, running at most `concurrency` of them at
 * a time ahead of the consumer. Requires count a safe non-negative integer and concurrency an
 * integer >= 1. If a job rejects, the rejection is thrown when its turn comes; jobs started
 * after it are awaited (and their errors dropped) so that nothing runs on after the caller
 * stops.
 */
export async function* mapOrdered<T>(count: number, concurrency: number, job: (index: number) => Promise<T>): AsyncGenerator<T> {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a safe non-negative integer, got ${String(count)}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be at least 1, got ${String(concurrency)}`);
  const inFlight: Promise<T>[] = [];
  let next = 0;
  const start = () => {
    const p = job(next++);
    // Marked handled now: a rejection is rethrown in order, not reported as unhandled early.
    p.catch(() => undefined);
    inFlight.push(p);
  };
  try {
    while (next < count && inFlight.length < concurrency) start();
    while (inFlight.length > 0) {
      const value = await inFlight.shift()!;
      if (next < count) start();
      yield value;
    }
  } finally {
    await Promise.allSettled(inFlight);
  }
}
