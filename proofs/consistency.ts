/**
 * Consistency proof verification, exactly RFC 9162 §2.1.4.2, plus the two cases that RFC
 * leaves to the caller: size1 = size2 and size1 = 0.
 */
import { EMPTY_ROOT, equalBytes, hashChildren, isPowerOfTwo } from '../merkle/index.js';
import { fail } from './errors.js';
import { pathRounds } from './inclusion.js';
import { requireHash, requireSize } from './proof-nodes.js';

/**
 * Verifies that the tree of size size1 with root root1 is a prefix of the tree of size size2
 * with root root2, with the consistency proof `proof` (ordered from the bottom up). Returns
 * root2. Edge cases: size1 = size2 needs an empty proof and root1 = root2 (compared as opaque
 * bytes when the size is not 0); size1 = 0 needs an empty proof and root1 = EMPTY_ROOT (every
 * tree extends the empty one).
 *
 * Throws VerificationError: INVALID_ARGUMENT for a hash that is not 32 bytes, a number that is
 * not a safe non-negative integer, or size1 > size2; MALFORMED_PROOF when the proof does not
 * have exactly the number of hashes the sizes call for; ROOT_MISMATCH when the edge cases'
 * roots differ; CONSISTENCY_FAILED when the proof does not lead to root1 and root2.
 */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  requireSize(size1, 'size1');
  requireSize(size2, 'size2');
  if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array)) fail('INVALID_ARGUMENT', 'root1 and root2 must be Uint8Arrays');
  if (!Array.isArray(proof)) fail('INVALID_ARGUMENT', 'proof must be an array of hashes');
  if (size1 > size2) fail('INVALID_ARGUMENT', `size1 ${size1} is larger than size2 ${size2}: a log never shrinks`);

  // A non-empty tree is consistent with itself whatever its root: the roots are compared as
  // opaque bytes, as transparency-dev/merkle does (its vector "sizes are equal (one) and proof is
  // empty" uses 12-byte roots and must be accepted). Every other case needs 32-byte roots.
  if (size1 === size2 && size1 > 0) {
    if (proof.length !== 0) {
      fail('MALFORMED_PROOF', `a consistency proof from size ${size1} to ${size2} must be empty, got ${proof.length} hashes`);
    }
    if (!equalBytes(root1, root2)) fail('ROOT_MISMATCH', `two trees of the same size ${size1} have different roots`);
    return root2;
  }
  requireHash(root1, 'root1');
  requireHash(root2, 'root2');

  if (size1 === 0) {
    // Nothing to prove: the roots themselves are the whole claim.
    if (proof.length !== 0) {
      fail('MALFORMED_PROOF', `a consistency proof from size ${size1} to ${size2} must be empty, got ${proof.length} hashes`);
    }
    if (size1 === 0 && !equalBytes(root1, EMPTY_ROOT)) fail('ROOT_MISMATCH', 'root1 is not the empty tree root, but size1 is 0');
    if (size1 === size2 && !equalBytes(root1, root2)) fail('ROOT_MISMATCH', `two trees of the same size ${size1} have different roots`);
    return root2;
  }

  // RFC 9162 §2.1.4.2 step 2: when the old tree is a perfect subtree its root is the proof's
  // implicit first node.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  const expected = consistencyPathLength(size1, size2);
  // Counted before hashing anything, so a hostile proof costs no hashing at all.
  if (path.length !== expected) {
    const given = isPowerOfTwo(size1) ? expected - 1 : expected;
    fail('MALFORMED_PROOF', `a consistency proof from size ${size1} to ${size2} has ${given} hashes, got ${proof.length}`);
  }
  proof.forEach((hash, i) => requireHash(hash, `proof[${i}]`));

  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    // The length check above guarantees sn > 0 here (RFC step 6.a).
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (!equalBytes(fr, root1)) fail('CONSISTENCY_FAILED', `the consistency proof does not lead to the root of size ${size1}`);
  if (!equalBytes(sr, root2)) fail('CONSISTENCY_FAILED', `the consistency proof does not lead to the root of size ${size2}`);
  return root2;
}

/**
 * The length of the path of RFC 9162 §2.1.4.2 (the proof, with root1 prepended when size1 is
 * a power of two): 1 plus the rounds of step 6 before sn reaches 0. Requires
 * 0 < size1 < size2.
 */
function consistencyPathLength(size1: number, size2: number): number {
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  return 1 + pathRounds(fn, sn);
}
