// rootFromLeafHashes against x/mod's roots and the recursive reference tree.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { EMPTY_ROOT, rootFromLeafHashes } from '../../merkle/index.js';
import { loadXMod300 } from '../helpers/vectors.js';
import { ReferenceTree } from './reference-tree.js';
import { expectMerkleError } from '../helpers/expect-error.js';

const xmod = loadXMod300();
const reference = ReferenceTree.ofReferenceLeaves(4096);

describe('rootFromLeafHashes', () => {
  test('no leaves give EMPTY_ROOT', () => {
    expect(rootFromLeafHashes([])).toEqual(EMPTY_ROOT);
    expect(rootFromLeafHashes([])).toEqual(xmod.emptyTreeRoot);
  });

  test('every x-mod root for sizes 1..300', () => {
    for (const { size, root } of xmod.roots) {
      expect(rootFromLeafHashes(xmod.leafHashes.slice(0, size))).toEqual(root);
    }
    expect(xmod.roots).toHaveLength(300);
  });

  test('one leaf: the root is the leaf hash, as a copy', () => {
    const leaf = xmod.leafHashes[0]!;
    const root = rootFromLeafHashes([leaf]);
    expect(root).toEqual(leaf);
    expect(root).not.toBe(leaf);
  });

  test('equals the recursive reference for random sizes up to 4096', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4096 }), (size) => {
        expect(rootFromLeafHashes(reference.leafHashes.slice(0, size))).toEqual(reference.root(size));
      }),
      { numRuns: 60 },
    );
  });

  // 70,000 leaves against Go's signed root: reference-logs.test.ts.

  test('does not modify its input', () => {
    const input = xmod.leafHashes.slice(0, 7).map((h) => h.slice());
    rootFromLeafHashes(input);
    expect(input).toEqual(xmod.leafHashes.slice(0, 7));
  });

  test('refuses a 31-byte leaf hash, naming its position', () => {
    const hashes = xmod.leafHashes.slice(0, 3);
    hashes[2] = new Uint8Array(31);
    expectMerkleError(() => rootFromLeafHashes(hashes), 'INVALID_ARGUMENT', /hashes\[2\]/);
  });

  test('refuses a single wrong-length leaf hash', () => {
    expectMerkleError(() => rootFromLeafHashes([new Uint8Array(12)]), 'INVALID_ARGUMENT', /hashes\[0\]/);
  });

  test('refuses a non-array', () => {
    expectMerkleError(() => rootFromLeafHashes('abc' as unknown as Uint8Array[]), 'INVALID_ARGUMENT');
  });
});
