// AppendedNodes: a round's proofs from the old compact range plus the new leaves only, equal to
// the proofs of the full reference tree.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { AppendedNodes, CompactRange } from '../../merkle/index.js';
import { consistencyProofNodes, foldProofNodes, inclusionProofNodes } from '../../proofs/proof-nodes.js';
import { ReferenceTree } from './reference-tree.js';
import { expectMerkleError } from '../helpers/expect-error.js';
import { hex, hexes } from './hex.js';

const reference = ReferenceTree.ofReferenceLeaves(3000);

function rangeOf(size: number): CompactRange {
  const ids = CompactRange.nodeIds(size);
  return CompactRange.fromNodes(
    size,
    ids.map((id) => reference.node(id.level, id.index)),
  );
}

function round(startSize: number, k: number): AppendedNodes {
  return new AppendedNodes(rangeOf(startSize), reference.leafHashes.slice(startSize, startSize + k));
}

/** Every proof of the round, built from `nodes`, as hex, next to the reference's. */
function roundProofs(nodes: AppendedNodes): { ours: string[][]; theirs: string[][] } {
  const { startSize: s, endSize: e } = nodes;
  const ours: string[][] = [];
  const theirs: string[][] = [];
  for (let index = s; index < e; index++) {
    const plan = inclusionProofNodes(index, e);
    ours.push(hexes(foldProofNodes(plan, nodes.hashes(plan.ids))));
    theirs.push(hexes(reference.inclusionProof(index, e)));
  }
  const plan = consistencyProofNodes(s, e);
  ours.push(hexes(foldProofNodes(plan, nodes.hashes(plan.ids))));
  theirs.push(hexes(reference.consistencyProof(s, e)));
  return { ours, theirs };
}

describe('AppendedNodes', () => {
  test('sizes: startSize and endSize', () => {
    const nodes = round(5, 3);
    expect(nodes.startSize).toBe(5);
    expect(nodes.endSize).toBe(8);
  });

  test('every proof of every round (startSize, k) with endSize up to 48 equals the reference', () => {
    for (let s = 0; s < 48; s++) {
      for (let k = 1; s + k <= 48; k++) {
        const { ours, theirs } = roundProofs(round(s, k));
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`round ${s} + ${k} differs from the reference`);
      }
    }
  });

  test('random rounds up to 3000 leaves give the reference proofs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2700 }), fc.integer({ min: 1, max: 300 }), (s, k) => {
        const { ours, theirs } = roundProofs(round(s, k));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 30 },
    );
  });

  test('an empty round (k = 0) still answers the old compact range nodes', () => {
    const nodes = round(13, 0);
    expect(nodes.endSize).toBe(13);
    for (const id of CompactRange.nodeIds(13)) expect(hex(nodes.hash(id))).toBe(hex(reference.node(id.level, id.index)));
  });

  test('a straddling node is derived from old and new parts', () => {
    // [0, 8) straddles 5: made of old (2,0) and (0,4) plus new leaves 5..7.
    expect(hex(round(5, 3).hash({ level: 3, index: 0 }))).toBe(hex(reference.node(3, 0)));
  });

  test('hashes are memoized: asking twice gives the same array', () => {
    const nodes = round(100, 100);
    const id = { level: 5, index: 4 };
    expect(nodes.hash(id)).toBe(nodes.hash(id));
  });

  test('the compact range after the round equals appending the leaves one by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2700 }), fc.integer({ min: 0, max: 300 }), (s, k) => {
        const grown = rangeOf(s);
        grown.appendMany(reference.leafHashes.slice(s, s + k));
        const derived = round(s, k).compactRange();
        expect(derived.size).toBe(s + k);
        expect(derived.nodes.map(hex)).toEqual(grown.nodes.map(hex));
        expect(hex(derived.root())).toBe(hex(reference.root(s + k)));
      }),
      { numRuns: 40 },
    );
  });

  test('hashes each new interior node once, one call of the pair hasher per level', () => {
    const calls: number[] = [];
    const counting = (records: Uint8Array, count: number): Uint8Array => {
      calls.push(count);
      expect(records.length).toBe(65 * count);
      const out = new Uint8Array(32 * count);
      for (let i = 0; i < count; i++) out.set(sha256(records.subarray(65 * i, 65 * i + 65)), 32 * i);
      return out;
    };
    // 1000 leaves after 1000: the complete nodes not inside [0, 1000) at each level up to 2^10.
    const nodes = new AppendedNodes(rangeOf(1000), reference.leafHashes.slice(1000, 2000), counting);
    const expected = [];
    for (let level = 1; 2 ** level <= 2000; level++) expected.push(Math.floor(2000 / 2 ** level) - Math.floor(1000 / 2 ** level));
    expect(calls).toEqual(expected.filter((c) => c > 0));
    expect(calls.reduce((a, b) => a + b, 0)).toBeLessThan(1000 + 11);
    const { ours, theirs } = roundProofs(nodes);
    expect(ours).toEqual(theirs);
  });

  test('refuses a pair hasher that answers the wrong number of bytes', () => {
    expectMerkleError(() => new AppendedNodes(rangeOf(4), reference.leafHashes.slice(4, 8), () => new Uint8Array(31)), 'INVALID_ARGUMENT', /hashPairs/);
  });

  test('does not depend on the CompactRange changing afterwards', () => {
    const before = rangeOf(6);
    const nodes = new AppendedNodes(before, reference.leafHashes.slice(6, 9));
    before.appendMany(reference.leafHashes.slice(6, 20));
    expect(hex(nodes.hash({ level: 1, index: 2 }))).toBe(hex(reference.node(1, 2)));
  });

  test('refuses a node inside the old tree that is not a compact range node', () => {
    // Size 8 before: its compact range is the single node (3, 0); leaf 2 is inside it.
    expectMerkleError(() => round(8, 4).hash({ level: 0, index: 2 }), 'INVALID_ARGUMENT', /cannot be derived/);
  });

  test('refuses a node that is not complete at endSize', () => {
    expectMerkleError(() => round(8, 4).hash({ level: 2, index: 3 }), 'INVALID_ARGUMENT', /not complete in a tree of size 12/);
  });

  test('refuses a node with a negative index', () => {
    expectMerkleError(() => round(8, 4).hash({ level: 0, index: -1 }), 'INVALID_ARGUMENT', /index/);
  });

  test('refuses a node with a fractional level', () => {
    expectMerkleError(() => round(8, 4).hash({ level: 0.5, index: 0 }), 'INVALID_ARGUMENT', /level/);
  });

  test('refuses a leaf hash of the wrong length, naming it', () => {
    expectMerkleError(() => new AppendedNodes(rangeOf(3), [reference.leafHashes[3]!, new Uint8Array(31)]), 'INVALID_ARGUMENT', /leafHashes\[1\]/);
  });

  test('refuses something that is not a CompactRange', () => {
    expectMerkleError(() => new AppendedNodes({ size: 0, nodes: [] } as unknown as CompactRange, []), 'INVALID_ARGUMENT', /CompactRange/);
  });
});
