/**
 * The Merkle Tree Hash of a whole list of leaf hashes (RFC 6962 §2.1, RFC 9162 §2.1.1).
 */
import { MerkleError } from './errors.js';
import { EMPTY_ROOT, checkHash, hashChildren } from './hash.js';

/**
 * MTH of the given leaf hashes (each 32 bytes; MerkleError INVALID_ARGUMENT otherwise), for any
 * count: EMPTY_ROOT for none, the leaf hash itself for one. O(n) hashing and O(log n) extra
 * memory, without recursion, so it is fine for millions of leaves.
 */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(hashes)) throw new MerkleError('INVALID_ARGUMENT', 'hashes must be an array');
  if (hashes.length === 0) return EMPTY_ROOT.slice();
  // A stack of perfect subtrees, as in CompactRange, but without copying each leaf hash:
  // the inputs are only read.
  const stack: Uint8Array[] = [];
  for (let i = 0; i < hashes.length; i++) {
    let hash = hashes[i]!;
    checkHash(hash, `hashes[${i}]`);
    // Leaf i closes one subtree per trailing 1 bit of i (same carry rule as CompactRange).
    for (let carries = i; carries % 2 === 1; carries = (carries - 1) / 2) {
      hash = hashChildren(stack.pop()!, hash);
    }
    stack.push(hash);
  }
  // The right edge, folded right to left, is the root: MTH splits at the largest power of two
  // below n, which is exactly the leftmost subtree of the stack.
  let root = stack[stack.length - 1]!;
  for (let i = stack.length - 2; i >= 0; i--) root = hashChildren(stack[i]!, root);
  // With one leaf the root is the caller's own array: hand back a copy.
  return hashes.length === 1 ? root.slice() : root;
}
