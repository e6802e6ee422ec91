/**
 * Node hashes from stored tiles (C2SP tlog-tiles, height 8): the storage step between the pure
 * proof plan (proofs/proof-nodes.ts) and the pure fold. A node at level l = 8L + r is the
 * Merkle root of 2^r consecutive hashes of tile level L (merkle/tile.ts `tileForNode`).
 */
import { rootFromLeafHashes, tileForNode, type NodeId } from '../../merkle/index.js';
import { StoreError } from '../store/store.js';

/** Where tile contents come from. Returns the widest stored version of each tile, or undefined. */
export interface TileSource {
  readTiles(tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]>;
}

/**
 * The hashes of `ids`, in order, computed from the tiles of `source`.
 * Requires every id to be a complete node of the committed tree. Throws StoreError
 * STORE_CORRUPT when a tile is missing or too short for a node it must hold.
 */
export async function readNodeHashes(ids: readonly NodeId[], source: TileSource): Promise<Uint8Array[]> {
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
    if (p.count === 1) return tile.slice(p.start * 32, end);
    const hashes: Uint8Array[] = [];
    for (let j = p.start; j < p.start + p.count; j++) hashes.push(tile.subarray(j * 32, (j + 1) * 32));
    return rootFromLeafHashes(hashes);
  });
}
