// Proof planning and folding (plan nodes, fetch hashes, fold) against the recursive RFC 6962
// reference tree, exhaustively for small trees and by property for large ones.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { bitLength, hashChildren, isPowerOfTwo, nodeEnd, nodeStart, type NodeId } from '../../merkle/index.js';
import { consistencyProofNodes, foldProofNodes, inclusionProofNodes, type ProofNodes } from '../../proofs/proof-nodes.js';
import { verifyConsistency } from '../../proofs/consistency.js';
import { verifyInclusion } from '../../proofs/inclusion.js';
import { ReferenceTree, UniformTree } from '../merkle/reference-tree.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const EXHAUSTIVE = 300;
const reference = ReferenceTree.ofReferenceLeaves(4096);
const uniform = new UniformTree();

function prove(plan: ProofNodes, tree: ReferenceTree = reference): Uint8Array[] {
  return foldProofNodes(
    plan,
    plan.ids.map((id) => tree.node(id.level, id.index)),
  );
}

/** A size up to 2^53-1 and an index below it. */
const indexAndSize = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).chain((size) => fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.constant(size)));

const ids = (...pairs: [number, number][]): NodeId[] => pairs.map(([level, index]) => ({ level, index }));

describe('inclusionProofNodes', () => {
  // The 7-leaf example tree of c2sp.org/merkle-tree (leaves a..g, nodes h..l).
  test('leaf 0 of 7 is [b, i, l] with l folded from g and j', () => {
    const plan = inclusionProofNodes(0, 7);
    expect(plan).toEqual({ ids: ids([0, 1], [1, 1], [0, 6], [1, 2]), begin: 2, end: 4 });
  });

  test('leaf 6 of 7 is [j, k]', () => {
    expect(inclusionProofNodes(6, 7)).toEqual({ ids: ids([1, 2], [2, 0]), begin: 0, end: 0 });
  });

  test('leaf 4 of 7 is [f, g, k]', () => {
    expect(inclusionProofNodes(4, 7)).toEqual({ ids: ids([0, 5], [0, 6], [2, 0]), begin: 1, end: 2 });
  });

  test('the only leaf of a tree of size 1 has an empty proof', () => {
    expect(inclusionProofNodes(0, 1)).toEqual({ ids: [], begin: 0, end: 0 });
  });

  test(`every index of every size up to ${EXHAUSTIVE} gives the reference PATH`, () => {
    for (let size = 1; size <= EXHAUSTIVE; size++) {
      for (let index = 0; index < size; index++) {
        const proof = prove(inclusionProofNodes(index, size));
        const expected = reference.inclusionProof(index, size);
        if (proof.length !== expected.length || proof.some((h, i) => !h.every((b, j) => b === expected[i]![j]))) {
          throw new Error(`inclusion proof of ${index} in ${size} differs from the reference`);
        }
      }
    }
  });

  test('random (index, size) up to 4096 give the reference PATH', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.nat(), (size, seed) => {
        const index = seed % size;
        expect(prove(inclusionProofNodes(index, size))).toEqual(reference.inclusionProof(index, size));
      }),
      { numRuns: 200 },
    );
  });

  test('for sizes up to 2^53-1 the leaf and the planned nodes partition [0, size)', () => {
    fc.assert(
      fc.property(indexAndSize, ([index, size]) => {
        const plan = inclusionProofNodes(index, size);
        expectPartition([{ level: 0, index }, ...plan.ids], size);
        expectEphemeralRange(plan);
      }),
      { numRuns: 300 },
    );
  });

  test('for sizes up to 2^53-1 the folded proof verifies in a tree of identical leaves', () => {
    fc.assert(
      fc.property(indexAndSize, ([index, size]) => {
        const plan = inclusionProofNodes(index, size);
        const proof = foldProofNodes(
          plan,
          plan.ids.map((id) => uniform.node(id.level)),
        );
        expect(verifyInclusion(uniform.node(0), index, size, proof, uniform.root(size))).toEqual(uniform.root(size));
      }),
      { numRuns: 100 },
    );
  });

  test('index equal to size is INDEX_OUT_OF_RANGE', () => {
    expectVerificationError(() => inclusionProofNodes(5, 5), 'INDEX_OUT_OF_RANGE');
  });

  test('size 0 is INDEX_OUT_OF_RANGE', () => {
    expectVerificationError(() => inclusionProofNodes(0, 0), 'INDEX_OUT_OF_RANGE');
  });

  test('a negative index is INVALID_ARGUMENT', () => {
    expectVerificationError(() => inclusionProofNodes(-1, 5), 'INVALID_ARGUMENT', /index/);
  });

  test('a size of 2^53 is INVALID_ARGUMENT', () => {
    expectVerificationError(() => inclusionProofNodes(0, 2 ** 53), 'INVALID_ARGUMENT', /treeSize/);
  });

  test('a fractional index is INVALID_ARGUMENT', () => {
    expectVerificationError(() => inclusionProofNodes(0.5, 5), 'INVALID_ARGUMENT');
  });
});

describe('foldProofNodes with a shared memo', () => {
  test('every proof of a tree, built with one memo, equals the reference (and the memo is used)', () => {
    for (const size of [7, 64, 255, 300]) {
      const memo = new Map<string, Uint8Array>();
      for (let index = 0; index < size; index++) {
        const plan = inclusionProofNodes(index, size);
        const proof = foldProofNodes(
          plan,
          plan.ids.map((id) => reference.node(id.level, id.index)),
          memo,
        );
        expect(proof).toEqual(reference.inclusionProof(index, size));
      }
      const plan = consistencyProofNodes(size - 3, size);
      expect(
        foldProofNodes(
          plan,
          plan.ids.map((id) => reference.node(id.level, id.index)),
          memo,
        ),
      ).toEqual(reference.consistencyProof(size - 3, size));
      if (size !== 64) expect(memo.size).toBeGreaterThan(0);
    }
  });
});

describe('consistencyProofNodes', () => {
  test('3 -> 7 is [c, d, h, l] (c2sp.org/merkle-tree example)', () => {
    expect(consistencyProofNodes(3, 7)).toEqual({ ids: ids([0, 2], [0, 3], [1, 0], [0, 6], [1, 2]), begin: 3, end: 5 });
  });

  test('4 -> 7 is [l]: the old root is a perfect subtree and left out', () => {
    expect(consistencyProofNodes(4, 7)).toEqual({ ids: ids([0, 6], [1, 2]), begin: 0, end: 2 });
  });

  test('6 -> 7 is [j, g, k]', () => {
    expect(consistencyProofNodes(6, 7)).toEqual({ ids: ids([1, 2], [0, 6], [2, 0]), begin: 1, end: 2 });
  });

  test('equal sizes and size1 = 0 need no nodes', () => {
    expect(consistencyProofNodes(7, 7)).toEqual({ ids: [], begin: 0, end: 0 });
    expect(consistencyProofNodes(0, 7)).toEqual({ ids: [], begin: 0, end: 0 });
    expect(consistencyProofNodes(0, 0)).toEqual({ ids: [], begin: 0, end: 0 });
  });

  test(`every pair of sizes up to ${EXHAUSTIVE} gives the reference PROOF`, () => {
    for (let size2 = 1; size2 <= EXHAUSTIVE; size2++) {
      for (let size1 = 1; size1 <= size2; size1++) {
        const proof = prove(consistencyProofNodes(size1, size2));
        const expected = reference.consistencyProof(size1, size2);
        if (proof.length !== expected.length || proof.some((h, i) => !h.every((b, j) => b === expected[i]![j]))) {
          throw new Error(`consistency proof ${size1} -> ${size2} differs from the reference`);
        }
      }
    }
  });

  test('random pairs up to 4096 give the reference PROOF', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }), (a, b) => {
        const [size1, size2] = a <= b ? [a, b] : [b, a];
        expect(prove(consistencyProofNodes(size1, size2))).toEqual(reference.consistencyProof(size1, size2));
      }),
      { numRuns: 200 },
    );
  });

  test('for sizes up to 2^53-1 the nodes (with the old root when left out) partition [0, size2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (a, b) => {
        const [size1, size2] = a <= b ? [a, b] : [b, a];
        if (size1 === size2) return;
        const plan = consistencyProofNodes(size1, size2);
        // Math.log2 rounds 2^49-1 to 49, so powers of two are recognised exactly, with bits.
        const seed = isPowerOfTwo(size1) ? [{ level: bitLength(size1) - 1, index: 0 }] : [];
        expectPartition([...seed, ...plan.ids], size2);
        expectEphemeralRange(plan);
      }),
      { numRuns: 300 },
    );
  });

  test('for sizes up to 2^53-1 the folded proof verifies in a tree of identical leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (a, b) => {
        const [size1, size2] = a <= b ? [a, b] : [b, a];
        const plan = consistencyProofNodes(size1, size2);
        const proof = foldProofNodes(
          plan,
          plan.ids.map((id) => uniform.node(id.level)),
        );
        expect(verifyConsistency(size1, size2, uniform.root(size1), uniform.root(size2), proof)).toEqual(uniform.root(size2));
      }),
      { numRuns: 100 },
    );
  });

  test('2^49-1 -> 2^49: the old last leaf, then its siblings up to the new root', () => {
    const plan = consistencyProofNodes(2 ** 49 - 1, 2 ** 49);
    expect(plan.ids[0]).toEqual({ level: 0, index: 2 ** 49 - 2 });
    expect(plan.ids).toHaveLength(1 + 49);
    expectPartition(plan.ids, 2 ** 49);
  });

  test('size1 > size2 is INVALID_ARGUMENT', () => {
    expectVerificationError(() => consistencyProofNodes(8, 7), 'INVALID_ARGUMENT', /size1 8 is larger than size2 7/);
  });

  test('a negative size1 is INVALID_ARGUMENT', () => {
    expectVerificationError(() => consistencyProofNodes(-1, 7), 'INVALID_ARGUMENT', /size1/);
  });

  test('a non-safe size2 is INVALID_ARGUMENT', () => {
    expectVerificationError(() => consistencyProofNodes(1, 2 ** 60), 'INVALID_ARGUMENT', /size2/);
  });
});

describe('foldProofNodes', () => {
  const plan = inclusionProofNodes(0, 7);
  const hashes = plan.ids.map((id) => reference.node(id.level, id.index));

  test('folds the ephemeral part right to left: H(left || right)', () => {
    const proof = foldProofNodes(plan, hashes);
    expect(proof).toEqual([hashes[0], hashes[1], hashChildren(hashes[3]!, hashes[2]!)]);
  });

  test('does not modify the hashes it is given', () => {
    const copy = hashes.map((h) => h.slice());
    foldProofNodes(plan, copy);
    expect(copy).toEqual(hashes);
  });

  test('refuses one hash too few', () => {
    expectVerificationError(() => foldProofNodes(plan, hashes.slice(1)), 'INVALID_ARGUMENT', /expected 4 hashes/);
  });

  test('refuses one hash too many', () => {
    expectVerificationError(() => foldProofNodes(plan, [...hashes, hashes[0]!]), 'INVALID_ARGUMENT', /expected 4 hashes/);
  });

  test('refuses a 31-byte hash, naming it', () => {
    const bad = hashes.slice();
    bad[2] = new Uint8Array(31);
    expectVerificationError(() => foldProofNodes(plan, bad), 'INVALID_ARGUMENT', /hashes\[2\]/);
  });

  test('refuses a plan whose ephemeral range runs past its ids', () => {
    expectVerificationError(() => foldProofNodes({ ids: plan.ids, begin: 2, end: 5 }, hashes), 'INVALID_ARGUMENT', /ephemeral range/);
  });

  test('refuses a plan with begin after end', () => {
    expectVerificationError(() => foldProofNodes({ ids: plan.ids, begin: 3, end: 2 }, hashes), 'INVALID_ARGUMENT', /ephemeral range/);
  });

  test('refuses a plan that is not an object', () => {
    expectVerificationError(() => foldProofNodes(null as unknown as ProofNodes, hashes), 'INVALID_ARGUMENT');
  });
});

// Plain checks (not expect) inside the property loops: thousands of nodes per run.

/** Throws unless the nodes are complete, disjoint and cover [0, size) exactly. */
function expectPartition(nodes: NodeId[], size: number): void {
  const ranges = nodes.map((id) => [nodeStart(id), nodeEnd(id)] as const).sort((x, y) => x[0] - y[0]);
  let position = 0;
  for (const [start, end] of ranges) {
    if (start !== position) throw new Error(`gap or overlap at ${position} in a tree of size ${size}`);
    position = end;
  }
  if (position !== size) throw new Error(`the nodes cover [0, ${position}), not [0, ${size})`);
}

/** Throws unless the ephemeral parts are adjacent, lowest first (right to left). */
function expectEphemeralRange(plan: ProofNodes): void {
  const parts = plan.ids.slice(plan.begin, plan.end);
  for (let i = 1; i < parts.length; i++) {
    if (!(parts[i]!.level > parts[i - 1]!.level && nodeEnd(parts[i]!) === nodeStart(parts[i - 1]!))) {
      throw new Error(`ephemeral parts ${i - 1} and ${i} are not adjacent right to left`);
    }
  }
}
