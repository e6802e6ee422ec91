/**
 * Store faults while the log serves HTTP (issue 6 part 2, SPEC §6.1): a write that keeps
 * failing and a full disk (ENOSPC) acknowledge nothing — every append, single or batch, keyed
 * or not, concurrent or alone, gets a 503 problem with Retry-After that says what happened —
 * and the log recovers by itself when the fault clears: /readyz turns 200 with no new append,
 * retries with the same Idempotency-Key append each entry once, and a restart finds exactly the
 * acknowledged entries. A write that fails after it reached the store (an fsync error) may have
 * landed: a retry with the same key then answers the entry that landed, never a second one.
 *
 * The log runs on MemoryKv (the fault injection of server/store/memory/memory-kv.ts) behind the real
 * HTTP server; test/server/http/faults.test.ts covers single failed rounds, this file faults
 * that last, and the client's view of them. A real ENOSPC on a real disk is enospc.test.ts.
 */
import { describe, expect, test } from '@jest/globals';
import { CairnClient, verifyReceipt, type ReceiptJson } from '../../client/index.js';
import type { KvFault } from '../../server/store/memory/memory-kv.js';
import { memoryLogServers, type ServedMemoryLog } from '../helpers/memory-server.js';
import { proveInclusion } from '../helpers/server-calls.js';
import { bearer, expectProblem, fetchCheckpoint, type Problem } from '../server/http/http-utils.js';
import { until } from '../server/http/wait.js';

const servers = memoryLogServers();

interface Served extends ServedMemoryLog {
  /** A reader token (made before any fault: making one writes to the store). */
  readerToken: string;
}

async function serve(): Promise<Served> {
  const s = await servers.serve();
  return { ...s, readerToken: (await s.m.log.credentials.add('auditor', 'reader')).token };
}

/** Serves the same memory contents again, as after a process restart (faults cleared). */
async function restart(s: Served): Promise<Served> {
  return { ...s, ...(await servers.restart(s)) };
}

/** One append request of the tests: its payload texts and keys. */
interface Request {
  texts: string[];
  keys: (string | undefined)[];
  batch: boolean;
}

const single = (text: string, key?: string): Request => ({ texts: [text], keys: [key], batch: false });
const batch = (texts: string[], keyed: boolean): Request => ({ texts, keys: texts.map((t) => (keyed ? `key-${t}` : undefined)), batch: true });

function send(s: Served, r: Request): Promise<Response> {
  if (!r.batch) {
    const key = r.keys[0];
    return fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { ...bearer(s.token), 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
      body: r.texts[0]!,
    });
  }
  const entries = r.texts.map((t, i) => ({ json: JSON.parse(t) as unknown, ...(r.keys[i] === undefined ? {} : { idempotencyKey: r.keys[i] }) }));
  return fetch(`${s.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { ...bearer(s.token), 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
}

/** The receipts of a 2xx answer, checked to verify and to carry the texts sent. */
async function receiptsOf(s: Served, r: Request, res: Response): Promise<ReceiptJson[]> {
  const body = (await res.json()) as ReceiptJson | { receipts: ReceiptJson[] };
  const receipts = 'receipts' in body ? body.receipts : [body];
  expect(receipts).toHaveLength(r.texts.length);
  receipts.forEach((receipt, i) => expect(new TextDecoder().decode(verifyReceipt(receipt, s.verifierKey).payload)).toBe(r.texts[i]));
  return receipts;
}

/** Every payload in the log, by index, read back through GET /v1/entries with a reader token. */
async function payloadsInLog(s: Served): Promise<string[]> {
  const reader = new CairnClient(s.url, { token: s.readerToken, verifierKey: s.verifierKey });
  const size = (await reader.checkpoint()).treeSize;
  const texts: string[] = [];
  while (texts.length < size) {
    const range = await reader.entries(texts.length, size);
    for (const e of range.entries) texts.push(new TextDecoder().decode(e.payload!));
  }
  return texts;
}

/** Each request kind once: single and batch, with and without idempotency keys. */
function everyKind(tag: string): Request[] {
  const t = (n: number) => JSON.stringify({ tag, n });
  return [single(t(0)), single(t(1), `key-${tag}-1`), batch([t(2), t(3), t(4)], false), batch([t(5), t(6)], true)];
}

const FAULTS: { name: string; fault: KvFault; code: string; retryAfter: string; detail: RegExp }[] = [
  {
    name: 'a failing write',
    fault: { kind: 'fail-before-write' },
    code: 'STORE_UNAVAILABLE',
    retryAfter: '1',
    detail: /could not store the entry durably|cannot write to its store at the moment; nothing was appended/,
  },
  { name: 'a full disk (ENOSPC)', fault: { kind: 'disk-full' }, code: 'STORE_FULL', retryAfter: '5', detail: /disk is full; nothing was appended/ },
];

describe.each(FAULTS)('$name that lasts', ({ fault, code, retryAfter, detail }) => {
  test('every append while it lasts is refused with a 503 problem and Retry-After, single and batch, keyed or not, and appends nothing', async () => {
    const s = await serve();
    const before = await send(s, single('{"before":true}'));
    expect(before.status).toBe(201);
    const checkpoint = await fetchCheckpoint(s.url);

    s.m.kv.failAllBatches(fault);
    // Four requests at once share a round; then each kind again on its own, each its own round.
    const together = await Promise.all(everyKind('together').map((r) => send(s, r)));
    const alone: Response[] = [];
    for (const r of everyKind('alone')) alone.push(await send(s, r));
    for (const res of [...together, ...alone]) {
      expect(res.headers.get('retry-after')).toBe(retryAfter);
      const problem: Problem = await expectProblem(res, 503, code);
      expect(problem.detail).toMatch(detail);
    }
    // Nothing was signed: the log still shows the checkpoint of before the fault.
    expect(await fetchCheckpoint(s.url)).toBe(checkpoint);
  });

  // Guards the write probe of the recovery (sequencer reload, LogStore.checkWritable): a
  // recovery that only read the store turned /readyz 200 while every append still failed.
  test('/readyz stays 503 for as long as the fault lasts, and turns 200 once it clears', async () => {
    const s = await serve();
    s.m.kv.failAllBatches(fault);
    await expectProblem(await send(s, single('{"x":1}')), 503, code);
    await expectProblem(await fetch(`${s.url}/readyz`), 503, 'STORE_UNAVAILABLE');
    // Long enough for the log's background recovery to try three times (250, 500, 1000 ms):
    // a log that still cannot write must not call itself ready.
    const becameReady = await until(() => s.m.log.sequencer.healthy, 'the log calls itself ready', 3000).then(
      () => true,
      () => false,
    );
    const readyz = await fetch(`${s.url}/readyz`);
    expect({ becameReady, readyz: readyz.status }).toEqual({ becameReady: false, readyz: 503 });
    expect((await send(s, single('{"x":2}'))).status).toBe(503);

    s.m.kv.clearFaults();
    await until(() => s.m.log.sequencer.healthy, 'the log is ready again by itself', 20_000);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
  });

  test('the log stays readable while writes fail: checkpoint, tiles, entries and proofs answer', async () => {
    const s = await serve();
    const r = single('{"kept":1}');
    const [receipt] = await receiptsOf(s, r, await send(s, r));
    s.m.kv.failAllBatches(fault);
    await expectProblem(await send(s, single('{"refused":1}')), 503, code);

    const checkpoint = await new CairnClient(s.url, { verifierKey: s.verifierKey }).checkpoint();
    expect(checkpoint.treeSize).toBe(1);
    await proveInclusion(s.url, checkpoint, 0, verifyReceipt(receipt!, s.verifierKey).leafHash);
    expect((await fetch(`${s.url}/tile/0/000.p/1`)).status).toBe(200);
    expect(await payloadsInLog(s)).toEqual(['{"kept":1}']);
  });

  test('it recovers by itself when the fault clears: ready again with no new append, keyed retries append once, a restart holds exactly what was acknowledged', async () => {
    const s = await serve();
    const acknowledged: string[] = [];
    const first = batch(['{"n":1}', '{"n":2}'], true);
    await receiptsOf(s, first, await send(s, first));
    acknowledged.push(...first.texts);

    s.m.kv.failAllBatches(fault);
    const refused = everyKind('refused');
    for (const r of refused) await expectProblem(await send(s, r), 503, code);
    s.m.kv.clearFaults();
    // No append after the fault: the log's own background recovery must make it ready.
    await until(() => s.m.log.sequencer.healthy, 'the log is ready again by itself', 20_000);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);

    // Retried with their keys (what a client that got 503 does): new entries, once each.
    for (const r of refused.filter((q) => q.keys.every((k) => k !== undefined))) {
      const res = await send(s, r);
      expect(res.status).toBe(201);
      await receiptsOf(s, r, res);
      acknowledged.push(...r.texts);
      // And again: the same receipts (200), no new entry.
      expect((await send(s, r)).status).toBe(200);
    }
    const after = single('{"after":true}');
    await receiptsOf(s, after, await send(s, after));
    acknowledged.push(...after.texts);

    const again = await restart(s);
    // Exactly the acknowledged entries, in order, each once: no refused unkeyed request landed.
    expect(await payloadsInLog(again)).toEqual(acknowledged);
  });
});

describe('a write that fails after it reached the store (an fsync error) and lasts', () => {
  const fault: KvFault = { kind: 'fail-after-write' };

  test('acknowledges nothing while it lasts: 503 with Retry-After for every kind of request', async () => {
    const s = await serve();
    s.m.kv.failAllBatches(fault);
    for (const r of everyKind('fsync')) {
      const problem = await expectProblem(await send(s, r), 503, 'STORE_UNAVAILABLE');
      expect(problem.detail).toMatch(/Retry/);
    }
  });

  // The store's contract (store.ts) says a failed commit may or may not be on disk, and here it
  // is: a client that believed "nothing was appended" and sent its event again without a key
  // would append it twice.
  test('its 503 does not claim that nothing was appended: the entry did land', async () => {
    const s = await serve();
    s.m.kv.failNextBatches(fault);
    const problem = await expectProblem(await send(s, single('{"landed":true}')), 503, 'STORE_UNAVAILABLE');
    await until(() => s.m.log.sequencer.healthy, 'the log reloads what landed', 20_000);
    expect(await payloadsInLog(s)).toEqual(['{"landed":true}']);
    expect(problem.detail).not.toMatch(/nothing was appended/);
  });

  test('once it clears, a keyed retry answers the entry that landed (one entry per key), and a restart holds every acknowledged entry', async () => {
    const s = await serve();
    s.m.kv.failAllBatches(fault);
    const keyed = [single('{"k":1}', 'k-1'), batch(['{"k":2}', '{"k":3}'], true)];
    for (const r of keyed) await expectProblem(await send(s, r), 503, 'STORE_UNAVAILABLE');
    s.m.kv.clearFaults();
    await until(() => s.m.log.sequencer.healthy, 'the log is ready again by itself', 20_000);

    const acknowledged = new Map<string, number>();
    for (const [i, r] of keyed.entries()) {
      const res = await send(s, r);
      // The first round did land (the write reached the store before it failed): the original.
      // The log refused the later request before writing it (its write probe failed), so that
      // one is new now; either way each key ends as one entry.
      expect(res.status).toBe(i === 0 ? 200 : 201);
      (await receiptsOf(s, r, res)).forEach((receipt, i) => acknowledged.set(r.texts[i]!, receipt.index));
    }
    const again = await restart(s);
    const inLog = await payloadsInLog(again);
    for (const [text, index] of acknowledged) {
      expect(inLog[index]).toBe(text);
      expect(inLog.filter((t) => t === text)).toHaveLength(1);
    }
  });
});
