/**
 * A small seeded pseudo-random generator (mulberry32), so that a chaos run's choices (request
 * kinds, batch sizes, payload sizes, which requests carry idempotency keys, how long each cycle
 * appends before the kill) can be replayed with `--seed`. The timing of the processes is not
 * replayable, so the exact kill moments are not either. Not for secrets.
 */
export class Random {
  private state: number;

  /** Requires a safe integer seed. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a safe integer');
    // The generator's state is a 32-bit word: fold the seed into it.
    this.state = (seed % 2 ** 32) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    // mulberry32: 32-bit state arithmetic, which is what these operators are for.
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** An integer in [min, max]; requires min <= max, both safe integers. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Up to `n` distinct elements of `items`, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    if (n >= items.length) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = this.int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    }
    // Distinct random positions; n is small next to the array here (samples of proofs).
    const picked = new Set<number>();
    while (picked.size < n) picked.add(this.int(0, items.length - 1));
    return [...picked].map((i) => items[i]!);
  }
}
