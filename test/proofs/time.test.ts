import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { VerificationError } from '../../proofs/errors.js';
import { MAX_TIMESTAMP_NS, formatTimestamp, parseTimestamp } from '../../proofs/time.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const MAX = (1n << 64n) - 1n;

describe('formatTimestamp', () => {
  test('the epoch', () => {
    expect(formatTimestamp(0n)).toBe('1970-01-01T00:00:00.000000000Z');
  });

  test('a known instant with nanoseconds (calendar.timegm reference)', () => {
    expect(formatTimestamp(1795712212123456789n)).toBe('2026-11-26T16:56:52.123456789Z');
  });

  test('always nine fractional digits', () => {
    expect(formatTimestamp(951782400n * 1_000_000_000n + 5n)).toBe('2000-02-29T00:00:00.000000005Z');
    expect(formatTimestamp(1n)).toBe('1970-01-01T00:00:00.000000001Z');
  });

  test('the last uint64 nanosecond', () => {
    expect(MAX_TIMESTAMP_NS).toBe(MAX);
    expect(formatTimestamp(MAX)).toBe('2554-07-21T23:34:33.709551615Z');
  });

  test('refuses a negative time', () => {
    expectVerificationError(() => formatTimestamp(-1n), 'INVALID_ARGUMENT');
  });

  test('refuses a time beyond 2^64-1 ns', () => {
    expectVerificationError(() => formatTimestamp(MAX + 1n), 'INVALID_ARGUMENT');
  });

  test('refuses a number instead of a bigint', () => {
    expectVerificationError(() => formatTimestamp(5 as unknown as bigint), 'INVALID_ARGUMENT');
  });
});

describe('parseTimestamp accepts RFC 3339', () => {
  test('UTC with nine fractional digits', () => {
    expect(parseTimestamp('2026-11-26T16:56:52.123456789Z')).toBe(1795712212123456789n);
  });

  test('lower-case t and z', () => {
    expect(parseTimestamp('2026-11-26t16:56:52.123456789z')).toBe(1795712212123456789n);
  });

  test('no fractional digits', () => {
    expect(parseTimestamp('2026-11-26T16:56:52Z')).toBe(1795712212000000000n);
  });

  test('one to eight fractional digits are scaled to nanoseconds', () => {
    expect(parseTimestamp('2026-11-26T16:56:52.1Z')).toBe(1795712212100000000n);
    expect(parseTimestamp('2026-11-26T16:56:52.12345678Z')).toBe(1795712212123456780n);
    expect(parseTimestamp('2026-11-26T16:56:52.000001Z')).toBe(1795712212000001000n);
  });

  test('a positive offset is subtracted', () => {
    expect(parseTimestamp('2026-11-26T17:56:52.123456789+01:00')).toBe(1795712212123456789n);
  });

  test('a negative offset with minutes is added', () => {
    expect(parseTimestamp('2026-11-26T11:26:52.123456789-05:30')).toBe(1795712212123456789n);
  });

  test('-00:00 (unknown local offset) is UTC', () => {
    expect(parseTimestamp('2026-11-26T16:56:52.123456789-00:00')).toBe(1795712212123456789n);
  });

  test('an offset that crosses the date line', () => {
    expect(parseTimestamp('2026-11-27T00:00:00+23:59')).toBe(parseTimestamp('2026-11-26T00:01:00Z'));
  });

  test('the epoch is 0', () => {
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toBe(0n);
  });

  test('a 1969 local time whose instant is after the epoch', () => {
    expect(parseTimestamp('1969-12-31T23:30:00-01:00')).toBe(30n * 60n * 1_000_000_000n);
  });

  test('29 February of a leap year, including 2000', () => {
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBe(1709164800n * 1_000_000_000n);
    expect(parseTimestamp('2000-02-29T00:00:00Z')).toBe(951782400n * 1_000_000_000n);
  });

  test('the last uint64 nanosecond', () => {
    expect(parseTimestamp('2554-07-21T23:34:33.709551615Z')).toBe(MAX);
  });

  test('round trip: parse(format(ns)) = ns for any uint64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), (ns) => {
        expect(parseTimestamp(formatTimestamp(ns))).toBe(ns);
      }),
      { numRuns: 2000 },
    );
  });

  test('agrees with Date for millisecond instants with any offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('2500-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        (date, offset) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseTimestamp(text)).toBe(BigInt(date.getTime()) * 1_000_000n);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseTimestamp refuses', () => {
  const cases: Array<[string, string]> = [
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['29 February 2100 (a century, not leap)', '2100-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['day 00', '2026-01-00T00:00:00Z'],
    ['day 32', '2026-01-32T00:00:00Z'],
    ['month 00', '2026-00-10T00:00:00Z'],
    ['month 13', '2026-13-10T00:00:00Z'],
    ['hour 24', '2026-11-26T24:00:00Z'],
    ['minute 60', '2026-11-26T16:60:00Z'],
    ['leap second 60', '2016-12-31T23:59:60Z'],
    ['ten fractional digits', '2026-11-26T16:56:52.1234567890Z'],
    ['a dot without digits', '2026-11-26T16:56:52.Z'],
    ['no seconds', '2026-11-26T16:56Z'],
    ['no offset', '2026-11-26T16:56:52'],
    ['a space instead of T', '2026-11-26 16:56:52Z'],
    ['an offset without colon', '2026-11-26T16:56:52+0100'],
    ['an offset hour 24', '2026-11-26T16:56:52+24:00'],
    ['an offset minute 60', '2026-11-26T16:56:52+01:60'],
    ['a two-digit year', '26-11-26T16:56:52Z'],
    ['a five-digit year', '12026-11-26T16:56:52Z'],
    ['a one-digit month', '2026-1-26T16:56:52Z'],
    ['a year before 1970', '1969-12-31T23:59:59.999999999Z'],
    ['year 0070 (Date.UTC would read it as 1970)', '0070-01-01T00:00:00Z'],
    ['an instant before the epoch through an offset', '1970-01-01T00:30:00+01:00'],
    ['one nanosecond after 2^64-1', '2554-07-21T23:34:33.709551616Z'],
    ['year 9999', '9999-12-31T23:59:59Z'],
    ['the empty string', ''],
    ['a leading space', ' 2026-11-26T16:56:52Z'],
    ['a trailing newline', '2026-11-26T16:56:52Z\n'],
    ['Arabic-Indic digits', '٢٠٢٦-11-26T16:56:52Z'],
    ['full-width digits', '２０２６-11-26T16:56:52Z'],
    ['a sign before the year', '+2026-11-26T16:56:52Z'],
    ['a very long string', '2026-11-26T16:56:52.' + '1'.repeat(10_000) + 'Z'],
    ['a decimal number', '1795712212123456789'],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      expectVerificationError(() => parseTimestamp(text), 'MALFORMED_ENCODING');
    });
  }

  test('a number instead of a string', () => {
    expectVerificationError(() => parseTimestamp(1795712212 as unknown as string), 'MALFORMED_ENCODING');
  });

  test('null', () => {
    expectVerificationError(() => parseTimestamp(null as unknown as string), 'MALFORMED_ENCODING');
  });

  test('random strings only ever throw VerificationError MALFORMED_ENCODING', () => {
    const timeLike = fc.array(fc.constantFrom(...'0123456789-:.TZtz+ 9'.split('')), { maxLength: 40 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), timeLike), (text) => {
        try {
          const ns = parseTimestamp(text);
          expect(ns >= 0n && ns <= MAX).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(VerificationError);
          expect((e as VerificationError).code).toBe('MALFORMED_ENCODING');
        }
      }),
      { numRuns: 5000 },
    );
  });
});
