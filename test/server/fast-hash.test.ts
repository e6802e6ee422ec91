import { afterEach, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { hashChildren, hashLeaf, rootFromLeafHashes, setSha256Backend } from '../../merkle/index.js';
import { randomBytes } from 'node:crypto';
import { computeCommitment, encodeLogEntries } from '../../proofs/index.js';
import { nodeCommitments, nodeHashChildPairs, nodeSha256, nodeSha256Records } from '../../server/fast-hash.js';

afterEach(() => setSha256Backend(undefined));

describe('node:crypto SHA-256 backend', () => {
  test('gives the same leaf and node hashes as noble, for any input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (leaf, l, r) => {
          setSha256Backend(undefined);
          const expected = [hashLeaf(leaf), hashChildren(l, r)];
          setSha256Backend(nodeSha256);
          expect([hashLeaf(leaf), hashChildren(l, r)]).toEqual(expected);
        },
      ),
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

describe('the round hashers (issue 17)', () => {
  test('nodeHashChildPairs gives hashChildren of each 64-byte pair, for any pairs', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 64, maxLength: 64 }), { maxLength: 130 }), fc.uint8Array({ maxLength: 63 }), (pairs, tail) => {
        const children = new Uint8Array(Buffer.concat([...pairs, tail]));
        const expected = pairs.map((p) => Buffer.from(hashChildren(p.subarray(0, 32), p.subarray(32))).toString('hex')).join('');
        const got = nodeHashChildPairs(children, pairs.length);
        expect(Buffer.from(got).toString('hex')).toBe(expected);
        expect(Object.getPrototypeOf(got)).toBe(Uint8Array.prototype);
      }),
    );
    expect(() => nodeHashChildPairs(new Uint8Array(63), 1)).toThrow(/64 bytes per pair/);
  });

  test('nodeCommitments gives SHA-256(nonce || payload) per entry, for small and large payloads', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array(20_000).fill(9))), { maxLength: 8 }), (payloads) => {
        const nonces = randomBytes(32 * payloads.length);
        const out = nodeCommitments(nonces, payloads);
        expect(out.length).toBe(32 * payloads.length);
        payloads.forEach((p, i) => {
          expect(out.subarray(32 * i, 32 * i + 32)).toEqual(computeCommitment(nonces.subarray(32 * i, 32 * i + 32), p));
        });
      }),
    );
  });

  test('nodeCommitments refuses nonces that are not 32 bytes per payload', () => {
    expect(() => nodeCommitments(new Uint8Array(31), [new Uint8Array(1)])).toThrow(/32 nonce bytes per payload/);
  });

  test('nodeSha256Records hashes each record of a buffer in place: the leaf hashes of encodeLogEntries with reserve 1', () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({
      timestamp: BigInt(i + 1),
      submitter: 's',
      contentType: i % 2 ? 'a/b' : '',
      commitment: randomBytes(32),
      payloadSize: i,
      occurredAt: 0n,
    }));
    const { buffer, offsets, leaves } = encodeLogEntries(entries, 1);
    const hashes = nodeSha256Records(buffer, offsets);
    leaves.forEach((leaf, i) => expect(hashes.subarray(32 * i, 32 * i + 32)).toEqual(hashLeaf(leaf)));
    expect(nodeSha256Records(new Uint8Array(0), Uint32Array.of(0)).length).toBe(0);
  });
});
