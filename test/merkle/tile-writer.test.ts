// TileWriter: the right edge of every tile level, the tiles each append changes, restore and
// clone. Byte equality with the Go-made reference logs is in reference-logs.test.ts.
import { describe, expect, test } from '@jest/globals';
import { AppendedNodes, CompactRange, HASH_SIZE, TileWriter, concatBytes, hashLeaf, rootFromLeafHashes } from '../../merkle/index.js';
import { referenceLeaf } from '../helpers/vectors.js';
import { expectMerkleError } from '../helpers/expect-error.js';
import { hex } from './hex.js';

const leafHashes = Array.from({ length: 600 }, (_, i) => hashLeaf(referenceLeaf(i)));

describe('TileWriter', () => {
  test('an empty writer has size 0 and appending nothing changes nothing', () => {
    const writer = TileWriter.empty();
    expect(writer.treeSize).toBe(0);
    expect(writer.append([])).toEqual([]);
    expect(writer.treeSize).toBe(0);
  });

  test('the first leaf makes tile 0/0 of width 1', () => {
    const writer = TileWriter.empty();
    const changed = writer.append([leafHashes[0]!]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ level: 0, index: 0, width: 1 });
    expect(hex(changed[0]!.hashes)).toBe(hex(leafHashes[0]!));
    expect(writer.treeSize).toBe(1);
  });

  test('a partial tile is reported with its whole contents, not just the new hashes', () => {
    const writer = TileWriter.empty();
    writer.append(leafHashes.slice(0, 3));
    const [tile] = writer.append(leafHashes.slice(3, 5));
    expect(tile).toMatchObject({ level: 0, index: 0, width: 5 });
    expect(hex(tile!.hashes)).toBe(hex(concatBytes(...leafHashes.slice(0, 5))));
  });

  test('the 256th leaf fills tile 0/0 and starts level 1 with its MTH', () => {
    const writer = TileWriter.empty();
    writer.append(leafHashes.slice(0, 255));
    const changed = writer.append([leafHashes[255]!]);
    expect(changed.map(({ level, index, width }) => ({ level, index, width }))).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(changed[0]!.hashes).toHaveLength(256 * HASH_SIZE);
    expect(hex(changed[1]!.hashes)).toBe(hex(rootFromLeafHashes(leafHashes.slice(0, 256))));
  });

  test('one append that crosses a tile boundary reports the full tile, the new partial one and level 1', () => {
    const writer = TileWriter.empty();
    writer.append(leafHashes.slice(0, 250));
    const changed = writer.append(leafHashes.slice(250, 300));
    expect(changed.map(({ level, index, width }) => ({ level, index, width }))).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 0, index: 1, width: 44 },
      { level: 1, index: 0, width: 1 },
    ]);
  });

  test('the arrays handed out belong to the caller: changing them does not change the writer', () => {
    const a = TileWriter.empty();
    const b = TileWriter.empty();
    for (const tile of a.append(leafHashes.slice(0, 300))) tile.hashes.fill(0);
    b.append(leafHashes.slice(0, 300));
    expect(a.append([leafHashes[300]!]).map((t) => hex(t.hashes))).toEqual(b.append([leafHashes[300]!]).map((t) => hex(t.hashes)));
  });

  test('partialTilesFor lists the partial tiles bottom level first', () => {
    expect(TileWriter.partialTilesFor(0)).toEqual([]);
    expect(TileWriter.partialTilesFor(256)).toEqual([{ level: 1, index: 0, width: 1 }]);
    expect(TileWriter.partialTilesFor(70000)).toEqual([
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
  });

  test('restore from the partial tiles continues exactly like the original', () => {
    const original = TileWriter.empty();
    const latest = new Map<string, Uint8Array>();
    for (const t of original.append(leafHashes.slice(0, 513))) latest.set(`${t.level}/${t.index}`, t.hashes);
    const partial = TileWriter.partialTilesFor(513).map((c) => latest.get(`${c.level}/${c.index}`)!);
    const restored = TileWriter.restore(513, partial);
    expect(restored.treeSize).toBe(513);
    const next = leafHashes.slice(513, 600);
    expect(restored.append(next).map((t) => [t.level, t.index, t.width, hex(t.hashes)])).toEqual(
      original.append(next).map((t) => [t.level, t.index, t.width, hex(t.hashes)]),
    );
  });

  test('clone is independent of the original', () => {
    const a = TileWriter.empty();
    a.append(leafHashes.slice(0, 10));
    const b = a.clone();
    const fromB = b.append(leafHashes.slice(100, 101));
    const fromA = a.append(leafHashes.slice(10, 11));
    expect(hex(fromA[0]!.hashes)).toBe(hex(concatBytes(...leafHashes.slice(0, 11))));
    expect(hex(fromB[0]!.hashes)).toBe(hex(concatBytes(...leafHashes.slice(0, 10), leafHashes[100]!)));
  });

  test('append refuses a 31-byte hash, naming it, and changes nothing', () => {
    const writer = TileWriter.empty();
    writer.append(leafHashes.slice(0, 2));
    expectMerkleError(() => writer.append([leafHashes[2]!, new Uint8Array(31)]), 'INVALID_ARGUMENT', /leafHashes\[1\]/);
    expect(writer.treeSize).toBe(2);
    const [tile] = writer.append([leafHashes[2]!]);
    expect(hex(tile!.hashes)).toBe(hex(concatBytes(...leafHashes.slice(0, 3))));
  });

  test('append refuses a non-array', () => {
    expectMerkleError(() => TileWriter.empty().append(leafHashes[0] as unknown as Uint8Array[]), 'INVALID_ARGUMENT');
  });

  test('restore refuses a missing partial tile', () => {
    expectMerkleError(() => TileWriter.restore(300, [new Uint8Array(44 * HASH_SIZE)]), 'INVALID_ARGUMENT', /has 2 partial tiles, got 1/);
  });

  test('restore refuses an extra partial tile', () => {
    expectMerkleError(() => TileWriter.restore(256, [new Uint8Array(32), new Uint8Array(32)]), 'INVALID_ARGUMENT', /has 1 partial tiles, got 2/);
  });

  test('restore refuses a partial tile of the wrong length', () => {
    expectMerkleError(
      () => TileWriter.restore(300, [new Uint8Array(43 * HASH_SIZE), new Uint8Array(HASH_SIZE)]),
      'INVALID_ARGUMENT',
      /partial tile 0\/1 must be 1408 bytes/,
    );
  });

  test('restore refuses a partial tile that is not bytes', () => {
    expectMerkleError(() => TileWriter.restore(1, ['x'.repeat(32) as unknown as Uint8Array]), 'INVALID_ARGUMENT', /partial tile 0\/0/);
  });

  test('restore refuses a negative size', () => {
    expectMerkleError(() => TileWriter.restore(-1, []), 'INVALID_ARGUMENT', /treeSize/);
  });

  test('partialTilesFor refuses a fractional size', () => {
    expectMerkleError(() => TileWriter.partialTilesFor(1.5), 'INVALID_ARGUMENT', /treeSize/);
  });

  test("tile roots read from the round's AppendedNodes give the same tiles as hashing each full tile, up to level 1", () => {
    // 70,000 leaves fill tile 1/0 (65,536 leaves); rounds of varied sizes straddle tile borders.
    const many = Array.from({ length: 70_000 }, (_, i) =>
      i < leafHashes.length ? leafHashes[i]! : hashLeaf(new Uint8Array([i & 255, (i >> 8) & 255, i >> 16])),
    );
    const plain = TileWriter.empty();
    const shared = TileWriter.empty();
    let range = CompactRange.empty();
    let at = 0;
    let step = 1;
    while (at < many.length) {
      const k = Math.min(many.length - at, step);
      const round = many.slice(at, at + k);
      const appended = new AppendedNodes(range, round);
      const a = plain.append(round);
      const b = shared.append(round, appended.nodeHash);
      expect(b.map((t) => [t.level, t.index, t.width, hex(t.hashes)])).toEqual(a.map((t) => [t.level, t.index, t.width, hex(t.hashes)]));
      range = appended.compactRange();
      at += k;
      step = (step * 7 + 3) % 5000;
    }
    expect(shared.treeSize).toBe(70_000);
  });

  test('refuses a node hash that is not 32 bytes', () => {
    const writer = TileWriter.empty();
    expectMerkleError(() => writer.append(leafHashes.slice(0, 256), () => new Uint8Array(3)), 'INVALID_ARGUMENT', /tile root/);
  });
});
