/**
 * A process whose erasure state has not read the newest erasure record yet (issue 14): on a
 * shared PostgreSQL log, another process records an erasure and erases the payload in the shared
 * store, and this process loads the round before its background catch-up has applied the record.
 * Every read route then meets an erased payload with no known record, and must catch up first:
 * the entry names the record (`erased.record`), the payload answers 410 naming it, the receipt is
 * the erased receipt. Never an entry without payload and without `erased`, never a 404.
 *
 * The state is made here on one real server over a real LevelDB folder: the erasure state stops
 * following the commits (SystemLog.close unsubscribes it; it still catches up when asked), then
 * the test does what the other process would: commits an erasure record through the sequencer
 * and erases the payload in the store.
 */
import { afterEach, expect, test } from '@jest/globals';
import type { EntryJson, EntryListJson, ErasedReceiptJson } from '../../client/index.js';
import { cairn } from '../../proto/gen/cairn.js';
import { encodeRecord } from '../../server/erasure/system-records.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { appendLogins } from './events.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Entries 0–2 appended, entry 1 erased by record 3, which this process's erasure state has not read. Returns a reader token. */
async function lagging(): Promise<{ s: TestServer; reader: string }> {
  server = await startTestServer();
  const s = server;
  const reader = (await s.log.credentials.add('auditor', 'reader')).token;
  await appendLogins(s, ['bob', 'alice', 'carol']);
  await s.log.erasures!.close();
  const [record] = await s.log.appendSystem('cairn', [
    { payload: encodeRecord({ indexes: [1], by: 'dpo', reason: 'GDPR request #9' }), contentType: 'application/vnd.cairn.erasure+json', occurredAt: 0n },
  ]);
  expect(record!.receipt.index).toBe(3);
  expect(await s.log.store.erasePayloads!([1])).toBe(1);
  // The state this process serves from does not know record 3 yet.
  expect(s.log.erasureOf(1)).toBeUndefined();
  return { s, reader };
}

const get = (s: TestServer, token: string, path: string): Promise<Response> => fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

test('GET /v1/entries/<i> names the record', async () => {
  const { s, reader } = await lagging();
  const r = await get(s, reader, '/v1/entries/1');
  expect(r.status).toBe(200);
  const body = (await r.json()) as EntryJson;
  expect(body.payloadAvailable).toBe(false);
  expect(body.erased).toEqual({ record: 3 });
  // The protobuf Entry names it too (field 10).
  const pb = await fetch(`${s.url}/v1/entries/1`, { headers: { authorization: `Bearer ${reader}`, accept: 'application/x-protobuf' } });
  const entry = cairn.v1.Entry.decode(new Uint8Array(await pb.arrayBuffer()));
  expect(entry.payloadAvailable).toBe(false);
  expect(Number(entry.erased?.record)).toBe(3);
  const kept = await fetch(`${s.url}/v1/entries/2`, { headers: { authorization: `Bearer ${reader}`, accept: 'application/x-protobuf' } });
  expect(cairn.v1.Entry.decode(new Uint8Array(await kept.arrayBuffer())).erased).toBeNull();
});

test('GET /v1/entries?start=0 names the record, the neighbours keep their payloads', async () => {
  const { s, reader } = await lagging();
  const r = await get(s, reader, '/v1/entries?start=0&end=3');
  expect(r.status).toBe(200);
  const { entries } = (await r.json()) as EntryListJson;
  expect(entries.map((e) => [e.payloadAvailable, e.erased?.record])).toEqual([
    [true, undefined],
    [false, 3],
    [true, undefined],
  ]);
});

test('GET /v1/entries/<i>/payload answers 410 naming the record', async () => {
  const { s, reader } = await lagging();
  const r = await get(s, reader, '/v1/entries/1/payload');
  expect(r.status).toBe(410);
  expect(((await r.json()) as { record?: number }).record).toBe(3);
});

test('GET /v1/entries/<i>/receipt answers the erased receipt', async () => {
  const { s, reader } = await lagging();
  const r = await get(s, reader, '/v1/entries/1/receipt');
  expect(r.status).toBe(200);
  const body = (await r.json()) as ErasedReceiptJson;
  expect(body.erased).toEqual({ record: 3 });
  expect(body).not.toHaveProperty('payload');
});
