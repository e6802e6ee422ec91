/**
 * fsck of the hash tiles against the latest tree, through the store's read interface
 * (readTiles): the partial tiles give the latest checkpoint's root; every tile the tree needs is
 * stored, with exactly the width the tree gives it (the store keeps the widest version); every
 * full tile's root is its hash in the tile above, judged top down so the tile named is the
 * wrong one (TileAuthenticator). Tiles stored beyond the tree are the driver's to find (its
 * layoutFsck), since the read interface only answers for the tiles asked.
 */
import { HASH_SIZE, MAX_TILE_LEVEL, TILE_WIDTH, tileWidth } from '../../../merkle/index.js';
import { TileError as ToolError } from '../../../client/index.js';
import type { FsckContext } from './context.js';
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

/** Tiles read per readTiles call. */
const BATCH = 64;

/**
 * Checks the root (sets ctx.rootOk), then every tile the tree needs, level by level. Requires
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
    // A missing or short tile is reported below.
  }
  const counts = tileCounts(n);
  for (let level = 0; level < counts.length; level++) {
    // The first index of the run of missing tiles being walked through, reported as one problem.
    let missingFrom: number | undefined;
    const reportMissing = (end: number) => {
      if (missingFrom === undefined) return;
      const what = end - missingFrom === 1 ? tileName(level, missingFrom) : `tiles ${level}/${missingFrom} to ${level}/${end - 1}`;
      findings.add(
        'TILE_MISSING',
        what,
        `${what} ${end - missingFrom === 1 ? 'is' : 'are'} missing: the tree of size ${n} needs ${end - missingFrom === 1 ? 'it' : 'them'}`,
      );
      missingFrom = undefined;
    };
    for (let start = 0; start < counts[level]!; start += BATCH) {
      const indexes = Array.from({ length: Math.min(BATCH, counts[level]! - start) }, (_, i) => start + i);
      const stored = await ctx.store.readTiles(indexes.map((index) => ({ level, index })));
      for (const [i, index] of indexes.entries()) {
        const value = stored[i];
        if (value === undefined) {
          missingFrom ??= index;
          continue;
        }
        reportMissing(index);
        findings.counts.tiles++;
        await checkTile(ctx, level, index, value);
      }
    }
    reportMissing(counts[level]!);
  }
}

/** The width of one stored tile, and a full tile against its parent. */
async function checkTile(ctx: FsckContext, level: number, index: number, value: Uint8Array): Promise<void> {
  const { findings, treeSize: n } = ctx;
  const where = tileName(level, index);
  const width = level > MAX_TILE_LEVEL ? 0 : tileWidth(level, index, n);
  if (value.length !== width * HASH_SIZE) {
    const held = value.length % HASH_SIZE === 0 ? `${value.length / HASH_SIZE} hashes` : `${value.length} bytes (not a whole number of hashes)`;
    findings.add(
      'TILE_WIDTH',
      where,
      `${where} holds ${held}, but the latest tree (size ${n}) gives it ${width}${value.length > width * HASH_SIZE ? ': it reaches beyond the tree' : ''}`,
    );
    return;
  }
  if (width < TILE_WIDTH) return; // a partial tile: judged by the root check
  try {
    await ctx.authenticator.authenticate(level, index, value);
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    // TILE_MISMATCH is this tile's own problem; a missing or short parent is reported on its own.
    if (err.code === 'TILE_MISMATCH') findings.add('TILE_MISMATCH', where, err.message);
  }
}
