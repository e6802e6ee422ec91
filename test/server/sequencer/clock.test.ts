import { describe, expect, test } from '@jest/globals';
import { LogClock, hostClock } from '../../../server/sequencer/clock.js';

describe('LogClock', () => {
  test('follows the wall clock when it moves forward', () => {
    let now = 1000n;
    const c = new LogClock(0n, () => now);
    expect(c.take(1)).toEqual([1000n]);
    now = 5000n;
    expect(c.take(2)).toEqual([5000n, 5001n]);
  });

  test('runs one nanosecond ahead of the last timestamp when the wall clock steps back', () => {
    let now = 1000n;
    const c = new LogClock(0n, () => now);
    c.take(1);
    now = 10n;
    expect(c.take(3)).toEqual([1001n, 1002n, 1003n]);
    now = 2000n;
    expect(c.take(1)).toEqual([2000n]);
  });

  test('never issues a timestamp at or below one already in the log', () => {
    const c = new LogClock(0n, () => 5n);
    c.observe(100n);
    expect(c.take(1)).toEqual([101n]);
  });

  test('the host clock has nanosecond resolution, is close to Date.now and increases', () => {
    const clock = hostClock();
    const a = clock();
    const b = clock();
    expect(b >= a).toBe(true);
    const ms = BigInt(Date.now()) * 1_000_000n;
    expect(a > ms - 1_000_000_000n && a < ms + 1_000_000_000n).toBe(true);
  });
});
