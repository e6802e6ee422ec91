// The RFC 6962 hasher against x/mod's leaf hashes and node:crypto.
import { describe, expect, test } from '@jest/globals';
import { EMPTY_ROOT, HASH_SIZE, hashChildren, hashLeaf } from '../../merkle/index.js';
import { expectMerkleError } from '../helpers/expect-error.js';
import { loadXMod300, referenceLeaf } from '../helpers/vectors.js';
import { refNodeHash, sha256 } from './reference-tree.js';

const xmod = loadXMod300();

describe('hash', () => {
  test('HASH_SIZE is 32', () => {
    expect(HASH_SIZE).toBe(32);
  });

  test('EMPTY_ROOT is SHA-256 of the empty string (x-mod vector)', () => {
    expect(EMPTY_ROOT).toEqual(xmod.emptyTreeRoot);
    expect(EMPTY_ROOT).toEqual(sha256());
  });

  test('hashLeaf of leaf-i equals the x-mod leaf hash for all 300 leaves', () => {
    for (let i = 0; i < xmod.n; i++) expect(hashLeaf(referenceLeaf(i))).toEqual(xmod.leafHashes[i]);
  });

  test('hashLeaf of an empty leaf is SHA-256(0x00)', () => {
    expect(hashLeaf(new Uint8Array(0))).toEqual(sha256(new Uint8Array([0])));
  });

  test('hashLeaf of a 100 KB leaf equals node:crypto', () => {
    const leaf = new Uint8Array(100_000).map((_, i) => (i * 31) % 251);
    expect(hashLeaf(leaf)).toEqual(sha256(new Uint8Array([0]), leaf));
  });

  test('hashLeaf of a subarray view hashes only the view', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect(hashLeaf(backing.subarray(2, 5))).toEqual(sha256(new Uint8Array([0, 1, 2, 3])));
  });

  test('hashChildren equals SHA-256(0x01 || left || right)', () => {
    const a = xmod.leafHashes[0]!;
    const b = xmod.leafHashes[1]!;
    expect(hashChildren(a, b)).toEqual(refNodeHash(a, b));
    expect(hashChildren(a, b)).toEqual(xmod.roots[1]!.root);
  });

  test('hashChildren results are independent fresh arrays (no shared scratch leaks)', () => {
    const a = xmod.leafHashes[2]!;
    const b = xmod.leafHashes[3]!;
    const first = hashChildren(a, b);
    const second = hashChildren(b, a);
    expect(first).toEqual(refNodeHash(a, b));
    expect(second).toEqual(refNodeHash(b, a));
    expect(first).not.toBe(second);
  });

  test('hashChildren does not modify its inputs', () => {
    const a = xmod.leafHashes[4]!.slice();
    const b = xmod.leafHashes[5]!.slice();
    hashChildren(a, b);
    expect(a).toEqual(xmod.leafHashes[4]);
    expect(b).toEqual(xmod.leafHashes[5]);
  });

  test('hashChildren refuses a 31-byte left hash, naming it', () => {
    expectMerkleError(() => hashChildren(new Uint8Array(31), new Uint8Array(32)), 'INVALID_ARGUMENT', /left must be 32 bytes, got 31/);
  });

  test('hashChildren refuses a 33-byte right hash, naming it', () => {
    expectMerkleError(() => hashChildren(new Uint8Array(32), new Uint8Array(33)), 'INVALID_ARGUMENT', /right must be 32 bytes, got 33/);
  });

  test('hashChildren refuses an empty hash', () => {
    expectMerkleError(() => hashChildren(new Uint8Array(0), new Uint8Array(32)), 'INVALID_ARGUMENT', /left/);
  });

  test('hashChildren refuses a non-Uint8Array', () => {
    expectMerkleError(() => hashChildren('x'.repeat(32) as unknown as Uint8Array, new Uint8Array(32)), 'INVALID_ARGUMENT', /left must be a Uint8Array/);
  });

  test('hashLeaf refuses a string', () => {
    expectMerkleError(() => hashLeaf('leaf-0' as unknown as Uint8Array), 'INVALID_ARGUMENT', /leaf must be a Uint8Array/);
  });
});
