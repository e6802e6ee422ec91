import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { cairn } from '../../proto/gen/cairn.js';
import { MAX_ENTRY_SIZE } from '../../merkle/index.js';
import { decodeLogEntry, encodeLogEntries, encodeLogEntry, toProtoUint64, type LogEntry } from '../../proofs/log-entry.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const MAX_UINT64 = (1n << 64n) - 1n;
const TWO_53 = 1n << 53n;

// The hand-written encoder must write exactly what the generated protobufjs code writes: the
// leaves already in every log were written by it, and their hashes must never change.
function protobufjs(e: LogEntry): Uint8Array {
  return Uint8Array.from(
    cairn.v1.LogEntry.encode({
      timestamp: toProtoUint64(e.timestamp),
      submitter: e.submitter,
      contentType: e.contentType,
      commitment: e.commitment,
      payloadSize: e.payloadSize,
      occurredAt: toProtoUint64(e.occurredAt),
      clockUnsynchronized: e.clockUnsynchronized === true,
    }).finish(),
  );
}

function arbitraryEntry(): fc.Arbitrary<LogEntry> {
  const uint64 = fc.oneof(fc.bigInt({ min: 0n, max: MAX_UINT64 }), fc.constantFrom(0n, 127n, 128n, TWO_53 - 1n, TWO_53, TWO_53 + 1n, 1n << 32n, MAX_UINT64));
  return fc.record(
    {
      timestamp: fc.oneof(fc.bigInt({ min: 1n, max: MAX_UINT64 }), fc.constantFrom(1n, 1_780_000_000_000_000_000n, TWO_53 + 1n, MAX_UINT64)),
      submitter: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', 'alice', 'ünïcødé 🎉')),
      contentType: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('', 'application/json')),
      commitment: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      payloadSize: fc.oneof(fc.nat(), fc.constantFrom(0, 127, 128, 2 ** 32 - 1, 2 ** 32, 2 ** 35 + 5, Number.MAX_SAFE_INTEGER)),
      occurredAt: uint64,
      clockUnsynchronized: fc.constant(true),
    },
    { requiredKeys: ['timestamp', 'submitter', 'contentType', 'commitment', 'payloadSize', 'occurredAt'] },
  );
}

describe('encodeLogEntry (hand-written) against the generated protobufjs encoder', () => {
  test('writes the same bytes for any valid entry', () => {
    fc.assert(
      fc.property(arbitraryEntry(), (e) => {
        expect(encodeLogEntry(e)).toEqual(protobufjs(e));
      }),
      { numRuns: 2000 },
    );
  });

  test('writes a string whose UTF-8 length needs a two-byte varint like protobufjs', () => {
    const e: LogEntry = {
      timestamp: 1n,
      submitter: 'é'.repeat(100),
      contentType: 'x'.repeat(300),
      commitment: new Uint8Array(32).fill(7),
      payloadSize: 1,
      occurredAt: 0n,
    };
    expect(encodeLogEntry(e)).toEqual(protobufjs(e));
  });
});

describe('encodeLogEntries', () => {
  test('gives each leaf the bytes encodeLogEntry gives, preceded by the reserved zero bytes, in one buffer', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEntry(), { maxLength: 20 }), fc.integer({ min: 0, max: 16 }), (entries, reserve) => {
        const { buffer, offsets, leaves } = encodeLogEntries(entries, reserve);
        expect(leaves).toHaveLength(entries.length);
        expect(offsets).toHaveLength(entries.length + 1);
        expect(offsets[entries.length]).toBe(buffer.length);
        entries.forEach((e, i) => {
          expect(leaves[i]).toEqual(encodeLogEntry(e));
          expect(leaves[i]!.buffer).toBe(buffer.buffer);
          expect(buffer.subarray(offsets[i]!, offsets[i]! + reserve)).toEqual(new Uint8Array(reserve));
          expect(offsets[i]! + reserve + leaves[i]!.length).toBe(offsets[i + 1]);
          expect(decodeLogEntry(leaves[i]!)).toEqual(e);
        });
      }),
      { numRuns: 300 },
    );
  });

  test('gives an empty buffer for no entries', () => {
    const { buffer, offsets, leaves } = encodeLogEntries([], 1);
    expect(buffer.length).toBe(0);
    expect(Array.from(offsets)).toEqual([0]);
    expect(leaves).toEqual([]);
  });

  const valid: LogEntry = { timestamp: 5n, submitter: 'a', contentType: 'b', commitment: new Uint8Array(32), payloadSize: 3, occurredAt: 0n };

  test('refuses an invalid entry anywhere in the batch with INVALID_ARGUMENT', () => {
    expectVerificationError(() => encodeLogEntries([valid, { ...valid, timestamp: 0n }]), 'INVALID_ARGUMENT');
  });

  test('refuses an entry whose commitment is not 32 bytes', () => {
    expectVerificationError(() => encodeLogEntries([{ ...valid, commitment: new Uint8Array(31) }]), 'INVALID_ARGUMENT');
  });

  test('refuses an entry that encodes to more than MAX_ENTRY_SIZE bytes', () => {
    expectVerificationError(() => encodeLogEntries([valid, { ...valid, contentType: 'x'.repeat(MAX_ENTRY_SIZE) }]), 'INVALID_ARGUMENT');
  });

  test('refuses a lone surrogate in a string', () => {
    expectVerificationError(() => encodeLogEntries([{ ...valid, submitter: '\ud800' }]), 'INVALID_ARGUMENT');
  });

  test('refuses a reserve outside [0, 16]', () => {
    expectVerificationError(() => encodeLogEntries([valid], 17), 'INVALID_ARGUMENT');
    expectVerificationError(() => encodeLogEntries([valid], -1), 'INVALID_ARGUMENT');
  });
});
