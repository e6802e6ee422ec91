/**
 * The compact range [0, size): the right edge of an RFC 6962 tree, i.e. the hashes of the
 * perfect subtrees that make up the first `size` leaves (one per set bit of `size`). It is all
 * that is needed to append more leaves and to compute the root, in O(log n) memory
 * (after transparency-dev/merkle `compact.Range`, restricted to ranges that start at 0).
 */
import { MerkleError } from './errors.js';
import { EMPTY_ROOT, checkHash, hashChildren } from './hash.js';
import { checkSize, rangeNodeIds, type NodeId } from './node-id.js';

/** An append-only Merkle tree of which only the right edge is kept. */
export class CompactRange {
  #size: number;
  // Hashes of nodeIds(#size), left to right (largest subtree first). Never mutated in place,
  // so clones may share the arrays' elements.
  #nodes: Uint8Array[];

  private constructor(size: number, nodes: Uint8Array[]) {
    this.#size = size;
    this.#nodes = nodes;
  }

  /** The range of the empty tree (size 0). */
  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /**
   * The perfect subtrees that make up the leaves [0, size), left to right, largest first: one
   * per set bit of `size`. Requires `size` to be a safe non-negative integer.
   */
  static nodeIds(size: number): NodeId[] {
    checkSize(size, 'size');
    return rangeNodeIds(0, size);
  }

  /**
   * A range restored from stored hashes. Requires `nodes` to be the 32-byte hashes of
   * `nodeIds(size)`, in that order; throws MerkleError INVALID_ARGUMENT on a wrong count or
   * length. The hashes are copied.
   */
  static fromNodes(size: number, nodes: readonly Uint8Array[]): CompactRange {
    checkSize(size, 'size');
    if (!Array.isArray(nodes)) throw new MerkleError('INVALID_ARGUMENT', 'nodes must be an array');
    const expected = popCount(size);
    if (nodes.length !== expected) {
      throw new MerkleError('INVALID_ARGUMENT', `a compact range of size ${size} has ${expected} nodes, got ${nodes.length}`);
    }
    const copies = nodes.map((hash, i) => {
      checkHash(hash, `nodes[${i}]`);
      return hash.slice();
    });
    return new CompactRange(size, copies);
  }

  /** The number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /** The hashes of `nodeIds(size)`, left to right. Callers must not modify them. */
  get nodes(): readonly Uint8Array[] {
    return this.#nodes;
  }

  /**
   * Appends one leaf hash (32 bytes; MerkleError INVALID_ARGUMENT otherwise). Costs one hash
   * per merged subtree, one on average.
   */
  append(leafHash: Uint8Array): void {
    checkHash(leafHash, 'leafHash');
    if (this.#size === Number.MAX_SAFE_INTEGER) {
      throw new MerkleError('INVALID_ARGUMENT', 'the tree is full (2^53-1 leaves)');
    }
    // Copied so that a caller reusing its buffer cannot change the tree afterwards.
    let hash: Uint8Array = leafHash.slice();
    // Each trailing 1 bit of the old size is a subtree of the same height as the new one, so
    // they merge, like a carry in binary addition.
    let carries = this.#size;
    while (carries % 2 === 1) {
      hash = hashChildren(this.#nodes.pop()!, hash);
      carries = (carries - 1) / 2;
    }
    this.#nodes.push(hash);
    this.#size++;
  }

  /**
   * Appends the leaf hashes in order. Same requirements as `append`, checked for all of them
   * first: on a MerkleError nothing has been appended.
   */
  appendMany(leafHashes: readonly Uint8Array[]): void {
    if (!Array.isArray(leafHashes)) throw new MerkleError('INVALID_ARGUMENT', 'leafHashes must be an array');
    leafHashes.forEach((hash, i) => checkHash(hash, `leafHashes[${i}]`));
    for (const leafHash of leafHashes) this.append(leafHash);
  }

  /**
   * The RFC 6962 root MTH of the leaves [0, size): the subtrees folded from right to left
   * (RFC 6962 §2.1). EMPTY_ROOT at size 0.
   */
  root(): Uint8Array {
    const nodes = this.#nodes;
    if (nodes.length === 0) return EMPTY_ROOT.slice();
    let hash = nodes[nodes.length - 1]!;
    for (let i = nodes.length - 2; i >= 0; i--) hash = hashChildren(nodes[i]!, hash);
    return nodes.length === 1 ? hash.slice() : hash;
  }

  /** An independent copy: appending to one does not change the other. */
  clone(): CompactRange {
    return new CompactRange(this.#size, this.#nodes.slice());
  }
}

/** The number of set bits of a safe non-negative integer. */
function popCount(n: number): number {
  let count = 0;
  while (n > 0) {
    count += n % 2;
    n = Math.floor(n / 2);
  }
  return count;
}
