/**
 * The batched reads of search, stream and export (LogReader through CairnLog): inclusionProofs,
 * leavesAt and payloadsAt give exactly what the one-entry reads give, for indexes in any order
 * (scattered, repeated, runs, across bundle and tile boundaries, the partial right edge), on a
 * real log in a real LevelDB folder; the proofs verify against the signed root; proofs of one
 * batch share the very same arrays for shared nodes. Lone indexes go through the LevelDB store's
 * readPayloadsAt (one seeking iterator) and decodePayloadRecordAt.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { verifyInclusion } from '../../../proofs/index.js';
import { hashLeaf } from '../../../merkle/index.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { decodePayloadChunk, decodePayloadRecordAt, encodePayloadChunk } from '../../../server/store/level/records.js';
import { erasedPayload } from '../../../server/store/store.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
let log: CairnLog;
const SIZE = 256 * 3 + 77;

beforeAll(async () => {
  log = await CairnLog.open({ dataDir: await temps.make('cairn-batch-reads-'), origin: 'test.example/batch-reads' });
  // Rounds of uneven sizes, so payload chunks and bundles do not line up.
  for (let i = 0; i < SIZE;) {
    const n = Math.min(SIZE - i, 1 + ((i * 37) % 101));
    await log.append(
      'writer',
      Array.from({ length: n }, (_, k) => ({
        payload: new TextEncoder().encode(`event ${i + k} ${'x'.repeat((i + k) % 50)}`),
        contentType: 'text/plain',
        occurredAt: 0n,
      })),
    );
    i += n;
  }
});
afterAll(async () => {
  await log.close();
  await temps.cleanup();
});

function sample(): number[] {
  const out = [0, 1, 255, 256, 257, SIZE - 1, SIZE - 2, 511, 512, 300, 300, 5];
  for (let i = 0; i < 60; i++) out.push((i * 7919) % SIZE);
  for (let i = 600; i < 640; i++) out.push(i);
  return out;
}

test('leavesAt and payloadsAt equal the one-entry reads, in the order asked', async () => {
  const indexes = sample();
  const [leaves, payloads] = await Promise.all([log.leavesAt(indexes), log.payloadsAt(indexes)]);
  for (const [k, index] of indexes.entries()) {
    expect(Buffer.from(leaves[k]!).equals(Buffer.from((await log.leaves(index, index + 1))[0]!))).toBe(true);
    const one = await log.payload(index);
    expect(Buffer.from(payloads[k]!.payload).toString()).toBe(Buffer.from(one!.payload).toString());
    expect(Buffer.from(payloads[k]!.nonce).equals(Buffer.from(one!.nonce))).toBe(true);
  }
});

test('inclusionProofs equal the one-entry proofs, verify, and share node arrays', async () => {
  const indexes = sample();
  const checkpoint = log.checkpoint;
  for (const treeSize of [checkpoint.treeSize, 700]) {
    const asked = indexes.filter((i) => i < treeSize);
    const proofs = await log.inclusionProofs(asked, treeSize);
    const leaves = await log.leavesAt(asked);
    for (const [k, index] of asked.entries()) {
      const one = await log.inclusionProof(index, treeSize);
      expect(proofs[k]!.map((h) => Buffer.from(h).toString('hex'))).toEqual(one.map((h) => Buffer.from(h).toString('hex')));
      if (treeSize === checkpoint.treeSize) expect(() => verifyInclusion(hashLeaf(leaves[k]!), index, treeSize, proofs[k]!, checkpoint.rootHash)).not.toThrow();
    }
    // The top of the tree is in every proof: one array for all of them.
    const tops = new Set(proofs.map((p) => p[p.length - 1]));
    expect(tops.size).toBeLessThanOrEqual(2);
  }
});

test('decodePayloadRecordAt gives each record of a chunk as decodePayloadChunk does, erased ones included', () => {
  const records = Array.from({ length: 40 }, (_, i) =>
    i % 7 === 3 ? erasedPayload(1000 + i) : { nonce: new Uint8Array(32).fill(i), payload: new TextEncoder().encode('p'.repeat(i)) },
  );
  const chunk = encodePayloadChunk(records);
  const all = decodePayloadChunk(chunk);
  for (let k = 0; k < records.length; k++) expect(decodePayloadRecordAt(chunk, k)).toEqual(all[k]);
  expect(decodePayloadRecordAt(chunk, records.length)).toBeUndefined();
  expect(() => decodePayloadRecordAt(chunk.subarray(0, chunk.length - 5), records.length - 1)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
});

test('payloadsAt through the chunk directory (point reads of known chunks) equals the first reads, and sees an erasure', async () => {
  const indexes = sample();
  const first = await log.store.readPayloadsAt!(indexes);
  // The chunks are known now: the same indexes and their neighbours are point reads.
  const again = [...indexes, ...indexes.map((i) => Math.min(SIZE - 1, i + 1))];
  const second = await log.store.readPayloadsAt!(again);
  for (const [k, index] of again.entries()) {
    const one = await log.store.readPayload(index);
    expect(second[k]).toEqual(one);
    if (k < indexes.length) expect(second[k]).toEqual(first[k]);
  }
  // Erasure rewrites a chunk under the same key: the next point read gives the erased marker.
  await log.store.erasePayloads!([300]);
  const [erased, kept] = await log.store.readPayloadsAt!([300, 301]);
  expect(erased?.erased).toEqual({ size: (await log.store.readPayload(300))!.erased!.size });
  expect(kept).toEqual(await log.store.readPayload(301));
});

test('readPayloads from a chunk the directory knows (the next range of a stream) equals the one-entry reads', async () => {
  // Twice: the first pass learns the chunks (reverse seek), the second starts from the known ones.
  for (let pass = 0; pass < 2; pass++) {
    for (const [start, end] of [
      [0, 1],
      [5, 300],
      [300, 301],
      [301, 700],
      [700, SIZE],
      [SIZE - 3, SIZE],
    ] as const) {
      const range = await log.store.readPayloads(start, end);
      expect(range).toHaveLength(end - start);
      for (let i = start; i < end; i++) expect(range[i - start]).toEqual(await log.store.readPayload(i));
    }
  }
});

test('payload chunks this process committed are point reads from the first read; after a reopen, unknown ones are found by floor reads, with equal records', async () => {
  const dataDir = await temps.make('cairn-batch-reads-chunks-');
  const origin = 'test.example/batch-reads-chunks';
  let own = await CairnLog.open({ dataDir, origin });
  try {
    for (let i = 0; i < 5; i++) {
      await own.append(
        'writer',
        Array.from({ length: 70 }, (_, k) => ({ payload: new TextEncoder().encode(`e ${i} ${k}`), contentType: 'text/plain', occurredAt: 0n })),
      );
    }
    // The LevelDB driver's key-value store (KvLogStore.kv), its floor reads counted.
    const kv = (l: CairnLog) => (l.store as unknown as { kv: { floorEntries: (...args: never[]) => Promise<unknown> } }).kv;
    const counted = (l: CairnLog): { floors: number } => {
      const count = { floors: 0 };
      const floorEntries = kv(l).floorEntries.bind(kv(l));
      kv(l).floorEntries = (...args: never[]) => {
        count.floors++;
        return floorEntries(...args);
      };
      return count;
    };
    const indexes = [0, 31, 32, 69, 70, 100, 200, 349, 140, 5];
    const warm = counted(own);
    const committed = await own.store.readPayloadsAt!(indexes);
    expect(warm.floors).toBe(0);
    await own.close();
    own = await CairnLog.open({ dataDir, origin });
    const cold = counted(own);
    const reopened = await own.store.readPayloadsAt!(indexes);
    expect(cold.floors).toBeGreaterThan(0);
    expect(reopened).toEqual(committed);
    for (const [k, index] of indexes.entries()) expect(reopened[k]).toEqual(await own.store.readPayload(index));
  } finally {
    await own.close();
  }
});
