import { describe, expect, test } from '@jest/globals';
import { combineSources, median, type SourceSample } from '../../../server/clock/index.js';

const MS = 1_000_000n;
const BOUND = 250n * MS;
const sample = (offsetMs: number, delayMs = 1, stratum = 2): SourceSample => ({ offsetNs: BigInt(offsetMs) * MS, delayNs: BigInt(delayMs) * MS, stratum });

describe('median', () => {
  test('odd count: the middle value', () => {
    expect(median([5n, -1n, 3n])).toBe(3n);
  });
  test('even count: the mean of the two middle values, toward zero', () => {
    expect(median([1n, 4n])).toBe(2n);
    expect(median([-1n, -4n])).toBe(-2n);
  });
  test('refuses an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('combineSources', () => {
  test('one source within the bound: synchronized', () => {
    expect(combineSources([sample(12, 3, 1)], BOUND, 3)).toEqual({
      status: 'synchronized',
      reason: expect.stringContaining('12 ms'),
      offsetNs: 12n * MS,
      delayNs: 3n * MS,
      stratum: 1,
    });
  });

  test('exactly at the bound is still synchronized; one ns beyond is not', () => {
    expect(combineSources([{ offsetNs: -BOUND, delayNs: 0n, stratum: 2 }], BOUND, 3).status).toBe('synchronized');
    expect(combineSources([{ offsetNs: -BOUND - 1n, delayNs: 0n, stratum: 2 }], BOUND, 3).status).toBe('unsynchronized');
  });

  test('no usable source: unsynchronized, naming the rounds', () => {
    const c = combineSources([], BOUND, 3);
    expect(c).toMatchObject({ status: 'unsynchronized', offsetNs: null, delayNs: null, stratum: null });
    expect(c.reason).toContain('last 3 rounds');
  });

  test('three sources, one lying by 30 s: synchronized on the honest median', () => {
    const c = combineSources([sample(2), sample(30_000), sample(-1)], BOUND, 3);
    expect(c.status).toBe('synchronized');
    expect(c.offsetNs).toBe(2n * MS);
  });

  test('two sources, one lying by 30 s: the median is 15 s, unsynchronized', () => {
    const c = combineSources([sample(0), sample(30_000)], BOUND, 3);
    expect(c.status).toBe('unsynchronized');
    expect(c.offsetNs).toBe(15_000n * MS);
  });

  test('two sources, one lying by less than twice the bound, pass (the limit of two)', () => {
    expect(combineSources([sample(0), sample(400)], BOUND, 3).status).toBe('synchronized');
  });

  test('the stratum is the lowest, the delay the median', () => {
    const c = combineSources([sample(0, 10, 3), sample(0, 2, 1), sample(0, 5, 2)], BOUND, 3);
    expect(c.stratum).toBe(1);
    expect(c.delayNs).toBe(5n * MS);
  });
});
