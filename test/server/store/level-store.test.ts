/**
 * The LevelDB driver (server/store/level/) on real folders: the driver conformance suite, with
 * write and fsync faults injected above the real LevelKv (fault-kv.ts) and a crash that drops
 * the handle without its CAS; then what only LevelDB has: the folder lock, `openStore` on a
 * data folder, the mapping of LevelDB's errors, and a real `kill -9` of a child process that
 * holds the folder between its objects and its CAS.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { KvLogStore } from '../../../server/store/level/kv-log-store.js';
import { toStoreError } from '../../../server/store/level/level-errors.js';
import { LevelKv } from '../../../server/store/level/level-kv.js';
import { openLevelStore } from '../../../server/store/level/open-level-store.js';
import { openStore } from '../../../server/store/open-store.js';
import { roundObjects, type LogStore, type RoundObjects } from '../../../server/store/store.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { describeStoreConformance, type ConformanceInstance } from './conformance.js';
import { FaultKv } from './fault-kv.js';
import { EMPTY_CHECKPOINT, syntheticRound } from './synthetic-rounds.js';

const temps = new TempDirs();
afterEach(() => temps.cleanup());

/** The driver over a FaultKv, as openLevelStore builds it over the bare LevelKv. */
async function openFaultable(dir: string): Promise<{ store: KvLogStore; faults: FaultKv }> {
  const faults = new FaultKv(await LevelKv.open(dir));
  return { store: new KvLogStore(faults, dir), faults };
}

describeStoreConformance({
  name: 'LevelDB',
  async create() {
    const dir = await temps.make('cairn-store-');
    let current = await openFaultable(dir);
    const instance: ConformanceInstance = {
      store: current.store,
      async reopen() {
        await instance.store.close().catch(() => undefined);
        current = await openFaultable(dir);
        instance.store = current.store;
        return instance.store;
      },
      async crashAfter(before) {
        await before(instance.store);
        // No CAS, no clean shutdown of the round: the folder holds what a kill -9 would leave
        // (every write before this point was synced). The lock is released so it can reopen.
        return instance.reopen();
      },
      failNextWrite: () => current.faults.failNext('write-fails'),
      failNextSync: () => current.faults.failNext('fsync-fails'),
      dispose: () => instance.store.close().catch(() => undefined),
    };
    return instance;
  },
});

/** The dist build of the driver, which a child process imports (jest's global setup builds dist/). */
const DIST_DRIVER = resolve(import.meta.dirname, '..', '..', '..', 'dist', 'server', 'store', 'level', 'open-level-store.js');

/** A child that opens `dir`, writes the objects it reads on stdin, says `written`, then waits to be killed. */
const CHILD = `
import { openLevelStore } from ${JSON.stringify(DIST_DRIVER)};
const b = (s) => new Uint8Array(Buffer.from(s, 'base64'));
let text = '';
for await (const chunk of process.stdin) text += chunk;
const o = JSON.parse(text);
const store = await openLevelStore(process.argv[1], { createIfMissing: false });
await store.writeObjects({
  tiles: o.tiles.map((t) => ({ ...t, hashes: b(t.hashes) })),
  bundles: o.bundles.map((x) => ({ ...x, bytes: b(x.bytes) })),
  payloads: { firstIndex: o.payloads.firstIndex, records: o.payloads.records.map((r) => ({ payload: b(r.payload), nonce: b(r.nonce) })) },
});
process.stdout.write('written\\n');
setInterval(() => {}, 1000);
`;

function objectsJson(o: RoundObjects): string {
  const b = (u: Uint8Array) => Buffer.from(u).toString('base64');
  return JSON.stringify({
    tiles: o.tiles.map((t) => ({ level: t.level, index: t.index, width: t.width, hashes: b(t.hashes) })),
    bundles: o.bundles.map((x) => ({ index: x.index, width: x.width, bytes: b(x.bytes) })),
    payloads: { firstIndex: o.payloads.firstIndex, records: o.payloads.records.map((r) => ({ payload: b(r.payload), nonce: b(r.nonce) })) },
  });
}

describe('LevelDB driver', () => {
  test('kill -9 of the process holding the folder between objects and CAS: the folder reopens at the previous commit', async () => {
    const dir = await temps.make('cairn-store-');
    const first = syntheticRound([], 3);
    let store: LogStore = await openLevelStore(dir);
    await store.initialise({ origin: 'o', verifierKey: 'k', createdAt: 't' }, EMPTY_CHECKPOINT);
    await store.commitRound(first.write);
    await store.close();

    const lost = syntheticRound(first.entries, 2, { variant: 'lost', payloadBytes: 40_000 });
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(objectsJson(roundObjects(lost.write)));
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    expect(line).toBe('written');
    child.kill('SIGKILL');
    await once(child, 'exit');

    store = await openLevelStore(dir);
    try {
      expect(await store.latestCheckpoint()).toEqual(first.write.checkpoint);
      expect(await store.readLeafIndex(lost.entries[3]!.leafHash)).toBeUndefined();
      expect(await store.readPayloads(0, 3)).toEqual(first.entries.map((e) => e.record));
      const next = syntheticRound(first.entries, 4, { variant: 'next' });
      await store.commitRound(next.write);
      expect(await store.readPayloads(0, 7)).toEqual(next.entries.map((e) => e.record));
    } finally {
      await store.close();
    }
  });

  test('a second open of the same folder fails with STORE_LOCKED', async () => {
    const dir = await temps.make('cairn-store-');
    const first = await openLevelStore(dir);
    try {
      await expect(openLevelStore(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    } finally {
      await first.close();
    }
  });

  test('openStore opens the LevelDB folder inside a data folder, and creates none when told not to', async () => {
    const dataDir = await temps.make('cairn-data-');
    await expect(openStore(join(dataDir, 'typo'), { createIfMissing: false })).rejects.toMatchObject({ name: 'StoreError' });
    const store = await openStore(dataDir);
    try {
      expect(store.location).toBe(join(dataDir, 'leveldb'));
      await store.initialise({ origin: 'o', verifierKey: 'k', createdAt: 't' }, EMPTY_CHECKPOINT);
    } finally {
      await store.close();
    }
    const again = await openStore(dataDir, { createIfMissing: false });
    try {
      expect(await again.latestCheckpoint()).toEqual(EMPTY_CHECKPOINT);
    } finally {
      await again.close();
    }
  });

  test('openStore refuses a URL no driver serves yet, saying so', async () => {
    await expect(openStore('s3://bucket/log')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('s3://') });
  });

  test('LevelDB errors become StoreErrors an operator can act on', () => {
    expect(toStoreError(Object.assign(new Error('x'), { code: 'LEVEL_LOCKED' }), 'opening').code).toBe('STORE_LOCKED');
    expect(toStoreError(new Error('IO error: /d/000005.log: No space left on device'), 'writing').code).toBe('STORE_FULL');
    expect(toStoreError(Object.assign(new Error('not open'), { code: 'LEVEL_DATABASE_NOT_OPEN' }), 'reading').code).toBe('STORE_CLOSED');
    expect(toStoreError(new Error('boom'), 'reading')).toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'storage failed while reading: boom' });
  });
});
