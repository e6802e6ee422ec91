/**
 * Overload (SPEC §4): when the pending pool is full, appends get 503 with Retry-After, and
 * nothing of a refused request is accepted, while what was already waiting is appended.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { verifyReceipt, type ReceiptJson } from '../../../client/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { bearer, expectProblem, fetchCheckpoint, utf8Bytes } from './http-utils.js';
import { until } from './wait.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function append(s: TestServer, text: string): Promise<Response> {
  return fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(s.writerToken), body: utf8Bytes(text) });
}

function batch(s: TestServer, count: number): Promise<Response> {
  return fetch(`${s.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { ...bearer(s.writerToken), 'content-type': 'application/json' },
    body: JSON.stringify({ entries: Array.from({ length: count }, (_, i) => ({ json: i })) }),
  });
}

describe('a full pool', () => {
  test('refuses a single append with 503 and Retry-After; the waiting entry is still appended', async () => {
    const s = (server = await startTestServer({ config: { sequencerLimits: { maxPendingEntries: 1, batchDelayMs: 300 } } }));
    const before = await fetchCheckpoint(s.url);
    const first = append(s, 'first');
    await until(() => s.log.sequencer.pending === 1, 'the first entry waits in the pool');
    const p = await expectProblem(await append(s, 'second'), 503, 'POOL_FULL');
    expect(p.detail).toMatch(/Retry-After/);
    expect(await fetchCheckpoint(s.url)).toBe(before);
    const res = await first;
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as ReceiptJson;
    expect(verifyReceipt(receipt, s.log.verifierKey.text).payload).toEqual(utf8Bytes('first'));
    expect(s.log.checkpoint.treeSize).toBe(1);
  });

  test('refuses a whole batch that does not fit, accepting none of its entries', async () => {
    const s = (server = await startTestServer({ config: { sequencerLimits: { maxPendingEntries: 3, batchDelayMs: 300 } } }));
    const first = append(s, 'first');
    await until(() => s.log.sequencer.pending === 1, 'the first entry waits in the pool');
    await expectProblem(await batch(s, 3), 503, 'POOL_FULL');
    expect(s.log.sequencer.pending).toBe(1);
    expect((await first).status).toBe(201);
    expect(s.log.checkpoint.treeSize).toBe(1);
    // Once the pool drained, the same batch fits.
    expect((await batch(s, 3)).status).toBe(201);
    expect(s.log.checkpoint.treeSize).toBe(4);
  });
});
