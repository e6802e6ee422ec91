/**
 * The erasure cases of the driver conformance suite (issue 14, ObjectStore.erasePayloads):
 * erased entries read as the erased marker, every other payload is intact (also in the same
 * chunk), erasing again changes nothing, one call is all-or-nothing across a crash, and the
 * erasure survives a reopen. Called by conformance.ts for every driver that has erasePayloads.
 */
import { expect, test } from '@jest/globals';
import { erasedPayload, type LogStore, type StoredCheckpoint } from '../../../server/store/store.js';
import type { ConformanceInstance } from './conformance.js';
import { syntheticRound, type SyntheticEntry } from './synthetic-rounds.js';

type Started = (...rounds: number[]) => Promise<{ i: ConformanceInstance; entries: SyntheticEntry[]; heads: StoredCheckpoint[] }>;

/** Every payload of the log, with those of `erased` replaced by the marker. */
function expected(entries: readonly SyntheticEntry[], erased: readonly number[]) {
  return entries.map((e, i) => (erased.includes(i) ? erasedPayload(e.record.payload.length) : { payload: e.record.payload, nonce: e.record.nonce }));
}

function erase(store: LogStore, indexes: readonly number[]): Promise<number> {
  if (!store.erasePayloads) throw new Error('the driver has no erasePayloads');
  return store.erasePayloads(indexes);
}

/** Registers the erasure cases (inside the driver's describe). */
export function erasureConformanceCases(started: Started): void {
  test('erasure: erased payloads read as the erased marker, by index and by range; the others are intact', async () => {
    const { i, entries } = await started(3, 4, 2);
    expect(await erase(i.store, [1, 4, 8])).toBe(3);
    expect(await i.store.readPayloads(0, entries.length)).toEqual(expected(entries, [1, 4, 8]));
    expect(await i.store.readPayload(4)).toEqual(erasedPayload(entries[4]!.record.payload.length));
    expect(await i.store.readPayload(5)).toEqual({ payload: entries[5]!.record.payload, nonce: entries[5]!.record.nonce });
  });

  test('erasure: erasing again, or an index with no payload, changes nothing and erases 0', async () => {
    const { i, entries } = await started(5);
    await erase(i.store, [0, 2]);
    expect(await erase(i.store, [2, 0, 2])).toBe(0);
    expect(await erase(i.store, [])).toBe(0);
    expect(await i.store.readPayloads(0, 5)).toEqual(expected(entries, [0, 2]));
  });

  test('erasure: large payloads in chunks of their own are erased without touching their neighbours', async () => {
    const { i } = await started();
    const r = syntheticRound([], 4, { payloadBytes: 40_000 });
    await i.store.commitRound(r.write);
    expect(await erase(i.store, [1, 2])).toBe(2);
    expect(await i.store.readPayloads(0, 4)).toEqual(expected(r.entries, [1, 2]));
  });

  test('erasure: the tree, checkpoints and indexes are unchanged, and the next round commits', async () => {
    const { i, entries, heads } = await started(3);
    const [tile] = await i.store.readTiles([{ level: 0, index: 0 }]);
    await erase(i.store, [0, 1, 2]);
    expect((await i.store.readTiles([{ level: 0, index: 0 }]))[0]).toEqual(tile);
    expect(await i.store.listCheckpoints(0, 10)).toEqual(heads);
    expect(await i.store.readLeafIndex(entries[1]!.leafHash)).toBe(1);
    const next = syntheticRound(entries, 2, { variant: 'after' });
    await i.store.commitRound(next.write);
    expect(await i.store.readPayloads(0, 5)).toEqual(expected(next.entries, [0, 1, 2]));
  });

  test('erasure: survives a reopen, and a crash after it returns', async () => {
    const { i, entries } = await started(4);
    const crashed = await i.crashAfter(async (s) => void (await erase(s, [3])));
    expect(await crashed.readPayloads(0, 4)).toEqual(expected(entries, [3]));
    expect(await (await i.reopen()).readPayloads(0, 4)).toEqual(expected(entries, [3]));
  });

  test('erasure: a failed write erases none of the entries of the call (all or nothing)', async () => {
    const { i, entries } = await started(3, 3);
    i.failNextWrite();
    await expect(erase(i.store, [1, 4])).rejects.toThrow();
    const after = await i.reopen();
    expect(await after.readPayloads(0, 6)).toEqual(expected(entries, []));
    expect(await erase(after, [1, 4])).toBe(2);
    expect(await after.readPayloads(0, 6)).toEqual(expected(entries, [1, 4]));
  });
}
