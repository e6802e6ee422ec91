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
import { HASH_SIZE, checkHash, hashChildren } from './hash.js';
import { checkNodeId, nodeEnd, pow2, type NodeId } from './node-id.js';

/**
 * Hashes `count` interior nodes at once: `records` holds count records of 65 bytes,
 * 0x01 || left || right; the answer holds the count digests, 32 bytes each, in order (a fresh
 * array the caller owns). The server passes node:crypto over one buffer; the default hashes each
 * record with hashChildren.
 */
export type PairHasher = (records: Uint8Array, count: number) => Uint8Array;

const RECORD = 1 + 2 * HASH_SIZE;

/** The default PairHasher: hashChildren per record. */
function hashPairsOneByOne(records: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count * HASH_SIZE);
  for (let i = 0; i < count; i++) {
    const at = i * RECORD;
    out.set(hashChildren(records.subarray(at + 1, at + 1 + HASH_SIZE), records.subarray(at + 1 + HASH_SIZE, at + RECORD)), i * HASH_SIZE);
  }
  return out;
}

// The new nodes of one level: the complete nodes [first, first + count) that are not inside the
// old tree, their hashes in one buffer, and the views handed out so far (each node always gets
// the same array, so callers may memoise by identity).
interface Level {
  first: number;
  count: number;
  hashes: Uint8Array;
  views: (Uint8Array | undefined)[];
}

/**
 * The hashes of every node of the tree after one sequencing round that is complete and not
 * inside the old tree: computed once, level by level, each level's nodes hashed in one call
 * (issue 17: the round's receipts, its consistency guard, the new compact range and the tile
 * roots all read them here instead of hashing the same interior nodes three times).
 */
export class AppendedNodes {
  /** Size of the tree before the round (the compact range's size). */
  readonly startSize: number;
  /** Size of the tree after the round: startSize plus the number of new leaves. */
  readonly endSize: number;
  readonly #leafHashes: readonly Uint8Array[];
  // The compact range of [0, startSize) has at most one node per level: the old subtree at
  // that level (its index) and its hash.
  readonly #old: ({ index: number; hash: Uint8Array } | undefined)[] = [];
  // The new nodes above level 0, by level (index 0 unused).
  readonly #levels: Level[] = [];

  /**
   * Requires `before` to be the compact range of the tree before the round and `leafHashes`
   * the round's leaf hashes in order (32 bytes each), with the total size at most 2^53-1.
   * Throws MerkleError INVALID_ARGUMENT otherwise. The list is copied; the hashes are not and
   * must not be modified afterwards. Hashes every new interior node once (about one per leaf),
   * with `hashPairs` when given (it must compute exactly SHA-256 of each record).
   */
  constructor(before: CompactRange, leafHashes: readonly Uint8Array[], hashPairs: PairHasher = hashPairsOneByOne) {
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
    this.#fill(hashPairs);
  }

  // Level by level: the complete nodes not inside the old tree are [floor(s/w), floor(e/w)) at
  // width w; each has children that are old compact range nodes, new leaves or new nodes of the
  // level below (a complete node not inside the old tree has a right child of the same kind, so
  // the first empty level ends the climb).
  #fill(hashPairs: PairHasher): void {
    for (let level = 1; ; level++) {
      const width = pow2(level);
      const first = Math.floor(this.startSize / width);
      const count = Math.floor(this.endSize / width) - first;
      if (count <= 0) break;
      const records = new Uint8Array(count * RECORD);
      for (let i = 0; i < count; i++) {
        const at = i * RECORD;
        records[at] = 0x01;
        records.set(this.#lookUp(level - 1, 2 * (first + i)), at + 1);
        records.set(this.#lookUp(level - 1, 2 * (first + i) + 1), at + 1 + HASH_SIZE);
      }
      const hashes = hashPairs(records, count);
      if (!(hashes instanceof Uint8Array) || hashes.length !== count * HASH_SIZE) {
        throw new MerkleError('INVALID_ARGUMENT', `hashPairs must answer ${count * HASH_SIZE} bytes for ${count} records`);
      }
      this.#levels[level] = { first, count, hashes, views: new Array<Uint8Array | undefined>(count) };
    }
  }

  /**
   * The hash of the complete node `id` of the tree of size endSize. Works for every node of
   * an inclusion proof of a leaf in [startSize, endSize) at size endSize and of the
   * consistency proof startSize -> endSize. Throws MerkleError INVALID_ARGUMENT for a node that
   * is not complete at endSize or lies inside [0, startSize) without being one of the compact
   * range's nodes. The returned array is shared (the same array every time): do not modify it.
   */
  hash(id: NodeId): Uint8Array {
    checkNodeId(id, 'id');
    if (nodeEnd(id) > this.endSize) {
      throw new MerkleError('INVALID_ARGUMENT', `node (level ${id.level}, index ${id.index}) is not complete in a tree of size ${this.endSize}`);
    }
    return this.#lookUp(id.level, id.index);
  }

  /** `hash` of each id, in order. */
  hashes(ids: readonly NodeId[]): Uint8Array[] {
    if (!Array.isArray(ids)) throw new MerkleError('INVALID_ARGUMENT', 'ids must be an array');
    return ids.map((id) => this.hash(id));
  }

  /** The compact range of the tree after the round (its nodes read here, copied: no hashing). */
  compactRange(): CompactRange {
    const ids = CompactRange.nodeIds(this.endSize);
    return CompactRange.fromNodes(
      this.endSize,
      ids.map((id) => this.#lookUp(id.level, id.index)),
    );
  }

  /** The hash of complete node (level, index) of the tree after the round; for TileWriter's tile roots. */
  readonly nodeHash = (level: number, index: number): Uint8Array => this.hash({ level, index });

  // Requires the node to be complete at endSize.
  #lookUp(level: number, index: number): Uint8Array {
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
    const l = this.#levels[level]!;
    const i = index - l.first;
    let view = l.views[i];
    if (view === undefined) {
      view = l.hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
      l.views[i] = view;
    }
    return view;
  }
}
