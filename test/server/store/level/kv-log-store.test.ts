/**
 * What the key-layout store (server/store/level/kv-log-store.ts) does beyond the conformance
 * suite: how payloads are cut into chunks, which stored records it refuses as corrupt, keys of
 * the wrong shape that it never takes for checkpoints, and the fault codes through commitRound.
 * On MemoryKv: the layout is the same over LevelDB.
 */
import { describe, expect, test } from '@jest/globals';
import { utf8 } from '../../../../merkle/index.js';
import { IDENTITY_KEY, checkpointKey, leafHashKey, payloadKey } from '../../../../server/store/level/keys.js';
import { KvLogStore } from '../../../../server/store/level/kv-log-store.js';
import { KV_PAYLOAD_CHUNK, PG_PAYLOAD_CHUNK, payloadChunks } from '../../../../server/store/level/payload-chunks.js';
import { MemoryKv } from '../../../../server/store/memory/memory-kv.js';
import { roundObjects } from '../../../../server/store/store.js';
import { EMPTY_CHECKPOINT, syntheticRound } from '../synthetic-rounds.js';

const IDENTITY = { origin: 'o', verifierKey: 'k', createdAt: 't' };

function hash(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

async function started(): Promise<{ kv: MemoryKv; store: KvLogStore }> {
  const kv = new MemoryKv();
  const store = new KvLogStore(kv);
  await store.initialise(IDENTITY, EMPTY_CHECKPOINT);
  return { kv, store };
}

describe('payload chunks', () => {
  test('a round is cut where a chunk would pass 4 KiB or 32 entries (PostgreSQL: 64 KiB or 256), and a range read returns every payload once', async () => {
    const big = (i: number, size: number) => ({ payload: new Uint8Array(size).fill(i % 251), nonce: hash(i) });
    const records = [big(0, 10), big(1, KV_PAYLOAD_CHUNK.bytes + 5), big(2, 40_000), big(3, 40_000), ...Array.from({ length: 300 }, (_, i) => big(4 + i, 3))];
    // 300 small ones: 32 a chunk, the last holding 12.
    expect(payloadChunks(0, records, KV_PAYLOAD_CHUNK).map((c) => c.firstIndex)).toEqual([0, 1, 2, 3, ...Array.from({ length: 10 }, (_, k) => 4 + 32 * k)]);
    // 10 + 4101 + 40,000 bytes fit 64 KiB; the second 40,000 starts a chunk that the small ones fill to 256 entries.
    expect(payloadChunks(0, records, PG_PAYLOAD_CHUNK).map((c) => c.firstIndex)).toEqual([0, 3, 3 + 256]);
    const { store } = await started();
    const round = syntheticRound([], 1);
    await store.commitRound({ ...round.write, payloads: { firstIndex: 0, records }, leafHashes: [] });
    expect((await store.readPayloads(0, records.length)).map((r) => r?.payload.length)).toEqual(records.map((r) => r.payload.length));
    expect((await store.readPayloads(2, 5)).map((r) => r?.payload[0])).toEqual([2, 3, 4]);
    expect((await store.readPayload(100))?.payload[0]).toBe(100);
    expect(await store.readPayloads(records.length, records.length + 3)).toEqual([undefined, undefined, undefined]);
  });

  test("chunks an uncommitted write left inside a later round's range are deleted with that round", async () => {
    const { kv, store } = await started();
    const lost = syntheticRound([], 3, { variant: 'lost', payloadBytes: 40_000 });
    await store.writeObjects(roundObjects(lost.write));
    expect(await kv.get(payloadKey(1))).toBeDefined();
    const next = syntheticRound([], 3, { variant: 'next' });
    await store.commitRound(next.write);
    expect(await kv.get(payloadKey(1))).toBeUndefined();
    expect(await store.readPayloads(0, 3)).toEqual(next.entries.map((e) => e.record));
  });
});

describe('records the store refuses or skips', () => {
  test('an identity that is not JSON is STORE_CORRUPT', async () => {
    const { kv, store } = await started();
    kv.unsafeSet(IDENTITY_KEY, utf8('{not json'));
    await expect(store.readIdentity()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });

  test('a hash index record of the wrong length is STORE_CORRUPT, not a miss', async () => {
    const { kv, store } = await started();
    kv.unsafeSet(leafHashKey(hash(1)), Uint8Array.of(1, 2, 3));
    await expect(store.readLeafIndex(hash(1))).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });

  test('checkpoint keys of the wrong shape are never the head nor listed (fsck reports them)', async () => {
    const { kv, store } = await started();
    kv.unsafeSet(Uint8Array.of(0x63, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), utf8('huge'));
    kv.unsafeSet(Uint8Array.of(0x63, 1, 2), utf8('short'));
    expect(await store.latestCheckpoint()).toEqual(EMPTY_CHECKPOINT);
    expect(await store.listCheckpoints(0, 10)).toEqual([EMPTY_CHECKPOINT]);
    expect(await kv.get(checkpointKey(0))).toBeDefined();
  });
});

describe('faults through commitRound', () => {
  test('a batch that fails before the write leaves nothing behind (STORE_UNAVAILABLE)', async () => {
    const { kv, store } = await started();
    kv.failNextBatches({ kind: 'fail-before-write' });
    await expect(store.commitRound(syntheticRound([], 1).write)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await store.latestCheckpoint()).toEqual(EMPTY_CHECKPOINT);
  });

  test('ENOSPC becomes STORE_FULL', async () => {
    const { kv, store } = await started();
    kv.failNextBatches({ kind: 'disk-full' });
    await expect(store.commitRound(syntheticRound([], 1).write)).rejects.toMatchObject({ code: 'STORE_FULL' });
  });

  test('a store never initialised has no head to build on (STORE_CORRUPT)', async () => {
    const store = new KvLogStore(new MemoryKv());
    await expect(store.commitRound(syntheticRound([], 1).write)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });
});
