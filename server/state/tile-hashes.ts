/**
 * Node hashes from stored tiles (C2SP tlog-tiles, height 8): the storage step between the pure
 * proof plan (proofs/proof-nodes.ts) and the pure fold. A node at level l = 8L + r is the
 * Merkle root of 2^r consecutive hashes of tile level L (merkle/tile.ts `tileForNode`).
 */
import { nodeHashFromTile, tileForNode, type NodeId } from '../../merkle/index.js';
import { nodeHashChildPairs } from '../fast-hash.js';
import { StoreError } from '../store/store.js';

/** Where tile contents come from. Returns the widest stored version of each tile, or undefined. */
export interface TileSource {
  readTiles(tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]>;
}

// The node hashes inside tiles the read path keeps in memory, by tile object: level r of a
// tile's pyramid holds its complete nodes of height r, concatenated. Built once per tile, so a
// proof costs no hashing at all once its tiles are cached (a proof on a 1M-entry log otherwise
// hashes up to ~700 nodes). Entries go away with the tiles (WeakMap).
const pyramids = new WeakMap<Uint8Array, Uint8Array[]>();

/** Every complete node of a tile, level by level (level 0 is the tile itself). */
function pyramidOf(tile: Uint8Array): Uint8Array[] {
  let levels = pyramids.get(tile);
  if (levels === undefined) {
    levels = [tile];
    for (let below = tile; below.length >= 64;) {
      // One level up: node:crypto over a reused pair buffer (fast-hash.ts), the cost of a
      // tile's first touch on the read path (issue 13: ~21% of a search's thread before).
      const level = nodeHashChildPairs(below, Math.floor(below.length / 64));
      levels.push(level);
      below = level;
    }
    pyramids.set(tile, levels);
  }
  return levels;
}

/**
 * The hashes of `ids`, in order, computed from the tiles of `source`.
 * Requires every id to be a complete node of the committed tree. Throws StoreError
 * STORE_CORRUPT when a tile is missing or too short for a node it must hold.
 * With `cacheTiles`, the node hashes inside each tile object are kept for as long as the tile
 * object lives (for sources that return the same objects again: the read path's cache).
 */
export async function readNodeHashes(ids: readonly NodeId[], source: TileSource, cacheTiles = false): Promise<Uint8Array[]> {
  const places = ids.map((id) => tileForNode(id));
  const wanted = new Map<string, { level: number; index: number }>();
  for (const p of places) wanted.set(`${p.tileLevel}/${p.tileIndex}`, { level: p.tileLevel, index: p.tileIndex });
  const coords = [...wanted.values()];
  const contents = await source.readTiles(coords);
  const byKey = new Map<string, Uint8Array | undefined>();
  coords.forEach((c, i) => byKey.set(`${c.level}/${c.index}`, contents[i]));
  return places.map((p, i) => {
    const tile = byKey.get(`${p.tileLevel}/${p.tileIndex}`);
    const end = (p.start + p.count) * 32;
    if (tile === undefined || tile.length < end) {
      const id = ids[i]!;
      throw new StoreError(
        'STORE_CORRUPT',
        `tile ${p.tileLevel}/${p.tileIndex} is ${tile === undefined ? 'missing' : `only ${tile.length / 32} hashes wide`}; it must hold node ${id.level}/${id.index}`,
      );
    }
    if (cacheTiles && p.count > 1) {
      const height = Math.log2(p.count);
      const offset = (p.start / p.count) * 32;
      return pyramidOf(tile)[height]!.slice(offset, offset + 32);
    }
    // The length was checked above, so merkle's own helper cannot refuse this tile.
    return nodeHashFromTile(tile, p.start, p.count);
  });
}
