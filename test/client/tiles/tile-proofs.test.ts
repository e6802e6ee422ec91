/**
 * Proofs from tiles (client/tiles/tile-proofs.ts) and the node-from-tile helper they rest on
 * (merkle/tile.ts `nodeHashFromTile`): roots and consistency proofs computed from the tiles of a
 * log agree with the roots it signed, for sizes on and off tile boundaries.
 */
import { describe, expect, test } from '@jest/globals';
import { EMPTY_ROOT, MerkleError, TILE_WIDTH, hashChildren, hashLeaf, nodeHashFromTile, rootFromLeafHashes, utf8 } from '../../../merkle/index.js';
import { VerificationError } from '../../../proofs/index.js';
import { consistencyProofFromTiles, nodeHashesFromTiles, rootFromTiles, verifyConsistencyFromTiles } from '../../../client/index.js';
import { memorySource, memoryTlog } from './tiles-fixture.js';

const SIZES = [1, 2, 255, 256, 257, 511, 512, 1000, 65_536, 65_537, 70_000];
const log = memoryTlog(SIZES);

describe('nodeHashFromTile', () => {
  const leaves = Array.from({ length: 8 }, (_, i) => hashLeaf(utf8(`leaf ${i}`)));
  const tile = new Uint8Array(leaves.length * 32);
  leaves.forEach((h, i) => tile.set(h, i * 32));

  test('count 1 is the stored hash, as a copy', () => {
    const node = nodeHashFromTile(tile, 3, 1);
    expect(node).toEqual(leaves[3]);
    node[0] = node[0]! ^ 1;
    expect(tile.subarray(96, 128)).toEqual(leaves[3]);
  });

  test('count 2 hashes the pair', () => {
    expect(nodeHashFromTile(tile, 2, 2)).toEqual(hashChildren(leaves[2]!, leaves[3]!));
  });

  test('count 8 is the root of the whole tile', () => {
    expect(nodeHashFromTile(tile, 0, 8)).toEqual(rootFromLeafHashes(leaves));
  });

  test('a count that is not a power of two is refused', () => {
    expect(() => nodeHashFromTile(tile, 0, 3)).toThrow(MerkleError);
  });

  test('a count above the tile width is refused', () => {
    expect(() => nodeHashFromTile(new Uint8Array(512 * 32), 0, 2 * TILE_WIDTH)).toThrow(MerkleError);
  });

  test('a start that is not a multiple of count is refused', () => {
    expect(() => nodeHashFromTile(tile, 1, 2)).toThrow(/multiple of count/);
  });

  test('a tile too short for the node is refused', () => {
    expect(() => nodeHashFromTile(tile, 8, 8)).toThrow(/at least 16 hashes/);
  });
});

describe('rootFromTiles', () => {
  test('is EMPTY_ROOT for size 0, with no read', async () => {
    const source = memorySource(log.files);
    expect(await rootFromTiles(source, 0)).toEqual(EMPTY_ROOT);
    expect(source.reads).toEqual([]);
  });

  for (const size of SIZES) {
    test(`gives the signed root of size ${size}, reading one tile per level`, async () => {
      const source = memorySource(log.files);
      expect(await rootFromTiles(source, size)).toEqual(log.roots.get(size));
      expect(new Set(source.reads).size).toBe(source.reads.length);
      expect(source.reads.length).toBeLessThanOrEqual(3);
    });
  }
});

describe('consistency from tiles', () => {
  const pairs: Array<[number, number]> = [
    [1, 2],
    [255, 256],
    [256, 257],
    [257, 1000],
    [1000, 65_536],
    [65_536, 70_000],
    [2, 70_000],
  ];
  for (const [from, to] of pairs) {
    test(`${from} -> ${to} verifies against both signed roots`, async () => {
      await verifyConsistencyFromTiles(
        memorySource(log.files),
        { treeSize: from, rootHash: log.roots.get(from)! },
        { treeSize: to, rootHash: log.roots.get(to)! },
      );
    });
  }

  test('the proof from size 0 or to the same size is empty', async () => {
    expect(await consistencyProofFromTiles(memorySource(log.files), 0, 1000)).toEqual([]);
    expect(await consistencyProofFromTiles(memorySource(log.files), 1000, 1000)).toEqual([]);
  });

  test('a root that is not the signed one fails with CONSISTENCY_FAILED', async () => {
    const wrong = log.roots.get(257)!.slice();
    wrong[0] = wrong[0]! ^ 1;
    const err = await verifyConsistencyFromTiles(
      memorySource(log.files),
      { treeSize: 257, rootHash: wrong },
      { treeSize: 1000, rootHash: log.roots.get(1000)! },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(err).toMatchObject({ code: 'CONSISTENCY_FAILED' });
  });

  test('a source that fails is passed through, every read settled', async () => {
    const source = {
      readHashTile: async (level: number) => {
        if (level === 0) throw new Error('disk on fire');
        return new Uint8Array(32 * TILE_WIDTH);
      },
    };
    await expect(
      nodeHashesFromTiles(
        source,
        [
          { level: 0, index: 0 },
          { level: 8, index: 0 },
        ],
        70_000,
      ),
    ).rejects.toThrow('disk on fire');
  });
});
