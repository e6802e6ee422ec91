// The tiles and entry bundles we write are byte-identical to the reference logs written by Go's
// golang.org/x/mod/sumdb/tlog (leaves `leaf-<i>`, n = 0, 1, 300, 70000), and the paths we produce
// are exactly the files there. Also: appending in uneven chunks and restoring mid-way give the
// same files.
import { describe, expect, test } from '@jest/globals';
import {
  BundleWriter,
  TileWriter,
  entryBundlesForSize,
  formatTilePath,
  hashLeaf,
  rootFromLeafHashes,
  tilesForSize,
  type ChangedBundle,
  type ChangedTile,
} from '../../merkle/index.js';
import { decodeBase64 } from '../../proofs/encoding.js';
import { REFERENCE_LOG_SIZES, loadReferenceLog, referenceLeaf, type ReferenceLog } from '../helpers/vectors.js';
import { hex } from './hex.js';

const MAX = 70000;
const leaves = Array.from({ length: MAX }, (_, i) => referenceLeaf(i));
const leafHashes = leaves.map(hashLeaf);
const logs = new Map<number, ReferenceLog>(REFERENCE_LOG_SIZES.map((n) => [n, loadReferenceLog(n)]));

/** The files a log holds after a sequence of changes: the latest contents of each tile. */
class Files {
  readonly #latest = new Map<string, { path: string; bytes: Uint8Array }>();

  addTiles(changed: ChangedTile[]): void {
    for (const t of changed) {
      const key = `${t.level}/${t.index}`;
      const before = this.#latest.get(key);
      // Tiles only ever grow: what was published stays a prefix of what comes later.
      if (before && hex(t.hashes.subarray(0, before.bytes.length)) !== hex(before.bytes)) {
        throw new Error(`tile ${key} changed its existing hashes`);
      }
      this.#latest.set(key, { path: formatTilePath({ kind: 'hash', ...t }), bytes: t.hashes });
    }
  }

  addBundles(changed: ChangedBundle[]): void {
    for (const b of changed) {
      const key = `entries/${b.index}`;
      const before = this.#latest.get(key);
      if (before && hex(b.bytes.subarray(0, before.bytes.length)) !== hex(before.bytes)) {
        throw new Error(`bundle ${key} changed its existing entries`);
      }
      this.#latest.set(key, { path: formatTilePath({ kind: 'entries', index: b.index, width: b.width }), bytes: b.bytes });
    }
  }

  /** Path -> hex of the contents, sorted by path. */
  snapshot(): Record<string, string> {
    const entries = [...this.#latest.values()].map(({ path, bytes }) => [path, hex(bytes)] as const);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  get(key: string): Uint8Array | undefined {
    return this.#latest.get(key)?.bytes;
  }
}

function referenceSnapshot(log: ReferenceLog): Record<string, string> {
  const entries = [...log.tiles.entries()].map(([path, bytes]) => [path, hex(bytes)] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Appends leaves [0, n) in chunks of the given sizes (cycled), to fresh writers. */
function writeLog(n: number, chunks: number[], restoreAt: number[] = []): Files {
  const files = new Files();
  let tiles = TileWriter.empty();
  let bundles = BundleWriter.empty();
  let size = 0;
  for (let c = 0; size < n; c++) {
    const take = Math.min(chunks[c % chunks.length]!, n - size);
    files.addTiles(tiles.append(leafHashes.slice(size, size + take)));
    files.addBundles(bundles.append(leaves.slice(size, size + take)));
    size += take;
    if (restoreAt.includes(c)) {
      // Continue from what a store would hold: the partial tiles and the partial bundle.
      const partial = TileWriter.partialTilesFor(size).map((t) => files.get(`${t.level}/${t.index}`)!);
      tiles = TileWriter.restore(size, partial);
      bundles = BundleWriter.restore(size, size % 256 === 0 ? undefined : files.get(`entries/${Math.floor(size / 256)}`));
    }
  }
  expect(tiles.treeSize).toBe(n);
  expect(bundles.treeSize).toBe(n);
  return files;
}

describe('reference logs (Go x/mod sumdb/tlog)', () => {
  test.each(REFERENCE_LOG_SIZES.map((n) => [n]))('log-%i: the set of paths we produce equals its files', (n) => {
    const ours = [
      ...tilesForSize(n).map((t) => formatTilePath({ kind: 'hash', ...t })),
      ...entryBundlesForSize(n).map((b) => formatTilePath({ kind: 'entries', ...b })),
    ].sort();
    expect(ours).toEqual([...logs.get(n)!.tiles.keys()].sort());
  });

  test.each(REFERENCE_LOG_SIZES.map((n) => [n]))('log-%i: tiles and bundles appended in one go are byte-identical', (n) => {
    expect(writeLog(n, [n || 1]).snapshot()).toEqual(referenceSnapshot(logs.get(n)!));
  });

  test.each(REFERENCE_LOG_SIZES.map((n) => [n]))('log-%i: the checkpoint root equals our root', (n) => {
    const rootLine = logs.get(n)!.checkpoint.split('\n')[2]!;
    expect(hex(rootFromLeafHashes(leafHashes.slice(0, n)))).toBe(hex(decodeBase64(rootLine)));
  });

  test('log-70000: leaf by leaf for the first 600, then uneven chunks (1, 7, 255, 1000, 3, 256, 257, 4096, 65536), is byte-identical', () => {
    const chunks = [...Array<number>(600).fill(1), 1, 7, 255, 1000, 3, 256, 257, 4096, 65536];
    expect(writeLog(MAX, chunks).snapshot()).toEqual(referenceSnapshot(logs.get(MAX)!));
  });

  test('log-70000: restoring the writers mid-way continues identically', () => {
    // Restores at sizes 1, 8, 256 (a full tile), 257, 512, 1512, 65536 (full at two levels),
    // 65537, then the rest.
    const chunks = [1, 7, 248, 1, 255, 1000, 64024, 1, 4463];
    expect(writeLog(MAX, chunks, [0, 1, 2, 3, 4, 5, 6, 7]).snapshot()).toEqual(referenceSnapshot(logs.get(MAX)!));
  });

  test('log-300: restoring after every chunk of 7 continues identically', () => {
    expect(
      writeLog(
        300,
        [7],
        Array.from({ length: 50 }, (_, i) => i),
      ).snapshot(),
    ).toEqual(referenceSnapshot(logs.get(300)!));
  });
});
