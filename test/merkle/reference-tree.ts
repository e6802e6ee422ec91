/**
 * A naive reference RFC 6962 tree for tests, written straight from the recursive definitions of
 * RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF) and hashed with node:crypto, so it shares no code
 * with merkle/ or proofs/. MTH of each range is memoized so exhaustive loops stay fast.
 */
import { createHash } from 'node:crypto';
import { referenceLeaf } from '../helpers/vectors.js';

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function refLeafHash(leaf: Uint8Array): Uint8Array {
  return sha256(new Uint8Array([0]), leaf);
}

export function refNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(new Uint8Array([1]), left, right);
}

/** The largest power of two strictly below n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A tree over a fixed list of leaf hashes (grown on demand with `leaf-<i>` leaves). */
export class ReferenceTree {
  readonly leafHashes: Uint8Array[] = [];
  readonly #memo = new Map<string, Uint8Array>();

  /** A tree whose leaf i is `leaf-<i>`, with at least `size` leaves prepared. */
  static ofReferenceLeaves(size: number): ReferenceTree {
    const tree = new ReferenceTree();
    tree.grow(size);
    return tree;
  }

  /** A tree over the given leaf hashes (it cannot grow with `grow`). */
  static ofLeafHashes(hashes: readonly Uint8Array[]): ReferenceTree {
    const tree = new ReferenceTree();
    tree.leafHashes.push(...hashes);
    return tree;
  }

  /** Makes sure leaves [0, size) exist (leaf i = `leaf-<i>`). */
  grow(size: number): void {
    for (let i = this.leafHashes.length; i < size; i++) this.leafHashes.push(refLeafHash(referenceLeaf(i)));
  }

  /** MTH(D[lo:hi]) by the recursive definition. */
  mth(lo: number, hi: number): Uint8Array {
    const n = hi - lo;
    if (n === 0) return sha256();
    if (n === 1) return this.leafHashes[lo]!;
    const key = `${lo},${hi}`;
    let hash = this.#memo.get(key);
    if (hash === undefined) {
      const k = split(n);
      hash = refNodeHash(this.mth(lo, lo + k), this.mth(lo + k, hi));
      this.#memo.set(key, hash);
    }
    return hash;
  }

  /** The root of the first `size` leaves. */
  root(size: number): Uint8Array {
    return this.mth(0, size);
  }

  /** The hash of the perfect subtree at (level, index). */
  node(level: number, index: number): Uint8Array {
    const width = 2 ** level;
    return this.mth(index * width, (index + 1) * width);
  }

  /** PATH(m, D[lo:hi]): the inclusion proof of leaf lo+m, bottom up. */
  path(m: number, lo: number, hi: number): Uint8Array[] {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = split(n);
    if (m < k) return [...this.path(m, lo, lo + k), this.mth(lo + k, hi)];
    return [...this.path(m - k, lo + k, hi), this.mth(lo, lo + k)];
  }

  /** The inclusion proof of leaf `index` in the tree of size `size`. */
  inclusionProof(index: number, size: number): Uint8Array[] {
    return this.path(index, 0, size);
  }

  /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true); empty for m = 0 or m = n. */
  consistencyProof(m: number, n: number): Uint8Array[] {
    if (m === 0 || m === n) return [];
    return this.subproof(m, 0, n, true);
  }

  private subproof(m: number, lo: number, hi: number, b: boolean): Uint8Array[] {
    const n = hi - lo;
    if (m === n) return b ? [] : [this.mth(lo, hi)];
    const k = split(n);
    if (m <= k) return [...this.subproof(m, lo, lo + k, b), this.mth(lo + k, hi)];
    return [...this.subproof(m - k, lo + k, hi, false), this.mth(lo, lo + k)];
  }
}

/**
 * A tree whose leaves are all the same: every node of a level has the same hash, so the root
 * of any size up to 2^53-1 takes O(log n) hashes. It checks levels and hashing order at sizes
 * far beyond 32 bits (positions are checked by partition tests and the small exhaustive ones).
 */
export class UniformTree {
  readonly #perfect: Uint8Array[] = [refLeafHash(new TextEncoder().encode('same'))];

  constructor() {
    for (let level = 1; level <= 53; level++) {
      this.#perfect.push(refNodeHash(this.#perfect[level - 1]!, this.#perfect[level - 1]!));
    }
  }

  /** The hash of every node at `level` (level 0: every leaf hash). */
  node(level: number): Uint8Array {
    return this.#perfect[level]!;
  }

  /** The root of a tree of `size` identical leaves. */
  root(size: number): Uint8Array {
    if (size === 0) return sha256();
    // Fold the perfect subtrees of size's binary decomposition from the right.
    let root: Uint8Array | undefined;
    for (let level = 0, rest = size; rest > 0; level++, rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) root = root === undefined ? this.#perfect[level]! : refNodeHash(this.#perfect[level]!, root);
    }
    return root!;
  }
}
