/**
 * The store driver conformance suite (issue 10 part 2): the same cases against every driver, so
 * each meets the contract of server/store/store.ts. A driver plugs in with one small test file
 * (memory-store.test.ts, level-store.test.ts; PostgreSQL next) that calls
 * `describeStoreConformance` with a ConformanceDriver.
 *
 * Cases: round trip of every object kind; the head's compare-and-swap (a stale CAS is refused
 * and changes nothing); idempotency and leaf index look-ups; credentials; reopen after close;
 * and the named faults: write fails, fsync fails, CAS lost, crash between objects and CAS.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { StoreError, roundHeadUpdate, roundObjects, type LogStore, type StoredCheckpoint } from '../../../server/store/store.js';
import { EMPTY_CHECKPOINT, syntheticRound, type SyntheticEntry } from './synthetic-rounds.js';
import { erasureConformanceCases } from './erasure-conformance.js';

/** One store of a driver under test, and the ways to fault and restart it. */
export interface ConformanceInstance {
  /** The open handle. */
  store: LogStore;
  /** Closes the handle and opens the same store again, as a restarted process would. */
  reopen(): Promise<LogStore>;
  /**
   * Ends the holder without a clean close, after `before` ran on it, and opens the store again:
   * what a `kill -9` leaves (LevelDB: a child process killed, or the handle dropped unclosed).
   */
  crashAfter(before: (store: LogStore) => Promise<void>): Promise<LogStore>;
  /** The next write fails and applies nothing. */
  failNextWrite(): void;
  /** The next write is applied and durable, but the call rejects (an fsync error after the write). */
  failNextSync(): void;
  /** A second handle on the same log (a second process); undefined where a store admits one handle (LevelDB's lock). */
  openSecondHandle?: () => Promise<LogStore>;
  /** Closes whatever is open and removes the store. */
  dispose(): Promise<void>;
}

/** A driver under test. */
export interface ConformanceDriver {
  name: string;
  /** A new, empty store. */
  create(): Promise<ConformanceInstance>;
}

const IDENTITY = { origin: 'conformance.example/log', verifierKey: 'conformance.example/log+00000000+AAAA', createdAt: '2026-12-06T00:00:00Z' };

/** What a store shows of a log of `treeSize` entries, bounded by that tree as every reader is. */
async function snapshot(store: LogStore, entries: readonly SyntheticEntry[], others: readonly SyntheticEntry[] = []) {
  const n = entries.length;
  const [tile] = await store.readTiles([{ level: 0, index: 0 }]);
  return {
    head: await store.latestCheckpoint(),
    checkpoints: (await store.listCheckpoints(0, 1000)).map((c) => c.treeSize),
    tile: tile?.subarray(0, 32 * n),
    payloads: await store.readPayloads(0, n),
    leafIndex: await Promise.all(entries.map((e) => store.readLeafIndex(e.leafHash))),
    keys: await Promise.all(entries.map((e) => store.readIdempotency('w', e.key))),
    // Leaves and keys of rounds that never committed: absent.
    otherLeafIndex: await Promise.all(others.map((e) => store.readLeafIndex(e.leafHash))),
    otherKeys: await Promise.all(others.map((e) => store.readIdempotency('w', e.key))),
  };
}

/** Expects every read of the log of `entries` to answer it. */
async function expectLog(store: LogStore, entries: readonly SyntheticEntry[]): Promise<void> {
  const s = await snapshot(store, entries);
  expect(s.head?.treeSize).toBe(entries.length);
  expect(s.payloads).toEqual(entries.map((e) => ({ payload: e.record.payload, nonce: e.record.nonce })));
  expect(s.leafIndex).toEqual(entries.map((_, i) => i));
  expect(s.keys.map((k) => k?.index)).toEqual(entries.map((_, i) => i));
  for (const [i, e] of entries.entries()) expect(s.tile?.subarray(32 * i, 32 * i + 32)).toEqual(e.leafHash);
}

/** Runs the conformance cases against `driver`. */
export function describeStoreConformance(driver: ConformanceDriver): void {
  describe(`store conformance: ${driver.name}`, () => {
    const open: ConformanceInstance[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((i) => i.dispose()));
    });

    /** A new store, initialised, with `rounds` committed (entry counts). */
    async function started(...rounds: number[]): Promise<{ i: ConformanceInstance; entries: SyntheticEntry[]; heads: StoredCheckpoint[] }> {
      const i = await driver.create();
      open.push(i);
      await i.store.initialise(IDENTITY, EMPTY_CHECKPOINT);
      let entries: SyntheticEntry[] = [];
      const heads = [EMPTY_CHECKPOINT];
      for (const count of rounds) {
        const r = syntheticRound(entries, count);
        await i.store.commitRound(r.write);
        entries = r.entries;
        heads.push(r.write.checkpoint);
      }
      return { i, entries, heads };
    }

    erasureConformanceCases(started);

    test('a new store has no identity and no head; initialise writes both, once', async () => {
      const i = await driver.create();
      open.push(i);
      expect(await i.store.readIdentity()).toBeUndefined();
      expect(await i.store.latestCheckpoint()).toBeUndefined();
      await i.store.initialise(IDENTITY, EMPTY_CHECKPOINT);
      expect(await i.store.readIdentity()).toEqual(IDENTITY);
      expect(await i.store.latestCheckpoint()).toEqual(EMPTY_CHECKPOINT);
      await expect(i.store.initialise(IDENTITY, EMPTY_CHECKPOINT)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    });

    test('round trip of every object kind: tiles, bundles, payloads, checkpoints by size, both indexes', async () => {
      const { i, entries, heads } = await started(3, 2);
      const s = i.store;
      await expectLog(s, entries);
      expect(await s.checkpointAt(3)).toEqual(heads[1]);
      expect(await s.checkpointAt(4)).toBeUndefined();
      expect(await s.listCheckpoints(0, 10)).toEqual(heads);
      expect(await s.listCheckpoints(1, 1)).toEqual([heads[1]]);
      expect(await s.readTiles([{ level: 1, index: 0 }])).toEqual([undefined]);
      expect((await s.readBundles([0, 1]))[1]).toBeUndefined();
      expect(await s.readPayload(2)).toEqual(entries[2]!.record);
      expect(await s.readPayload(5)).toBeUndefined();
      expect(await s.readIdempotency('w', entries[4]!.key)).toMatchObject({ index: 4, treeSize: 5 });
      expect(await s.readIdempotency('other', entries[4]!.key)).toBeUndefined();
      expect(await s.readLeafIndex(new Uint8Array(32))).toBeUndefined();
    });

    test('payloads larger than a chunk: every payload read back once, by index and by range', async () => {
      const { i } = await started();
      const r = syntheticRound([], 6, { payloadBytes: 40_000 });
      await i.store.commitRound(r.write);
      await expectLog(i.store, r.entries);
      expect((await i.store.readPayloads(2, 9)).map((p) => p?.payload.length)).toEqual([40_000, 40_000, 40_000, 40_000, undefined, undefined, undefined]);
    });

    test('writeObjects is idempotent, and commitHead makes the round the head', async () => {
      const { i, entries, heads } = await started(2);
      const r = syntheticRound(entries, 3);
      await i.store.writeObjects(roundObjects(r.write));
      await i.store.writeObjects(roundObjects(r.write));
      await i.store.commitHead(roundHeadUpdate(r.write), { previous: heads[1]! });
      await expectLog(i.store, r.entries);
    });

    test('CAS lost: a commit on a stale head is refused with STORE_CONFLICT and changes nothing', async () => {
      const { i, entries, heads } = await started(2, 1);
      const before = await snapshot(i.store, entries);
      const r = syntheticRound(entries, 2, { variant: 'stale' });
      // Built on the head of size 2, while the store's head is 3.
      await expect(i.store.commitRound(r.write, { previous: heads[1]! })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      await expect(i.store.commitHead(roundHeadUpdate(r.write), { previous: heads[1]! })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      // Same size, another note (another root): refused too.
      await expect(i.store.commitRound(r.write, { previous: { treeSize: 3, note: 'conformance.example/log\n3\nother\n' } })).rejects.toMatchObject({
        code: 'STORE_CONFLICT',
      });
      expect(await snapshot(i.store, entries, r.entries.slice(3))).toEqual({
        ...before,
        otherLeafIndex: [undefined, undefined],
        otherKeys: [undefined, undefined],
      });
      expect(await i.store.checkpointAt(5)).toBeUndefined();
      // The current head, with an epoch (ignored where there are no leaders), commits.
      await i.store.commitRound(syntheticRound(entries, 2).write, { previous: heads[2]!, epoch: 1 });
      expect((await i.store.latestCheckpoint())?.treeSize).toBe(5);
    });

    test('CAS lost: without an expectation, a handle commits on the head it last saw, and loses to a second writer', async () => {
      const { i, entries } = await started(1);
      if (i.openSecondHandle === undefined) {
        // One handle per store (a folder lock): a second writer cannot exist. Stale expectations are covered above.
        await expect(i.store.commitRound(syntheticRound(entries, 1).write)).resolves.toBeUndefined();
        return;
      }
      const other = await i.openSecondHandle();
      expect((await other.latestCheckpoint())?.treeSize).toBe(1);
      await i.store.commitRound(syntheticRound(entries, 1, { variant: 'first' }).write);
      await expect(other.commitRound(syntheticRound(entries, 2, { variant: 'second' }).write)).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect((await i.store.latestCheckpoint())?.treeSize).toBe(2);
    });

    test('credentials: added, replaced by id, listed', async () => {
      const { i } = await started();
      await i.store.putCredential({ id: 'a', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't' });
      await i.store.putCredential({ id: 'b', name: 'm', role: 'reader', secretHash: 'g', createdAt: 't' });
      await i.store.putCredential({ id: 'a', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't', revokedAt: 'u' });
      const list = (await i.store.listCredentials()).sort((x, y) => x.id.localeCompare(y.id));
      expect(list).toEqual([
        { id: 'a', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't', revokedAt: 'u' },
        { id: 'b', name: 'm', role: 'reader', secretHash: 'g', createdAt: 't' },
      ]);
    });

    test('reopen after close sees everything', async () => {
      const { i, entries, heads } = await started(4, 3);
      await i.store.putCredential({ id: 'a', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't' });
      const again = await i.reopen();
      expect(await again.readIdentity()).toEqual(IDENTITY);
      expect(await again.listCheckpoints(0, 10)).toEqual(heads);
      expect(await again.listCredentials()).toHaveLength(1);
      await expectLog(again, entries);
      // A closed handle answers STORE_CLOSED.
      const closed = await i.reopen();
      await closed.close();
      await expect(closed.latestCheckpoint()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      await i.reopen();
    });

    test('write fails: the commit rejects, nothing is applied, and the next round on the same head succeeds', async () => {
      const { i, entries } = await started(2);
      const before = await snapshot(i.store, entries);
      const r = syntheticRound(entries, 2);
      i.failNextWrite();
      const err = await i.store.commitRound(r.write).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).not.toBe('STORE_CONFLICT');
      expect(await snapshot(i.store, entries, r.entries.slice(2))).toEqual({
        ...before,
        otherLeafIndex: [undefined, undefined],
        otherKeys: [undefined, undefined],
      });
      await i.store.checkWritable();
      await i.store.commitRound(r.write);
      await expectLog(await i.reopen(), r.entries);
    });

    test('fsync fails: the commit rejects although it landed; after reloading the head the next round succeeds', async () => {
      const { i, entries } = await started(2);
      const r = syntheticRound(entries, 2);
      i.failNextSync();
      await expect(i.store.commitRound(r.write)).rejects.toBeInstanceOf(StoreError);
      // The outcome is unknown to the caller: it reloads the head and finds the whole round, or none of it.
      const head = await i.store.latestCheckpoint();
      expect([2, 4]).toContain(head?.treeSize);
      const landed = head?.treeSize === 4 ? r.entries : entries;
      await expectLog(i.store, landed);
      await i.store.checkWritable();
      const next = syntheticRound(landed, 1);
      await i.store.commitRound(next.write);
      await expectLog(await i.reopen(), next.entries);
    });

    test('crash between objects and CAS: after restart the state equals the previous commit, and the next rounds succeed', async () => {
      const { i, entries, heads } = await started(3);
      const before = await snapshot(i.store, entries);
      // Two payload chunks (each payload fills most of one), never committed.
      const lost = syntheticRound(entries, 3, { variant: 'lost', payloadBytes: 40_000 });
      const restarted = await i.crashAfter((s) => s.writeObjects(roundObjects(lost.write)));
      expect(await snapshot(restarted, entries, lost.entries.slice(3))).toEqual({
        ...before,
        otherLeafIndex: [undefined, undefined, undefined],
        otherKeys: [undefined, undefined, undefined],
      });
      expect(await restarted.listCheckpoints(0, 10)).toEqual(heads);
      // Other entries at the same positions: fewer, then more, covering the lost round's chunks.
      const next = syntheticRound(entries, 1, { variant: 'next' });
      await restarted.commitRound(next.write);
      const later = syntheticRound(next.entries, 4, { variant: 'later' });
      await restarted.commitRound(later.write);
      await expectLog(restarted, later.entries);
      await expectLog(await i.reopen(), later.entries);
    });
  });
}
