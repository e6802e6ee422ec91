/**
 * Store failures through HTTP (SPEC §6.1): a failed commit acknowledges nothing (503 with
 * Retry-After, checkpoint unchanged, /readyz 503) and the next round recovers; a round that
 * reached the store before its commit failed is found again by its idempotency key. The log
 * runs on a MemoryKv store with fault injection, the only mock, for what a real disk cannot be
 * made to do on demand.
 */
import { describe, expect, test } from '@jest/globals';
import { verifyReceipt, type ReceiptJson } from '../../../client/index.js';
import { memoryLogServers, type ServedMemoryLog } from '../../helpers/memory-server.js';
import { bearer, expectProblem, fetchCheckpoint, utf8Bytes } from './http-utils.js';

const servers = memoryLogServers();
type Served = ServedMemoryLog;

function serveMemoryLog(): Promise<Served> {
  return servers.serve();
}

function append(s: Served, text: string, key?: string): Promise<Response> {
  return fetch(`${s.url}/v1/entries`, {
    method: 'POST',
    headers: { ...bearer(s.token), ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: utf8Bytes(text),
  });
}

describe('a failed commit', () => {
  test('acknowledges nothing, and the next round recovers', async () => {
    const s = await serveMemoryLog();
    const before = await fetchCheckpoint(s.url);
    s.m.kv.failNextBatches({ kind: 'fail-before-write' });
    await expectProblem(await append(s, 'lost'), 503, 'STORE_UNAVAILABLE');
    expect(await fetchCheckpoint(s.url)).toBe(before);
    await expectProblem(await fetch(`${s.url}/readyz`), 503, 'STORE_UNAVAILABLE');

    const res = await append(s, 'kept');
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as ReceiptJson;
    const v = verifyReceipt(receipt, s.m.log.verifierKey.text);
    expect(v.index).toBe(0);
    expect(v.payload).toEqual(utf8Bytes('kept'));
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    const metrics = await s.metrics.render();
    expect(metrics).toMatch(/^cairn_failed_commits_total 1$/m);
    expect(metrics).toMatch(/^cairn_appended_entries_total 1$/m);
  });

  test('a round that reached the store before its commit failed is found by its idempotency key', async () => {
    const s = await serveMemoryLog();
    s.m.kv.failNextBatches({ kind: 'fail-after-write' });
    await expectProblem(await append(s, 'maybe', 'key-1'), 503, 'STORE_UNAVAILABLE');

    const next = await append(s, 'next');
    expect(next.status).toBe(201);
    const nextReceipt = (await next.json()) as ReceiptJson;
    // The failed round did land: the log reloaded it, so the new entry follows it.
    expect(nextReceipt.index).toBe(1);

    const retry = await append(s, 'maybe', 'key-1');
    expect(retry.status).toBe(200);
    const v = verifyReceipt((await retry.json()) as ReceiptJson, s.m.log.verifierKey.text);
    expect(v.index).toBe(0);
    expect(v.payload).toEqual(utf8Bytes('maybe'));
  });

  test('a full disk is 503 STORE_FULL with Retry-After', async () => {
    const s = await serveMemoryLog();
    s.m.kv.failNextBatches({ kind: 'disk-full' });
    await expectProblem(await append(s, 'x'), 503, 'STORE_FULL');
    expect((await append(s, 'y')).status).toBe(201);
  });

  test('failing reads give 503, never 500', async () => {
    const s = await serveMemoryLog();
    const batch = await fetch(`${s.url}/v1/entries/batch`, {
      method: 'POST',
      headers: { ...bearer(s.token), 'content-type': 'application/json' },
      body: JSON.stringify({ entries: Array.from({ length: 300 }, (_, i) => ({ json: i })) }),
    });
    expect(batch.status).toBe(201);
    const reader = (await s.m.log.credentials.add('auditor', 'reader')).token;
    s.m.kv.failReads(new Error('injected read failure'));
    // Payloads are never in memory: they come from the store.
    await expectProblem(await fetch(`${s.url}/v1/entries/3`, { headers: bearer(reader) }), 503, 'STORE_UNAVAILABLE');
    await expectProblem(await fetch(`${s.url}/v1/entries?start=0&end=2`, { headers: bearer(reader) }), 503, 'STORE_UNAVAILABLE');
    s.m.kv.clearFaults();
    expect((await fetch(`${s.url}/v1/entries/3`, { headers: bearer(reader) })).status).toBe(200);
  });
});
