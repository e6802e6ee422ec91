/**
 * Hash tiles read from a stopped server's store, for the tile proofs and the authenticator of
 * the client: the store keeps the widest version of each tile (store.ts ObjectStore), and a
 * tile of width W is its first W hashes. A small cache keeps the tiles that proofs read again
 * and again (the right edge, the upper levels).
 */
import { HASH_SIZE } from '../../../merkle/index.js';
import type { ObjectStore } from '../../store/store.js';
import { TileError as ToolError } from '../../../client/index.js';
import type { HashTileSource } from '../../../client/index.js';

const CACHE_SIZE = 64;

/** The name of a tile in fsck's reports: `tile <level>/<index>`. */
export function tileName(level: number, index: number): string {
  return `tile ${level}/${index}`;
}

/** HashTileSource over a store's tiles. */
export class StoreTileSource implements HashTileSource {
  readonly #store: ObjectStore;
  readonly #cache = new Map<string, Uint8Array | undefined>();

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  /**
   * The first `width` hashes of the stored tile. Throws ToolError NOT_FOUND when it is absent,
   * MALFORMED_TILE when it holds fewer hashes (where: `tile L/I`).
   */
  async readHashTile(level: number, index: number, width: number): Promise<Uint8Array> {
    const key = `${level}/${index}`;
    let tile = this.#cache.get(key);
    if (!this.#cache.has(key)) {
      [tile] = await this.#store.readTiles([{ level, index }]);
      if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(key, tile);
    }
    const where = tileName(level, index);
    if (tile === undefined) throw new ToolError('NOT_FOUND', `${where} is missing`, { where });
    if (tile.length < width * HASH_SIZE) {
      throw new ToolError('MALFORMED_TILE', `${where} holds ${Math.floor(tile.length / HASH_SIZE)} hashes, fewer than ${width}`, { where });
    }
    return tile.subarray(0, width * HASH_SIZE);
  }
}
