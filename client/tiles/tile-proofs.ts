/**
 * Merkle proofs and roots from C2SP tlog-tiles hash tiles (height 8), on the client side: it
 * works on any tlog-tiles log, over HTTP (tile-client.ts) or over a store (server/tools/fsck/).
 *
 * Browser-safe: no node: imports.
 *
 * The three steps of proofs/proof-nodes.ts, with tiles as the storage step:
 *   1. plan the node ids (`consistencyProofNodes`, `CompactRange.nodeIds`);
 *   2. fetch the tile holding each node, with the width the tree of the checkpoint gives it
 *      (`tileWidth`), and hash the node's slice of it (`tileForNode`, `nodeHashFromTile`);
 *   3. fold (`foldProofNodes`) and verify (`verifyConsistency`).
 */
import { CompactRange, EMPTY_ROOT, nodeHashFromTile, tileForNode, tileWidth, type NodeId } from '../../merkle/index.js';
import { consistencyProofNodes, foldProofNodes, verifyConsistency } from '../../proofs/index.js';

/** Where hash tiles come from. */
export interface HashTileSource {
  /**
   * The first `width` hashes (width·32 bytes, exactly) of hash tile `index` at tile level
   * `level`. Requires 1 <= width <= 256 and a tree that has that many. Throws (TileError for
   * the sources here) when the tile cannot be read or has the wrong length.
   */
  readHashTile(level: number, index: number, width: number): Promise<Uint8Array>;
}

/** A tree head: its size and root hash (a verified checkpoint, typically). */
export interface TreeHead {
  treeSize: number;
  rootHash: Uint8Array;
}

/**
 * The hashes of the complete nodes `ids` of the tree of size `treeSize`, in order, each
 * computed from the tile that holds it read at the width that tree gives the tile. Each tile
 * is read once, all of them in parallel. Requires every id to be a complete node of that tree.
 */
export async function nodeHashesFromTiles(source: HashTileSource, ids: readonly NodeId[], treeSize: number): Promise<Uint8Array[]> {
  const places = ids.map((id) => tileForNode(id));
  const tiles = new Map<string, Promise<Uint8Array>>();
  for (const p of places) {
    const key = `${p.tileLevel}/${p.tileIndex}`;
    if (!tiles.has(key)) tiles.set(key, source.readHashTile(p.tileLevel, p.tileIndex, tileWidth(p.tileLevel, p.tileIndex, treeSize)));
  }
  // Settle every read before looking at any, so a failure leaves no read running unobserved.
  await Promise.allSettled(tiles.values());
  const hashes: Uint8Array[] = [];
  for (const p of places) {
    const tile = await tiles.get(`${p.tileLevel}/${p.tileIndex}`)!;
    hashes.push(nodeHashFromTile(tile, p.start, p.count));
  }
  return hashes;
}

/**
 * The RFC 6962 root of the tree of size `treeSize`, from its tiles: the hashes of the perfect
 * subtrees of its compact range, folded. They all come from the rightmost tile of each level,
 * so this reads one tile per level. EMPTY_ROOT for size 0.
 */
export async function rootFromTiles(source: HashTileSource, treeSize: number): Promise<Uint8Array> {
  if (treeSize === 0) return EMPTY_ROOT.slice();
  const ids = CompactRange.nodeIds(treeSize);
  return CompactRange.fromNodes(treeSize, await nodeHashesFromTiles(source, ids, treeSize)).root();
}

/**
 * The RFC 9162 §2.1.4 consistency proof from size1 to size2, built from the tiles of the tree of
 * size size2. Empty for size1 = 0 or size1 = size2. Requires 0 <= size1 <= size2.
 */
export async function consistencyProofFromTiles(source: HashTileSource, size1: number, size2: number): Promise<Uint8Array[]> {
  const plan = consistencyProofNodes(size1, size2);
  return foldProofNodes(plan, await nodeHashesFromTiles(source, plan.ids, size2));
}

/**
 * Proves with tiles that `older` is a prefix of `newer` (RFC 9162 §2.1.4.2): builds the proof
 * from the tiles of `newer` and verifies it against both roots. Requires older.treeSize <=
 * newer.treeSize. Throws VerificationError CONSISTENCY_FAILED (or ROOT_MISMATCH for equal sizes
 * or size 0) when the two trees are not consistent, and what the source throws when a tile
 * cannot be read.
 */
export async function verifyConsistencyFromTiles(source: HashTileSource, older: TreeHead, newer: TreeHead): Promise<void> {
  const proof = await consistencyProofFromTiles(source, older.treeSize, newer.treeSize);
  verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, proof);
}
