/**
 * One lock per key (a log origin): callers of `run(key, fn)` with the same key run one after
 * another, in arrival order; different keys run concurrently. Node awaits between reading the
 * witness state and writing it, so without this two requests for one log could both pass the
 * "old size equals stored size" check (the race tlog-witness spells out).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier `run` with the same key has settled; returns its result. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // The last holder removes the key, so the map does not grow with every origin ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a holder or waiters (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
