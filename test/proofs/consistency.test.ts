// verifyConsistency (RFC 9162 §2.1.4.2 plus size1 = size2 and size1 = 0): every reference
// proof verifies, every tampered one is rejected with the right VerificationError code.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { EMPTY_ROOT } from '../../merkle/index.js';
import { verifyConsistency } from '../../proofs/consistency.js';
import { ReferenceTree } from '../merkle/reference-tree.js';
import { expectVerificationError, verificationOutcome } from '../helpers/expect-error.js';

const reference = ReferenceTree.ofReferenceLeaves(4096);

function flipBit(hash: Uint8Array, bit = 0): Uint8Array {
  const copy = hash.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

// A fixed example: 6 -> 13 (size1 not a power of two; 4 hashes).
const S1 = 6;
const S2 = 13;
const root1 = reference.root(S1);
const root2 = reference.root(S2);
const proof = reference.consistencyProof(S1, S2);

// And one where size1 is a power of two, so root1 is implicit: 4 -> 13.
const P1 = 4;
const proofFromPerfect = reference.consistencyProof(P1, S2);

describe('verifyConsistency accepts', () => {
  test('the example proof, returning root2', () => {
    expect(proof).toHaveLength(4);
    expect(verifyConsistency(S1, S2, root1, root2, proof)).toBe(root2);
  });

  test('a proof from a perfect tree (root1 implicit)', () => {
    expect(proofFromPerfect).toHaveLength(2);
    expect(verifyConsistency(P1, S2, reference.root(P1), root2, proofFromPerfect)).toBe(root2);
  });

  test('every reference proof for every pair of sizes up to 128', () => {
    for (let size2 = 1; size2 <= 128; size2++) {
      const r2 = reference.root(size2);
      for (let size1 = 1; size1 <= size2; size1++) {
        verifyConsistency(size1, size2, reference.root(size1), r2, reference.consistencyProof(size1, size2));
      }
    }
  });

  test('random reference proofs up to size 4096', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }), (a, b) => {
        const [size1, size2] = a <= b ? [a, b] : [b, a];
        const r2 = reference.root(size2);
        expect(verifyConsistency(size1, size2, reference.root(size1), r2, reference.consistencyProof(size1, size2))).toBe(r2);
      }),
      { numRuns: 150 },
    );
  });

  test('equal sizes with an empty proof and equal roots', () => {
    expect(verifyConsistency(S2, S2, root2, root2.slice(), [])).toEqual(root2);
  });

  test('size1 = 0 with an empty proof and root1 = EMPTY_ROOT', () => {
    expect(verifyConsistency(0, S2, EMPTY_ROOT, root2, [])).toBe(root2);
  });

  test('sizes 0 and 0 with both roots EMPTY_ROOT', () => {
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(EMPTY_ROOT);
  });
});

describe('verifyConsistency rejects', () => {
  test('a flipped bit in any proof hash (CONSISTENCY_FAILED)', () => {
    for (let i = 0; i < proof.length; i++) {
      const bad = proof.slice();
      bad[i] = flipBit(proof[i]!, 100);
      expectVerificationError(() => verifyConsistency(S1, S2, root1, root2, bad), 'CONSISTENCY_FAILED');
    }
  });

  test('a flipped bit in root1 (CONSISTENCY_FAILED)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, flipBit(root1), root2, proof), 'CONSISTENCY_FAILED', /size 6/);
  });

  test('a flipped bit in root2 (CONSISTENCY_FAILED)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root1, flipBit(root2), proof), 'CONSISTENCY_FAILED', /size 13/);
  });

  test('a flipped bit in root1 when size1 is a power of two (CONSISTENCY_FAILED)', () => {
    expectVerificationError(() => verifyConsistency(P1, S2, flipBit(reference.root(P1)), root2, proofFromPerfect), 'CONSISTENCY_FAILED');
  });

  test('swapped roots (CONSISTENCY_FAILED)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root2, root1, proof), 'CONSISTENCY_FAILED');
  });

  test('an extra hash (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root1, root2, [...proof, root2]), 'MALFORMED_PROOF', /has 4 hashes, got 5/);
  });

  test('a missing hash (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root1, root2, proof.slice(1)), 'MALFORMED_PROOF', /has 4 hashes, got 3/);
  });

  test('an empty proof between different sizes (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root1, root2, []), 'MALFORMED_PROOF');
  });

  test('an empty proof from a perfect tree to a larger one (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyConsistency(P1, S2, reference.root(P1), root2, []), 'MALFORMED_PROOF', /has 2 hashes, got 0/);
  });

  test('a proof from a perfect tree that repeats root1 (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyConsistency(P1, S2, reference.root(P1), root2, [reference.root(P1), ...proofFromPerfect]), 'MALFORMED_PROOF');
  });

  test('the proof hashes in reverse order (CONSISTENCY_FAILED)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root1, root2, proof.slice().reverse()), 'CONSISTENCY_FAILED');
  });

  test('a wrong size1, with the root of that size', () => {
    const error = expectVerificationError(() => verifyConsistency(S1 + 1, S2, reference.root(S1 + 1), root2, proof));
    expect(['CONSISTENCY_FAILED', 'MALFORMED_PROOF']).toContain(error.code);
  });

  test('a wrong size2, with the root of that size', () => {
    const error = expectVerificationError(() => verifyConsistency(S1, S2 + 1, root1, reference.root(S2 + 1), proof));
    expect(['CONSISTENCY_FAILED', 'MALFORMED_PROOF']).toContain(error.code);
  });

  test('size1 larger than size2 (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyConsistency(S2, S1, root2, root1, proof), 'INVALID_ARGUMENT', /size1 13 is larger than size2 6/);
  });

  test('equal sizes with a non-empty proof (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyConsistency(S2, S2, root2, root2, [root2]), 'MALFORMED_PROOF');
  });

  test('equal sizes with different roots (ROOT_MISMATCH)', () => {
    expectVerificationError(() => verifyConsistency(S2, S2, root1, root2, []), 'ROOT_MISMATCH');
  });

  test('sizes 0 and 0 with a root1 that is not EMPTY_ROOT (ROOT_MISMATCH)', () => {
    expectVerificationError(() => verifyConsistency(0, 0, root1, root1, []), 'ROOT_MISMATCH');
  });

  test('size1 = 0 with a non-empty proof (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyConsistency(0, S2, EMPTY_ROOT, root2, [EMPTY_ROOT]), 'MALFORMED_PROOF');
  });

  test('size1 = 0 with a root1 that is not EMPTY_ROOT (ROOT_MISMATCH)', () => {
    expectVerificationError(() => verifyConsistency(0, S2, root1, root2, []), 'ROOT_MISMATCH');
  });

  test('a 12-byte root1 (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, new Uint8Array(12), root2, proof), 'INVALID_ARGUMENT', /root1/);
  });

  test('an empty root2 (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root1, new Uint8Array(0), proof), 'INVALID_ARGUMENT', /root2/);
  });

  test('wrong-length roots of equal sizes when they differ (ROOT_MISMATCH), or at size 0', () => {
    expectVerificationError(() => verifyConsistency(1, 1, new Uint8Array(12), new Uint8Array(12).fill(1), []), 'ROOT_MISMATCH');
    expectVerificationError(() => verifyConsistency(0, 0, new Uint8Array(12), new Uint8Array(12), []), 'INVALID_ARGUMENT');
  });

  test('a proof hash of the wrong length, naming it (INVALID_ARGUMENT)', () => {
    const bad = proof.slice();
    bad[1] = new Uint8Array(31);
    expectVerificationError(() => verifyConsistency(S1, S2, root1, root2, bad), 'INVALID_ARGUMENT', /proof\[1\]/);
  });

  test('a proof that is not an array (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyConsistency(S1, S2, root1, root2, undefined as unknown as Uint8Array[]), 'INVALID_ARGUMENT');
  });

  test('a negative size1 (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyConsistency(-6, S2, root1, root2, proof), 'INVALID_ARGUMENT', /size1/);
  });

  test('a fractional size2 (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyConsistency(S1, 13.25, root1, root2, proof), 'INVALID_ARGUMENT', /size2/);
  });

  test('a size2 above 2^53-1 (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyConsistency(S1, 2 ** 64, root1, root2, proof), 'INVALID_ARGUMENT', /size2/);
  });

  test('a random bit flip anywhere in random proofs up to size 4096', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }), fc.nat(), (a, b, bitSeed) => {
        const [size1, size2] = a <= b ? [a, b] : [b, a];
        fc.pre(size1 < size2);
        const bad = reference.consistencyProof(size1, size2);
        const at = bitSeed % bad.length;
        bad[at] = flipBit(bad[at]!, bitSeed % 256);
        expect(verificationOutcome(() => verifyConsistency(size1, size2, reference.root(size1), reference.root(size2), bad))).toBe('CONSISTENCY_FAILED');
      }),
      { numRuns: 150 },
    );
  });
});
