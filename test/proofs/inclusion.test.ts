// verifyInclusion (RFC 9162 §2.1.3.2): every reference proof verifies, every tampered one is
// rejected with the right VerificationError code.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { rootFromInclusionProof, verifyInclusion } from '../../proofs/inclusion.js';
import { ReferenceTree, UniformTree } from '../merkle/reference-tree.js';
import { expectVerificationError, verificationOutcome } from '../helpers/expect-error.js';

const reference = ReferenceTree.ofReferenceLeaves(4096);

function flipBit(hash: Uint8Array, bit = 0): Uint8Array {
  const copy = hash.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

// A fixed example: leaf 5 of a tree of 13 (its proof has 4 hashes, one folded from two nodes).
const INDEX = 5;
const SIZE = 13;
const leaf = reference.leafHashes[INDEX]!;
const proof = reference.inclusionProof(INDEX, SIZE);
const root = reference.root(SIZE);

describe('verifyInclusion accepts', () => {
  test('the example proof, returning the root it was given', () => {
    expect(proof).toHaveLength(4);
    expect(verifyInclusion(leaf, INDEX, SIZE, proof, root)).toBe(root);
  });

  test('every reference proof for every size up to 128', () => {
    for (let size = 1; size <= 128; size++) {
      const rootHash = reference.root(size);
      for (let index = 0; index < size; index++) {
        verifyInclusion(reference.leafHashes[index]!, index, size, reference.inclusionProof(index, size), rootHash);
      }
    }
  });

  test('random reference proofs up to size 4096', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.nat(), (size, seed) => {
        const index = seed % size;
        const rootHash = reference.root(size);
        expect(verifyInclusion(reference.leafHashes[index]!, index, size, reference.inclusionProof(index, size), rootHash)).toBe(rootHash);
      }),
      { numRuns: 150 },
    );
  });

  test('a tree of size 1: empty proof, root = leaf hash', () => {
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(leaf);
    const computed = rootFromInclusionProof(leaf, 0, 1, []);
    expect(computed).toEqual(leaf);
    expect(computed).not.toBe(leaf);
  });

  test('indexes and sizes above 2^32 (no 32-bit truncation)', () => {
    const uniform = new UniformTree();
    // In a tree of identical leaves the proof is the perfect subtree hashes of its levels.
    const size = 2 ** 33 + 3;
    const index = 2 ** 32 + 1;
    // Leaf 2^32+1 climbs through perfect siblings at levels 0..32 up to the node [0, 2^33),
    // then meets the ephemeral node [2^33, 2^33+3) on its right.
    const proofHashes: Uint8Array[] = [];
    for (let level = 0; level <= 32; level++) proofHashes.push(uniform.node(level));
    const ephemeral = new ReferenceTree();
    ephemeral.leafHashes.push(uniform.node(0), uniform.node(0), uniform.node(0));
    proofHashes.push(ephemeral.root(3));
    expect(verifyInclusion(uniform.node(0), index, size, proofHashes, uniform.root(size))).toEqual(uniform.root(size));
  });
});

describe('verifyInclusion rejects', () => {
  test('a flipped bit in any proof hash (INCLUSION_FAILED)', () => {
    for (let i = 0; i < proof.length; i++) {
      const bad = proof.slice();
      bad[i] = flipBit(proof[i]!, 77);
      expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, bad, root), 'INCLUSION_FAILED');
    }
  });

  test('a flipped bit in the leaf hash (INCLUSION_FAILED)', () => {
    expectVerificationError(() => verifyInclusion(flipBit(leaf), INDEX, SIZE, proof, root), 'INCLUSION_FAILED');
  });

  test('a flipped bit in the root (INCLUSION_FAILED)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, proof, flipBit(root, 255)), 'INCLUSION_FAILED');
  });

  test('the hash of another leaf (INCLUSION_FAILED)', () => {
    expectVerificationError(() => verifyInclusion(reference.leafHashes[4]!, INDEX, SIZE, proof, root), 'INCLUSION_FAILED');
  });

  test('an extra hash (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, [...proof, root], root), 'MALFORMED_PROOF', /has 4 hashes, got 5/);
  });

  test('a missing hash (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, proof.slice(0, 3), root), 'MALFORMED_PROOF', /has 4 hashes, got 3/);
  });

  test('an empty proof for a tree of size > 1 (MALFORMED_PROOF)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, [], root), 'MALFORMED_PROOF');
  });

  test('the proof hashes in reverse order (INCLUSION_FAILED)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, proof.slice().reverse(), root), 'INCLUSION_FAILED');
  });

  test('a wrong index (INCLUSION_FAILED)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX + 1, SIZE, proof, root), 'INCLUSION_FAILED');
  });

  test('a wrong size, with the root of that size', () => {
    const error = expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE + 1, proof, reference.root(SIZE + 1)));
    expect(['INCLUSION_FAILED', 'MALFORMED_PROOF']).toContain(error.code);
  });

  test('a size of twice the real one (MALFORMED_PROOF: one hash short)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, 2 * SIZE, proof, root), 'MALFORMED_PROOF');
  });

  test('index equal to the size (INDEX_OUT_OF_RANGE)', () => {
    expectVerificationError(() => verifyInclusion(leaf, SIZE, SIZE, proof, root), 'INDEX_OUT_OF_RANGE');
  });

  test('index beyond the size (INDEX_OUT_OF_RANGE)', () => {
    expectVerificationError(() => verifyInclusion(leaf, SIZE + 10, SIZE, proof, root), 'INDEX_OUT_OF_RANGE');
  });

  test('a tree of size 0 (INDEX_OUT_OF_RANGE)', () => {
    expectVerificationError(() => verifyInclusion(leaf, 0, 0, [], root), 'INDEX_OUT_OF_RANGE');
  });

  test('a negative index (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf, -1, SIZE, proof, root), 'INVALID_ARGUMENT', /leafIndex/);
  });

  test('a fractional size (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, 13.5, proof, root), 'INVALID_ARGUMENT', /treeSize/);
  });

  test('a size of 2^53 (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, 2 ** 53, proof, root), 'INVALID_ARGUMENT', /treeSize/);
  });

  test('a NaN index (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf, Number.NaN, SIZE, proof, root), 'INVALID_ARGUMENT');
  });

  test('a size given as a string (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, '13' as unknown as number, proof, root), 'INVALID_ARGUMENT');
  });

  test('a 31-byte leaf hash (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf.subarray(1), INDEX, SIZE, proof, root), 'INVALID_ARGUMENT', /leafHash must be 32 bytes/);
  });

  test('an empty leaf hash (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(new Uint8Array(0), INDEX, SIZE, proof, root), 'INVALID_ARGUMENT', /leafHash/);
  });

  test('a 33-byte root (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, proof, new Uint8Array(33)), 'INVALID_ARGUMENT', /rootHash/);
  });

  test('a proof hash of the wrong length, naming it (INVALID_ARGUMENT)', () => {
    const bad = proof.slice();
    bad[2] = new Uint8Array(12);
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, bad, root), 'INVALID_ARGUMENT', /proof\[2\]/);
  });

  test('a proof that is not an array (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion(leaf, INDEX, SIZE, null as unknown as Uint8Array[], root), 'INVALID_ARGUMENT', /proof/);
  });

  test('a leaf hash given as a string (INVALID_ARGUMENT)', () => {
    expectVerificationError(() => verifyInclusion('a'.repeat(32) as unknown as Uint8Array, INDEX, SIZE, proof, root), 'INVALID_ARGUMENT');
  });

  test('a random bit flip anywhere in random proofs up to size 4096', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4096 }), fc.nat(), fc.nat(), (size, seed, bitSeed) => {
        const index = seed % size;
        const good = reference.inclusionProof(index, size);
        const bad = good.slice();
        const at = bitSeed % bad.length;
        bad[at] = flipBit(bad[at]!, bitSeed % 256);
        expect(verificationOutcome(() => verifyInclusion(reference.leafHashes[index]!, index, size, bad, reference.root(size)))).toBe('INCLUSION_FAILED');
      }),
      { numRuns: 150 },
    );
  });
});
