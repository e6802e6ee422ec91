/**
 * Idempotency-Key (SPEC §4): the same key from the same submitter returns the original receipt
 * (200) instead of a new entry, across restarts; the same key with another payload is 409.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { verifyReceipt, type ReceiptJson } from '../../../client/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { bearer, expectProblem, fetchCheckpoint } from './http-utils.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function append(s: TestServer, body: string, key: string, token = s.writerToken): Promise<Response> {
  return fetch(`${s.url}/v1/entries`, { method: 'POST', headers: { ...bearer(token), 'idempotency-key': key }, body });
}

function batch(s: TestServer, entries: unknown[]): Promise<Response> {
  return fetch(`${s.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { ...bearer(s.writerToken), 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
}

describe('Idempotency-Key', () => {
  test('the same key and payload returns the original receipt with 200', async () => {
    const s = (server = await startTestServer());
    const first = await append(s, 'order 42 paid', 'order-42');
    expect(first.status).toBe(201);
    const receipt = (await first.json()) as ReceiptJson;
    await append(s, 'something else', 'other-key');
    const again = await append(s, 'order 42 paid', 'order-42');
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe('/v1/entries/0');
    expect(await again.json()).toEqual(receipt);
    expect(s.log.checkpoint.treeSize).toBe(2);
  });

  test('the same key with a different payload is 409 and appends nothing', async () => {
    const s = (server = await startTestServer());
    expect((await append(s, 'v1', 'k')).status).toBe(201);
    const before = await fetchCheckpoint(s.url);
    const p = await expectProblem(await append(s, 'v2', 'k'), 409, 'IDEMPOTENCY_CONFLICT');
    expect(p.detail).toMatch(/different payload/);
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });

  test('a key survives a restart of the log on the same folder', async () => {
    const s = await startTestServer();
    server = s;
    const receipt = (await (await append(s, 'durable', 'restart-key')).json()) as ReceiptJson;
    const t = await s.restart();
    server = t;
    const again = await append(t, 'durable', 'restart-key');
    expect(again.status).toBe(200);
    const replayed = (await again.json()) as ReceiptJson;
    expect(replayed).toEqual(receipt);
    verifyReceipt(replayed, t.log.verifierKey.text);
    await expectProblem(await append(t, 'not the same', 'restart-key'), 409, 'IDEMPOTENCY_CONFLICT');
  });

  test('keys belong to their submitter: another writer may use the same key', async () => {
    const s = (server = await startTestServer());
    const other = await s.addToken('other-app', 'writer');
    const a = (await (await append(s, 'same', 'shared-key')).json()) as ReceiptJson;
    const res = await append(s, 'same', 'shared-key', other);
    expect(res.status).toBe(201);
    expect(((await res.json()) as ReceiptJson).index).not.toBe(a.index);
  });

  test('concurrent requests with one key make one entry', async () => {
    const s = (server = await startTestServer());
    const results = await Promise.all(Array.from({ length: 5 }, () => append(s, 'once', 'race-key')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const receipts = (await Promise.all(results.map((r) => r.json()))) as ReceiptJson[];
    expect(new Set(receipts.map((r) => r.index))).toEqual(new Set([0]));
    expect(s.log.checkpoint.treeSize).toBe(1);
  });

  test('a batch of replays only answers 200; a batch with a new entry answers 201', async () => {
    const s = (server = await startTestServer());
    const first = await batch(s, [
      { json: 1, idempotencyKey: 'a' },
      { json: 2, idempotencyKey: 'b' },
    ]);
    expect(first.status).toBe(201);
    const original = ((await first.json()) as { receipts: ReceiptJson[] }).receipts;
    const replay = await batch(s, [
      { json: 2, idempotencyKey: 'b' },
      { json: 1, idempotencyKey: 'a' },
    ]);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { receipts: ReceiptJson[] }).receipts).toEqual([original[1], original[0]]);
    const mixed = await batch(s, [{ json: 1, idempotencyKey: 'a' }, { json: 3 }]);
    expect(mixed.status).toBe(201);
    const receipts = ((await mixed.json()) as { receipts: ReceiptJson[] }).receipts;
    expect(receipts[0]).toEqual(original[0]);
    expect(receipts[1]!.index).toBe(2);
  });

  test('a single request and a batch share the key space of their submitter', async () => {
    const s = (server = await startTestServer());
    const single = (await (await append(s, '"x"', 'cross')).json()) as ReceiptJson;
    const res = await batch(s, [{ payload: Buffer.from('"x"').toString('base64'), idempotencyKey: 'cross' }]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { receipts: ReceiptJson[] }).receipts[0]).toEqual(single);
  });

  test('a batch that reuses a key for another payload is 409 naming the entry, and appends nothing', async () => {
    const s = (server = await startTestServer());
    expect((await batch(s, [{ json: 1, idempotencyKey: 'a' }])).status).toBe(201);
    const before = await fetchCheckpoint(s.url);
    const p = await expectProblem(await batch(s, [{ json: 5 }, { json: 9, idempotencyKey: 'a' }]), 409, 'IDEMPOTENCY_CONFLICT');
    expect(p['entry']).toBe(1);
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });

  test('one key twice in a batch for one payload makes one entry', async () => {
    const s = (server = await startTestServer());
    const res = await batch(s, [
      { json: 7, idempotencyKey: 'dup' },
      { json: 7, idempotencyKey: 'dup' },
    ]);
    expect(res.status).toBe(201);
    const receipts = ((await res.json()) as { receipts: ReceiptJson[] }).receipts;
    expect(receipts[1]).toEqual(receipts[0]);
    expect(s.log.checkpoint.treeSize).toBe(1);
  });
});
