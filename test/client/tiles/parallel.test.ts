/**
 * Bounded parallelism (client/tiles/parallel.ts): the semaphore's limit and order, and
 * mapOrdered's in-order results, its bound on jobs ahead of the consumer, and its errors.
 */
import { describe, expect, test } from '@jest/globals';
import { mapOrdered } from '../../../client/index.js';
import { Semaphore } from '../../../client/tiles/parallel.js';

/** A promise and the function that resolves it. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Semaphore', () => {
  test('holds at most `limit` jobs at a time, served first come, first served', async () => {
    const slots = new Semaphore(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await runs[1];
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  test('a rejected job frees its slot', async () => {
    const slots = new Semaphore(1);
    await expect(slots.run(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await slots.run(async () => 7)).toBe(7);
  });

  test('a limit below 1 is a RangeError', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('mapOrdered', () => {
  test('yields results in index order although they settle out of order', async () => {
    const out: number[] = [];
    for await (const v of mapOrdered(6, 3, async (i) => {
      await new Promise((r) => setTimeout(r, (6 - i) * 2));
      return i * 10;
    })) {
      out.push(v);
    }
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
  });

  test('runs at most `concurrency` jobs ahead of the consumer', async () => {
    const started: number[] = [];
    const it = mapOrdered(10, 2, async (i) => {
      started.push(i);
      return i;
    });
    expect((await it.next()).value).toBe(0);
    expect(started).toEqual([0, 1, 2]);
    await it.return(undefined);
  });

  test('a rejection is thrown when its turn comes, after the values before it', async () => {
    const out: number[] = [];
    const run = async () => {
      for await (const v of mapOrdered(5, 2, async (i) => {
        if (i === 2) throw new Error('job 2 failed');
        return i;
      })) {
        out.push(v);
      }
    };
    await expect(run()).rejects.toThrow('job 2 failed');
    expect(out).toEqual([0, 1]);
  });

  test('count 0 yields nothing', async () => {
    const out: unknown[] = [];
    for await (const v of mapOrdered(0, 4, async () => 1)) out.push(v);
    expect(out).toEqual([]);
  });

  test('a bad count or concurrency is a RangeError', async () => {
    await expect(mapOrdered(-1, 1, async () => 1).next()).rejects.toThrow(RangeError);
    await expect(mapOrdered(1, 0, async () => 1).next()).rejects.toThrow(RangeError);
  });
});
