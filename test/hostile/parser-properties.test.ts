/**
 * Property tests of the parsers that had none (issue 6 "hostile input"): the strict encodings
 * of proofs/encoding.ts, tile paths (merkle/tile-path.ts) under path tricks, and the server's
 * request-parameter and header parsers (server/http/params.ts, append-input.ts). The other
 * parsers (checkpoint, note, keys, LogEntry, time, tlog-proof, receipt, JSON spans) have theirs
 * beside their unit tests.
 *
 * For each parser: any input only ever throws the area's typed error (never a TypeError or
 * RangeError from a library), and whatever it accepts has exactly one spelling, checked against
 * an independent reference (node's Buffer, BigInt, the formatter).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { MerkleError, formatTilePath, parseTilePath } from '../../merkle/index.js';
import { VerificationError, decodeBase64, encodeBase64, parseDecimal } from '../../proofs/index.js';
import { DEFAULT_REQUEST_LIMITS } from '../../server/config.js';
import { ServerError } from '../../server/errors.js';
import { checkContentType, checkIdempotencyKey, header, parseOccurredAt } from '../../server/http/append-input.js';
import { parseHashParam, parseNumberParam } from '../../server/http/params.js';

const RUNS = 500;

/** Runs `parse`; returns its value, or undefined when it threw an `errorClass` (anything else fails). */
function outcome<T>(parse: () => T, errorClass: new (...args: never[]) => Error, codes?: readonly string[]): T | undefined {
  try {
    return parse();
  } catch (err) {
    expect(err).toBeInstanceOf(errorClass);
    if (codes) expect(codes).toContain((err as { code?: string }).code);
    return undefined;
  }
}

/** Strings over characters that trip number, base64 and path parsers. */
function trickyString(chars: string, maxLength = 40): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...Array.from(chars)), maxLength });
}

// ASCII digits, signs, exponents, hex, whitespace, NUL, and digits of other scripts:
// Arabic-Indic ١, fullwidth １, Devanagari ३, mathematical bold 𝟗 (a surrogate pair).
const NUMBER_CHARS = '0123456789+-. eExX_,\t\n\u0000\u0661\uff11\u0969\u{1d7d7}';

describe('parseDecimal (proofs/encoding.ts)', () => {
  const reference = (s: string): number | undefined => (/^(0|[1-9][0-9]*)$/.test(s) && BigInt(s) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : undefined);

  test('random strings only ever throw VerificationError MALFORMED_ENCODING', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        outcome(() => parseDecimal(s), VerificationError, ['MALFORMED_ENCODING']);
      }),
      { numRuns: RUNS },
    );
  });

  test('number-like strings are accepted exactly when canonical and at most 2^53-1', () => {
    fc.assert(
      fc.property(trickyString(NUMBER_CHARS, 24), (s) => {
        expect(outcome(() => parseDecimal(s), VerificationError, ['MALFORMED_ENCODING'])).toBe(reference(s));
      }),
      { numRuns: RUNS },
    );
  });

  test('huge, negative and non-canonical spellings of numbers are refused; canonical ones round-trip', () => {
    const spellings = fc
      .bigInt({ min: -(2n ** 70n), max: 2n ** 70n })
      .chain((n) => fc.constantFrom(`${n}`, `+${n}`, `0${n}`, `00${n}`, `${n}.0`, `${n}e0`, ` ${n}`, `${n} `, `0x${n.toString(16)}`, `${n}n`));
    fc.assert(
      fc.property(spellings, (s) => {
        const value = outcome(() => parseDecimal(s), VerificationError, ['MALFORMED_ENCODING']);
        expect(value).toBe(reference(s));
        if (value !== undefined) expect(String(value)).toBe(s);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('decodeBase64 (proofs/encoding.ts)', () => {
  // Node's decoder is lenient (it skips bad characters and missing padding), so the reference
  // is: a string is canonical when node decodes it to bytes that node encodes back to it.
  const canonical = (s: string): boolean => Buffer.from(s, 'base64').toString('base64') === s;

  test('random strings only ever throw VerificationError MALFORMED_ENCODING', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        outcome(() => decodeBase64(s), VerificationError, ['MALFORMED_ENCODING']);
      }),
      { numRuns: RUNS },
    );
  });

  test('strings over the base64 alphabet (and its URL-safe and whitespace cousins) are accepted exactly when canonical', () => {
    fc.assert(
      fc.property(trickyString('ABCDEFabcdef0189+/=-_ \n', 24), (s) => {
        const decoded = outcome(() => decodeBase64(s), VerificationError, ['MALFORMED_ENCODING']);
        expect(decoded !== undefined).toBe(canonical(s));
        if (decoded !== undefined) expect(Buffer.from(decoded)).toEqual(Buffer.from(s, 'base64'));
      }),
      { numRuns: RUNS },
    );
  });

  test('any bytes round-trip and encode as node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  test('one changed character of a valid encoding either decodes canonically or is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (bytes, at, c) => {
        const text = encodeBase64(bytes);
        const i = at % text.length;
        const mutated = text.slice(0, i) + c + text.slice(i + 1);
        const decoded = outcome(() => decodeBase64(mutated), VerificationError, ['MALFORMED_ENCODING']);
        if (decoded !== undefined) expect(encodeBase64(decoded)).toBe(mutated);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Pieces of tile paths: good segments, traversal, encodings, separators, overlong groups. */
const TILE_SEGMENTS = [
  'tile',
  'entries',
  '0',
  '1',
  '63',
  '64',
  '00',
  '000',
  '001',
  '067',
  'x001',
  'x000',
  'x234',
  'x0001',
  '0001',
  'x01',
  '000.p',
  '001.p',
  '255',
  '256',
  '0',
  '01',
  '1',
  '..',
  '.',
  '',
  '%2e%2e',
  '%2E%2E',
  '%2f',
  '%00',
  '..%2f',
  '\\',
  '..\\..',
  '000\\',
  'x001\\002',
  '\u0661\u0662\u0663',
  '\uff10\uff10\uff11',
  'x\u0661\u0662\u0663',
  '+1',
  '-1',
  ' 1',
  '1e2',
  '0x1',
  'ｘ001',
] as const;

describe('parseTilePath (merkle/tile-path.ts) under path tricks', () => {
  test('random strings only ever throw MerkleError MALFORMED_TILE_PATH', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        outcome(() => parseTilePath(s), MerkleError, ['MALFORMED_TILE_PATH']);
      }),
      { numRuns: RUNS },
    );
  });

  test('paths made of traversal, encoded, backslash, unicode-digit and overlong segments: accepted only in the one canonical spelling', () => {
    const separator = fc.constantFrom('/', '/', '/', '//', '\\', '/./', '/../', '%2f');
    const path = fc
      .tuple(
        fc.constantFrom('tile/', 'tile/', '/tile/', 'tile//', 'TILE/', './tile/', '../tile/'),
        fc.array(fc.tuple(fc.constantFrom(...TILE_SEGMENTS), separator), { minLength: 1, maxLength: 8 }),
      )
      .map(([prefix, parts]) => prefix + parts.map(([seg, sep], i) => (i === parts.length - 1 ? seg : seg + sep)).join(''));
    fc.assert(
      fc.property(path, (s) => {
        const tile = outcome(() => parseTilePath(s), MerkleError, ['MALFORMED_TILE_PATH']);
        if (tile !== undefined) expect(formatTilePath(tile)).toBe(s);
      }),
      { numRuns: RUNS },
    );
  });

  test('a canonical path with one character changed is either another canonical path or refused', () => {
    const tile = fc.record({
      kind: fc.constantFrom('hash' as const, 'entries' as const),
      level: fc.integer({ min: 0, max: 63 }),
      index: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.maxSafeNat()),
      width: fc.integer({ min: 1, max: 256 }),
    });
    fc.assert(
      fc.property(tile, fc.nat(), fc.string({ unit: 'binary', minLength: 0, maxLength: 2 }), (t, at, c) => {
        const text = formatTilePath(t);
        const i = at % text.length;
        const mutated = text.slice(0, i) + c + text.slice(i + 1);
        const parsed = outcome(() => parseTilePath(mutated), MerkleError, ['MALFORMED_TILE_PATH']);
        if (parsed !== undefined) expect(formatTilePath(parsed)).toBe(mutated);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('request parameters (server/http/params.ts)', () => {
  test('parseNumberParam throws only ServerError INVALID_PARAMETER, and agrees with parseDecimal', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), trickyString(NUMBER_CHARS, 24)), (s) => {
        const value = outcome(() => parseNumberParam(s, 'index'), ServerError, ['INVALID_PARAMETER']);
        expect(value).toBe(outcome(() => parseDecimal(s), VerificationError));
      }),
      { numRuns: RUNS },
    );
  });

  test('parseHashParam throws only ServerError INVALID_PARAMETER and accepts only 32-byte canonical base64', () => {
    const hashLike = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.uint8Array({ minLength: 30, maxLength: 34 }).map((b) => Buffer.from(b).toString('base64')),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64url')),
      trickyString('ABCab01+/=-_ ', 44),
    );
    fc.assert(
      fc.property(hashLike, (s) => {
        const bytes = outcome(() => parseHashParam(s, 'leafHash'), ServerError, ['INVALID_PARAMETER']);
        if (bytes !== undefined) {
          expect(bytes.length).toBe(32);
          expect(encodeBase64(bytes)).toBe(s);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('append headers (server/http/append-input.ts)', () => {
  const headerValue = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.string({ maxLength: 300 }));

  test('Content-Type: only ServerError MALFORMED_REQUEST; accepted values are 1..256 printable ASCII, unchanged', () => {
    fc.assert(
      fc.property(headerValue, (s) => {
        const value = outcome(() => checkContentType(s, header('Content-Type')), ServerError, ['MALFORMED_REQUEST']);
        if (value !== undefined) {
          expect(value).toBe(s);
          expect(s).toMatch(/^[\x20-\x7e]{1,256}$/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('Idempotency-Key: only ServerError INVALID_IDEMPOTENCY_KEY; accepted keys are visible ASCII within the limit', () => {
    fc.assert(
      fc.property(headerValue, (s) => {
        const value = outcome(() => checkIdempotencyKey(s, DEFAULT_REQUEST_LIMITS, header('Idempotency-Key')), ServerError, ['INVALID_IDEMPOTENCY_KEY']);
        if (value !== undefined) expect(value).toMatch(/^[\x21-\x7e]+$/);
        if (value !== undefined) expect(value.length).toBeLessThanOrEqual(DEFAULT_REQUEST_LIMITS.maxIdempotencyKeyLength);
      }),
      { numRuns: RUNS },
    );
  });

  test('Event-Time: only ServerError INVALID_EVENT_TIME or EVENT_TIME_IN_FUTURE; accepted times are not beyond the skew', () => {
    const now = 1_800_000_000_000_000_000n;
    const timeLike = fc.oneof(
      headerValue,
      trickyString('0123456789-:TZtz.+ \u0661', 40),
      fc.bigInt({ min: 0n, max: 2n ** 64n }).map((ns) => new Date(Number(ns / 1_000_000n) % 8.64e15).toISOString()),
      fc.constantFrom(
        '9999-12-31T23:59:59.999999999Z',
        '1970-01-01T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '2026-01-01T24:00:00Z',
        '2026-01-01T00:00:60Z',
        '+002026-01-01T00:00:00Z',
      ),
    );
    fc.assert(
      fc.property(timeLike, (s) => {
        const ns = outcome(() => parseOccurredAt(s, DEFAULT_REQUEST_LIMITS, header('Event-Time'), now), ServerError, [
          'INVALID_EVENT_TIME',
          'EVENT_TIME_IN_FUTURE',
        ]);
        if (ns !== undefined) {
          expect(typeof ns).toBe('bigint');
          expect(ns).toBeGreaterThanOrEqual(0n);
          expect(ns).toBeLessThanOrEqual(now + DEFAULT_REQUEST_LIMITS.maxFutureSkewNs);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
