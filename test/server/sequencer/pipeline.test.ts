/**
 * Rounds pipelined across the commit (server/sequencer/pipeline.ts, issue 17): the next round is
 * built while one commits, signed and committed only after it, and thrown away (its requests
 * sequenced again on the reloaded state) when the commit under it fails. The store is the real
 * in-memory store; a gate in front of its commitRound holds commits so a test can act while one
 * is in flight.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { utf8 } from '../../../merkle/index.js';
import { verifyConsistency, verifyReceipt } from '../../../proofs/index.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { receiptToJson, toServerError } from '../../../server/http/index.js';
import type { CheckpointPublisher } from '../../../server/sequencer/publisher.js';
import type { AppendInput, SequencerLimits } from '../../../server/sequencer/types.js';
import type { SignedTreeHead } from '../../../server/state/index.js';
import { MemoryKv } from '../../../server/store/memory/memory-kv.js';
import { openMemoryStore } from '../../../server/store/memory/memory-store.js';
import type { LogStore } from '../../../server/store/store.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temp = new TempDirs();
const opened: CairnLog[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close().catch(() => undefined)));
  await temp.cleanup();
});

const event = (text: string, key?: string): AppendInput => ({
  payload: utf8(text),
  contentType: 'text/plain',
  occurredAt: 0n,
  ...(key ? { idempotencyKey: key } : {}),
});

/**
 * A memory log whose commits can be held at the store's door; it records every commit started and every checkpoint published.
 * Rounds are not paced unless `limits` says so (the tests count rounds).
 */
async function gatedLog(pipelineMinEntries = 1, limits: Partial<SequencerLimits> = {}) {
  const kv = new MemoryKv();
  const real = openMemoryStore(kv).store;
  const gate = { holding: false, waiting: [] as (() => void)[], commits: [] as number[] };
  const store = new Proxy(real, {
    get(target, prop) {
      if (prop === 'commitRound') {
        return async (...args: Parameters<LogStore['commitRound']>) => {
          gate.commits.push(args[0].checkpoint.treeSize);
          if (gate.holding) await new Promise<void>((r) => gate.waiting.push(r));
          return target.commitRound(...args);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const published: SignedTreeHead[] = [];
  const publishing = { holding: false, waiting: [] as (() => void)[] };
  const publisher: CheckpointPublisher = {
    publish: async (s) => {
      if (publishing.holding) await new Promise<void>((r) => publishing.waiting.push(r));
      published.push(s);
      return s;
    },
  };
  const log = await CairnLog.open(
    { dataDir: await temp.make('cairn-pipeline-'), origin: 'test.example/log', sequencerLimits: { pipelineMinEntries, roundPaceMs: 0, ...limits } },
    { store, publisher },
  );
  opened.push(log);
  const release = (): void => {
    gate.holding = false;
    for (const w of gate.waiting.splice(0)) w();
  };
  const releasePublishing = (): void => {
    publishing.holding = false;
    for (const w of publishing.waiting.splice(0)) w();
  };
  return { log, kv, gate, published, release, publishing, releasePublishing };
}

/** Turns of the event loop, enough for a round to be built (setImmediate) after a request. */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await turns(1);
}

/** Holds the commit of the round of `held`, sends `next`, and waits until its round is built behind the held commit (the pool is empty). */
async function behindHeldCommit(g: Awaited<ReturnType<typeof gatedLog>>, held: AppendInput[], next: AppendInput[]) {
  g.gate.holding = true;
  const commits = g.gate.commits.length;
  const first = g.log.append('w', held);
  await until(() => g.gate.commits.length === commits + 1);
  const second = g.log.append('w', next);
  await turns();
  expect(g.log.sequencer.pending).toBe(0);
  return { first, second };
}

async function errorCode(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return toServerError(err).code;
}

describe('Round pipeline', () => {
  test('the next round is built while one commits, and its commit starts only after that one committed', async () => {
    const g = await gatedLog();
    await g.log.append('w', [event('a')]);
    const { first, second } = await behindHeldCommit(g, [event('b')], [event('c'), event('d')]);
    // Built but not committing: one commit at a time, in order.
    expect(g.gate.commits).toEqual([1, 2]);
    expect(g.published.map((p) => p.treeSize)).toEqual([0, 1]);
    g.release();
    const [b] = await first;
    const [c, d] = await second;
    expect([b!.receipt.index, c!.receipt.index, d!.receipt.index]).toEqual([1, 2, 3]);
    expect(g.gate.commits).toEqual([1, 2, 4]);
    expect(g.published.map((p) => p.treeSize)).toEqual([0, 1, 2, 4]);
    for (const o of [b, c, d]) verifyReceipt(receiptToJson(o!.receipt), g.log.verifierKey);
    // Every published checkpoint is consistent with the next.
    for (let i = 2; i < g.published.length; i++) {
      const [older, newer] = [g.published[i - 1]!, g.published[i]!];
      const proof = await g.log.reader.consistencyProof(older.treeSize, newer.treeSize);
      verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, proof);
    }
  });

  test('when a commit fails before the write, the round built on it is never signed or published: its requests get a round on the reloaded state', async () => {
    const g = await gatedLog();
    await g.log.append('w', [event('a')]);
    const { first: lost, second: next } = await behindHeldCommit(g, [event('lost')], [event('c', 'kc'), event('d')]);
    g.kv.failNextBatches({ kind: 'fail-before-write' });
    g.release();
    expect(await errorCode(lost)).toBe('STORE_UNAVAILABLE');
    const [c, d] = await next;
    // Sequenced again after the reload: right after the last committed entry, not after the lost one.
    expect([c!.receipt.index, d!.receipt.index]).toEqual([1, 2]);
    for (const o of [c, d]) verifyReceipt(receiptToJson(o!.receipt), g.log.verifierKey);
    // Size 4 (built on the lost round) was never committed nor published.
    expect(g.gate.commits).toEqual([1, 2, 3]);
    expect(g.published.map((p) => p.treeSize)).not.toContain(4);
    expect(g.published.map((p) => p.treeSize)).not.toContain(2);
    expect(g.log.checkpoint.treeSize).toBe(3);
    // The idempotency key of the resequenced entry names it.
    const [again] = await g.log.append('w', [event('c', 'kc')]);
    expect(again!.replayed).toBe(true);
    expect(again!.receipt.index).toBe(1);
  });

  test('when a commit fails after the write, the round built on it is sequenced again after the entry that landed', async () => {
    const g = await gatedLog();
    const { first: landed, second: next } = await behindHeldCommit(g, [event('landed', 'k1')], [event('c')]);
    g.kv.failNextBatches({ kind: 'fail-after-write' });
    g.release();
    expect(await errorCode(landed)).toBe('STORE_UNAVAILABLE');
    const [c] = await next;
    expect(c!.receipt.index).toBe(1);
    verifyReceipt(receiptToJson(c!.receipt), g.log.verifierKey);
    const [retry] = await g.log.append('w', [event('landed', 'k1')]);
    expect(retry!.receipt.index).toBe(0);
    expect(g.log.checkpoint.treeSize).toBe(2);
  });

  test('while the store keeps failing, the round built on a failed commit is refused with the store error, and nothing of it lands', async () => {
    const g = await gatedLog();
    await g.log.append('w', [event('a')]);
    const { first: lost, second: next } = await behindHeldCommit(g, [event('b')], [event('c')]);
    g.kv.failAllBatches({ kind: 'fail-before-write' });
    g.release();
    expect(await errorCode(lost)).toBe('STORE_UNAVAILABLE');
    expect(await errorCode(next)).toBe('STORE_UNAVAILABLE');
    expect(g.gate.commits).toEqual([1, 2]);
    g.kv.clearFaults();
    const [e] = await g.log.append('w', [event('e')]);
    expect(e!.receipt.index).toBe(1);
    expect(g.published.map((p) => p.treeSize)).not.toContain(3);
  });

  test('behind a commit, a round is built ahead only once pipelineMinEntries wait; smaller ones wait for the commit', async () => {
    const g = await gatedLog(50);
    await g.log.append('w', [event('a')]);
    g.gate.holding = true;
    const first = g.log.append('w', [event('b')]);
    await until(() => g.gate.commits.length === 2);
    const small = g.log.append('w', [event('c')]);
    await turns();
    expect(g.log.sequencer.pending).toBe(1);
    const large = g.log.append(
      'w',
      Array.from({ length: 60 }, (_, i) => event(`e${i}`)),
    );
    await turns();
    // 61 entries wait now: built ahead, both requests in one round.
    expect(g.log.sequencer.pending).toBe(0);
    g.release();
    await Promise.all([first, small, large]);
    expect(g.gate.commits).toEqual([1, 2, 63]);
  });

  test('a slow publisher holds the rounds back: while two rounds wait for their publication, the next one does not commit', async () => {
    const g = await gatedLog();
    await g.log.append('w', [event('a')]);
    g.publishing.holding = true;
    const b = g.log.append('w', [event('b')]);
    await until(() => g.publishing.waiting.length === 1);
    const c = g.log.append('w', [event('c')]);
    await until(() => g.gate.commits.length === 3);
    const d = g.log.append('w', [event('d')]);
    await turns(20);
    // b and c committed and wait for their publication (in order: c's waits behind b's); d is built, not committed.
    expect(g.gate.commits).toEqual([1, 2, 3]);
    expect(g.log.sequencer.pending).toBe(0);
    g.releasePublishing();
    const [rb, rc, rd] = await Promise.all([b, c, d]);
    expect([rb![0]!.receipt.index, rc![0]!.receipt.index, rd![0]!.receipt.index]).toEqual([1, 2, 3]);
    expect(g.gate.commits).toEqual([1, 2, 3, 4]);
    expect(g.published.map((p) => p.treeSize)).toEqual([0, 1, 2, 3, 4]);
  });
  test('a round paced on a busy loop gathers the requests that arrive during the pace into one round', async () => {
    const g = await gatedLog(256, { roundPaceMs: 2000, roundPaceBusyShare: 0 });
    await g.log.append('w', [event('a')]);
    const b = g.log.append('w', [event('b')]);
    await turns(20);
    // Without the pace, b would have been taken into a round of its own by now.
    expect(g.log.sequencer.pending).toBe(1);
    const c = g.log.append('w', [event('c')]);
    const [[rb], [rc]] = await Promise.all([b, c]);
    expect([rb!.receipt.index, rc!.receipt.index]).toEqual([1, 2]);
    expect(g.gate.commits).toEqual([1, 3]);
    verifyReceipt(receiptToJson(rc!.receipt), g.log.verifierKey);
  });

  test('a round of pipelineMinEntries or more is not paced', async () => {
    const g = await gatedLog(5, { roundPaceMs: 60_000, roundPaceBusyShare: 0 });
    await g.log.append('w', [event('a')]);
    const started = performance.now();
    const six = await g.log.append(
      'w',
      Array.from({ length: 6 }, (_, i) => event(`e${i}`)),
    );
    expect(six.map((o) => o.receipt.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(g.gate.commits).toEqual([1, 7]);
  });
});
