import { afterEach, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { hashChildren, hashLeaf, rootFromLeafHashes, setSha256Backend } from '../../merkle/index.js';
import { nodeSha256 } from '../../server/fast-hash.js';

afterEach(() => setSha256Backend(undefined));

describe('node:crypto SHA-256 backend', () => {
  test('gives the same leaf and node hashes as noble, for any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (leaf, l, r) => {
        setSha256Backend(undefined);
        const expected = [hashLeaf(leaf), hashChildren(l, r)];
        setSha256Backend(nodeSha256);
        expect([hashLeaf(leaf), hashChildren(l, r)]).toEqual(expected);
      }),
    );
  });

  test('gives the same root for a tree of 1000 leaves, as a plain Uint8Array', () => {
    const leaves = Array.from({ length: 1000 }, (_, i) => hashLeaf(Uint8Array.of(i % 256, i >> 8)));
    const noble = rootFromLeafHashes(leaves);
    setSha256Backend(nodeSha256);
    const fast = rootFromLeafHashes(leaves);
    expect(fast).toEqual(noble);
    expect(Object.getPrototypeOf(fast)).toBe(Uint8Array.prototype);
  });
});
