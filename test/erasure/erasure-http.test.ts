/**
 * Erasure and legal holds over HTTP (issue 14) on a real LevelDB folder and a real server on
 * 127.0.0.1: the record comes first and lists the indexes, the admin and the reason, never the
 * data; the erased entries keep their leaf and proofs; reads answer `erased` and 410; holds
 * block erasure (409) until released; only admin tokens may do any of it.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { decodeBase64, verifyReceipt, type ReceiptJson } from '../../client/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

interface Tokens {
  writer: string;
  reader: string;
  admin: string;
}

async function started(): Promise<{ s: TestServer; t: Tokens }> {
  server = await startTestServer();
  const s = server;
  const t = {
    writer: s.writerToken,
    reader: (await s.log.credentials.add('auditor', 'reader')).token,
    admin: (await s.log.credentials.add('dpo', 'admin')).token,
  };
  return { s, t };
}

async function append(s: TestServer, token: string, body: string, contentType = 'application/json'): Promise<ReceiptJson> {
  const r = await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  expect(r.status).toBe(201);
  return (await r.json()) as ReceiptJson;
}

function call(s: TestServer, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

async function event(s: TestServer, t: Tokens, actor: string, secret: string): Promise<ReceiptJson> {
  return append(s, t.writer, JSON.stringify({ actor, action: 'login', target: 'app', outcome: 'success', context: { secret } }));
}

describe('POST /v1/erasures', () => {
  test('erases by index: the record lists indexes, admin and reason, never the data; the leaf and proofs stay', async () => {
    const { s, t } = await started();
    const kept = await event(s, t, 'bob', 'bob-secret');
    const gone = await event(s, t, 'alice', 'alice-secret-7f3a');
    const leafBefore = await (await call(s, t.reader, 'GET', '/v1/entries/1')).json();

    const r = await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [1], reason: 'GDPR request #42' });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { record: number; erased: number[]; receipt: ReceiptJson };
    expect(body.erased).toEqual([1]);
    expect(body.record).toBe(2);
    const recordPayload = new TextDecoder().decode(decodeBase64(body.receipt.payload));
    expect(JSON.parse(recordPayload)).toEqual({ indexes: [1], by: 'dpo', reason: 'GDPR request #42' });
    expect(recordPayload).not.toContain('alice');
    verifyReceipt(body.receipt, s.log.verifierKey.text);

    const entry = (await (await call(s, t.reader, 'GET', '/v1/entries/1')).json()) as Record<string, unknown>;
    expect(entry['erased']).toEqual({ record: 2 });
    expect(entry['payloadAvailable']).toBe(false);
    expect(entry['payload']).toBeUndefined();
    expect(entry['entry']).toBe((leafBefore as Record<string, unknown>)['entry']);
    expect(entry['leafHash']).toBe((leafBefore as Record<string, unknown>)['leafHash']);

    // The receipt issued before still verifies: it carries its own payload.
    verifyReceipt(gone, s.log.verifierKey.text);
    // The other entry is intact.
    const other = await call(s, t.reader, 'GET', '/v1/entries/0/payload');
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('bob-secret');
    expect(kept.index).toBe(0);
  });

  test('reading an erased payload answers 410 naming the record (its receipt: erased-receipt.test.ts)', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'r' });
    for (const path of ['/v1/entries/0/payload']) {
      const r = await call(s, t.reader, 'GET', path);
      expect(r.status).toBe(410);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      const p = (await r.json()) as Record<string, unknown>;
      expect(p['code']).toBe('PAYLOAD_ERASED');
      expect(p['record']).toBe(1);
      expect(String(p['detail'])).toContain('entry 1');
    }
  });

  test('erases by filter (actor): only the matching entries', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'a1');
    await event(s, t, 'bob', 'b1');
    await event(s, t, 'alice', 'a2');
    const r = await call(s, t.admin, 'POST', '/v1/erasures', { filter: { actor: 'alice' }, reason: 'GDPR art. 17' });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { erased: number[]; record: number };
    expect(body.erased).toEqual([0, 2]);
    expect((await call(s, t.reader, 'GET', '/v1/entries/1/payload')).status).toBe(200);
    expect((await call(s, t.reader, 'GET', '/v1/entries/2/payload')).status).toBe(410);
  });

  test('a writer token is refused with 403, and the log is unchanged', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    const r = await call(s, t.writer, 'POST', '/v1/erasures', { indexes: [0], reason: 'r' });
    expect(r.status).toBe(403);
    expect(s.log.committedSize).toBe(1);
  });

  test('a reader token is refused with 403', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    expect((await call(s, t.reader, 'POST', '/v1/erasures', { indexes: [0], reason: 'r' })).status).toBe(403);
  });

  test('a body without a reason is a 400 problem, and the log is unchanged', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    const r = await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0] });
    expect(r.status).toBe(400);
    expect(((await r.json()) as Record<string, unknown>)['detail']).toContain('reason');
    expect(s.log.committedSize).toBe(1);
  });

  test('both indexes and filter is a 400 problem', async () => {
    const { s, t } = await started();
    expect((await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], filter: { actor: 'a' }, reason: 'r' })).status).toBe(400);
  });

  test('an index beyond the log is a 400 problem', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    const r = await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [5], reason: 'r' });
    expect(r.status).toBe(400);
    expect(s.log.committedSize).toBe(1);
  });

  test("erasing the log's own record is refused (400)", async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'r' });
    const r = await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [1], reason: 'r' });
    expect(r.status).toBe(400);
    expect(s.log.committedSize).toBe(2);
  });

  test('erasing again is refused (nothing left), and appends no second record', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'r' });
    expect((await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'r' })).status).toBe(400);
    expect(s.log.committedSize).toBe(2);
  });

  test('the erasure survives a restart (state rebuilt from the records)', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'r' });
    server = await s.restart();
    const entry = (await (await call(server, t.reader, 'GET', '/v1/entries/0')).json()) as Record<string, unknown>;
    expect(entry['erased']).toEqual({ record: 1 });
  });
});

describe('legal holds', () => {
  test('a held entry cannot be erased (409 naming the hold); after release it can', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    const h = await call(s, t.admin, 'POST', '/v1/holds', { indexes: [0], reason: 'litigation 2026-17' });
    expect(h.status).toBe(201);
    const hold = ((await h.json()) as { hold: { id: number } }).hold;
    expect(hold.id).toBe(1);

    const refused = await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'GDPR' });
    expect(refused.status).toBe(409);
    const p = (await refused.json()) as Record<string, unknown>;
    expect(p['code']).toBe('ENTRY_HELD');
    expect(p['hold']).toBe(1);
    expect(s.log.committedSize).toBe(2);

    const list = (await (await call(s, t.admin, 'GET', '/v1/holds')).json()) as { holds: { id: number; reason: string }[] };
    expect(list.holds).toEqual([{ id: 1, by: 'dpo', reason: 'litigation 2026-17', indexes: [0] }]);

    const released = await call(s, t.admin, 'DELETE', '/v1/holds/1');
    expect(released.status).toBe(200);
    expect(((await released.json()) as { hold: { releasedBy: number } }).hold.releasedBy).toBe(2);
    expect((await call(s, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'GDPR' })).status).toBe(201);
  });

  test('a hold by filter covers entries appended after it', async () => {
    const { s, t } = await started();
    await call(s, t.admin, 'POST', '/v1/holds', { filter: { actor: 'mallory' }, reason: 'investigation' });
    await event(s, t, 'mallory', 'm');
    const r = await call(s, t.admin, 'POST', '/v1/erasures', { filter: { actor: 'mallory' }, reason: 'GDPR' });
    expect(r.status).toBe(409);
  });

  test('holds survive a restart', async () => {
    const { s, t } = await started();
    await event(s, t, 'alice', 'x');
    await call(s, t.admin, 'POST', '/v1/holds', { indexes: [0], reason: 'keep' });
    server = await s.restart();
    expect((await call(server, t.admin, 'POST', '/v1/erasures', { indexes: [0], reason: 'GDPR' })).status).toBe(409);
  });

  test('releasing an unknown hold is a 404 problem', async () => {
    const { s, t } = await started();
    expect((await call(s, t.admin, 'DELETE', '/v1/holds/9')).status).toBe(404);
  });

  test('a writer may not list holds (403)', async () => {
    const { s, t } = await started();
    expect((await call(s, t.writer, 'GET', '/v1/holds')).status).toBe(403);
  });
});
