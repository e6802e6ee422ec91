/**
 * Authenticates the hash tiles of a tree against its checkpoint root, top down, in bounded
 * memory: the root tiles (one per level) and a cache of at most CACHE_SIZE full tiles (C2SP
 * tlog-tiles, height 8).
 *
 * Every hash of a tree of size N is bound to the root in one of two ways:
 * - the partial (rightmost) tile of each level holds the hashes the compact range of N is made
 *   of, so together these "root tiles" give the root (`verifyRoot`);
 * - each hash of a full tile at level L+1 is the Merkle root of a full tile at level L, so a
 *   full tile is authentic when its root is the hash its (authentic) parent holds for it.
 *
 * Going top down names the tile at fault: when a full tile's root differs from its parent's
 * hash, the parent is already known to be good, so the tile itself is wrong. A tile below a
 * failed one cannot be judged; `authenticate` returns undefined for it (its ancestor's failure
 * was reported once).
 *
 * Browser-safe: no node: imports.
 */
import { CompactRange, TILE_WIDTH, equalBytes, formatTilePath, nodeHashFromTile, tileForNode, tileWidth, toHex, HASH_SIZE } from '../../merkle/index.js';
import { TileError } from './errors.js';
import type { HashTileSource, TreeHead } from './tile-proofs.js';

// Authenticated full tiles kept: 128 · 8 KiB = 1 MiB at most.
const CACHE_SIZE = 128;

/** The path naming tile `level`/`index` at width `width`, e.g. `tile/0/x001/234.p/7`. */
export function hashTilePath(level: number, index: number, width: number): string {
  return formatTilePath({ kind: 'hash', level, index, width });
}

/** Checks tiles against a tree head; see the file comment. */
export class TileAuthenticator {
  readonly #source: HashTileSource;
  readonly #head: TreeHead;
  /** The partial tile of each level that has one, keyed `level/index`, once read. */
  readonly #rootTiles = new Map<string, Uint8Array>();
  #rootChecked: 'no' | 'ok' | 'failed' = 'no';
  /** Full tiles found authentic, most recently used last (bounded: O(tile) memory). */
  readonly #cache = new Map<string, Uint8Array>();
  /** Tiles found wrong, keyed `level/index`: their descendants are not judged. */
  readonly #failed = new Set<string>();
  #authenticated = 0;

  /** A checker of the tiles of the tree `head` (its size and root), read from `source`. */
  constructor(source: HashTileSource, head: TreeHead) {
    this.#source = source;
    this.#head = head;
  }

  /**
   * How many tiles were found authentic so far, root tiles included: each tile once in a walk
   * that goes through the tiles in order (a tile evicted from the bounded cache and asked for
   * again is checked, and counted, again).
   */
  get authenticatedTiles(): number {
    return this.#authenticated;
  }

  /**
   * Reads the partial tile of every level and checks that the root they give is the head's
   * root. Call it before `authenticate`. Throws TileError ROOT_MISMATCH naming those tiles when
   * it is not, and what the source throws when a tile cannot be read; after a failure every
   * later `authenticate` returns undefined.
   */
  async verifyRoot(): Promise<void> {
    try {
      await this.#verifyRoot();
    } catch (err) {
      // Whatever went wrong, no tile can be judged against the root now.
      this.#rootChecked = 'failed';
      throw err;
    }
  }

  async #verifyRoot(): Promise<void> {
    const n = this.#head.treeSize;
    const ids = CompactRange.nodeIds(n);
    const places = ids.map((id) => tileForNode(id));
    const keys = [...new Set(places.map((p) => `${p.tileLevel}/${p.tileIndex}`))];
    const tiles = await Promise.all(
      keys.map((key) => {
        const [level, index] = key.split('/').map(Number) as [number, number];
        return this.#source.readHashTile(level, index, tileWidth(level, index, n));
      }),
    );
    keys.forEach((key, i) => this.#rootTiles.set(key, tiles[i]!));
    const nodes = places.map((p) => nodeHashFromTile(this.#rootTiles.get(`${p.tileLevel}/${p.tileIndex}`)!, p.start, p.count));
    const root = CompactRange.fromNodes(n, nodes).root();
    if (!equalBytes(root, this.#head.rootHash)) {
      const names = keys.map((key) => {
        const [level, index] = key.split('/').map(Number) as [number, number];
        return hashTilePath(level, index, tileWidth(level, index, n));
      });
      throw new TileError(
        'ROOT_MISMATCH',
        `the root computed from ${names.join(', ')} is ${toHex(root)}, but the checkpoint (size ${n}) says ${toHex(this.#head.rootHash)}: one of these tiles is wrong`,
        { where: names.join(', ') },
      );
    }
    this.#rootChecked = 'ok';
    this.#authenticated += keys.length;
  }

  /**
   * The authentic first-width hashes of tile `index` at `level`, where width is what the tree
   * gives that tile (requires it to exist in the tree). `hashes`, when given, are the caller's
   * copy of the tile (read already), which is checked instead of reading it again.
   *
   * Returns undefined when the tile cannot be judged because an ancestor (or the root check)
   * failed. Throws TileError TILE_MISMATCH (where: the tile's path) when the tile itself is
   * wrong, once; later calls for it and its descendants return undefined. Throws what the
   * source throws when a tile cannot be read.
   */
  async authenticate(level: number, index: number, hashes?: Uint8Array): Promise<Uint8Array | undefined> {
    if (this.#rootChecked === 'no') throw new Error('TileAuthenticator: call verifyRoot() first');
    const n = this.#head.treeSize;
    const width = tileWidth(level, index, n);
    if (width === 0) throw new RangeError(`tile ${level}/${index} is not part of a tree of size ${n}`);
    const key = `${level}/${index}`;
    if (width < TILE_WIDTH) return this.#partial(key, level, index, width, hashes);
    if (this.#failed.has(key)) return undefined;
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return this.#compareCopy(key, level, index, cached, hashes);
    }

    const tile = hashes ?? (await this.#source.readHashTile(level, index, TILE_WIDTH));
    const parent = await this.authenticate(level + 1, Math.floor(index / TILE_WIDTH));
    if (parent === undefined) {
      this.#failed.add(key);
      return undefined;
    }
    const position = index % TILE_WIDTH;
    const expected = parent.subarray(position * HASH_SIZE, (position + 1) * HASH_SIZE);
    const root = nodeHashFromTile(tile, 0, TILE_WIDTH);
    if (!equalBytes(root, expected)) {
      this.#failed.add(key);
      const path = hashTilePath(level, index, TILE_WIDTH);
      const parentPath = hashTilePath(level + 1, Math.floor(index / TILE_WIDTH), tileWidth(level + 1, Math.floor(index / TILE_WIDTH), n));
      throw new TileError(
        'TILE_MISMATCH',
        `${path} is wrong: its Merkle root is ${toHex(root)}, but ${parentPath} (authenticated) holds ${toHex(expected)} for it at position ${position}`,
        { where: path },
      );
    }
    // Bounded: the parents of a run of tiles and the tiles proofs keep coming back to stay.
    if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(key, tile);
    this.#authenticated++;
    return tile;
  }

  /**
   * A HashTileSource that gives authentic tiles only (of this tree: `width` must be what the
   * tree gives the tile, or less): proofs built from it are as good as the checkpoint. Throws
   * TileError TILE_MISMATCH for a tile that is wrong or lies below a wrong one, and what
   * `authenticate` throws.
   */
  asSource(): HashTileSource {
    return {
      readHashTile: async (level, index, width) => {
        const tile = await this.authenticate(level, index);
        const path = hashTilePath(level, index, tileWidth(level, index, this.#head.treeSize));
        if (tile === undefined) throw new TileError('TILE_MISMATCH', `${path} cannot be authenticated: a tile above it is wrong`, { where: path });
        if (width * HASH_SIZE > tile.length) throw new RangeError(`${path} has fewer than ${width} hashes in this tree`);
        return tile.subarray(0, width * HASH_SIZE);
      },
    };
  }

  /** A partial tile: one of the root tiles, authentic when the root check passed. */
  #partial(key: string, level: number, index: number, width: number, hashes: Uint8Array | undefined): Uint8Array | undefined {
    if (this.#rootChecked === 'failed' || this.#failed.has(key)) return undefined;
    const tile = this.#rootTiles.get(key);
    if (tile === undefined) throw new Error(`TileAuthenticator: partial tile ${key} was not read by verifyRoot()`);
    return this.#compareCopy(key, level, index, tile, hashes, width);
  }

  /** Checks that a caller's copy of an authentic tile is byte for byte the authentic one. */
  #compareCopy(key: string, level: number, index: number, authentic: Uint8Array, copy: Uint8Array | undefined, width = TILE_WIDTH): Uint8Array | undefined {
    if (copy === undefined || equalBytes(copy, authentic)) return authentic;
    this.#failed.add(key);
    const path = hashTilePath(level, index, width);
    throw new TileError('TILE_MISMATCH', `${path} was read twice with different contents`, { where: path });
  }
}
