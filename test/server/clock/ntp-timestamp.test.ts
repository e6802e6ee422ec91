import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ntpToUnixNs, unixNsToNtp } from '../../../server/clock/index.js';

const S = 1_000_000_000n;
const UNIX_EPOCH_NTP_SECONDS = 2_208_988_800n;
/** 2036-02-07T06:28:16Z, the end of NTP era 0, in ns since the Unix epoch. */
const ERA_1_START_NS = ((1n << 32n) - UNIX_EPOCH_NTP_SECONDS) * S;
const NOW_NS = 1_796_529_156_000_000_000n; // 2026-12-06

describe('unixNsToNtp', () => {
  test('the Unix epoch is 2208988800 s after the NTP epoch, fraction 0', () => {
    expect(unixNsToNtp(0n)).toBe(UNIX_EPOCH_NTP_SECONDS << 32n);
  });

  test('half a second is the fraction 2^31', () => {
    expect(unixNsToNtp(S / 2n)).toBe((UNIX_EPOCH_NTP_SECONDS << 32n) | (1n << 31n));
  });

  test('one nanosecond is the fraction 4 (2^32 / 10^9 = 4.29, rounded)', () => {
    expect(unixNsToNtp(1n) & 0xffffffffn).toBe(4n);
  });

  test('the last nanosecond of a second rounds to the fraction 2^32 - 4, not past the second', () => {
    expect(unixNsToNtp(S - 1n) & 0xffffffffn).toBe((1n << 32n) - 4n);
  });

  test('the start of era 1 (2036-02-07T06:28:16Z) wraps to 0', () => {
    expect(unixNsToNtp(ERA_1_START_NS)).toBe(0n);
    expect(unixNsToNtp(ERA_1_START_NS + S)).toBe(1n << 32n);
  });

  test('refuses a negative instant', () => {
    expect(() => unixNsToNtp(-1n)).toThrow(RangeError);
  });
});

describe('ntpToUnixNs', () => {
  test('reads back every nanosecond exactly (random instants 1970..2554)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (ns) => {
        expect(ntpToUnixNs(unixNsToNtp(ns), ns)).toBe(ns);
      }),
      { numRuns: 2000 },
    );
  });

  test('the pivot decides the era: 0 is 1900 near 1900 and 2036 near 2036', () => {
    expect(ntpToUnixNs(0n, -UNIX_EPOCH_NTP_SECONDS * S)).toBe(-UNIX_EPOCH_NTP_SECONDS * S);
    expect(ntpToUnixNs(0n, ERA_1_START_NS)).toBe(ERA_1_START_NS);
  });

  test('a timestamp just after the wrap, read with a pivot just before it, lands in era 1', () => {
    const after = ERA_1_START_NS + 5n * S;
    expect(ntpToUnixNs(unixNsToNtp(after), ERA_1_START_NS - 5n * S)).toBe(after);
  });

  test('a timestamp just before the wrap, read with a pivot just after it, stays in era 0', () => {
    const before = ERA_1_START_NS - 5n * S;
    expect(ntpToUnixNs(unixNsToNtp(before), ERA_1_START_NS + 5n * S)).toBe(before);
  });

  test('any instant from 1970 to 68 years after the 2036 wrap is read in the right era with a pivot at the wrap', () => {
    const sixtyEightYears = 68n * 365n * 86_400n * S;
    fc.assert(
      fc.property(fc.bigInt({ min: -ERA_1_START_NS, max: sixtyEightYears }), (delta) => {
        const instant = ERA_1_START_NS + delta;
        expect(ntpToUnixNs(unixNsToNtp(instant), ERA_1_START_NS)).toBe(instant);
      }),
    );
  });

  test('today', () => {
    expect(ntpToUnixNs(unixNsToNtp(NOW_NS), NOW_NS + 30n * S)).toBe(NOW_NS);
  });

  test('refuses a value wider than 64 bits', () => {
    expect(() => ntpToUnixNs(1n << 64n, 0n)).toThrow(RangeError);
    expect(() => ntpToUnixNs(-1n, 0n)).toThrow(RangeError);
  });
});
