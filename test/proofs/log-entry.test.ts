import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import protobuf from 'protobufjs/minimal.js';
import { VerificationError } from '../../proofs/errors.js';
import { MAX_ENTRY_SIZE } from '../../merkle/index.js';
import { decodeLogEntry, encodeLogEntry, fromProtoUint64, toProtoUint64, type LogEntry } from '../../proofs/log-entry.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const MAX_UINT64 = (1n << 64n) - 1n;
const TWO_53 = 1n << 53n;

// An independent reference encoder of the SPEC §3 wire format (proto3 rules: fields in order,
// defaults omitted, minimal varints), written from the protobuf encoding spec, not protobufjs.
function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
function lengthDelimited(field: number, bytes: Uint8Array | number[]): number[] {
  return [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes];
}
function reference(e: LogEntry): Uint8Array {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const out: number[] = [];
  if (e.timestamp !== 0n) out.push(0x08, ...varint(e.timestamp));
  if (e.submitter !== '') out.push(...lengthDelimited(2, utf8(e.submitter)));
  if (e.contentType !== '') out.push(...lengthDelimited(3, utf8(e.contentType)));
  if (e.commitment.length > 0) out.push(...lengthDelimited(4, e.commitment));
  if (e.payloadSize !== 0) out.push(0x28, ...varint(BigInt(e.payloadSize)));
  if (e.occurredAt !== 0n) out.push(0x30, ...varint(e.occurredAt));
  if (e.clockUnsynchronized === true) out.push(0x38, 0x01);
  return new Uint8Array(out);
}

const COMMITMENT = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

function sample(overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    timestamp: 1795712212123456789n,
    submitter: 'default',
    contentType: 'application/json',
    commitment: COMMITMENT,
    payloadSize: 1234,
    occurredAt: 1795712200000000000n,
    ...overrides,
  };
}

function bytes(...parts: Array<number[] | Uint8Array>): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

describe('encodeLogEntry', () => {
  test('writes the SPEC §3 wire format byte for byte', () => {
    const e = sample();
    expect(encodeLogEntry(e)).toEqual(reference(e));
  });

  test('a known encoding, spelled out', () => {
    const e = sample({ timestamp: 1n, submitter: 'a', contentType: 'b', payloadSize: 2, occurredAt: 3n });
    expect(encodeLogEntry(e)).toEqual(bytes([0x08, 0x01, 0x12, 0x01, 0x61, 0x1a, 0x01, 0x62, 0x22, 0x20], COMMITMENT, [0x28, 0x02, 0x30, 0x03]));
  });

  test('2^64-1 is written as the ten-byte varint, never as 0', () => {
    const out = encodeLogEntry(sample({ timestamp: MAX_UINT64, occurredAt: MAX_UINT64 }));
    const ten = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expect([...out.subarray(0, 11)]).toEqual([0x08, ...ten]);
    expect([...out.subarray(out.length - 11)]).toEqual([0x30, ...ten]);
  });

  test('values just above 2^53 keep every bit', () => {
    for (const v of [TWO_53 + 1n, TWO_53 + 3n, (1n << 63n) + 12345n, 0xfffffffffffffffen]) {
      const e = sample({ timestamp: v, occurredAt: v - 1n });
      expect(encodeLogEntry(e)).toEqual(reference(e));
    }
  });

  test('payloadSize 2^53-1 is written exactly', () => {
    const e = sample({ payloadSize: Number.MAX_SAFE_INTEGER });
    expect(encodeLogEntry(e)).toEqual(reference(e));
  });

  test('omits the defaults (empty strings, payloadSize 0, occurredAt 0)', () => {
    const e = sample({ submitter: '', contentType: '', payloadSize: 0, occurredAt: 0n });
    expect(encodeLogEntry(e)).toEqual(bytes([0x08, ...varint(e.timestamp), 0x22, 0x20], COMMITMENT));
  });

  test('writes non-ASCII strings as UTF-8', () => {
    const e = sample({ submitter: 'zoë 🪨', contentType: 'text/plain; charset=utf-8' });
    expect(encodeLogEntry(e)).toEqual(reference(e));
  });

  test('returns a plain Uint8Array, not a Node Buffer', () => {
    expect(Object.getPrototypeOf(encodeLogEntry(sample()))).toBe(Uint8Array.prototype);
  });

  test('matches the reference encoder on random entries', () => {
    fc.assert(
      fc.property(arbitraryEntry(), (e) => {
        expect(encodeLogEntry(e)).toEqual(reference(e));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodeLogEntry refuses', () => {
  const cases: Array<[string, Partial<LogEntry>]> = [
    ['timestamp 0', { timestamp: 0n }],
    ['a negative timestamp', { timestamp: -1n }],
    ['a timestamp of 2^64', { timestamp: 1n << 64n }],
    ['a number timestamp', { timestamp: 5 as unknown as bigint }],
    ['a negative occurredAt', { occurredAt: -1n }],
    ['an occurredAt of 2^64', { occurredAt: 1n << 64n }],
    ['a number occurredAt', { occurredAt: 0 as unknown as bigint }],
    ['a commitment of 31 bytes', { commitment: new Uint8Array(31) }],
    ['a commitment of 33 bytes', { commitment: new Uint8Array(33) }],
    ['a commitment that is not a Uint8Array', { commitment: Array.from(COMMITMENT) as unknown as Uint8Array }],
    ['a negative payloadSize', { payloadSize: -1 }],
    ['a fractional payloadSize', { payloadSize: 1.5 }],
    ['a payloadSize of 2^53', { payloadSize: 2 ** 53 }],
    ['a bigint payloadSize', { payloadSize: 5n as unknown as number }],
    ['a submitter with a lone surrogate', { submitter: 'a\uD800b' }],
    ['a contentType with a lone low surrogate', { contentType: '\uDC00' }],
    ['a submitter that is not a string', { submitter: 7 as unknown as string }],
    ['an entry larger than an entry bundle can hold', { submitter: 'x'.repeat(MAX_ENTRY_SIZE) }],
  ];
  for (const [name, overrides] of cases) {
    test(name, () => {
      expectVerificationError(() => encodeLogEntry(sample(overrides)), 'INVALID_ARGUMENT');
    });
  }

  test('null', () => {
    expectVerificationError(() => encodeLogEntry(null as unknown as LogEntry), 'INVALID_ARGUMENT');
  });
});

describe('decodeLogEntry', () => {
  test('decodes the reference encoding', () => {
    const e = sample();
    expect(decodeLogEntry(reference(e))).toEqual(e);
  });

  test('reads 2^64-1 back exactly', () => {
    const e = sample({ timestamp: MAX_UINT64, occurredAt: MAX_UINT64 });
    const decoded = decodeLogEntry(reference(e));
    expect(decoded.timestamp).toBe(MAX_UINT64);
    expect(decoded.occurredAt).toBe(MAX_UINT64);
  });

  test('reads values just above 2^53 back exactly', () => {
    for (const v of [TWO_53 + 1n, TWO_53 + 3n, (1n << 63n) + 12345n, 0xfffffffffffffffen]) {
      const decoded = decodeLogEntry(reference(sample({ timestamp: v, occurredAt: v - 1n })));
      expect(decoded.timestamp).toBe(v);
      expect(decoded.occurredAt).toBe(v - 1n);
    }
  });

  test('occurredAt absent reads as 0n, defaults as empty strings and 0', () => {
    const e = sample({ submitter: '', contentType: '', payloadSize: 0, occurredAt: 0n });
    expect(decodeLogEntry(reference(e))).toEqual(e);
  });

  test('payloadSize 2^53-1 is accepted', () => {
    expect(decodeLogEntry(reference(sample({ payloadSize: Number.MAX_SAFE_INTEGER }))).payloadSize).toBe(Number.MAX_SAFE_INTEGER);
  });

  test('accepts a Node Buffer and returns a plain Uint8Array commitment', () => {
    const decoded = decodeLogEntry(Buffer.from(reference(sample())));
    expect(Object.getPrototypeOf(decoded.commitment)).toBe(Uint8Array.prototype);
    expect(decoded.commitment).toEqual(COMMITMENT);
  });

  test('the commitment is a copy, not a view of the input', () => {
    const input = reference(sample());
    const decoded = decodeLogEntry(input);
    input.fill(0);
    expect(decoded.commitment).toEqual(COMMITMENT);
  });

  test('round trip on random entries', () => {
    fc.assert(
      fc.property(arbitraryEntry(), (e) => {
        expect(decodeLogEntry(encodeLogEntry(e))).toEqual(e);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the clock_unsynchronized flag (field 7, docs/time.md)', () => {
  test('an unflagged leaf has the same bytes as before the field existed', () => {
    // Spelled out by hand from SPEC §3 (fields 1-6 only): no field 7 byte may appear.
    const e = sample({ timestamp: 1n, submitter: 'a', contentType: 'b', payloadSize: 2, occurredAt: 3n });
    const before = bytes([0x08, 0x01, 0x12, 0x01, 0x61, 0x1a, 0x01, 0x62, 0x22, 0x20], COMMITMENT, [0x28, 0x02, 0x30, 0x03]);
    expect(encodeLogEntry(e)).toEqual(before);
    expect(encodeLogEntry({ ...e, clockUnsynchronized: false })).toEqual(before);
  });

  test('a leaf from before the field decodes to the same object, without the property', () => {
    const e = sample();
    const decoded = decodeLogEntry(reference(e));
    expect(decoded).toStrictEqual(e);
    expect('clockUnsynchronized' in decoded).toBe(false);
  });

  test('a flagged leaf ends with field 7 = 1 (0x38 0x01)', () => {
    const e = sample({ clockUnsynchronized: true });
    const out = encodeLogEntry(e);
    expect([...out.subarray(out.length - 2)]).toEqual([0x38, 0x01]);
    expect(out).toEqual(bytes(encodeLogEntry(sample()), [0x38, 0x01]));
  });

  test('the flag round-trips', () => {
    const e = sample({ clockUnsynchronized: true });
    expect(decodeLogEntry(encodeLogEntry(e))).toStrictEqual(e);
  });

  test('the flag is written when every other optional field is absent', () => {
    const e = sample({ submitter: '', contentType: '', payloadSize: 0, occurredAt: 0n, clockUnsynchronized: true });
    expect(encodeLogEntry(e)).toEqual(bytes([0x08, ...varint(e.timestamp), 0x22, 0x20], COMMITMENT, [0x38, 0x01]));
    expect(decodeLogEntry(encodeLogEntry(e))).toStrictEqual(e);
  });

  test('encode refuses a flag that is not a boolean', () => {
    expectVerificationError(() => encodeLogEntry(sample({ clockUnsynchronized: 1 as unknown as boolean })), 'INVALID_ARGUMENT');
  });

  test('encode refuses a flag given as the string "true"', () => {
    expectVerificationError(() => encodeLogEntry(sample({ clockUnsynchronized: 'true' as unknown as boolean })), 'INVALID_ARGUMENT');
  });
});

describe('decodeLogEntry refuses', () => {
  const valid = reference(sample());
  const ts = [0x08, ...varint(sample().timestamp)];
  const commitmentField = lengthDelimited(4, COMMITMENT);

  const cases: Array<[string, Uint8Array]> = [
    ['empty bytes (no timestamp)', new Uint8Array(0)],
    ['truncated by one byte', valid.subarray(0, valid.length - 1)],
    ['truncated inside the timestamp varint', valid.subarray(0, 4)],
    ['garbage', bytes([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
    ['an explicit timestamp 0', bytes([0x08, 0x00], commitmentField)],
    ['no commitment', bytes(ts)],
    ['a commitment of 31 bytes', bytes(ts, lengthDelimited(4, new Uint8Array(31)))],
    ['a commitment of 33 bytes', bytes(ts, lengthDelimited(4, new Uint8Array(33)))],
    ['a payloadSize of 2^53', bytes(ts, commitmentField, [0x28, ...varint(TWO_53)])],
    ['a payloadSize of 2^64-1', bytes(ts, commitmentField, [0x28, ...varint(MAX_UINT64)])],
    ['the timestamp with the length-delimited wire type', bytes(lengthDelimited(1, [1, 2, 3]), commitmentField)],
    ['the timestamp with the fixed64 wire type', bytes([0x09, 1, 2, 3, 4, 5, 6, 7, 8], commitmentField)],
    ['the submitter with the varint wire type', bytes(ts, [0x10, 0x05], commitmentField)],
    ['the commitment with the fixed32 wire type', bytes(ts, [0x25, 1, 2, 3, 4])],
    ['an unknown field 8', bytes(valid, [0x40, 0x01])],
    ['an explicit clock_unsynchronized false', bytes(valid, [0x38, 0x00])],
    ['clock_unsynchronized as the varint 2', bytes(valid, [0x38, 0x02])],
    ['clock_unsynchronized as a padded varint', bytes(valid, [0x38, 0x81, 0x00])],
    ['clock_unsynchronized with the length-delimited wire type', bytes(valid, lengthDelimited(7, [1]))],
    ['clock_unsynchronized twice', bytes(valid, [0x38, 0x01, 0x38, 0x01])],
    ['clock_unsynchronized before occurred_at', bytes(ts, commitmentField, [0x38, 0x01, 0x30, 0x05])],
    ['an unknown length-delimited field 15', bytes(valid, lengthDelimited(15, [1, 2]))],
    ['a group (wire type 3)', bytes(valid, [0x3b, 0x3c])],
    ['an end-group tag (wire type 4)', bytes(valid, [0x3c])],
    ['field number 0', bytes(valid, [0x00, 0x01])],
    ['wire type 6', bytes(valid, [0x3e, 0x01])],
    ['a duplicated timestamp', bytes(ts, commitmentField, [0x08, 0x05])],
    ['fields out of order', bytes(commitmentField, ts)],
    ['a padded (non-minimal) varint', bytes([0x08, 0x81, 0x80, 0x00], commitmentField)],
    ['an explicit payloadSize 0', bytes(ts, commitmentField, [0x28, 0x00])],
    ['an explicit empty submitter', bytes(ts, lengthDelimited(2, []), commitmentField)],
    ['a varint longer than ten bytes', bytes([0x08, ...new Array(10).fill(0xff), 0x01], commitmentField)],
    ['invalid UTF-8 in the submitter', bytes(ts, lengthDelimited(2, [0xc3, 0x28]), commitmentField)],
    ['an overlong UTF-8 encoding in the submitter', bytes(ts, lengthDelimited(2, [0xc0, 0xaf]), commitmentField)],
    ['a UTF-8 encoded surrogate in the content type', bytes(ts, lengthDelimited(3, [0xed, 0xa0, 0x80]), commitmentField)],
    ['a length prefix beyond the end', bytes(ts, [0x22, 0x40], COMMITMENT)],
    ['more bytes than an entry bundle can hold', bytes(valid, lengthDelimited(15, new Uint8Array(MAX_ENTRY_SIZE)))],
  ];
  for (const [name, input] of cases) {
    test(name, () => {
      expectVerificationError(() => decodeLogEntry(input), 'MALFORMED_ENTRY');
    });
  }

  test('an unknown field even when protobufjs keeps unknown fields (global discardUnknown off)', () => {
    const saved = protobuf.Reader.discardUnknown;
    protobuf.Reader.discardUnknown = false;
    try {
      expectVerificationError(() => decodeLogEntry(bytes(valid, [0x40, 0x01])), 'MALFORMED_ENTRY');
      expectVerificationError(() => decodeLogEntry(bytes(ts, [0x10, 0x05], commitmentField)), 'MALFORMED_ENTRY');
    } finally {
      protobuf.Reader.discardUnknown = saved;
    }
  });

  test('a string instead of bytes', () => {
    expectVerificationError(() => decodeLogEntry('CAE=' as unknown as Uint8Array), 'MALFORMED_ENTRY');
  });

  test('an array of numbers instead of bytes', () => {
    expectVerificationError(() => decodeLogEntry([...valid] as unknown as Uint8Array), 'MALFORMED_ENTRY');
  });

  test('random bytes only ever throw VerificationError MALFORMED_ENTRY', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (input) => {
        checkDecodeOrRefuse(input);
      }),
      { numRuns: 5000 },
    );
  });

  test('random mutations of a valid entry decode canonically or are refused with MALFORMED_ENTRY', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(valid.length),
        (edits, cut) => {
          const input = valid.slice(0, Math.max(cut, 1));
          for (const [at, value] of edits) if (at < input.length) input[at] = value;
          checkDecodeOrRefuse(input);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

function checkDecodeOrRefuse(input: Uint8Array): void {
  let decoded: LogEntry;
  try {
    decoded = decodeLogEntry(input);
  } catch (e) {
    expect(e).toBeInstanceOf(VerificationError);
    expect((e as VerificationError).code).toBe('MALFORMED_ENTRY');
    return;
  }
  // Whatever is accepted is canonical: it re-encodes to the very same bytes.
  expect(encodeLogEntry(decoded)).toEqual(input);
}

function arbitraryEntry(): fc.Arbitrary<LogEntry> {
  const uint64 = fc.oneof(fc.bigInt({ min: 0n, max: MAX_UINT64 }), fc.constantFrom(0n, TWO_53 - 1n, TWO_53, TWO_53 + 1n, MAX_UINT64));
  return fc.record(
    {
      timestamp: fc.oneof(fc.bigInt({ min: 1n, max: MAX_UINT64 }), fc.constantFrom(1n, TWO_53 + 1n, MAX_UINT64)),
      submitter: fc.string({ unit: 'grapheme', maxLength: 20 }),
      contentType: fc.string({ maxLength: 40 }),
      commitment: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      payloadSize: fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER)),
      occurredAt: uint64,
      clockUnsynchronized: fc.constant(true),
    },
    { requiredKeys: ['timestamp', 'submitter', 'contentType', 'commitment', 'payloadSize', 'occurredAt'] },
  );
}

describe('the uint64 helpers shared with the other protobuf codecs', () => {
  test('toProtoUint64 gives a number up to 2^53-1 and exact 32-bit halves above', () => {
    expect(toProtoUint64(5n)).toBe(5);
    expect(toProtoUint64(TWO_53 - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(toProtoUint64(MAX_UINT64)).toEqual({ low: -1, high: -1, unsigned: true });
    expect(toProtoUint64(TWO_53 + 1n)).toEqual({ low: 1, high: 0x200000, unsigned: true });
  });

  test('fromProtoUint64 reads Long halves exactly, safe numbers, and absent fields as 0', () => {
    expect(fromProtoUint64({ low: -1, high: -1 })).toBe(MAX_UINT64);
    expect(fromProtoUint64({ low: 1, high: 0x200000 })).toBe(TWO_53 + 1n);
    expect(fromProtoUint64(42)).toBe(42n);
    expect(fromProtoUint64(null)).toBe(0n);
    expect(fromProtoUint64(undefined)).toBe(0n);
  });

  test('fromProtoUint64 refuses an inexact number (undefined)', () => {
    expect(fromProtoUint64(2 ** 60)).toBeUndefined();
    expect(fromProtoUint64(-1)).toBeUndefined();
  });

  test('round trip through both for any uint64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_UINT64 }), (v) => {
        expect(fromProtoUint64(toProtoUint64(v) as number | { low: number; high: number })).toBe(v);
      }),
    );
  });
});
