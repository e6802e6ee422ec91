/**
 * Inclusion proof verification, exactly RFC 9162 §2.1.3.2.
 */
import { equalBytes, hashChildren } from '../merkle/index.js';
import { fail } from './errors.js';
import { requireHash, requireSize } from './proof-nodes.js';

/**
 * The root of the tree of size treeSize that the inclusion proof `proof` (ordered from the leaf
 * up) leads to from `leafHash` at `leafIndex` (RFC 9162 §2.1.3.2 steps 1-5, without the final
 * comparison). Throws VerificationError: INVALID_ARGUMENT for a hash that is not 32 bytes or a
 * number that is not a safe non-negative integer, INDEX_OUT_OF_RANGE when
 * leafIndex >= treeSize, MALFORMED_PROOF when the proof does not have exactly the number of
 * hashes that index and size call for.
 */
export function rootFromInclusionProof(leafHash: Uint8Array, leafIndex: number, treeSize: number, proof: readonly Uint8Array[]): Uint8Array {
  requireHash(leafHash, 'leafHash');
  requireSize(leafIndex, 'leafIndex');
  requireSize(treeSize, 'treeSize');
  if (!Array.isArray(proof)) fail('INVALID_ARGUMENT', 'proof must be an array of hashes');
  if (leafIndex >= treeSize) fail('INDEX_OUT_OF_RANGE', `leaf index ${leafIndex} is not below tree size ${treeSize}`);
  const expected = inclusionProofLength(leafIndex, treeSize);
  // Counted before hashing anything, so a hostile proof costs no hashing at all.
  if (proof.length !== expected) {
    fail('MALFORMED_PROOF', `an inclusion proof of leaf ${leafIndex} in a tree of size ${treeSize} has ${expected} hashes, got ${proof.length}`);
  }
  proof.forEach((hash, i) => requireHash(hash, `proof[${i}]`));

  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leafHash.slice();
  for (const p of proof) {
    // The length check above guarantees sn > 0 here (RFC step 3.a).
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      // Past the right edge the path has no right siblings: skip the levels where the node is
      // carried up alone.
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return r;
}

/**
 * Verifies that `leafHash` is the leaf at `leafIndex` of the tree of size `treeSize` whose root
 * is `rootHash`, with the inclusion proof `proof` (RFC 9162 §2.1.3.2). Returns rootHash.
 * Throws VerificationError as rootFromInclusionProof does, plus INVALID_ARGUMENT for a rootHash
 * that is not 32 bytes and INCLUSION_FAILED when the proof leads to a different root.
 */
export function verifyInclusion(leafHash: Uint8Array, leafIndex: number, treeSize: number, proof: readonly Uint8Array[], rootHash: Uint8Array): Uint8Array {
  requireHash(rootHash, 'rootHash');
  const computed = rootFromInclusionProof(leafHash, leafIndex, treeSize, proof);
  if (!equalBytes(computed, rootHash)) {
    fail('INCLUSION_FAILED', `the inclusion proof of leaf ${leafIndex} does not lead to the root of the tree of size ${treeSize}`);
  }
  return rootHash;
}

/**
 * The number of hashes in the inclusion proof of leaf index in a tree of size treeSize: the
 * number of rounds of RFC 9162 §2.1.3.2 step 3 before sn reaches 0. Requires
 * index < treeSize.
 */
function inclusionProofLength(index: number, treeSize: number): number {
  return pathRounds(index, treeSize - 1);
}

/**
 * The rounds of the RFC 9162 verification loop (§2.1.3.2 step 3, §2.1.4.2 step 6) from the
 * node numbers fn and sn until sn reaches 0: the number of proof hashes they consume. Used to
 * check a proof's length before hashing anything. Requires 0 <= fn <= sn, safe integers.
 */
export function pathRounds(fn: number, sn: number): number {
  let count = 0;
  while (sn !== 0) {
    if (fn % 2 === 0 && fn === sn) {
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
    count++;
  }
  return count;
}
