/**
 * Store faults through HTTP (issue 6 part 2, SPEC §6.1): a full disk and a failing write refuse
 * every append of the failed rounds with a clear 503 (problem code, detail, Retry-After),
 * acknowledge nothing and write nothing, keep the read API serving, and the log appends again
 * by itself once the fault clears, without a restart. The log runs on a MemoryKv store with
 * fault injection (the one mock: a real disk cannot be made to fail on demand; see
 * enospc.test.ts for a real ENOSPC) behind the real HTTP server.
 *
 * test/server/http/faults.test.ts has the single-request cases (one failed commit, one ENOSPC,
 * failing reads); this file adds faults that last, batches, concurrent requests, keyed retries
 * of refused and half-failed requests, the read API during a fault, and the proofs of receipts
 * acknowledged before a fault.
 */
import { describe, expect, test } from '@jest/globals';
import { verifyReceipt, type ReceiptJson } from '../../client/index.js';
import type { LogConfig } from '../../server/config.js';
import { memoryLogServers, type ServedMemoryLog } from '../helpers/memory-server.js';
import { fetchCheckpoint, proveConsistency, proveInclusion, type SeenCheckpoint } from '../helpers/server-calls.js';
import { bearer, expectProblem, utf8Bytes } from '../server/http/http-utils.js';

const servers = memoryLogServers();
type Served = ServedMemoryLog;

function serve(config: Partial<LogConfig> = {}): Promise<Served> {
  return servers.serve(config);
}

/** One event as a single request or inside a batch; payloads are JSON texts, unique per test. */
interface Event {
  payload: string;
  key?: string;
}

function appendOne(s: Served, e: Event): Promise<Response> {
  return fetch(`${s.url}/v1/entries`, {
    method: 'POST',
    headers: { ...bearer(s.token), 'content-type': 'application/json', ...(e.key === undefined ? {} : { 'idempotency-key': e.key }) },
    body: utf8Bytes(e.payload),
  });
}

function appendBatch(s: Served, events: readonly Event[]): Promise<Response> {
  const entries = events.map((e) => ({ json: JSON.parse(e.payload) as unknown, ...(e.key === undefined ? {} : { idempotencyKey: e.key }) }));
  return fetch(`${s.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { ...bearer(s.token), 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
}

function events(prefix: string, count: number, keyed = true): Event[] {
  return Array.from({ length: count }, (_, i) => ({ payload: JSON.stringify({ e: `${prefix}-${i}` }), ...(keyed ? { key: `${prefix}-${i}` } : {}) }));
}

/** The verified receipts of a 2xx append answer; each must carry the payload sent. */
async function receipts(s: Served, res: Response, sent: readonly Event[]): Promise<ReceiptJson[]> {
  const body = (await res.json()) as ReceiptJson | { receipts: ReceiptJson[] };
  const list = 'receipts' in body ? body.receipts : [body];
  expect(list).toHaveLength(sent.length);
  list.forEach((r, i) => expect(new TextDecoder().decode(verifyReceipt(r, s.verifierKey).payload)).toBe(sent[i]!.payload));
  return list;
}

/** The verified latest checkpoint, with its note. */
/** Polls /readyz (as a load balancer would) until the log is ready, with a deadline. */
async function waitReady(s: Served): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${s.url}/readyz`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the log did not turn ready within 20 s');
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function checkpoint(s: Served): Promise<SeenCheckpoint> {
  return fetchCheckpoint(s.url, s.verifierKey);
}

/** Every payload of the log, in index order (through the store: the log's own reader). */
async function payloadsInLog(s: Served): Promise<string[]> {
  const size = s.m.log.checkpoint.treeSize;
  const out: string[] = [];
  for (let i = 0; i < size; i++) out.push(new TextDecoder().decode((await s.m.log.reader.payload(i))!.payload));
  return out;
}

describe('a full disk (ENOSPC)', () => {
  test('refuses single and batch appends whole with 503 STORE_FULL and Retry-After while it lasts, and writes none of them', async () => {
    const s = await serve();
    await receipts(s, await appendOne(s, { payload: '"before"' }), [{ payload: '"before"' }]);
    const before = await checkpoint(s);
    const applied = s.m.kv.batches;
    s.m.kv.failAllBatches({ kind: 'disk-full' });

    const singles = events('single', 4);
    const batches = [events('batch-a', 3), events('batch-b', 5, false)];
    const answers = await Promise.all([...singles.map((e) => appendOne(s, e)), ...batches.map((b) => appendBatch(s, b))]);
    for (const res of answers) {
      const problem = await expectProblem(res, 503, 'STORE_FULL');
      expect(problem.detail).toContain('disk is full');
      expect(problem.detail).toContain('nothing was appended');
    }
    expect(s.m.kv.batches).toBe(applied);
    expect((await checkpoint(s)).note).toBe(before.note);
    expect(await payloadsInLog(s)).toEqual(['"before"']);
  });

  test('the log appends again by itself once space is freed: refused keyed requests sent again are new entries, each once', async () => {
    const s = await serve();
    s.m.kv.failAllBatches({ kind: 'disk-full' });
    const single = events('single', 2);
    const batch = events('batch', 4);
    for (const e of single) await expectProblem(await appendOne(s, e), 503, 'STORE_FULL');
    await expectProblem(await appendBatch(s, batch), 503, 'STORE_FULL');

    s.m.kv.clearFaults();
    const got: ReceiptJson[] = [];
    for (const e of single) {
      const res = await appendOne(s, e);
      // 201, not 200: nothing of the refused request was ever stored.
      expect(res.status).toBe(201);
      got.push(...(await receipts(s, res, [e])));
    }
    const res = await appendBatch(s, batch);
    expect(res.status).toBe(201);
    got.push(...(await receipts(s, res, batch)));
    expect(got.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await payloadsInLog(s)).toEqual([...single, ...batch].map((e) => e.payload));
  });

  test('reads keep working while the disk is full: checkpoint, log info, tiles, proofs and entries', async () => {
    const s = await serve();
    const sent = events('e', 300, false);
    const res = await appendBatch(s, sent);
    expect(res.status).toBe(201);
    const [first] = await receipts(s, res, sent);
    s.m.kv.failAllBatches({ kind: 'disk-full' });
    await expectProblem(await appendOne(s, { payload: '"refused"' }), 503, 'STORE_FULL');

    const now = await checkpoint(s);
    expect(now.treeSize).toBe(300);
    for (const path of [
      '/healthz',
      '/v1/log',
      '/tile/0/000',
      '/tile/0/001.p/44',
      '/tile/1/000.p/1',
      '/tile/entries/001.p/44',
      '/v1/entries/299',
      '/v1/checkpoints/300',
    ]) {
      expect({ path, status: (await fetch(`${s.url}${path}`)).status }).toEqual({ path, status: 200 });
    }
    await proveInclusion(s.url, now, 0, Buffer.from(first!.leafHash, 'base64'));
    await proveConsistency(s.url, verifyReceipt(first!, s.verifierKey).checkpoint, now);
  });
});

describe('a failing write (an I/O error)', () => {
  test('a store that keeps failing refuses every append with 503 STORE_UNAVAILABLE, writes nothing, and serves appends as soon as it stops', async () => {
    const s = await serve();
    const before = await checkpoint(s);
    const applied = s.m.kv.batches;
    s.m.kv.failAllBatches({ kind: 'fail-before-write', error: Object.assign(new Error('EIO: i/o error, write'), { code: 'LEVEL_IO_ERROR' }) });
    const [first, ...rest] = events('refused', 5);
    // The first request's own commit failed: the server cannot know whether it reached the disk.
    expect((await expectProblem(await appendOne(s, first!), 503, 'STORE_UNAVAILABLE')).detail).toContain('may be in the log');
    // The next ones are refused before anything is written: the store does not take writes yet.
    for (const e of rest) {
      const problem = await expectProblem(await appendOne(s, e), 503, 'STORE_UNAVAILABLE');
      expect(problem.detail).toContain('nothing was appended');
    }
    await expectProblem(await appendBatch(s, events('refused-batch', 3)), 503, 'STORE_UNAVAILABLE');
    expect(s.m.kv.batches).toBe(applied);
    expect((await checkpoint(s)).note).toBe(before.note);

    s.m.kv.clearFaults();
    const e = { payload: '"after"', key: 'after' };
    const res = await appendOne(s, e);
    expect(res.status).toBe(201);
    const [r] = await receipts(s, res, [e]);
    expect(r!.index).toBe(0);
    await proveConsistency(s.url, before, await checkpoint(s));
  });

  test('after a failed commit the log turns ready again by itself, without any append', async () => {
    const s = await serve();
    const applied = s.m.kv.batches;
    s.m.kv.failNextBatches({ kind: 'fail-before-write' });
    await expectProblem(await appendOne(s, { payload: '"lost"' }), 503, 'STORE_UNAVAILABLE');
    await expectProblem(await fetch(`${s.url}/readyz`), 503, 'STORE_UNAVAILABLE');
    // The sequencer reloads its state in the background (no event is visible from outside the
    // process): poll /readyz, the way a load balancer would, with a deadline.
    const deadline = Date.now() + 20_000;
    let status = 503;
    while (status !== 200 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 50));
      status = (await fetch(`${s.url}/readyz`)).status;
    }
    expect(status).toBe(200);
    // One batch: the synced write probe (store.ts checkWritable), which holds no log data.
    expect(s.m.kv.batches).toBe(applied + 1);
    expect(s.m.log.checkpoint.treeSize).toBe(0);
  });

  test('a keyed batch whose commit failed after reaching the disk: sent again, it gets its original entries, each exactly once', async () => {
    const s = await serve();
    const batch = events('landed', 5);
    s.m.kv.failNextBatches({ kind: 'fail-after-write' });
    await expectProblem(await appendBatch(s, batch), 503, 'STORE_UNAVAILABLE');

    const retry = await appendBatch(s, batch);
    // Every entry of the batch is a replay of what did land.
    expect(retry.status).toBe(200);
    const replayed = await receipts(s, retry, batch);
    expect(replayed.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    const again = await appendBatch(s, batch);
    expect((await receipts(s, again, batch)).map((r) => r.entry)).toEqual(replayed.map((r) => r.entry));

    const next = { payload: '"next"' };
    const [n] = await receipts(s, await appendOne(s, next), [next]);
    expect(n!.index).toBe(5);
    expect(await payloadsInLog(s)).toEqual([...batch, next].map((e) => e.payload));
  });

  test('concurrent requests while the store fails: none is acknowledged, and each, sent again, lands once', async () => {
    const s = await serve({ sequencerLimits: { batchDelayMs: 20 } });
    const sent = events('c', 12);
    s.m.kv.failAllBatches({ kind: 'fail-before-write' });
    const answers = await Promise.all(sent.map((e) => appendOne(s, e)));
    for (const res of answers) await expectProblem(res, 503, 'STORE_UNAVAILABLE');
    expect(s.m.log.checkpoint.treeSize).toBe(0);

    s.m.kv.clearFaults();
    const again = await Promise.all(sent.map((e) => appendOne(s, e)));
    const indexes = await Promise.all(
      again.map(async (res, i) => {
        expect(res.status).toBe(201);
        return (await receipts(s, res, [sent[i]!]))[0]!.index;
      }),
    );
    expect([...indexes].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect((await payloadsInLog(s)).sort()).toEqual(sent.map((e) => e.payload).sort());
  });
});

describe('receipts acknowledged before a fault', () => {
  test('are still proved in the checkpoints after it, and every checkpoint seen is consistent with the latest', async () => {
    const s = await serve();
    const early = events('early', 40, false);
    const earlyReceipts = await receipts(s, await appendBatch(s, early), early);
    const seen = [await checkpoint(s)];
    s.m.kv.failNextBatches({ kind: 'disk-full' });
    await expectProblem(await appendOne(s, { payload: '"refused"' }), 503, 'STORE_FULL');
    // The log checks the store with a write probe before it is ready again: the next fault must
    // hit the next round, not that probe.
    await waitReady(s);
    s.m.kv.failNextBatches({ kind: 'fail-after-write' });
    await expectProblem(await appendOne(s, { payload: '"half"' }), 503, 'STORE_UNAVAILABLE');
    const late = events('late', 25, false);
    await receipts(s, await appendBatch(s, late), late);

    const now = await checkpoint(s);
    // The half-failed round landed (it had reached the store): 40 + 1 + 25.
    expect(now.treeSize).toBe(66);
    for (const r of earlyReceipts) {
      const v = verifyReceipt(r, s.verifierKey);
      seen.push({ ...v.checkpoint, note: v.checkpointNote });
      await proveInclusion(s.url, now, v.index, v.leafHash);
    }
    for (const old of seen) await proveConsistency(s.url, old, now);
  });
});
