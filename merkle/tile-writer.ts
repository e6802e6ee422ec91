/**
 * Keeps the right edge of every tile level of a C2SP tlog-tiles log (height 8) and tells, for
 * each batch of appended leaf hashes, which tiles changed and what they now hold.
 *
 * Per level only the one tile that is still filling is kept (at most 256 hashes), so memory is
 * O(levels · 256 · 32) bytes whatever the tree size. When a level-l tile fills, its MTH becomes
 * the next hash of level l+1 (c2sp.org/tlog-tiles: "each hash in a tile is the Merkle Tree Hash
 * of a full tile at the level below").
 */
import { MerkleError } from './errors.js';
import { HASH_SIZE, checkHash } from './hash.js';
import { checkSize, pow2 } from './node-id.js';
import { TILE_HEIGHT, TILE_WIDTH, type TileCoordinates } from './tile.js';
import { rootFromLeafHashes } from './tree.js';

/** A tile whose contents changed, with its whole current contents. */
export interface ChangedTile {
  level: number;
  index: number;
  /** 1..256; 256 means the tile is full and will never change again. */
  width: number;
  /** width·32 bytes: the tile's hashes in order. A fresh array owned by the caller. */
  hashes: Uint8Array;
}

const TILE_BYTES = TILE_WIDTH * HASH_SIZE;

// The tile that is filling at one level: its index and the first `width` hashes of `buffer`.
interface Edge {
  index: number;
  width: number;
  buffer: Uint8Array;
}

/** The root of full tile `index` at tile level `level`, given its bytes. */
type TileRootFunction = (tile: Uint8Array, level: number, index: number) => Uint8Array;

/** The right edge of all tile levels of a log. */
export class TileWriter {
  #treeSize: number;
  #edges: Edge[];

  private constructor(treeSize: number, edges: Edge[]) {
    this.#treeSize = treeSize;
    this.#edges = edges;
  }

  /** The writer of an empty log. */
  static empty(): TileWriter {
    return new TileWriter(0, []);
  }

  /**
   * The partial tiles (width 1..255) of a tree of size treeSize, bottom level first: exactly
   * the tiles, in order, that `restore` needs. Requires a safe non-negative integer.
   */
  static partialTilesFor(treeSize: number): TileCoordinates[] {
    checkSize(treeSize, 'treeSize');
    const tiles: TileCoordinates[] = [];
    for (let level = 0; ; level++) {
      const hashes = hashesAtLevel(level, treeSize);
      if (hashes === 0) break;
      const width = hashes % TILE_WIDTH;
      if (width > 0) tiles.push({ level, index: Math.floor(hashes / TILE_WIDTH), width });
    }
    return tiles;
  }

  /**
   * A writer that continues a log of size treeSize. Requires `partialTiles[i]` to hold the
   * contents of `partialTilesFor(treeSize)[i]` (width·32 bytes each); throws MerkleError
   * INVALID_ARGUMENT on a wrong count or length. The bytes are copied. Their hashes cannot be
   * checked here: the caller checks the restored tiles against its signed root.
   */
  static restore(treeSize: number, partialTiles: readonly Uint8Array[]): TileWriter {
    const wanted = TileWriter.partialTilesFor(treeSize);
    if (!Array.isArray(partialTiles)) throw new MerkleError('INVALID_ARGUMENT', 'partialTiles must be an array');
    if (partialTiles.length !== wanted.length) {
      throw new MerkleError('INVALID_ARGUMENT', `a tree of size ${treeSize} has ${wanted.length} partial tiles, got ${partialTiles.length}`);
    }
    const edges: Edge[] = [];
    let next = 0;
    for (let level = 0; ; level++) {
      const hashes = hashesAtLevel(level, treeSize);
      if (hashes === 0) break;
      const edge: Edge = { index: Math.floor(hashes / TILE_WIDTH), width: hashes % TILE_WIDTH, buffer: new Uint8Array(TILE_BYTES) };
      if (edge.width > 0) {
        const tile = partialTiles[next++];
        if (!(tile instanceof Uint8Array) || tile.length !== edge.width * HASH_SIZE) {
          throw new MerkleError(
            'INVALID_ARGUMENT',
            `partial tile ${level}/${edge.index} must be ${edge.width * HASH_SIZE} bytes (width ${edge.width}), ` +
              `got ${tile instanceof Uint8Array ? tile.length : typeof tile}`,
          );
        }
        edge.buffer.set(tile);
      }
      edges.push(edge);
    }
    return new TileWriter(treeSize, edges);
  }

  /** The number of leaf hashes appended so far. */
  get treeSize(): number {
    return this.#treeSize;
  }

  /**
   * Appends leaf hashes (32 bytes each) and returns every tile whose contents changed, ordered
   * by level then index, each with its full current contents: the tiles that filled up
   * (width 256) and the partial tiles that grew. Validates everything first: on a
   * MerkleError INVALID_ARGUMENT nothing has changed.
   *
   * A full tile's root (the next hash of the level above) is hashed from the tile, unless
   * `nodeHash` is given: then it must answer the hash of the complete node (level, index) of the
   * tree after this append (the sequencer passes its round's AppendedNodes, which hashed those
   * nodes already; issue 17), and the tile root of level-l tile i is its node (8·(l+1), i).
   * A `nodeHash` answering anything but 32 bytes throws midway: the writer must then be dropped.
   */
  append(leafHashes: readonly Uint8Array[], nodeHash?: (level: number, index: number) => Uint8Array): ChangedTile[] {
    if (!Array.isArray(leafHashes)) throw new MerkleError('INVALID_ARGUMENT', 'leafHashes must be an array');
    leafHashes.forEach((hash, i) => checkHash(hash, `leafHashes[${i}]`));
    if (!Number.isSafeInteger(this.#treeSize + leafHashes.length)) {
      throw new MerkleError('INVALID_ARGUMENT', 'the tree would grow beyond 2^53-1 leaves');
    }
    const changed: ChangedTile[] = [];
    const grown = new Set<number>();
    const rootOf =
      nodeHash === undefined
        ? (tile: Uint8Array) => tileRoot(tile)
        : (_tile: Uint8Array, level: number, index: number) => nodeHash(TILE_HEIGHT * (level + 1), index);
    for (const hash of leafHashes) this.#push(0, hash, changed, grown, rootOf);
    this.#treeSize += leafHashes.length;
    for (const level of grown) {
      const edge = this.#edges[level]!;
      // A level whose tile just filled may have received nothing since: no empty tiles.
      if (edge.width > 0) {
        changed.push({ level, index: edge.index, width: edge.width, hashes: edge.buffer.slice(0, edge.width * HASH_SIZE) });
      }
    }
    return changed.sort((a, b) => a.level - b.level || a.index - b.index);
  }

  /** An independent copy: appending to one does not change the other. */
  clone(): TileWriter {
    return new TileWriter(
      this.#treeSize,
      this.#edges.map((e) => ({ index: e.index, width: e.width, buffer: e.buffer.slice() })),
    );
  }

  #push(level: number, hash: Uint8Array, changed: ChangedTile[], grown: Set<number>, rootOf: TileRootFunction): void {
    let edge = this.#edges[level];
    if (edge === undefined) {
      edge = { index: 0, width: 0, buffer: new Uint8Array(TILE_BYTES) };
      this.#edges[level] = edge;
    }
    edge.buffer.set(hash, edge.width * HASH_SIZE);
    edge.width++;
    grown.add(level);
    if (edge.width < TILE_WIDTH) return;
    // The full tile is final: hand its buffer over instead of copying it, and start a new one.
    const full = edge.buffer;
    const index = edge.index;
    changed.push({ level, index, width: TILE_WIDTH, hashes: full });
    edge.index++;
    edge.width = 0;
    edge.buffer = new Uint8Array(TILE_BYTES);
    const root = rootOf(full, level, index);
    checkHash(root, 'tile root');
    this.#push(level + 1, root, changed, grown, rootOf);
  }
}

/** The number of hashes at tree level 8·level in a tree of size treeSize. */
function hashesAtLevel(level: number, treeSize: number): number {
  return Math.floor(treeSize / pow2(level * TILE_HEIGHT));
}

/** MTH of the 256 hashes of a full tile: the node 8 levels above them. */
function tileRoot(tile: Uint8Array): Uint8Array {
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < TILE_WIDTH; i++) hashes.push(tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return rootFromLeafHashes(hashes);
}
