/**
 * Node ids and the tree-size arithmetic around them (after transparency-dev/merkle `compact`).
 *
 * A node id names a complete (perfect) subtree of the RFC 6962 tree by its height and position,
 * independent of the tree size: the same node has the same hash in every tree that contains it.
 *
 * Sizes and indexes are plain numbers up to 2^53-1. JavaScript's bitwise operators truncate to
 * 32 bits, so everything here uses division and remainders by powers of two instead, which are
 * exact on such numbers.
 */
import { MerkleError } from './errors.js';

/**
 * The complete subtree of 2^level leaves that starts at leaf index·2^level, i.e. it covers the
 * leaves [index·2^level, (index+1)·2^level). Level 0 nodes are the leaves themselves.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Highest level of a node that fits in a tree of at most 2^53-1 leaves. */
export const MAX_NODE_LEVEL = 52;

const TWO_32 = 2 ** 32;

// A table: `2 ** k` with a variable k is a slow path in V8, and proofs call this per node.
const POW2: readonly number[] = Array.from({ length: 1024 }, (_, k) => 2 ** k);

/** 2^k for an integer 0 <= k <= 1023, exactly. */
export function pow2(k: number): number {
  return POW2[k] ?? 2 ** k;
}

/**
 * The number of bits needed to write n (0 for 0). Requires n to be a safe non-negative
 * integer.
 */
export function bitLength(n: number): number {
  // Math.clz32 only sees 32 bits, so the number is split into exact 32-bit halves first.
  if (n < TWO_32) return 32 - Math.clz32(n);
  return 64 - Math.clz32(Math.floor(n / TWO_32));
}

/** The number of trailing zero bits of n. Requires n to be a safe positive integer. */
export function trailingZeros(n: number): number {
  // Zero has no lowest set bit; refusing it keeps the loop below finite.
  if (!(n > 0)) throw new MerkleError('INVALID_ARGUMENT', `trailingZeros needs a positive integer, got ${n}`);
  let zeros = 0;
  while (n % 2 === 0) {
    n /= 2;
    zeros++;
  }
  return zeros;
}

/** True when n is a power of two (1, 2, 4, ...). Requires n to be a safe integer. */
export function isPowerOfTwo(n: number): boolean {
  return n > 0 && n === pow2(bitLength(n) - 1);
}

/** The first leaf index covered by `id`. */
export function nodeStart(id: NodeId): number {
  return id.index * pow2(id.level);
}

/** One past the last leaf index covered by `id`. */
export function nodeEnd(id: NodeId): number {
  return (id.index + 1) * pow2(id.level);
}

/**
 * The perfect subtrees that exactly cover the leaf range [start, end), left to right, each as
 * large as alignment allows (the compact range of RFC 6962 / transparency-dev `RangeNodes`).
 * For start = 0 these are the subtrees of the binary decomposition of `end`, largest first.
 * Requires 0 <= start <= end <= 2^53-1, safe integers.
 */
export function rangeNodeIds(start: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let position = start;
  while (position < end) {
    // The largest subtree starting at `position` is bounded by the alignment of `position`
    // and by what remains of the range.
    let level = bitLength(end - position) - 1;
    if (position > 0) level = Math.min(level, trailingZeros(position));
    const width = pow2(level);
    ids.push({ level, index: position / width });
    position += width;
  }
  return ids;
}

/**
 * Throws MerkleError INVALID_ARGUMENT unless `n` is a safe non-negative integer (a tree size
 * or leaf index as this project accepts them). `what` names the argument in the message.
 */
export function checkSize(n: unknown, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new MerkleError('INVALID_ARGUMENT', `${what} must be a non-negative safe integer, got ${String(n)}`);
  }
}

/**
 * Throws MerkleError INVALID_ARGUMENT unless `id` names a node of a tree of at most 2^53-1
 * leaves: integer level in [0, MAX_NODE_LEVEL], non-negative integer index, and the node's
 * last leaf below 2^53-1. `what` names the argument in the message.
 */
export function checkNodeId(id: unknown, what = 'node'): asserts id is NodeId {
  if (typeof id !== 'object' || id === null) {
    throw new MerkleError('INVALID_ARGUMENT', `${what} must be a {level, index} object`);
  }
  const { level, index } = id as { level?: unknown; index?: unknown };
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > MAX_NODE_LEVEL) {
    throw new MerkleError('INVALID_ARGUMENT', `${what}.level must be an integer in [0, ${MAX_NODE_LEVEL}], got ${String(level)}`);
  }
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
    throw new MerkleError('INVALID_ARGUMENT', `${what}.index must be a non-negative safe integer, got ${String(index)}`);
  }
  if (nodeEnd({ level, index }) > Number.MAX_SAFE_INTEGER) {
    throw new MerkleError('INVALID_ARGUMENT', `${what} (level ${level}, index ${index}) ends beyond leaf 2^53-1`);
  }
}
