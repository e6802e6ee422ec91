/**
 * The publication step (server/sequencer/publisher.ts): signing and publishing are apart. A
 * publisher sees every committed checkpoint; what it returns is what the log shows as its
 * latest, and the receipts of a round carry the published note of their checkpoint.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { utf8 } from '../../../merkle/index.js';
import { encodeBase64, verifyReceipt } from '../../../proofs/index.js';
import { receiptToJson } from '../../../server/http/index.js';
import type { CheckpointPublisher } from '../../../server/sequencer/publisher.js';
import type { SignedTreeHead } from '../../../server/state/index.js';
import { openMemoryLog, type MemoryLog } from '../../helpers/memory-log.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temp = new TempDirs();
const opened: MemoryLog[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.log.close().catch(() => undefined)));
  await temp.cleanup();
});

const event = (text: string) => ({ payload: utf8(text), contentType: 'text/plain', occurredAt: 0n });

/** A signature line of a key the log does not know (a witness's, for the test). */
const COSIGNATURE = `— witness.example/w ${encodeBase64(new Uint8Array(4 + 72).fill(9))}\n`;

describe('CheckpointPublisher', () => {
  test('sees the stored checkpoint on start, then every committed one, in order', async () => {
    const seen: number[] = [];
    const publisher: CheckpointPublisher = { publish: (s) => (seen.push(s.treeSize), Promise.resolve(s)) };
    const m = await openMemoryLog(temp, {}, { publisher });
    opened.push(m);
    await m.log.append('w', [event('a'), event('b')]);
    await m.log.append('w', [event('c')]);
    expect(seen).toEqual([0, 2, 3]);
  });

  test('a cosigned note becomes the latest checkpoint and goes into the receipts', async () => {
    const publisher: CheckpointPublisher = { publish: (s) => Promise.resolve({ ...s, note: s.note + COSIGNATURE }) };
    const m = await openMemoryLog(temp, {}, { publisher });
    opened.push(m);
    const [out] = await m.log.append('w', [event('x')]);
    expect(out!.receipt.checkpoint.endsWith(COSIGNATURE)).toBe(true);
    expect(m.log.checkpoint.note.endsWith(COSIGNATURE)).toBe(true);
    // The log's own signature still verifies; the unknown cosignature is ignored.
    expect(verifyReceipt(receiptToJson(out!.receipt), m.log.verifierKey).treeSize).toBe(1);
  });

  test('a publisher may hold back a checkpoint: the latest stays older, receipts carry the signed note', async () => {
    let held: SignedTreeHead | undefined;
    const publisher: CheckpointPublisher = {
      publish: (s) => {
        held ??= s; // publish only the first checkpoint it sees (the stored one)
        return Promise.resolve(held);
      },
    };
    const m = await openMemoryLog(temp, {}, { publisher });
    opened.push(m);
    const [out] = await m.log.append('w', [event('x')]);
    expect(m.log.checkpoint.treeSize).toBe(0);
    expect(m.log.committedSize).toBe(1);
    expect(verifyReceipt(receiptToJson(out!.receipt), m.log.verifierKey).treeSize).toBe(1);
  });

  test('a failing publisher fails the round after the commit: a retry with the key returns the stored entry', async () => {
    let fail = true;
    const publisher: CheckpointPublisher = {
      publish: (s) => (fail && s.treeSize > 0 ? Promise.reject(new Error('no witness answered')) : Promise.resolve(s)),
    };
    const m = await openMemoryLog(temp, {}, { publisher });
    opened.push(m);
    await expect(m.log.append('w', [{ ...event('x'), idempotencyKey: 'k' }])).rejects.toThrow(/no witness answered/);
    fail = false;
    const [retry] = await m.log.append('w', [{ ...event('x'), idempotencyKey: 'k' }]);
    expect(retry).toMatchObject({ replayed: true, receipt: { index: 0, treeSize: 1 } });
  });
});
