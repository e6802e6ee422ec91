// Tile coordinates (c2sp.org/tlog-tiles, height 8): which tile holds which node, tile widths,
// and the set of tiles of a tree size, checked against the reference logs made by Go's tlog.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  HASH_SIZE,
  MAX_TILE_LEVEL,
  TILE_HEIGHT,
  TILE_WIDTH,
  entryBundleWidth,
  entryBundlesForSize,
  formatTilePath,
  rootFromLeafHashes,
  tileForNode,
  tileWidth,
  tilesForSize,
} from '../../merkle/index.js';
import { loadReferenceLog } from '../helpers/vectors.js';
import { ReferenceTree } from './reference-tree.js';
import { expectMerkleError } from '../helpers/expect-error.js';
import { hex } from './hex.js';

const SIZE = 70000;
const log = loadReferenceLog(SIZE);
const reference = ReferenceTree.ofReferenceLeaves(SIZE);

/** The bytes of hash tile (level, index) of the 70,000 log, full or partial. */
function tileBytes(level: number, index: number): Uint8Array {
  const width = tileWidth(level, index, SIZE);
  const bytes = log.tiles.get(formatTilePath({ kind: 'hash', level, index, width }));
  if (bytes === undefined) throw new Error(`the reference log has no tile ${level}/${index} of width ${width}`);
  return bytes;
}

describe('constants', () => {
  test('height 8, width 256, levels up to 63', () => {
    expect([TILE_HEIGHT, TILE_WIDTH, MAX_TILE_LEVEL]).toEqual([8, 256, 63]);
  });
});

describe('tileForNode', () => {
  test('a leaf is stored as is in a level-0 tile', () => {
    expect(tileForNode({ level: 0, index: 1000 })).toEqual({ tileLevel: 0, tileIndex: 3, start: 232, count: 1 });
  });

  test('a level-3 node is the MTH of 8 leaf hashes of a level-0 tile', () => {
    expect(tileForNode({ level: 3, index: 33 })).toEqual({ tileLevel: 0, tileIndex: 1, start: 8, count: 8 });
  });

  test('a level-8 node is stored as is in a level-1 tile', () => {
    expect(tileForNode({ level: 8, index: 257 })).toEqual({ tileLevel: 1, tileIndex: 1, start: 1, count: 1 });
  });

  test('a level-15 node is the MTH of 128 hashes of a level-1 tile', () => {
    expect(tileForNode({ level: 15, index: 1 })).toEqual({ tileLevel: 1, tileIndex: 0, start: 128, count: 128 });
  });

  test('a node far beyond 2^32 leaves', () => {
    expect(tileForNode({ level: 2, index: 2 ** 40 + 3 })).toEqual({ tileLevel: 0, tileIndex: 2 ** 34, start: 12, count: 4 });
  });

  test('the MTH of the tile slice equals the reference node hash, for random nodes of the 70,000 log', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.nat(), (level, seed) => {
        const nodes = Math.floor(SIZE / 2 ** level);
        const index = seed % nodes;
        const { tileLevel, tileIndex, start, count } = tileForNode({ level, index });
        const bytes = tileBytes(tileLevel, tileIndex);
        const slice: Uint8Array[] = [];
        for (let i = start; i < start + count; i++) slice.push(bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
        expect(hex(rootFromLeafHashes(slice))).toBe(hex(reference.node(level, index)));
      }),
      { numRuns: 300 },
    );
  });

  test('refuses a node with a negative level', () => {
    expectMerkleError(() => tileForNode({ level: -1, index: 0 }), 'INVALID_ARGUMENT', /level/);
  });

  test('refuses a node with a non-integer index', () => {
    expectMerkleError(() => tileForNode({ level: 0, index: 1.5 }), 'INVALID_ARGUMENT', /index/);
  });
});

describe('tileWidth and entryBundleWidth', () => {
  test('the 70,000 example of the spec', () => {
    expect(tileWidth(0, 272, SIZE)).toBe(256);
    expect(tileWidth(0, 273, SIZE)).toBe(112);
    expect(tileWidth(0, 274, SIZE)).toBe(0);
    expect(tileWidth(1, 0, SIZE)).toBe(256);
    expect(tileWidth(1, 1, SIZE)).toBe(17);
    expect(tileWidth(2, 0, SIZE)).toBe(1);
    expect(tileWidth(3, 0, SIZE)).toBe(0);
    expect(tileWidth(63, 0, Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(entryBundleWidth(273, SIZE)).toBe(112);
    expect(entryBundleWidth(0, SIZE)).toBe(256);
    expect(entryBundleWidth(0, 0)).toBe(0);
  });

  test('refuses tile level 64', () => {
    expectMerkleError(() => tileWidth(64, 0, SIZE), 'INVALID_ARGUMENT', /tileLevel/);
  });

  test('refuses a negative tree size', () => {
    expectMerkleError(() => tileWidth(0, 0, -1), 'INVALID_ARGUMENT', /treeSize/);
  });

  test('refuses a fractional bundle index', () => {
    expectMerkleError(() => entryBundleWidth(0.5, 10), 'INVALID_ARGUMENT', /bundleIndex/);
  });
});

describe('tilesForSize and entryBundlesForSize', () => {
  test('size 0 has no tiles and no bundles', () => {
    expect(tilesForSize(0)).toEqual([]);
    expect(entryBundlesForSize(0)).toEqual([]);
  });

  test('size 256: a full level-0 tile and a level-1 tile of width 1 (spec example)', () => {
    expect(tilesForSize(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(entryBundlesForSize(256)).toEqual([{ index: 0, width: 256 }]);
  });

  test('size 70,000: 273 full + 1 partial at level 0, 1 full + 1 partial at level 1, 1 partial at level 2', () => {
    const tiles = tilesForSize(SIZE);
    expect(tiles.filter((t) => t.level === 0 && t.width === 256)).toHaveLength(273);
    expect(tiles.filter((t) => t.width < 256)).toEqual([
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
    expect(tiles).toHaveLength(273 + 1 + 1 + 1 + 1);
  });

  test('every tile and bundle has the width tileWidth gives, for random sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), (size) => {
        for (const t of tilesForSize(size)) if (tileWidth(t.level, t.index, size) !== t.width) return false;
        for (const b of entryBundlesForSize(size)) if (entryBundleWidth(b.index, size) !== b.width) return false;
        return true;
      }),
      { numRuns: 50 },
    );
  });

  test('refuses a size above 2^53-1', () => {
    expectMerkleError(() => tilesForSize(2 ** 53), 'INVALID_ARGUMENT');
  });
});
