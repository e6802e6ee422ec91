// CompactRange against x/mod's roots and the recursive reference tree.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CompactRange, EMPTY_ROOT } from '../../merkle/index.js';
import { loadXMod300 } from '../helpers/vectors.js';
import { ReferenceTree } from './reference-tree.js';
import { expectMerkleError } from '../helpers/expect-error.js';

const xmod = loadXMod300();
const reference = ReferenceTree.ofReferenceLeaves(2048);

describe('CompactRange', () => {
  test('empty: size 0, no nodes, EMPTY_ROOT', () => {
    const range = CompactRange.empty();
    expect(range.size).toBe(0);
    expect(range.nodes).toEqual([]);
    expect(range.root()).toEqual(EMPTY_ROOT);
  });

  test('appending one by one gives every x-mod root for sizes 1..300', () => {
    const range = CompactRange.empty();
    for (let size = 1; size <= xmod.n; size++) {
      range.append(xmod.leafHashes[size - 1]!);
      expect(range.size).toBe(size);
      expect(range.root()).toEqual(xmod.roots[size - 1]!.root);
    }
  });

  test('its nodes are the reference hashes of nodeIds(size), for every size up to 600', () => {
    const range = CompactRange.empty();
    for (let size = 0; size <= 600; size++) {
      const ids = CompactRange.nodeIds(size);
      expect(range.nodes).toEqual(ids.map((id) => reference.node(id.level, id.index)));
      expect(range.root()).toEqual(reference.root(size));
      range.append(reference.leafHashes[size]!);
    }
  });

  test('nodeIds(13) are the subtrees 8, 4, 1, largest first', () => {
    expect(CompactRange.nodeIds(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  test('nodeIds(2^53-1) has 53 nodes, last the leaf 2^53-2', () => {
    const ids = CompactRange.nodeIds(Number.MAX_SAFE_INTEGER);
    expect(ids).toHaveLength(53);
    expect(ids[0]).toEqual({ level: 52, index: 0 });
    expect(ids[52]).toEqual({ level: 0, index: Number.MAX_SAFE_INTEGER - 1 });
  });

  test('appendMany in random chunks equals the reference root', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 6 }), (chunks) => {
        const range = CompactRange.empty();
        let size = 0;
        for (const chunk of chunks) {
          const take = Math.min(chunk, 2048 - size);
          range.appendMany(reference.leafHashes.slice(size, size + take));
          size += take;
        }
        expect(range.size).toBe(size);
        expect(range.root()).toEqual(reference.root(size));
      }),
      { numRuns: 40 },
    );
  });

  test('fromNodes restores a range that continues identically', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 500 }), (size, more) => {
        const ids = CompactRange.nodeIds(size);
        const restored = CompactRange.fromNodes(
          size,
          ids.map((id) => reference.node(id.level, id.index)),
        );
        expect(restored.root()).toEqual(reference.root(size));
        restored.appendMany(reference.leafHashes.slice(size, size + more));
        expect(restored.root()).toEqual(reference.root(size + more));
      }),
      { numRuns: 40 },
    );
  });

  test('fromNodes copies the hashes it is given', () => {
    const nodes = [reference.node(1, 0).slice(), reference.leafHashes[2]!.slice()];
    const range = CompactRange.fromNodes(3, nodes);
    nodes[0]!.fill(0);
    expect(range.root()).toEqual(reference.root(3));
  });

  test('append copies the leaf hash it is given', () => {
    const leaf = reference.leafHashes[0]!.slice();
    const range = CompactRange.empty();
    range.append(leaf);
    leaf.fill(7);
    expect(range.root()).toEqual(reference.root(1));
  });

  test('root() hands out a copy: changing it does not change the range', () => {
    const range = CompactRange.fromNodes(1, [reference.leafHashes[0]!]);
    range.root().fill(0);
    expect(range.root()).toEqual(reference.root(1));
  });

  test('clone is independent of the original', () => {
    const a = CompactRange.empty();
    a.appendMany(reference.leafHashes.slice(0, 5));
    const b = a.clone();
    b.appendMany(reference.leafHashes.slice(5, 9));
    a.append(reference.leafHashes[5]!);
    expect(a.size).toBe(6);
    expect(a.root()).toEqual(reference.root(6));
    expect(b.size).toBe(9);
    expect(b.root()).toEqual(reference.root(9));
  });

  test('fromNodes refuses too few nodes', () => {
    expectMerkleError(() => CompactRange.fromNodes(3, [reference.node(1, 0)]), 'INVALID_ARGUMENT', /has 2 nodes, got 1/);
  });

  test('fromNodes refuses too many nodes', () => {
    expectMerkleError(() => CompactRange.fromNodes(4, [reference.node(2, 0), reference.leafHashes[4]!]), 'INVALID_ARGUMENT', /has 1 nodes, got 2/);
  });

  test('fromNodes refuses a wrong-length hash, naming it', () => {
    expectMerkleError(() => CompactRange.fromNodes(3, [reference.node(1, 0), new Uint8Array(33)]), 'INVALID_ARGUMENT', /nodes\[1\]/);
  });

  test('fromNodes refuses a negative size', () => {
    expectMerkleError(() => CompactRange.fromNodes(-1, []), 'INVALID_ARGUMENT', /size/);
  });

  test('nodeIds refuses a fractional size', () => {
    expectMerkleError(() => CompactRange.nodeIds(2.5), 'INVALID_ARGUMENT');
  });

  test('append refuses a 31-byte leaf hash and leaves the range unchanged', () => {
    const range = CompactRange.empty();
    range.append(reference.leafHashes[0]!);
    expectMerkleError(() => range.append(new Uint8Array(31)), 'INVALID_ARGUMENT', /leafHash/);
    expect(range.size).toBe(1);
    expect(range.root()).toEqual(reference.root(1));
  });
});

describe('CompactRange.appendMany', () => {
  const reference = ReferenceTree.ofReferenceLeaves(4);

  test('refuses a bad hash anywhere in the batch and appends none of it', () => {
    const range = CompactRange.empty();
    expectMerkleError(() => range.appendMany([reference.leafHashes[0]!, reference.leafHashes[1]!, new Uint8Array(5)]), 'INVALID_ARGUMENT', /leafHashes\[2\]/);
    expect(range.size).toBe(0);
  });
});
