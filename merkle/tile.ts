/**
 * C2SP tlog-tiles coordinates with tile height 8 (c2sp.org/tlog-tiles, "Merkle Tree").
 *
 * Tile n at level l holds up to 256 consecutive hashes of tree level 8·l: hash i of it is
 * MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l]). Level 0 tiles hold leaf hashes; each hash
 * of a level l+1 tile is the MTH of a full level l tile. Entry bundles are laid out like
 * level 0 tiles, with the entries instead of their hashes.
 */
import { MerkleError } from './errors.js';
import { HASH_SIZE } from './hash.js';
import { checkNodeId, checkSize, isPowerOfTwo, pow2, type NodeId } from './node-id.js';
import { rootFromLeafHashes } from './tree.js';

/** Tree levels spanned by one tile. */
export const TILE_HEIGHT = 8;
/** Hashes (or entries) in a full tile (or bundle): 2^TILE_HEIGHT. */
export const TILE_WIDTH = 256;
/** Highest tile level a tile path may name (tlog-tiles: levels 0 to 63). */
export const MAX_TILE_LEVEL = 63;

/** One hash tile: its level, its index in the level and its width (1..256; 256 = full). */
export interface TileCoordinates {
  level: number;
  index: number;
  width: number;
}

/** One entry bundle: its index and its width (1..256; 256 = full). */
export interface BundleCoordinates {
  index: number;
  width: number;
}

/** Where the hash of a node comes from in the tiles (see tileForNode). */
export interface NodeInTile {
  tileLevel: number;
  tileIndex: number;
  start: number;
  count: number;
}

/**
 * The tile that stores the hashes from which the complete node `id` is computed: the node is
 * the MTH of the `count` hashes (a power of two, 1..128) at tree level 8·tileLevel found at
 * offsets [start, start + count) of tile (tileLevel, tileIndex). For a node at a multiple of 8
 * levels, count is 1 and the node hash is stored as is. Throws MerkleError INVALID_ARGUMENT
 * for an invalid node id.
 */
export function tileForNode(id: NodeId): NodeInTile {
  checkNodeId(id, 'id');
  const tileLevel = Math.floor(id.level / TILE_HEIGHT);
  const count = pow2(id.level - tileLevel * TILE_HEIGHT);
  // Position of the node's first descendant at tree level 8·tileLevel.
  const first = id.index * count;
  return { tileLevel, tileIndex: Math.floor(first / TILE_WIDTH), start: first % TILE_WIDTH, count };
}

/**
 * The hash of a complete node from the tile that holds it: the Merkle root of hashes
 * [start, start + count) of the tile's bytes, as `tileForNode` places the node (count = 1: the
 * stored hash itself). Always a fresh copy. Requires count a power of two in 1..256, start a
 * multiple of count, and a tile of at least start + count hashes; MerkleError INVALID_ARGUMENT
 * otherwise (a tile that is too short is the caller's evidence of a bad source).
 */
export function nodeHashFromTile(tile: Uint8Array, start: number, count: number): Uint8Array {
  if (!Number.isSafeInteger(count) || count < 1 || count > TILE_WIDTH || !isPowerOfTwo(count)) {
    throw new MerkleError('INVALID_ARGUMENT', `count must be a power of two in [1, ${TILE_WIDTH}], got ${String(count)}`);
  }
  if (!Number.isSafeInteger(start) || start < 0 || start % count !== 0) {
    throw new MerkleError('INVALID_ARGUMENT', `start must be a non-negative multiple of count ${count}, got ${String(start)}`);
  }
  const end = (start + count) * HASH_SIZE;
  if (!(tile instanceof Uint8Array) || tile.length < end) {
    throw new MerkleError(
      'INVALID_ARGUMENT',
      `the tile must hold at least ${start + count} hashes (${end} bytes), got ${tile instanceof Uint8Array ? tile.length : 'no'} bytes`,
    );
  }
  if (count === 1) return tile.slice(start * HASH_SIZE, end);
  const hashes: Uint8Array[] = [];
  for (let j = start; j < start + count; j++) hashes.push(tile.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE));
  return rootFromLeafHashes(hashes);
}

/**
 * The width (0..256) of tile (tileLevel, tileIndex) in a tree of size treeSize: how many of its
 * hashes exist, which is floor(treeSize / 256^tileLevel) - 256·tileIndex clamped to [0, 256].
 * 0 means the tile does not exist; 256 means it is full. Requires safe non-negative integers
 * and tileLevel <= MAX_TILE_LEVEL (MerkleError INVALID_ARGUMENT otherwise).
 */
export function tileWidth(tileLevel: number, tileIndex: number, treeSize: number): number {
  checkTileLevel(tileLevel);
  checkSize(tileIndex, 'tileIndex');
  checkSize(treeSize, 'treeSize');
  return clampWidth(hashesAtTileLevel(tileLevel, treeSize) - tileIndex * TILE_WIDTH);
}

/**
 * The width (0..256) of entry bundle `bundleIndex` in a tree of size treeSize, as tileWidth
 * for level 0. Requires safe non-negative integers.
 */
export function entryBundleWidth(bundleIndex: number, treeSize: number): number {
  checkSize(bundleIndex, 'bundleIndex');
  checkSize(treeSize, 'treeSize');
  return clampWidth(treeSize - bundleIndex * TILE_WIDTH);
}

/**
 * Every hash tile a tree of size treeSize has, full and partial, as tlog-tiles defines them:
 * level by level from 0, each level's tiles by index. A level has floor(treeSize / 256^l)
 * hashes; a level with none has no tiles. The list grows as treeSize/255: meant for
 * checks and tests, not for large trees.
 */
export function tilesForSize(treeSize: number): TileCoordinates[] {
  checkSize(treeSize, 'treeSize');
  const tiles: TileCoordinates[] = [];
  for (let level = 0; level <= MAX_TILE_LEVEL; level++) {
    const hashes = hashesAtTileLevel(level, treeSize);
    if (hashes === 0) break;
    for (const { index, width } of widths(hashes)) tiles.push({ level, index, width });
  }
  return tiles;
}

/**
 * Every entry bundle a tree of size treeSize has, full and partial, by index. Grows as
 * treeSize/256: meant for checks and tests, not for large trees.
 */
export function entryBundlesForSize(treeSize: number): BundleCoordinates[] {
  checkSize(treeSize, 'treeSize');
  return widths(treeSize);
}

/** The number of hashes at tree level 8·tileLevel in a tree of size treeSize. */
function hashesAtTileLevel(tileLevel: number, treeSize: number): number {
  return Math.floor(treeSize / pow2(tileLevel * TILE_HEIGHT));
}

/** The tiles of a level that holds `count` hashes: the full ones, then a partial one. */
function widths(count: number): BundleCoordinates[] {
  const out: BundleCoordinates[] = [];
  const full = Math.floor(count / TILE_WIDTH);
  for (let index = 0; index < full; index++) out.push({ index, width: TILE_WIDTH });
  const rest = count % TILE_WIDTH;
  if (rest > 0) out.push({ index: full, width: rest });
  return out;
}

function clampWidth(width: number): number {
  return Math.max(0, Math.min(TILE_WIDTH, width));
}

function checkTileLevel(level: unknown): void {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) {
    throw new MerkleError('INVALID_ARGUMENT', `tileLevel must be an integer in [0, ${MAX_TILE_LEVEL}], got ${String(level)}`);
  }
}
