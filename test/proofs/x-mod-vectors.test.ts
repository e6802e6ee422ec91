// The Go checksum database's vectors (x-mod-300.json, made with golang.org/x/mod/sumdb/tlog):
// every root, leaf hash, inclusion and consistency proof verifies here AND our prover (plan the
// nodes, take their hashes from a full in-memory tree, fold) builds the very same proofs. Each
// proof, tampered with, is rejected with a VerificationError.
import { describe, expect, test } from '@jest/globals';
import { CompactRange, EMPTY_ROOT, hashLeaf, rootFromLeafHashes } from '../../merkle/index.js';
import { verifyConsistency } from '../../proofs/consistency.js';
import { verifyInclusion } from '../../proofs/inclusion.js';
import { consistencyProofNodes, foldProofNodes, inclusionProofNodes, type ProofNodes } from '../../proofs/proof-nodes.js';
import { loadXMod300, referenceLeaf, type XModConsistency, type XModInclusion } from '../helpers/vectors.js';
import { ReferenceTree } from '../merkle/reference-tree.js';
import { hex, hexes } from '../merkle/hex.js';
import { verificationOutcome } from '../helpers/expect-error.js';

const xmod = loadXMod300();
// The full in-memory tree over the vector's own leaf hashes.
const tree = ReferenceTree.ofLeafHashes(xmod.leafHashes);
const rootOf = (size: number): Uint8Array => (size === 0 ? xmod.emptyTreeRoot : xmod.roots[size - 1]!.root);

function build(plan: ProofNodes): Uint8Array[] {
  return foldProofNodes(
    plan,
    plan.ids.map((id) => tree.node(id.level, id.index)),
  );
}

function flipBit(hash: Uint8Array, bit: number): Uint8Array {
  const copy = hash.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

const verifyInc =
  (c: XModInclusion, over: Partial<XModInclusion> = {}) =>
  () => {
    const v = { ...c, ...over };
    return verifyInclusion(v.leafHash, v.index, v.size, v.proof, v.root);
  };
const verifyCons =
  (c: XModConsistency, over: Partial<XModConsistency> = {}) =>
  () => {
    const v = { ...c, ...over };
    return verifyConsistency(v.size1, v.size2, v.root1, v.root2, v.proof);
  };

/** Runs every case through `outcome` and returns the cases that were not rejected. */
function notRejected<T>(cases: T[], outcome: (c: T) => string): T[] {
  return cases.filter((c) => outcome(c) === 'accepted');
}

describe('x-mod-300 vectors', () => {
  test('the file has 300 leaves, 300 roots, 588 inclusion and 703 consistency proofs', () => {
    expect(xmod.n).toBe(300);
    expect(xmod.leafHashes).toHaveLength(300);
    expect(xmod.roots).toHaveLength(300);
    expect(xmod.inclusion).toHaveLength(588);
    expect(xmod.consistency).toHaveLength(703);
  });

  test('the empty tree root', () => {
    expect(EMPTY_ROOT).toEqual(xmod.emptyTreeRoot);
    expect(rootFromLeafHashes([])).toEqual(xmod.emptyTreeRoot);
  });

  test('every leaf hash', () => {
    expect(xmod.leafHashes.map((_, i) => hex(hashLeaf(referenceLeaf(i))))).toEqual(hexes(xmod.leafHashes));
  });

  test('every root, with rootFromLeafHashes and with CompactRange', () => {
    const range = CompactRange.empty();
    const fromRange: string[] = [];
    const fromList: string[] = [];
    for (const { size } of xmod.roots) {
      range.append(xmod.leafHashes[size - 1]!);
      fromRange.push(hex(range.root()));
      fromList.push(hex(rootFromLeafHashes(xmod.leafHashes.slice(0, size))));
    }
    const expected = xmod.roots.map((r) => hex(r.root));
    expect(fromRange).toEqual(expected);
    expect(fromList).toEqual(expected);
  });
});

describe('x-mod-300 inclusion proofs', () => {
  test('every proof verifies against its root', () => {
    for (const c of xmod.inclusion) {
      expect(hex(c.leafHash)).toBe(hex(xmod.leafHashes[c.index]!));
      expect(hex(c.root)).toBe(hex(rootOf(c.size)));
      expect(verifyInc(c)()).toBe(c.root);
    }
  });

  test('our prover builds every proof identically', () => {
    for (const c of xmod.inclusion) expect(hexes(build(inclusionProofNodes(c.index, c.size)))).toEqual(hexes(c.proof));
  });

  test('rejected: a flipped bit in each proof hash', () => {
    const outcomes: string[] = [];
    for (const c of xmod.inclusion) {
      for (let i = 0; i < c.proof.length; i++) {
        const proof = c.proof.slice();
        proof[i] = flipBit(proof[i]!, (i * 37 + c.index) % 256);
        outcomes.push(verificationOutcome(verifyInc(c, { proof })));
      }
    }
    expect(outcomes.length).toBeGreaterThan(3000);
    expect(new Set(outcomes)).toEqual(new Set(['INCLUSION_FAILED']));
  });

  test('rejected: a flipped bit in the leaf hash', () => {
    expect(notRejected(xmod.inclusion, (c) => verificationOutcome(verifyInc(c, { leafHash: flipBit(c.leafHash, 3) })))).toEqual([]);
  });

  test('rejected: an extra hash', () => {
    expect(notRejected(xmod.inclusion, (c) => verificationOutcome(verifyInc(c, { proof: [...c.proof, c.root] })))).toEqual([]);
  });

  test('rejected: a missing hash', () => {
    const cases = xmod.inclusion.filter((c) => c.proof.length > 0);
    expect(cases.length).toBeGreaterThan(500);
    expect(notRejected(cases, (c) => verificationOutcome(verifyInc(c, { proof: c.proof.slice(0, -1) })))).toEqual([]);
  });

  test('rejected: a wrong index', () => {
    // The neighbouring index, or one past the end when the tree has a single leaf.
    const wrong = (c: XModInclusion) => (c.index + 1 < c.size ? c.index + 1 : c.index === 0 ? 1 : c.index - 1);
    expect(notRejected(xmod.inclusion, (c) => verificationOutcome(verifyInc(c, { index: wrong(c) })))).toEqual([]);
  });

  test('rejected: a wrong size (with the root of that size)', () => {
    // A checkpoint binds a size to its root, so a lie about the size comes with that size's
    // root; with the same root, different sizes whose paths have the same shape are
    // indistinguishable to RFC 9162 verification, by design.
    const wrong = (c: XModInclusion) => (c.size < 300 ? c.size + 1 : c.size - 1);
    const cases = xmod.inclusion.filter((c) => wrong(c) > c.index);
    expect(notRejected(cases, (c) => verificationOutcome(verifyInc(c, { size: wrong(c), root: rootOf(wrong(c)) })))).toEqual([]);
  });

  test('rejected: a size of 0', () => {
    expect(notRejected(xmod.inclusion, (c) => verificationOutcome(verifyInc(c, { size: 0 })))).toEqual([]);
  });
});

describe('x-mod-300 consistency proofs', () => {
  test('every proof verifies between its roots', () => {
    for (const c of xmod.consistency) {
      expect(hex(c.root1)).toBe(hex(rootOf(c.size1)));
      expect(hex(c.root2)).toBe(hex(rootOf(c.size2)));
      expect(verifyCons(c)()).toBe(c.root2);
    }
  });

  test('our prover builds every proof identically', () => {
    for (const c of xmod.consistency) expect(hexes(build(consistencyProofNodes(c.size1, c.size2)))).toEqual(hexes(c.proof));
  });

  test('rejected: a flipped bit in each proof hash', () => {
    const outcomes: string[] = [];
    for (const c of xmod.consistency) {
      for (let i = 0; i < c.proof.length; i++) {
        const proof = c.proof.slice();
        proof[i] = flipBit(proof[i]!, (i * 41 + c.size1) % 256);
        outcomes.push(verificationOutcome(verifyCons(c, { proof })));
      }
    }
    expect(outcomes.length).toBeGreaterThan(3000);
    expect(new Set(outcomes)).toEqual(new Set(['CONSISTENCY_FAILED']));
  });

  test('rejected: a flipped bit in root1 or root2', () => {
    expect(notRejected(xmod.consistency, (c) => verificationOutcome(verifyCons(c, { root1: flipBit(c.root1, 9) })))).toEqual([]);
    expect(notRejected(xmod.consistency, (c) => verificationOutcome(verifyCons(c, { root2: flipBit(c.root2, 9) })))).toEqual([]);
  });

  test('rejected: an extra hash', () => {
    expect(notRejected(xmod.consistency, (c) => verificationOutcome(verifyCons(c, { proof: [...c.proof, c.root2] })))).toEqual([]);
  });

  test('rejected: a missing hash', () => {
    const cases = xmod.consistency.filter((c) => c.proof.length > 0);
    expect(cases.length).toBeGreaterThan(500);
    expect(notRejected(cases, (c) => verificationOutcome(verifyCons(c, { proof: c.proof.slice(1) })))).toEqual([]);
  });

  test('rejected: a wrong size1 (with the root of that size)', () => {
    const wrong = (c: XModConsistency) => (c.size1 + 1 <= c.size2 && c.size1 + 1 !== c.size2 ? c.size1 + 1 : c.size1 - 1);
    const cases = xmod.consistency.filter((c) => wrong(c) >= 1);
    expect(cases.length).toBeGreaterThan(600);
    expect(notRejected(cases, (c) => verificationOutcome(verifyCons(c, { size1: wrong(c), root1: rootOf(wrong(c)) })))).toEqual([]);
  });

  test('rejected: a wrong size2 (with the root of that size)', () => {
    const wrong = (c: XModConsistency) => (c.size2 < 300 ? c.size2 + 1 : c.size2 - 1);
    const cases = xmod.consistency.filter((c) => wrong(c) > c.size1);
    expect(cases.length).toBeGreaterThan(600);
    expect(notRejected(cases, (c) => verificationOutcome(verifyCons(c, { size2: wrong(c), root2: rootOf(wrong(c)) })))).toEqual([]);
  });

  test('rejected: size1 and size2 swapped', () => {
    const cases = xmod.consistency.filter((c) => c.size1 !== c.size2);
    expect(notRejected(cases, (c) => verificationOutcome(verifyCons(c, { size1: c.size2, size2: c.size1, root1: c.root2, root2: c.root1 })))).toEqual([]);
  });
});
