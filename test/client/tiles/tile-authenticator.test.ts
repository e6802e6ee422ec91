/**
 * TileAuthenticator (client/tiles/tile-authenticator.ts): tiles checked top down against a
 * signed root. A wrong tile is named itself (never its children), a tile below it is not judged,
 * and a wrong partial tile fails the root check.
 */
import { describe, expect, test } from '@jest/globals';
import { HASH_SIZE, TILE_WIDTH } from '../../../merkle/index.js';
import { TileAuthenticator, TileError, hashTilePath } from '../../../client/index.js';
import { memorySource, memoryTlog } from './tiles-fixture.js';

const SIZE = 70_000;
const log = memoryTlog([SIZE]);
const head = { treeSize: SIZE, rootHash: log.roots.get(SIZE)! };

/** The log's files with one byte of `path` flipped. */
function tampered(path: string): Map<string, Uint8Array> {
  const files = new Map(log.files);
  const bytes = files.get(path)!.slice();
  bytes[5] = bytes[5]! ^ 1;
  files.set(path, bytes);
  return files;
}

async function ready(files = log.files): Promise<TileAuthenticator> {
  const a = new TileAuthenticator(memorySource(files), head);
  await a.verifyRoot();
  return a;
}

describe('a good log', () => {
  test('the root tiles give the root, and count as authenticated', async () => {
    const a = await ready();
    // Size 70000: 0/273.p/112, 1/001.p/17 and 2/000.p/1.
    expect(a.authenticatedTiles).toBe(3);
  });

  test('every full tile is authentic, and each is counted once', async () => {
    const a = await ready();
    for (let i = 0; i < 4; i++) expect(await a.authenticate(0, i)).toEqual(log.files.get(hashTilePath(0, i, TILE_WIDTH)));
    // Four level-0 tiles and their parent 1/000.
    expect(a.authenticatedTiles).toBe(3 + 5);
  });

  test('a partial tile is the one read by the root check', async () => {
    const a = await ready();
    expect(await a.authenticate(0, 273)).toEqual(log.files.get('tile/0/273.p/112'));
  });

  test('a caller copy equal to the authentic tile is accepted', async () => {
    const a = await ready();
    expect(await a.authenticate(0, 9, log.files.get('tile/0/009')!.slice())).toEqual(log.files.get('tile/0/009'));
  });

  test('asSource gives authentic tiles cut to the width asked', async () => {
    const source = (await ready()).asSource();
    expect((await source.readHashTile(0, 1, 10)).length).toBe(10 * HASH_SIZE);
  });
});

describe('a damaged log', () => {
  test('a flipped byte in a full level-0 tile is TILE_MISMATCH naming that tile', async () => {
    const a = await ready(tampered('tile/0/004'));
    await expect(a.authenticate(0, 4)).rejects.toMatchObject({ code: 'TILE_MISMATCH', where: 'tile/0/004' });
    // Reported once; afterwards it cannot be judged.
    expect(await a.authenticate(0, 4)).toBeUndefined();
  });

  test('a flipped byte in a full level-1 tile names it, and its children are not judged', async () => {
    const a = await ready(tampered('tile/1/000'));
    await expect(a.authenticate(0, 0)).rejects.toMatchObject({ code: 'TILE_MISMATCH', where: 'tile/1/000' });
    expect(await a.authenticate(0, 1)).toBeUndefined();
  });

  test('asSource refuses a tile below a wrong one', async () => {
    const a = await ready(tampered('tile/1/000'));
    await expect(a.authenticate(0, 0)).rejects.toThrow(TileError);
    await expect(a.asSource().readHashTile(0, 1, TILE_WIDTH)).rejects.toMatchObject({ code: 'TILE_MISMATCH' });
  });

  test('a flipped byte in a partial tile fails the root check naming the root tiles', async () => {
    const a = new TileAuthenticator(memorySource(tampered('tile/0/273.p/112')), head);
    const err = (await a.verifyRoot().catch((e: unknown) => e)) as TileError;
    expect(err.code).toBe('ROOT_MISMATCH');
    expect(err.where).toContain('tile/0/273.p/112');
    expect(await a.authenticate(0, 0)).toBeUndefined();
  });

  test('a caller copy that differs from the authentic tile is TILE_MISMATCH', async () => {
    const a = await ready();
    await a.authenticate(0, 2);
    const copy = log.files.get('tile/0/002')!.slice();
    copy[0] = copy[0]! ^ 1;
    await expect(a.authenticate(0, 2, copy)).rejects.toThrow(/read twice with different contents/);
  });

  test('authenticate before verifyRoot is a programming error', async () => {
    await expect(new TileAuthenticator(memorySource(log.files), head).authenticate(0, 0)).rejects.toThrow(/verifyRoot/);
  });

  test('a tile outside the tree is a RangeError', async () => {
    await expect((await ready()).authenticate(0, 400)).rejects.toThrow(RangeError);
  });
});
