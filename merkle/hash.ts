/**
 * The RFC 6962 hasher (RFC 6962 §2.1, RFC 9162 §2.1.1): SHA-256 with domain separation between
 * leaves (prefix 0x00) and interior nodes (prefix 0x01), so a leaf can never pass for a node.
 *
 * These functions sit on the server's hot path (every append, every proof), so they avoid
 * allocating or copying anything that SHA-256 does not need.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { MerkleError } from './errors.js';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256(""), the root of the empty tree (RFC 6962 §2.1). */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

const LEAF_PREFIX = new Uint8Array([0x00]);

// One reusable input block for hashChildren: 0x01 || left || right. Hashing is synchronous
// and noble keeps no reference to its input, so sharing it cannot leak between calls; it saves
// an allocation per node on the append path.
const NODE_INPUT = new Uint8Array(1 + 2 * HASH_SIZE);
NODE_INPUT[0] = 0x01;

/**
 * The leaf hash SHA-256(0x00 || leaf) (RFC 6962 §2.1). `leaf` is any byte string (the exact
 * bytes stored in the log); it is streamed into the hash, not copied.
 */
export function hashLeaf(leaf: Uint8Array): Uint8Array {
  if (!(leaf instanceof Uint8Array)) {
    throw new MerkleError('INVALID_ARGUMENT', 'leaf must be a Uint8Array');
  }
  if (backend !== undefined) {
    const input = new Uint8Array(1 + leaf.length);
    input.set(leaf, 1);
    return backend(input);
  }
  return sha256.create().update(LEAF_PREFIX).update(leaf).digest();
}

/** A SHA-256 function: the 32-byte digest of `data`, as a fresh array the caller owns. */
export type Sha256Function = (data: Uint8Array) => Uint8Array;

let backend: Sha256Function | undefined;

/**
 * Replaces noble's SHA-256 in hashLeaf and hashChildren with another implementation of the same
 * function, or restores noble with `undefined`. The server installs node:crypto's (about 2.5x
 * faster and lighter on the garbage collector); browsers keep noble. Requires `fn` to compute
 * SHA-256 exactly (test/server/fast-hash.test.ts checks the server's against noble).
 */
export function setSha256Backend(fn: Sha256Function | undefined): void {
  backend = fn;
}

/**
 * The interior node hash SHA-256(0x01 || left || right) (RFC 6962 §2.1).
 * Requires `left` and `right` to be 32-byte hashes; throws MerkleError INVALID_ARGUMENT naming
 * the argument otherwise. Returns a fresh array.
 */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  checkHash(left, 'left');
  checkHash(right, 'right');
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return backend !== undefined ? backend(NODE_INPUT) : sha256(NODE_INPUT);
}

/**
 * Throws MerkleError INVALID_ARGUMENT unless `hash` is a Uint8Array of HASH_SIZE bytes.
 * `what` names the argument in the message.
 */
export function checkHash(hash: unknown, what: string): asserts hash is Uint8Array {
  if (!(hash instanceof Uint8Array)) {
    throw new MerkleError('INVALID_ARGUMENT', `${what} must be a Uint8Array of ${HASH_SIZE} bytes`);
  }
  if (hash.length !== HASH_SIZE) {
    throw new MerkleError('INVALID_ARGUMENT', `${what} must be ${HASH_SIZE} bytes, got ${hash.length}`);
  }
}
