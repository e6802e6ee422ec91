/**
 * RFC 3339 timestamps <-> nanoseconds since the Unix epoch (UTC) as `bigint` (SPEC §3, §4).
 *
 * The log records times as uint64 nanoseconds; receipts and the `Event-Time` header spell them in
 * RFC 3339. formatTimestamp always writes UTC with exactly nine fractional digits, so one instant
 * has one spelling; parseTimestamp accepts what RFC 3339 §5.6 allows (any offset, 0 to 9
 * fractional digits, `T`/`Z` in either case) and converts it to UTC.
 *
 * Leap seconds (`:60`) are refused: the log's clock is POSIX time, which has no leap seconds, and
 * mapping one onto the next second would give two spellings of one instant.
 *
 * Browser-safe: no node: imports.
 */
import { fail } from './errors.js';

/** The largest uint64, the last instant a LogEntry can record (2554-07-21T23:34:33.709551615Z). */
export const MAX_TIMESTAMP_NS = (1n << 64n) - 1n;

const NS_PER_SECOND = 1_000_000_000n;
const NS_PER_MILLISECOND = 1_000_000n;
const NS_PER_MINUTE = 60n * NS_PER_SECOND;

// Longest valid form: `YYYY-MM-DDTHH:MM:SS.fffffffff+hh:mm` (35 characters). Cap before matching.
const MAX_TEXT_LENGTH = 40;

// RFC 3339 §5.6 date-time, restricted to at most 9 fractional digits (nanoseconds).
const RFC3339 = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))$/;

/**
 * Formats nanoseconds since the Unix epoch as RFC 3339 in UTC with exactly nine fractional
 * digits, e.g. `2026-11-26T16:56:52.123456789Z`.
 *
 * Requires 0 <= ns <= 2^64-1 (a uint64); anything else throws VerificationError
 * INVALID_ARGUMENT.
 */
export function formatTimestamp(ns: bigint): string {
  if (typeof ns !== 'bigint' || ns < 0n || ns > MAX_TIMESTAMP_NS) {
    fail('INVALID_ARGUMENT', 'timestamp must be a bigint number of nanoseconds in [0, 2^64-1]');
  }
  const seconds = ns / NS_PER_SECOND;
  const fraction = ns % NS_PER_SECOND;
  // At most ~1.8e13 ms: far inside Date's exact range (8.64e15 ms), and always a 4-digit year.
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}.${fraction.toString().padStart(9, '0')}Z`;
}

/**
 * Parses an RFC 3339 date-time (`Z` or a `±hh:mm` offset, 0 to 9 fractional digits, `T`/`Z` in
 * upper or lower case) into nanoseconds since the Unix epoch, UTC.
 *
 * Refuses, with VerificationError MALFORMED_ENCODING: anything that is not that syntax,
 * impossible dates and times (February 30, hour 24, minute 60, leap second 60, offsets beyond
 * 23:59), more than nine fractional digits, and instants before 1970-01-01T00:00:00Z or after
 * 2^64-1 ns. The epoch itself parses to 0n; callers for which 0 means "not given" (LogEntry
 * occurredAt) must decide what to do with it.
 */
export function parseTimestamp(text: string): bigint {
  if (typeof text !== 'string') fail('MALFORMED_ENCODING', 'timestamp must be an RFC 3339 string');
  if (text.length > MAX_TEXT_LENGTH) fail('MALFORMED_ENCODING', 'timestamp is too long for RFC 3339');
  const m = RFC3339.exec(text);
  if (m === null) {
    fail('MALFORMED_ENCODING', `timestamp ${JSON.stringify(text)} is not RFC 3339 (e.g. 2026-11-26T16:56:52.123456789Z)`);
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  // No offset (at most ±23:59) brings a year before 1969 to the epoch; refusing them here also
  // keeps Date.UTC away from years 0..99, which it maps to 1900..1999.
  if (year < 1969) fail('MALFORMED_ENCODING', `timestamp ${text} is before 1970-01-01T00:00:00Z`);
  if (month < 1 || month > 12) fail('MALFORMED_ENCODING', `timestamp has an invalid month ${m[2]}`);
  if (day < 1 || day > daysInMonth(year, month)) fail('MALFORMED_ENCODING', `timestamp has an invalid day ${m[3]} for ${m[1]}-${m[2]}`);
  if (hour > 23) fail('MALFORMED_ENCODING', `timestamp has an invalid hour ${m[4]}`);
  if (minute > 59) fail('MALFORMED_ENCODING', `timestamp has an invalid minute ${m[5]}`);
  if (second > 59) fail('MALFORMED_ENCODING', `timestamp has an invalid second ${m[6]} (leap seconds are not accepted)`);

  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offsetHour = Number(m[10]);
    const offsetMinute = Number(m[11]);
    if (offsetHour > 23 || offsetMinute > 59) fail('MALFORMED_ENCODING', `timestamp has an invalid UTC offset ${m[9]}${m[10]}:${m[11]}`);
    offsetMinutes = (offsetHour * 60 + offsetMinute) * (m[9] === '-' ? -1 : 1);
  }

  // Date.UTC is exact for years 1969..9999 once the fields are known to be valid.
  const localMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const fraction = m[7] === undefined ? 0n : BigInt(m[7].padEnd(9, '0'));
  // Local time minus the offset is UTC (RFC 3339 §4.2).
  const ns = BigInt(localMs) * NS_PER_MILLISECOND + fraction - BigInt(offsetMinutes) * NS_PER_MINUTE;
  if (ns < 0n) fail('MALFORMED_ENCODING', `timestamp ${text} is before 1970-01-01T00:00:00Z`);
  if (ns > MAX_TIMESTAMP_NS) fail('MALFORMED_ENCODING', `timestamp ${text} is after the last uint64 nanosecond (2554-07-21T23:34:33.709551615Z)`);
  return ns;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
