import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { hashLeaf } from '../../merkle/index.js';
import {
  MAX_PROOF_HASHES,
  MAX_TLOG_PROOF_SIZE,
  TLOG_PROOF_HEADER,
  VerificationError,
  encodeBase64,
  formatTlogProof,
  parseTlogProof,
  verifierKeyOf,
  verifyTlogProof,
  type TlogProof,
} from '../../proofs/index.js';
import { loadReferenceKeys, loadReferenceLog, loadXMod300, referenceLeaf } from '../helpers/vectors.js';
import { makeTestLog, testKey } from './receipt-fixture.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const H = (fill: number) => new Uint8Array(32).fill(fill);

describe('tlog-proofs over the Go reference log (x/mod sumdb tlog and note)', () => {
  const xmod = loadXMod300();
  const reference = loadReferenceLog(300);
  const vkey = loadReferenceKeys().vkey.trim();
  const cases = xmod.inclusion.filter((c) => c.size === 300);

  test('the vectors hold inclusion proofs at size 300', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  test('every Go inclusion proof at size 300 verifies as a tlog-proof with the Go-signed checkpoint', () => {
    for (const c of cases) {
      const text = formatTlogProof({ index: c.index, hashes: c.proof, checkpoint: reference.checkpoint });
      const v = verifyTlogProof(text, hashLeaf(referenceLeaf(c.index)), vkey);
      expect(v.index).toBe(c.index);
      expect(v.checkpoint.treeSize).toBe(300);
      expect(v.checkpoint.rootHash).toEqual(c.root);
      expect(v.checkpoint.origin).toBe('example.com/cairn-reference');
    }
  });

  test('the wrong leaf for a Go proof: INCLUSION_FAILED', () => {
    const c = cases[3]!;
    const text = formatTlogProof({ index: c.index, hashes: c.proof, checkpoint: reference.checkpoint });
    expectVerificationError(() => verifyTlogProof(text, hashLeaf(referenceLeaf(c.index + 1)), vkey), 'INCLUSION_FAILED');
  });

  test('a Go proof checked with another key of the same name: UNKNOWN_KEY', () => {
    const c = cases[0]!;
    const text = formatTlogProof({ index: c.index, hashes: c.proof, checkpoint: reference.checkpoint });
    const impostor = verifierKeyOf(testKey('example.com/cairn-reference', 'impostor'));
    expectVerificationError(() => verifyTlogProof(text, hashLeaf(referenceLeaf(c.index)), impostor), 'UNKNOWN_KEY');
  });
});

describe('formatTlogProof', () => {
  const checkpoint = makeTestLog(3, 0).checkpoint;

  test('writes the C2SP layout exactly', () => {
    const text = formatTlogProof({ index: 73894, hashes: [H(1), H(2)], checkpoint });
    expect(text).toBe(`c2sp.org/tlog-proof@v1\nindex 73894\n${encodeBase64(H(1))}\n${encodeBase64(H(2))}\n\n${checkpoint}`);
  });

  test('writes the extra line after the header', () => {
    const text = formatTlogProof({ index: 0, hashes: [], checkpoint, extra: new TextEncoder().encode('age-v1.2.1') });
    expect(text).toBe(`c2sp.org/tlog-proof@v1\nextra YWdlLXYxLjIuMQ==\nindex 0\n\n${checkpoint}`);
  });

  test('round trip with and without extra data, with 0 to 63 hashes', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: MAX_PROOF_HASHES }),
        fc.option(fc.uint8Array({ maxLength: 100 }), { nil: undefined }),
        (index, hashes, extra) => {
          const p: TlogProof = extra === undefined ? { index, hashes, checkpoint } : { index, hashes, checkpoint, extra };
          expect(parseTlogProof(formatTlogProof(p))).toEqual(p);
        },
      ),
      { numRuns: 300 },
    );
  });

  const bad: Array<[string, Partial<TlogProof>]> = [
    ['a negative index', { index: -1 }],
    ['an index above 2^53-1', { index: 2 ** 53 }],
    ['a hash of 31 bytes', { hashes: [new Uint8Array(31)] }],
    ['64 hashes', { hashes: Array.from({ length: 64 }, () => H(0)) }],
    ['a checkpoint without a final newline', { checkpoint: checkpoint.slice(0, -1) }],
    ['extra data that is a string', { extra: 'abc' as unknown as Uint8Array }],
  ];
  for (const [name, patch] of bad) {
    test(`refuses ${name}: INVALID_ARGUMENT`, () => {
      expectVerificationError(() => formatTlogProof({ index: 1, hashes: [H(1)], checkpoint, ...patch }), 'INVALID_ARGUMENT');
    });
  }
});

describe('parseTlogProof refuses with MALFORMED_RECEIPT', () => {
  const log = makeTestLog(5, 0);
  const good = formatTlogProof({ index: 2, hashes: [H(1), H(2), H(3)], checkpoint: log.checkpoint });
  const hashLine = encodeBase64(H(1));

  test('the control parses', () => {
    expect(parseTlogProof(good).index).toBe(2);
  });

  const cases: Array<[string, string]> = [
    ['the empty string', ''],
    ['the header alone', `${TLOG_PROOF_HEADER}\n`],
    ['no header', good.slice(TLOG_PROOF_HEADER.length + 1)],
    ['another version', good.replace('@v1', '@v2')],
    ['a header with trailing space', good.replace(`${TLOG_PROOF_HEADER}\n`, `${TLOG_PROOF_HEADER} \n`)],
    ['CRLF line endings', good.replace(/\n/g, '\r\n')],
    ['no index line', good.replace('index 2\n', '')],
    ['an index with a leading zero', good.replace('index 2\n', 'index 02\n')],
    ['a negative index', good.replace('index 2\n', 'index -2\n')],
    ['an index with a plus sign', good.replace('index 2\n', 'index +2\n')],
    ['an index above 2^53-1', good.replace('index 2\n', 'index 9007199254740992\n')],
    ['an index of 2^64', good.replace('index 2\n', 'index 18446744073709551616\n')],
    ['an index without its space', good.replace('index 2\n', 'index2\n')],
    ['an index with two spaces', good.replace('index 2\n', 'index  2\n')],
    ['an empty index', good.replace('index 2\n', 'index \n')],
    ['an index in hexadecimal', good.replace('index 2\n', 'index 0x2\n')],
    ['extra data that is not base64', good.replace(`${TLOG_PROOF_HEADER}\n`, `${TLOG_PROOF_HEADER}\nextra ***\n`)],
    ['extra data after the index', good.replace('index 2\n', 'index 2\nextra YWJj\n')],
    ['two extra lines', good.replace(`${TLOG_PROOF_HEADER}\n`, `${TLOG_PROOF_HEADER}\nextra YWJj\nextra YWJj\n`)],
    ['a hash that is not base64', good.replace(hashLine, '!'.repeat(44))],
    ['a hash without padding', good.replace(hashLine, hashLine.slice(0, -1))],
    ['a hash of 31 bytes', good.replace(hashLine, encodeBase64(new Uint8Array(31)))],
    ['a hash of 33 bytes', good.replace(hashLine, encodeBase64(new Uint8Array(33)))],
    ['a hash with a trailing space', good.replace(hashLine, `${hashLine} `)],
    ['64 hashes', good.replace(`${hashLine}\n`, `${hashLine}\n`.repeat(62))],
    ['no blank line before the checkpoint', good.replace(`${encodeBase64(H(3))}\n\n`, `${encodeBase64(H(3))}\n`)],
    ['nothing after the blank line', good.slice(0, good.indexOf('\n\n') + 2)],
    ['no blank line at all', good.slice(0, good.indexOf('\n\n') + 1)],
    ['a checkpoint without signatures', good.slice(0, good.lastIndexOf('\n\n') + 1)],
    ['trailing garbage after the checkpoint', `${good}garbage`],
    ['a trailing line after the signatures', `${good}garbage\n`],
    ['a trailing blank line', `${good}\n`],
    ['a checkpoint without its final newline', good.slice(0, -1)],
    ['text longer than the cap', good.replace('index 2\n', `extra ${'A'.repeat(MAX_TLOG_PROOF_SIZE)}\nindex 2\n`)],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      expectVerificationError(() => parseTlogProof(text), 'MALFORMED_RECEIPT');
    });
  }

  test('64 hashes really are 64 lines (the case above is meaningful)', () => {
    const text = cases.find(([name]) => name === '64 hashes')![1];
    const hashLines = text.slice(text.indexOf('index 2\n') + 8, text.indexOf('\n\n')).split('\n');
    expect(hashLines.length).toBe(64);
    // and 63 of them parse:
    expect(parseTlogProof(text.replace(`${hashLine}\n`, '')).hashes.length).toBe(63);
  });

  test('a number instead of text', () => {
    expectVerificationError(() => parseTlogProof(7 as unknown as string), 'MALFORMED_RECEIPT');
  });

  test('bytes instead of text', () => {
    expectVerificationError(() => parseTlogProof(new TextEncoder().encode(good) as unknown as string), 'MALFORMED_RECEIPT');
  });

  test('random text only ever throws VerificationError MALFORMED_RECEIPT', () => {
    const lines = fc.array(
      fc.oneof(
        fc.constant(TLOG_PROOF_HEADER),
        fc.constant('index 2'),
        fc.constant(hashLine),
        fc.constant(''),
        fc.constant('extra YWJj'),
        fc.string({ maxLength: 50 }),
        fc.constantFrom(...log.checkpoint.split('\n')),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          lines.map((l) => l.join('\n')),
        ),
        (text) => {
          try {
            parseTlogProof(text);
          } catch (e) {
            expect(e).toBeInstanceOf(VerificationError);
            expect((e as VerificationError).code).toBe('MALFORMED_RECEIPT');
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('random character edits of a valid proof only ever throw VerificationError MALFORMED_RECEIPT', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.string({ maxLength: 2 })), { minLength: 1, maxLength: 3 }), (edits) => {
        let text = good;
        for (const [at, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + 1);
        try {
          parseTlogProof(text);
        } catch (e) {
          expect(e).toBeInstanceOf(VerificationError);
          expect((e as VerificationError).code).toBe('MALFORMED_RECEIPT');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('verifyTlogProof', () => {
  const log = makeTestLog(9, 0);
  const proofOf = (index: number) => log.receipt(index).proof;

  test('verifies every leaf of a real log and returns the signed checkpoint', () => {
    for (let i = 0; i < 9; i++) {
      const v = verifyTlogProof(proofOf(i), log.leafHashes[i]!, log.verifierKey);
      expect(v).toEqual({ index: i, checkpoint: { origin: log.key.name, treeSize: 9, rootHash: log.rootHash } });
    }
  });

  test('the leaf hash of another leaf: INCLUSION_FAILED', () => {
    expectVerificationError(() => verifyTlogProof(proofOf(4), log.leafHashes[5]!, log.verifierKey), 'INCLUSION_FAILED');
  });

  test('the key of another log: ORIGIN_MISMATCH', () => {
    expectVerificationError(() => verifyTlogProof(proofOf(4), log.leafHashes[4]!, verifierKeyOf(testKey('example.com/other', 'other'))), 'ORIGIN_MISMATCH');
  });

  test('a leaf hash of 31 bytes: INVALID_ARGUMENT', () => {
    expectVerificationError(() => verifyTlogProof(proofOf(4), new Uint8Array(31), log.verifierKey), 'INVALID_ARGUMENT');
  });

  test('a malformed proof: MALFORMED_RECEIPT', () => {
    expectVerificationError(() => verifyTlogProof(proofOf(4).replace('index 4', 'index 04'), log.leafHashes[4]!, log.verifierKey), 'MALFORMED_RECEIPT');
  });
});
