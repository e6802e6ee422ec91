import { afterEach, describe, expect, test } from '@jest/globals';
import { utf8 } from '../../../merkle/index.js';
import { decodeBase64, verifyConsistency, verifyReceipt } from '../../../proofs/index.js';
import type { CairnLog } from '../../../server/cairn-log.js';
import type { ServerError } from '../../../server/errors.js';
import { receiptToJson, toServerError } from '../../../server/http/index.js';
import type { AppendInput } from '../../../server/sequencer/types.js';
import { LogClock } from '../../../server/sequencer/clock.js';
import { tileKey } from '../../../server/store/level/keys.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { openMemoryLog, type MemoryLog } from '../../helpers/memory-log.js';

const temp = new TempDirs();
const opened: MemoryLog[] = [];

async function memoryLog(...args: Parameters<typeof openMemoryLog> extends [unknown, ...infer R] ? R : never): Promise<MemoryLog> {
  const m = await openMemoryLog(temp, ...args);
  opened.push(m);
  return m;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.log.close().catch(() => undefined)));
  await temp.cleanup();
});

function event(text: string, extra: Partial<AppendInput> = {}): AppendInput {
  return { payload: utf8(text), contentType: 'text/plain', occurredAt: 0n, ...extra };
}

/** Appends through the log's facade; receipts in their JSON form, as a client sees them. */
async function append(log: CairnLog, submitter: string, inputs: AppendInput[]) {
  return (await log.append(submitter, inputs)).map((o) => ({ replayed: o.replayed, receipt: receiptToJson(o.receipt) }));
}

/** The refusal as the HTTP layer words it (the sequencer itself rejects with coded errors). */
async function expectServerError(p: Promise<unknown>, code: string): Promise<ServerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  const problem = toServerError(err);
  expect(problem.code).toBe(code);
  return problem;
}

describe('Sequencer', () => {
  test('appends get receipts that verify with the log key, with contiguous indexes', async () => {
    const { log } = await memoryLog();
    const outcomes = await append(log, 'alice', [event('a'), event('b'), event('c')]);
    expect(outcomes.map((o) => o.receipt.index)).toEqual([0, 1, 2]);
    for (const [i, o] of outcomes.entries()) {
      expect(o.replayed).toBe(false);
      const v = verifyReceipt(o.receipt, log.verifierKey.text);
      expect(v.index).toBe(i);
      expect(v.entry.submitter).toBe('alice');
      expect(new TextDecoder().decode(v.payload)).toBe('abc'[i]);
    }
    expect(log.checkpoint.treeSize).toBe(3);
  });

  test('concurrent requests share rounds, and every checkpoint is consistent with the next', async () => {
    const rounds: number[] = [];
    const { log } = await memoryLog({}, { onRound: (r) => rounds.push(r.entries) });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => append(log, 'w', [event(`e${i}`), event(`f${i}`)])));
    const receipts = results.flat().map((o) => o.receipt);
    expect(new Set(receipts.map((r) => r.index)).size).toBe(100);
    expect(rounds.length).toBeLessThan(50);
    const sizes = [...new Set(receipts.map((r) => r.treeSize))].sort((a, b) => a - b);
    const roots = new Map(receipts.map((r) => [r.treeSize, verifyReceipt(r, log.verifierKey.text).checkpoint.rootHash]));
    for (let i = 0; i + 1 < sizes.length; i++) {
      const [a, b] = [sizes[i]!, sizes[i + 1]!];
      const proof = await log.reader.consistencyProof(a, b);
      verifyConsistency(a, b, roots.get(a)!, roots.get(b)!, proof);
    }
  });

  test('timestamps strictly increase with the index, across rounds and restarts', async () => {
    const m = await memoryLog();
    const first = await append(m.log, 'w', [event('1'), event('2')]);
    const log2 = await m.restart();
    const second = await append(log2, 'w', [event('3')]);
    const stamps = [...first, ...second].map((o) => verifyReceipt(o.receipt, log2.verifierKey.text).entry.timestamp);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
    expect(second[0]!.receipt.index).toBe(2);
  });

  test('when the host clock steps back, timestamps run ahead of it by the least amount', async () => {
    let now = 2_000_000_000_000_000_000n;
    const clock = new LogClock(0n, () => now);
    const { log } = await memoryLog({}, { clock });
    const a = await append(log, 'w', [event('a'), event('b')]);
    now -= 60_000_000_000n; // one minute back
    const b = await append(log, 'w', [event('c')]);
    const t = [...a, ...b].map((o) => verifyReceipt(o.receipt, log.verifierKey.text).entry.timestamp);
    expect(t).toEqual([2_000_000_000_000_000_000n, 2_000_000_000_000_000_001n, 2_000_000_000_000_000_002n]);
  });

  test('a failed commit acknowledges nothing and the next round recovers', async () => {
    const m = await memoryLog();
    await append(m.log, 'w', [event('before')]);
    m.kv.failNextBatches({ kind: 'fail-before-write' });
    const err = await expectServerError(append(m.log, 'w', [event('lost')]), 'STORE_UNAVAILABLE');
    expect(err.retryAfter).toBeGreaterThan(0);
    expect(m.log.checkpoint.treeSize).toBe(1);
    expect(await m.log.store.latestCheckpoint()).toMatchObject({ treeSize: 1 });
    const [next] = await append(m.log, 'w', [event('after')]);
    expect(next!.receipt.index).toBe(1);
    verifyReceipt(next!.receipt, m.log.verifierKey.text);
  });

  test('a commit that fails after reaching the disk is not acknowledged, and the log continues after it', async () => {
    const m = await memoryLog();
    m.kv.failNextBatches({ kind: 'fail-after-write' });
    await expectServerError(append(m.log, 'w', [event('landed', { idempotencyKey: 'k1' })]), 'STORE_UNAVAILABLE');
    const [next] = await append(m.log, 'w', [event('after')]);
    expect(next!.receipt.index).toBe(1);
    // The retry with the same key finds the entry that did land, instead of appending twice.
    const [retry] = await append(m.log, 'w', [event('landed', { idempotencyKey: 'k1' })]);
    expect(retry!.replayed).toBe(true);
    expect(retry!.receipt.index).toBe(0);
    verifyReceipt(retry!.receipt, m.log.verifierKey.text);
  });

  test('a retry right after a commit that failed after the write returns the entry that landed', async () => {
    const m = await memoryLog();
    m.kv.failNextBatches({ kind: 'fail-after-write' });
    await expectServerError(append(m.log, 'w', [event('landed', { idempotencyKey: 'k2' })]), 'STORE_UNAVAILABLE');
    const [retry] = await append(m.log, 'w', [event('landed', { idempotencyKey: 'k2' })]);
    expect(retry!.replayed).toBe(true);
    expect(retry!.receipt.index).toBe(0);
    verifyReceipt(retry!.receipt, m.log.verifierKey.text);
    expect(m.log.sequencer.healthy).toBe(true);
  });

  test('after a failed commit the log becomes ready again by itself once the store answers', async () => {
    const m = await memoryLog();
    m.kv.failNextBatches({ kind: 'fail-before-write' });
    await expectServerError(append(m.log, 'w', [event('x')]), 'STORE_UNAVAILABLE');
    expect(m.log.sequencer.healthy).toBe(false);
    while (!m.log.sequencer.healthy) await new Promise((r) => setTimeout(r, 20));
    expect(m.log.checkpoint.treeSize).toBe(0);
  });

  test('a full disk gives STORE_FULL, the log is not ready until the fault clears, then it recovers', async () => {
    const m = await memoryLog();
    m.kv.failAllBatches({ kind: 'disk-full' });
    await expectServerError(append(m.log, 'w', [event('x')]), 'STORE_FULL');
    expect(m.log.sequencer.healthy).toBe(false);
    await expectServerError(append(m.log, 'w', [event('y')]), 'STORE_FULL');
    m.kv.clearFaults();
    const [ok] = await append(m.log, 'w', [event('z')]);
    expect(ok!.receipt.index).toBe(0);
    expect(m.log.sequencer.healthy).toBe(true);
  });

  test('a full pool refuses a whole request with POOL_FULL and accepts nothing of it', async () => {
    const { log } = await memoryLog({ sequencerLimits: { maxPendingEntries: 3, batchDelayMs: 50 } });
    const first = append(log, 'w', [event('1'), event('2')]);
    await expectServerError(append(log, 'w', [event('3'), event('4')]), 'POOL_FULL');
    await first;
    expect(log.checkpoint.treeSize).toBe(2);
  });

  test('the same idempotency key returns the same receipt; another payload under it is a conflict', async () => {
    const { log } = await memoryLog();
    const [a] = await append(log, 'w', [event('x', { idempotencyKey: 'key-1' })]);
    const [b] = await append(log, 'w', [event('x', { idempotencyKey: 'key-1' })]);
    expect(b!.replayed).toBe(true);
    expect(b!.receipt).toEqual(a!.receipt);
    await expectServerError(append(log, 'w', [event('y', { idempotencyKey: 'key-1' })]), 'IDEMPOTENCY_CONFLICT');
    // Keys belong to a submitter: another writer may use the same key.
    const [c] = await append(log, 'other', [event('y', { idempotencyKey: 'key-1' })]);
    expect(c!.replayed).toBe(false);
    expect(log.checkpoint.treeSize).toBe(2);
  });

  test('concurrent requests with one idempotency key make exactly one entry', async () => {
    const { log } = await memoryLog();
    const results = await Promise.all(Array.from({ length: 20 }, () => append(log, 'w', [event('same', { idempotencyKey: 'k' })])));
    expect(new Set(results.map(([o]) => o!.receipt.index))).toEqual(new Set([0]));
    expect(results.filter(([o]) => !o!.replayed)).toHaveLength(1);
    expect(log.checkpoint.treeSize).toBe(1);
  });

  test('a conflict inside one batch refuses the whole batch', async () => {
    const { log } = await memoryLog();
    await expectServerError(append(log, 'w', [event('a', { idempotencyKey: 'k' }), event('b', { idempotencyKey: 'k' })]), 'IDEMPOTENCY_CONFLICT');
    expect(log.checkpoint.treeSize).toBe(0);
    const out = await append(log, 'w', [event('a', { idempotencyKey: 'k' }), event('a', { idempotencyKey: 'k' })]);
    expect(out.map((o) => o.receipt.index)).toEqual([0, 0]);
  });

  test('idempotency survives a restart', async () => {
    const m = await memoryLog();
    const [a] = await append(m.log, 'w', [event('x', { idempotencyKey: 'persist' })]);
    await append(m.log, 'w', [event('more')]);
    const log2 = await m.restart();
    const [b] = await append(log2, 'w', [event('x', { idempotencyKey: 'persist' })]);
    expect(b!.replayed).toBe(true);
    expect(b!.receipt).toEqual(a!.receipt);
  });

  test('close answers what already waits and refuses later requests', async () => {
    const { log } = await memoryLog({ sequencerLimits: { batchDelayMs: 30 } });
    const waiting = append(log, 'w', [event('w')]);
    expect(log.sequencer.pending).toBe(1);
    const closing = log.sequencer.close();
    await expectServerError(append(log, 'w', [event('late')]), 'SHUTTING_DOWN');
    const [done] = await waiting;
    expect(done!.receipt.index).toBe(0);
    await closing;
  });
});

describe('Sequencer start-up checks', () => {
  test('a changed tile byte stops the start with a message naming the mismatch', async () => {
    const m = await memoryLog();
    await append(m.log, 'w', [event('a'), event('b'), event('c')]);
    const [tile] = await m.log.store.readTiles([{ level: 0, index: 0 }]);
    const changed = tile!.slice();
    changed[5]! ^= 1;
    m.kv.unsafeSet(tileKey(0, 0), changed);
    await expect(m.restart()).rejects.toThrow(/tiles give root .* but the latest checkpoint/);
  });

  test('receipt leaf hashes match the stored entries', async () => {
    const { log } = await memoryLog();
    const out = await append(log, 'w', [event('a'), event('b')]);
    const leaves = await log.reader.leaves(0, 2);
    expect(leaves.map((l) => Buffer.from(l).toString('base64'))).toEqual(out.map((o) => o.receipt.entry));
    expect(decodeBase64(out[1]!.receipt.entry)).toEqual(leaves[1]);
  });
});
