/**
 * Which tree nodes an inclusion or consistency proof is made of, and how their hashes become
 * the proof (RFC 9162 §2.1.3.1 and §2.1.4.1; after transparency-dev/merkle `proof`).
 *
 * Building a proof takes three steps, and only the middle one touches storage:
 *   1. plan: `inclusionProofNodes` / `consistencyProofNodes` list the complete nodes (pure);
 *   2. fetch: the caller looks up the hashes of those nodes (tiles, database, AppendedNodes);
 *   3. fold: `foldProofNodes` combines the nodes of the one incomplete subtree on the right
 *      edge (the "ephemeral" node) into a single hash and returns the proof (pure).
 */
import { HASH_SIZE, hashChildren, nodeEnd, nodeStart, pow2, rangeNodeIds, trailingZeros, type NodeId } from '../merkle/index.js';
import { fail } from './errors.js';

/**
 * The plan of a proof: the complete nodes whose hashes it needs, in proof order (bottom up),
 * where ids[begin:end] (possibly empty, or a single node that needs no folding) are the parts
 * of the ephemeral node, ordered right to left, i.e. lowest first, so folding them is
 * hash = H(next || hash) for each next one.
 */
export interface ProofNodes {
  ids: NodeId[];
  begin: number;
  end: number;
}

/**
 * The nodes of the inclusion proof of leaf `index` in the tree of size `treeSize`
 * (RFC 9162 §2.1.3.1, PATH). Requires 0 <= index < treeSize, safe integers:
 * VerificationError INVALID_ARGUMENT or INDEX_OUT_OF_RANGE otherwise.
 */
export function inclusionProofNodes(index: number, treeSize: number): ProofNodes {
  requireSize(index, 'index');
  requireSize(treeSize, 'treeSize');
  if (index >= treeSize) fail('INDEX_OUT_OF_RANGE', `leaf index ${index} is not below tree size ${treeSize}`);
  return pathNodes({ level: 0, index }, treeSize, false);
}

/**
 * The nodes of the consistency proof from size1 to size2 (RFC 9162 §2.1.4.1, PROOF). Empty
 * when size1 = 0 or size1 = size2 (nothing to prove). Requires 0 <= size1 <= size2, safe
 * integers: VerificationError INVALID_ARGUMENT otherwise.
 */
export function consistencyProofNodes(size1: number, size2: number): ProofNodes {
  requireSize(size1, 'size1');
  requireSize(size2, 'size2');
  if (size1 > size2) fail('INVALID_ARGUMENT', `size1 ${size1} is larger than size2 ${size2}`);
  if (size1 === 0 || size1 === size2) return { ids: [], begin: 0, end: 0 };
  // The old tree's rightmost perfect subtree is where the two trees' paths part. The proof is
  // that node, then its inclusion path in the new tree; a verifier already knows the node when
  // it is the whole old tree (size1 a power of two), so it is left out then.
  const level = trailingZeros(size1);
  const index = size1 / pow2(level) - 1;
  return pathNodes({ level, index }, size2, index !== 0);
}

/**
 * Turns the hashes of `nodes.ids` (same order, 32 bytes each) into the proof: the ephemeral
 * node's parts ids[begin:end] are folded into one hash, every other hash is kept. Throws
 * VerificationError INVALID_ARGUMENT on a malformed plan, a wrong count or a wrong length.
 */
export function foldProofNodes(nodes: ProofNodes, hashes: readonly Uint8Array[], memo?: FoldMemo): Uint8Array[] {
  if (typeof nodes !== 'object' || nodes === null || !Array.isArray(nodes.ids)) {
    fail('INVALID_ARGUMENT', 'nodes must be a ProofNodes plan');
  }
  const { ids, begin, end } = nodes;
  if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || begin > end || end > ids.length) {
    fail('INVALID_ARGUMENT', `nodes has an invalid ephemeral range [${String(begin)}, ${String(end)}) for ${ids.length} ids`);
  }
  if (!Array.isArray(hashes) || hashes.length !== ids.length) {
    fail('INVALID_ARGUMENT', `expected ${ids.length} hashes, one per node, got ${Array.isArray(hashes) ? hashes.length : typeof hashes}`);
  }
  hashes.forEach((hash, i) => requireHash(hash, `hashes[${i}]`));
  if (end - begin < 2) return hashes.slice();
  // The parts decompose the range [start of the highest part, end of the lowest part): that
  // range names the ephemeral node, so proofs sharing it can share its hash.
  const key = memo && `${nodeStart(ids[end - 1]!)}-${nodeEnd(ids[begin]!)}`;
  let ephemeral = key === undefined ? undefined : memo!.get(key);
  if (ephemeral === undefined) {
    let folded = hashes[begin]!;
    for (let i = begin + 1; i < end; i++) folded = hashChildren(hashes[i]!, folded);
    if (key !== undefined) memo!.set(key, folded);
    ephemeral = folded;
  }
  return [...hashes.slice(0, begin), ephemeral, ...hashes.slice(end)];
}

/**
 * A cache of folded ephemeral nodes for `foldProofNodes`, keyed by the leaf range they cover.
 * Share one only between proofs built from the same tree (e.g. all receipts of one round): the
 * hashes a caller passes in must be the true node hashes, as the memo trusts its key.
 */
export type FoldMemo = Map<string, Uint8Array>;

/**
 * Throws VerificationError INVALID_ARGUMENT unless `value` is a safe non-negative integer.
 * `what` names it in the message.
 */
export function requireSize(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail('INVALID_ARGUMENT', `${what} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/**
 * Throws VerificationError INVALID_ARGUMENT unless `value` is a Uint8Array of 32 bytes.
 * `what` names it in the message.
 */
export function requireHash(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) fail('INVALID_ARGUMENT', `${what} must be a Uint8Array of ${HASH_SIZE} bytes`);
  if (value.length !== HASH_SIZE) fail('INVALID_ARGUMENT', `${what} must be ${HASH_SIZE} bytes, got ${value.length}`);
}

/**
 * The nodes that prove the complete node `seed` is part of the tree of size `size` (with
 * `seed` itself first when `withSeed`). Requires seed to be complete at `size`.
 */
function pathNodes(seed: NodeId, size: number, withSeed: boolean): ProofNodes {
  const ids: NodeId[] = withSeed ? [seed] : [];
  // Climb while the parent is still complete: every sibling met on the way is complete too.
  // The node where the climb stops (the "fork") is the largest complete subtree holding seed.
  let { level, index } = seed;
  while ((Math.floor(index / 2) + 1) * pow2(level + 1) <= size) {
    ids.push({ level, index: index % 2 === 0 ? index + 1 : index - 1 });
    index = Math.floor(index / 2);
    level++;
  }
  // The fork is a left child whose sibling is cut off by `size`: that sibling is the ephemeral
  // node, made of the perfect subtrees of [forkEnd, size). The rest of the path is the perfect
  // subtrees to the fork's left, i.e. of [0, forkStart), lowest first.
  const forkStart = index * pow2(level);
  const forkEnd = forkStart + pow2(level);
  const begin = ids.length;
  ids.push(...rangeNodeIds(forkEnd, size).reverse());
  const end = ids.length;
  ids.push(...rangeNodeIds(0, forkStart).reverse());
  return { ids, begin, end };
}
