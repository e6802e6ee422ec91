/**
 * The reader's cache of folded ephemeral nodes (server/read/log-reader.ts, issue 17): proofs
 * built with it, first and again from the cache, at the latest size and at older sizes whose right
 * edges share ranges, equal each other and verify against roots computed independently from the
 * leaves, on a real log in a real LevelDB folder.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { hashLeaf, rootFromLeafHashes } from '../../../merkle/index.js';
import { verifyConsistency, verifyInclusion } from '../../../proofs/index.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
let log: CairnLog;
let leafHashes: Uint8Array[];
const SIZE = 256 * 4 + 213;

beforeAll(async () => {
  log = await CairnLog.open({ dataDir: await temps.make('cairn-proof-cache-'), origin: 'test.example/proof-cache' });
  for (let i = 0; i < SIZE;) {
    const n = Math.min(SIZE - i, 1 + ((i * 53) % 97));
    await log.append(
      'writer',
      Array.from({ length: n }, (_, k) => ({ payload: new TextEncoder().encode(`event ${i + k}`), contentType: 'text/plain', occurredAt: 0n })),
    );
    i += n;
  }
  leafHashes = (await log.leaves(0, SIZE)).map((leaf) => hashLeaf(leaf));
});
afterAll(async () => {
  await log.close();
  await temps.cleanup();
});

const rootAt = (size: number): Uint8Array => rootFromLeafHashes(leafHashes.slice(0, size));
const hex = (hashes: Uint8Array[]): string[] => hashes.map((h) => Buffer.from(h).toString('hex'));

test('inclusion proofs verify when built and when their right-edge fold comes from the cache', async () => {
  const sizes = [SIZE, SIZE - 1, 1000, 999, 777, 513, 257, 3];
  for (const size of sizes) {
    const root = rootAt(size);
    for (const index of [0, 1, size - 1, size - 2, Math.floor(size / 3), Math.floor(size / 2)].filter((i) => i >= 0 && i < size)) {
      const first = await log.inclusionProof(index, size);
      const again = await log.inclusionProof(index, size);
      expect(hex(again)).toEqual(hex(first));
      verifyInclusion(leafHashes[index]!, index, size, first, root);
    }
  }
});

test('consistency proofs verify when built and when their fold comes from the cache', async () => {
  for (const [from, to] of [
    [1, SIZE],
    [100, SIZE],
    [511, 1000],
    [777, SIZE - 1],
    [3, 5],
    [SIZE - 7, SIZE],
  ] as const) {
    const first = await log.consistencyProof(from, to);
    const again = await log.consistencyProof(from, to);
    expect(hex(again)).toEqual(hex(first));
    verifyConsistency(from, to, rootAt(from), rootAt(to), again);
  }
});

test('after appends, proofs at the new size reuse folds of ranges they share and still verify', async () => {
  const before = log.checkpoint.treeSize;
  await log.inclusionProof(0, before);
  await log.append('writer', [{ payload: new TextEncoder().encode('one more'), contentType: 'text/plain', occurredAt: 0n }]);
  leafHashes = (await log.leaves(0, before + 1)).map((leaf) => hashLeaf(leaf));
  for (const index of [0, 300, before - 1, before]) {
    verifyInclusion(leafHashes[index]!, index, before + 1, await log.inclusionProof(index, before + 1), rootAt(before + 1));
  }
  verifyConsistency(before, before + 1, rootAt(before), rootAt(before + 1), await log.consistencyProof(before, before + 1));
});
