/**
 * The node hashes that one sequencing round makes provable, from memory only: the compact range
 * of the tree before the round plus the round's new leaf hashes.
 *
 * Why this is enough: take a tree of size s that grows to e = s + k. Every node that an
 * inclusion proof of a new leaf (index in [s, e)) at size e needs, and every node of the
 * consistency proof s -> e, is a complete node of the tree of size e that either
 *   - lies inside [s, e): it is made of new leaves only;
 *   - lies inside [0, s): it is then a left sibling on the path of leaf s, i.e. one of the
 *     compact range's nodes;
 *   - straddles s: its left part [start, s) is a run of the compact range's nodes (the ones
 *     below its height) and its right part is new leaves.
 * So the server builds receipts for a whole round without a database read.
 */
import { CompactRange } from './compact-range.js';
import { MerkleError } from './errors.js';
import { checkHash, hashChildren } from './hash.js';
import { checkNodeId, nodeEnd, pow2, type NodeId } from './node-id.js';

/** Memoized hashes of the nodes derivable from a compact range plus appended leaves. */
export class AppendedNodes {
  /** Size of the tree before the round (the compact range's size). */
  readonly startSize: number;
  /** Size of the tree after the round: startSize plus the number of new leaves. */
  readonly endSize: number;
  readonly #leafHashes: readonly Uint8Array[];
  // The compact range of [0, startSize) has at most one node per level: the old subtree at
  // that level (its index) and its hash.
  readonly #old: ({ index: number; hash: Uint8Array } | undefined)[] = [];
  // Computed nodes above level 0, by level then index. Each is hashed once, so all proofs of a
  // round of k leaves cost O(k) hashes for the nodes plus their own folding.
  readonly #memo: Map<number, Uint8Array>[] = [];

  /**
   * Requires `before` to be the compact range of the tree before the round and `leafHashes`
   * the round's leaf hashes in order (32 bytes each), with the total size at most 2^53-1.
   * Throws MerkleError INVALID_ARGUMENT otherwise. The list is copied; the hashes are not and
   * must not be modified afterwards.
   */
  constructor(before: CompactRange, leafHashes: readonly Uint8Array[]) {
    if (!(before instanceof CompactRange)) throw new MerkleError('INVALID_ARGUMENT', 'before must be a CompactRange');
    if (!Array.isArray(leafHashes)) throw new MerkleError('INVALID_ARGUMENT', 'leafHashes must be an array');
    leafHashes.forEach((hash, i) => checkHash(hash, `leafHashes[${i}]`));
    this.startSize = before.size;
    this.endSize = before.size + leafHashes.length;
    if (!Number.isSafeInteger(this.endSize)) {
      throw new MerkleError('INVALID_ARGUMENT', 'the tree would grow beyond 2^53-1 leaves');
    }
    this.#leafHashes = leafHashes.slice();
    const ids = CompactRange.nodeIds(before.size);
    ids.forEach((id, i) => {
      this.#old[id.level] = { index: id.index, hash: before.nodes[i]! };
    });
  }

  /**
   * The hash of the complete node `id` of the tree of size endSize. Works for every node of
   * an inclusion proof of a leaf in [startSize, endSize) at size endSize and of the
   * consistency proof startSize -> endSize. Throws MerkleError INVALID_ARGUMENT for a node that
   * is not complete at endSize or lies inside [0, startSize) without being one of the compact
   * range's nodes. The returned array is shared: do not modify it.
   */
  hash(id: NodeId): Uint8Array {
    checkNodeId(id, 'id');
    if (nodeEnd(id) > this.endSize) {
      throw new MerkleError('INVALID_ARGUMENT', `node (level ${id.level}, index ${id.index}) is not complete in a tree of size ${this.endSize}`);
    }
    return this.#compute(id.level, id.index);
  }

  /** `hash` of each id, in order. */
  hashes(ids: readonly NodeId[]): Uint8Array[] {
    if (!Array.isArray(ids)) throw new MerkleError('INVALID_ARGUMENT', 'ids must be an array');
    return ids.map((id) => this.hash(id));
  }

  // Requires the node to be complete at endSize. Recursion depth is at most the level (<= 52).
  #compute(level: number, index: number): Uint8Array {
    const width = pow2(level);
    const start = index * width;
    if (start + width <= this.startSize) {
      const old = this.#old[level];
      if (old === undefined || old.index !== index) {
        throw new MerkleError(
          'INVALID_ARGUMENT',
          `node (level ${level}, index ${index}) lies inside the old tree of size ${this.startSize} ` +
            'and is not one of its compact range nodes, so it cannot be derived from memory',
        );
      }
      return old.hash;
    }
    // Not inside the old tree and complete: at level 0 that is a new leaf.
    if (level === 0) return this.#leafHashes[start - this.startSize]!;
    let memo = this.#memo[level];
    if (memo === undefined) {
      memo = new Map();
      this.#memo[level] = memo;
    }
    let hash = memo.get(index);
    if (hash === undefined) {
      hash = hashChildren(this.#compute(level - 1, 2 * index), this.#compute(level - 1, 2 * index + 1));
      memo.set(index, hash);
    }
    return hash;
  }
}
