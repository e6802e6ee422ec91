import { afterEach, describe, expect, test } from '@jest/globals';
import { utf8 } from '../../../merkle/index.js';
import { MemoryKv } from '../../../server/store/memory-kv.js';
import { KvLogStore, PAYLOAD_CHUNK_BYTES, openLevelStore, payloadChunks, toStoreError } from '../../../server/store/log-store.js';
import { StoreError, type LogStore, type RoundWrite } from '../../../server/store/store.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temp = new TempDirs();
const stores: LogStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
  await temp.cleanup();
});

function hash(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

function round(firstIndex: number, count: number, treeSize: number, extra: Partial<RoundWrite> = {}): RoundWrite {
  return {
    tiles: [{ level: 0, index: 0, width: treeSize, hashes: new Uint8Array(32 * treeSize).fill(7) }],
    bundles: [{ index: 0, width: treeSize, bytes: utf8(`bundle-${treeSize}`) }],
    payloads: {
      firstIndex,
      records: Array.from({ length: count }, (_, i) => ({ payload: utf8(`payload-${firstIndex + i}`), nonce: hash(firstIndex + i) })),
    },
    idempotency: [],
    leafHashes: Array.from({ length: count }, (_, i) => hash(100 + firstIndex + i)),
    checkpoint: { treeSize, note: `note ${treeSize}\n` },
    ...extra,
  };
}

const kinds: [string, () => Promise<KvLogStore>][] = [
  ['LevelDB', async () => openLevelStore(await temp.make())],
  ['memory', async () => new KvLogStore(new MemoryKv())],
];

describe.each(kinds)('KvLogStore on %s', (_kind, make) => {
  async function open(): Promise<KvLogStore> {
    const s = await make();
    stores.push(s);
    return s;
  }

  test('a new store has no identity and no checkpoint; initialise writes both', async () => {
    const s = await open();
    expect(await s.readIdentity()).toBeUndefined();
    expect(await s.latestCheckpoint()).toBeUndefined();
    await s.initialise({ origin: 'o', verifierKey: 'k', createdAt: 't' }, { treeSize: 0, note: 'empty\n' });
    expect(await s.readIdentity()).toEqual({ origin: 'o', verifierKey: 'k', createdAt: 't' });
    expect(await s.latestCheckpoint()).toEqual({ treeSize: 0, note: 'empty\n' });
    await expect(s.initialise({ origin: 'o', verifierKey: 'k', createdAt: 't' }, { treeSize: 0, note: 'x' })).rejects.toThrow(StoreError);
  });

  test('rounds are readable: checkpoints by size, the latest, tiles, bundles, payloads across chunks, hash index', async () => {
    const s = await open();
    await s.commitRound(round(0, 3, 3));
    await s.commitRound(round(3, 2, 5, { idempotency: [{ submitter: 'w', key: 'k', record: { index: 4, treeSize: 5, payloadDigest: hash(9) } }] }));
    expect(await s.latestCheckpoint()).toEqual({ treeSize: 5, note: 'note 5\n' });
    expect(await s.checkpointAt(3)).toEqual({ treeSize: 3, note: 'note 3\n' });
    expect(await s.checkpointAt(4)).toBeUndefined();
    expect((await s.listCheckpoints(0, 10)).map((c) => c.treeSize)).toEqual([3, 5]);
    expect((await s.listCheckpoints(4, 10)).map((c) => c.treeSize)).toEqual([5]);
    const [tile, missing] = await s.readTiles([{ level: 0, index: 0 }, { level: 1, index: 0 }]);
    expect(tile).toHaveLength(5 * 32);
    expect(missing).toBeUndefined();
    expect(new TextDecoder().decode((await s.readBundles([0]))[0])).toBe('bundle-5');
    for (let i = 0; i < 5; i++) {
      const p = await s.readPayload(i);
      expect(new TextDecoder().decode(p!.payload)).toBe(`payload-${i}`);
      expect(p!.nonce).toEqual(hash(i));
    }
    expect(await s.readPayload(5)).toBeUndefined();
    expect(await s.readLeafIndex(hash(104))).toBe(4);
    expect(await s.readLeafIndex(hash(99))).toBeUndefined();
    expect(await s.readIdempotency('w', 'k')).toEqual({ index: 4, treeSize: 5, payloadDigest: hash(9) });
    expect(await s.readIdempotency('other', 'k')).toBeUndefined();
  });

  test('large rounds are cut into payload chunks, and a range read returns every payload once', async () => {
    const s = await open();
    const big = (i: number, size: number) => ({ payload: new Uint8Array(size).fill(i % 251), nonce: hash(i) });
    const records = [big(0, 10), big(1, PAYLOAD_CHUNK_BYTES + 5), big(2, 40_000), big(3, 40_000), ...Array.from({ length: 300 }, (_, i) => big(4 + i, 3))];
    const chunks = payloadChunks(0, records);
    expect(chunks.map((c) => c.firstIndex)).toEqual([0, 1, 2, 3, 4 + 256 - 1]);
    await s.commitRound(round(0, 0, records.length, { payloads: { firstIndex: 0, records }, leafHashes: [] }));
    const all = await s.readPayloads(0, records.length);
    expect(all.map((r) => r?.payload.length)).toEqual(records.map((r) => r.payload.length));
    expect((await s.readPayloads(2, 5)).map((r) => r?.payload[0])).toEqual([2, 3, 4]);
    expect((await s.readPayload(100))?.payload[0]).toBe(100);
    expect(await s.readPayloads(records.length, records.length + 3)).toEqual([undefined, undefined, undefined]);
  });

  test('credentials are stored and replaced by id', async () => {
    const s = await open();
    await s.putCredential({ id: 'a', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't' });
    await s.putCredential({ id: 'a', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't', revokedAt: 'u' });
    expect(await s.listCredentials()).toEqual([{ id: 'a', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't', revokedAt: 'u' }]);
  });

  test('a closed store fails with STORE_CLOSED', async () => {
    const s = await open();
    await s.close();
    await expect(s.latestCheckpoint()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});

describe('LevelDB store', () => {
  test('a second open of the same folder fails with STORE_LOCKED', async () => {
    const dir = await temp.make();
    const first = await openLevelStore(dir);
    stores.push(first);
    await expect(openLevelStore(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
  });

  test('what a round commits is there after the store is closed and opened again', async () => {
    const dir = await temp.make();
    const s = await openLevelStore(dir);
    await s.commitRound(round(0, 2, 2));
    await s.close();
    const again = await openLevelStore(dir);
    stores.push(again);
    expect(await again.latestCheckpoint()).toEqual({ treeSize: 2, note: 'note 2\n' });
  });
});

describe('memory store faults', () => {
  test('a batch that fails before the write leaves nothing behind', async () => {
    const kv = new MemoryKv();
    const s = new KvLogStore(kv);
    kv.failNextBatches({ kind: 'fail-before-write' });
    await expect(s.commitRound(round(0, 1, 1))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await s.latestCheckpoint()).toBeUndefined();
  });

  test('ENOSPC becomes STORE_FULL', async () => {
    const kv = new MemoryKv();
    const s = new KvLogStore(kv);
    kv.failNextBatches({ kind: 'disk-full' });
    await expect(s.commitRound(round(0, 1, 1))).rejects.toMatchObject({ code: 'STORE_FULL' });
    expect(toStoreError(Object.assign(new Error('x'), { code: 'LEVEL_LOCKED' }), 'opening').code).toBe('STORE_LOCKED');
  });
});
