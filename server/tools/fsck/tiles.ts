/**
 * fsck of the hash tiles (key `t` of keys.ts) against the latest tree: the partial tiles give
 * the latest checkpoint's root; every stored tile has exactly the width the tree gives it (the
 * store keeps the widest version); every full tile's root is its hash in the tile above, judged
 * top down so the tile named is the wrong one (TileAuthenticator); no tile is missing; no tile
 * lies beyond the tree.
 */
import { HASH_SIZE, MAX_TILE_LEVEL, TILE_WIDTH, tileWidth, toHex } from '../../../merkle/index.js';
import { PREFIX_TILE } from '../../store/keys.js';
import { TileError as ToolError } from '../../../client/index.js';
import { storedNumber, type FsckContext } from './context.js';
import { tileName } from './store-tile-source.js';

/** The number of tiles at each tile level of a tree of size n, level 0 first. */
export function tileCounts(n: number): number[] {
  const counts: number[] = [];
  for (let level = 0; level <= MAX_TILE_LEVEL; level++) {
    const hashes = Math.floor(n / 2 ** (8 * level));
    if (hashes === 0) break;
    counts.push(Math.ceil(hashes / TILE_WIDTH));
  }
  return counts;
}

/**
 * Checks the root (sets ctx.rootOk), then every stored tile in key order. Requires
 * ctx.authenticator to be fresh.
 */
export async function checkTiles(ctx: FsckContext): Promise<void> {
  const { findings, treeSize: n } = ctx;
  try {
    await ctx.authenticator.verifyRoot();
    ctx.rootOk = true;
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    if (err.code === 'ROOT_MISMATCH') findings.add('ROOT_MISMATCH', `checkpoint ${n}`, err.message);
    else findings.skip(`the root of the latest tree from the tiles: ${err.message}`);
    // A missing or short tile is reported by the scan below.
  }

  const counts = tileCounts(n);
  // The next tile the scan expects (tiles sort by level, then index).
  let level = 0;
  let index = 0;
  const reportMissingBefore = (untilLevel: number, untilIndex: number) => {
    for (; level < counts.length && level <= untilLevel; level++, index = 0) {
      const end = level < untilLevel ? counts[level]! : Math.min(untilIndex, counts[level]!);
      if (index < end) {
        const what = end - index === 1 ? tileName(level, index) : `tiles ${level}/${index} to ${level}/${end - 1}`;
        findings.add('TILE_MISSING', what, `${what} ${end - index === 1 ? 'is' : 'are'} missing: the tree of size ${n} needs ${end - index === 1 ? 'it' : 'them'}`);
      }
      if (level === untilLevel) {
        index = Math.max(index, untilIndex);
        return;
      }
    }
  };

  for await (const [key, value] of ctx.store.scan(PREFIX_TILE)) {
    const tileIndex = storedNumber(key, 10);
    if (tileIndex === undefined) {
      findings.add('MALFORMED_RECORD', `tile key ${toHex(key)}`, 'a tile key that is not the prefix, a u8 level and a u64 index below 2^53');
      continue;
    }
    const tileLevel = key[1]!;
    const where = tileName(tileLevel, tileIndex);
    findings.counts.tiles++;
    reportMissingBefore(tileLevel, tileIndex);
    if (tileLevel === level && tileIndex === index) index++;
    const width = tileLevel > MAX_TILE_LEVEL ? 0 : tileWidth(tileLevel, tileIndex, n);
    if (width === 0) {
      findings.add('BEYOND_TREE', where, `${where} is beyond the latest tree (size ${n}), which has no such tile`);
      continue;
    }
    if (value.length !== width * HASH_SIZE) {
      const held = value.length % HASH_SIZE === 0 ? `${value.length / HASH_SIZE} hashes` : `${value.length} bytes (not a whole number of hashes)`;
      findings.add('TILE_WIDTH', where, `${where} holds ${held}, but the latest tree (size ${n}) gives it ${width}${value.length > width * HASH_SIZE ? ': it reaches beyond the tree' : ''}`);
      continue;
    }
    if (width < TILE_WIDTH) continue; // a partial tile: judged by the root check
    try {
      await ctx.authenticator.authenticate(tileLevel, tileIndex, value);
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      // TILE_MISMATCH is this tile's own problem; a missing or short parent is reported on its own.
      if (err.code === 'TILE_MISMATCH') findings.add('TILE_MISMATCH', where, err.message);
    }
  }
  reportMissingBefore(counts.length, 0);
}
