/**
 * The receipt of an erased entry end to end (issue 14; SPEC §4.4): a real server on 127.0.0.1
 * over a real LevelDB folder erases an entry; its receipt endpoint then answers the standard
 * receipt without payload and nonce, with `erased: {"record": K}`, in JSON and protobuf alike;
 * the client library verifies it (signature and inclusion) and says which record erased it; the
 * real `cairn verify` prints "payload erased by entry K" and exits 0, checks K itself with
 * `--record`, and exits 1 on a tampered receipt or a record that does not list the entry.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { CairnClient, decodeBase64, receiptFromProto, verifyReceipt, type ErasedReceiptJson, type ReceiptJson } from '../../client/index.js';
import { runCairn } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { appendLogins } from './events.js';

let server: TestServer | undefined;
const temps = new TempDirs();
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => temps.cleanup());

interface Erased {
  s: TestServer;
  reader: string;
  /** The receipt the writer got at append time. */
  original: ReceiptJson;
  record: number;
  dir: string;
}

/** A log of three events, the second (index 1) erased by admin `dpo`: record K = 3. */
async function erasedLog(): Promise<Erased> {
  server = await startTestServer();
  const s = server;
  const reader = (await s.log.credentials.add('auditor', 'reader')).token;
  const admin = (await s.log.credentials.add('dpo', 'admin')).token;
  const receipts = await appendLogins(s, ['bob', 'alice', 'carol']);
  const e = await fetch(`${s.url}/v1/erasures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ indexes: [1], reason: 'GDPR request #7' }),
  });
  expect(e.status).toBe(201);
  const { record } = (await e.json()) as { record: number };
  return { s, reader, original: receipts[1]!, record, dir: await temps.make('cairn-erased-receipt-') };
}

async function getReceipt(x: Erased, index: number, accept = 'application/json'): Promise<Response> {
  return fetch(`${x.s.url}/v1/entries/${index}/receipt`, { headers: { authorization: `Bearer ${x.reader}`, accept } });
}

async function saved(x: Erased, name: string, body: unknown): Promise<string> {
  const path = join(x.dir, name);
  await writeFile(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

describe('GET /v1/entries/<erased>/receipt', () => {
  test('answers the receipt without payload and nonce, with erased.record; the library verifies it', async () => {
    const x = await erasedLog();
    expect(x.record).toBe(3);
    const r = await getReceipt(x, 1);
    expect(r.status).toBe(200);
    const body = (await r.json()) as ErasedReceiptJson;
    expect(Object.keys(body)).toEqual(['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'erased', 'proof']);
    expect(body.erased).toEqual({ record: 3 });
    // The very leaf of the receipt issued at append time.
    expect(body.entry).toBe(x.original.entry);
    expect(body.leafHash).toBe(x.original.leafHash);
    expect(body.treeSize).toBe(4);

    const v = verifyReceipt(body, x.s.log.verifierKey.text, { allowErased: true });
    expect(v.erased).toEqual({ record: 3 });
    expect(v.index).toBe(1);
    expect(v.entry.submitter).toBe('default');
    // Without allowErased the library refuses it: it proves no payload.
    expect(() => verifyReceipt(body, x.s.log.verifierKey.text)).toThrow(/erased by entry 3/);
    // The receipt issued before the erasure still verifies with its own payload.
    expect(verifyReceipt(x.original, x.s.log.verifierKey.text).index).toBe(1);
    // Neighbours keep their payload receipts.
    const kept = (await (await getReceipt(x, 2)).json()) as ReceiptJson;
    expect(typeof kept.payload).toBe('string');
    expect(verifyReceipt(kept, x.s.log.verifierKey.text).index).toBe(2);
  });

  test('protobuf: the same receipt, empty payload and nonce, erased set', async () => {
    const x = await erasedLog();
    const json = (await (await getReceipt(x, 1)).json()) as ErasedReceiptJson;
    const r = await getReceipt(x, 1, 'application/x-protobuf');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/x-protobuf');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(receiptFromProto(bytes)).toEqual(json);
    expect(verifyReceipt(bytes, x.s.log.verifierKey.text, { allowErased: true }).erased).toEqual({ record: 3 });
  });

  test('after a restart (state from the records) it is answered the same way', async () => {
    const x = await erasedLog();
    server = await x.s.restart();
    const r = await fetch(`${server.url}/v1/entries/1/receipt`, { headers: { authorization: `Bearer ${x.reader}` } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as ErasedReceiptJson).erased).toEqual({ record: 3 });
  });
});

describe('cairn verify of an erased entry', () => {
  test('exit 0, "payload erased by entry K"; --json says so too', async () => {
    const x = await erasedLog();
    const file = await saved(x, 'erased.json', await (await getReceipt(x, 1)).text());
    const vkey = x.s.log.verifierKey.text;
    const r = await runCairn(['verify', '--vkey', vkey, file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('entry 1 is in the log; payload erased by entry 3.');
    expect(r.stdout).toContain("The erasure record 3 is the log's claim, not checked");
    const j = await runCairn(['verify', '--vkey', vkey, file, '--json']);
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ verified: true, index: 1, erased: { record: 3, recordChecked: false }, message: 'payload erased by entry 3' });
    expect(out['payload']).toBeUndefined();
    // The protobuf receipt from a file too.
    const proto = new Uint8Array(await (await getReceipt(x, 1, 'application/x-protobuf')).arrayBuffer());
    const pfile = join(x.dir, 'erased.pb');
    await writeFile(pfile, proto);
    const p = await runCairn(['verify', '--vkey', vkey, pfile]);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('payload erased by entry 3');
  });

  test('--record checks K: the receipt of the erasure record that lists the entry', async () => {
    const x = await erasedLog();
    const vkey = x.s.log.verifierKey.text;
    const file = await saved(x, 'erased.json', await (await getReceipt(x, 1)).text());
    const recordFile = await saved(x, 'record.json', await (await getReceipt(x, 3)).text());
    const ok = await runCairn(['verify', '--vkey', vkey, file, '--record', recordFile]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('The erasure record 3 verifies too and lists entry 1 (by "dpo", reason "GDPR request #7")');
    // Another entry's receipt as --record: not the record the receipt names.
    const wrong = await saved(x, 'wrong.json', await (await getReceipt(x, 2)).text());
    const bad = await runCairn(['verify', '--vkey', vkey, file, '--record', wrong]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--record is the receipt of entry 2');
    // A receipt that claims record 2 (an ordinary event) with that event's receipt: not an erasure record.
    const claimed = JSON.parse(await (await getReceipt(x, 1)).text()) as ErasedReceiptJson;
    const forged = await saved(x, 'forged.json', { ...claimed, erased: { record: 2 } });
    const notRecord = await runCairn(['verify', '--vkey', vkey, forged, '--record', wrong]);
    expect(notRecord.code).toBe(1);
    expect(notRecord.stderr).toContain('entry 2 is not an erasure record');
  });

  test('a tampered erased receipt fails with exit 1 and the reason', async () => {
    const x = await erasedLog();
    const vkey = x.s.log.verifierKey.text;
    const body = JSON.parse(await (await getReceipt(x, 1)).text()) as ErasedReceiptJson;
    const entry = decodeBase64(body.entry);
    entry[entry.length - 1]! ^= 1;
    const cases: Array<[string, unknown, string]> = [
      ['entry', { ...body, entry: Buffer.from(entry).toString('base64') }, 'LEAF_HASH_MISMATCH'],
      ['index', { ...body, index: 0 }, 'FIELD_MISMATCH'],
      ['payload added', { ...body, payload: x.original.payload }, 'MALFORMED_RECEIPT'],
      // A character in the middle of the signature (after the 4-byte key hash): still this key, a wrong signature.
      [
        'signature',
        { ...body, proof: body.proof.replace(/ (\S{40})(\S)(\S+)\n$/, (_m, a: string, c: string, b: string) => ` ${a}${c === 'A' ? 'B' : 'A'}${b}\n`) },
        'BAD_SIGNATURE',
      ],
    ];
    for (const [name, tampered, code] of cases) {
      const file = await saved(x, `${name}.json`, tampered);
      const r = await runCairn(['verify', '--vkey', vkey, file]);
      expect([name, r.code]).toEqual([name, 1]);
      expect(r.stderr).toContain(code);
      expect(r.stdout).toBe('');
    }
  });
});

describe('a keyed retry of an erased entry (POST /v1/entries with its Idempotency-Key)', () => {
  test('answers 200 with the erased receipt, single and batch, JSON and protobuf, before and after a restart', async () => {
    server = await startTestServer();
    const s = server;
    const admin = (await s.log.credentials.add('dpo', 'admin')).token;
    const event = JSON.stringify({ actor: 'alice', action: 'login', target: 'app', outcome: 'success' });
    const other = JSON.stringify({ actor: 'bob', action: 'login', target: 'app', outcome: 'success' });
    const writer = { authorization: `Bearer ${s.writerToken}`, 'content-type': 'application/json' };
    const single = (url: string, accept = 'application/json'): Promise<Response> =>
      fetch(`${url}/v1/entries`, { method: 'POST', headers: { ...writer, accept, 'idempotency-key': 'gdpr-k1' }, body: event });
    const batch = (url: string): Promise<Response> =>
      fetch(`${url}/v1/entries/batch`, {
        method: 'POST',
        headers: writer,
        body: JSON.stringify({ entries: [{ payload: Buffer.from(other).toString('base64'), contentType: 'application/json', idempotencyKey: 'gdpr-k2' }] }),
      });
    const first = await single(s.url);
    expect(first.status).toBe(201);
    const original = (await first.json()) as ReceiptJson;
    const firstBatch = await batch(s.url);
    expect(firstBatch.status).toBe(201);
    const originalBatch = ((await firstBatch.json()) as { receipts: ReceiptJson[] }).receipts[0]!;
    const e = await fetch(`${s.url}/v1/erasures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ indexes: [original.index, originalBatch.index], reason: 'GDPR request #8' }),
    });
    expect(e.status).toBe(201);
    const { record } = (await e.json()) as { record: number };
    const vkey = s.log.verifierKey.text;

    const check = async (url: string): Promise<void> => {
      const r = await single(url);
      expect(r.status).toBe(200);
      expect(r.headers.get('location')).toBe(`/v1/entries/${original.index}`);
      const body = (await r.json()) as ErasedReceiptJson;
      expect(body.erased).toEqual({ record });
      expect(body).not.toHaveProperty('payload');
      expect(body).not.toHaveProperty('nonce');
      expect(body.entry).toBe(original.entry);
      expect(verifyReceipt(body, vkey, { allowErased: true }).erased).toEqual({ record });
      const pb = await single(url, 'application/x-protobuf');
      expect(pb.status).toBe(200);
      expect(receiptFromProto(new Uint8Array(await pb.arrayBuffer()))).toEqual(body);
      const b = await batch(url);
      expect(b.status).toBe(200);
      const [again] = ((await b.json()) as { receipts: ErasedReceiptJson[] }).receipts;
      expect(again!.erased).toEqual({ record });
      expect(again!.leafHash).toBe(originalBatch.leafHash);
      expect(verifyReceipt(again!, vkey, { allowErased: true }).index).toBe(originalBatch.index);
      // The client verifies what it gets: an erased receipt proves no payload, so it says so.
      const client = new CairnClient(url, { token: s.writerToken, verifierKey: vkey });
      await expect(client.append(event, { contentType: 'application/json', idempotencyKey: 'gdpr-k1' })).rejects.toMatchObject({ code: 'PAYLOAD_ERASED' });
      const unverified = await client.append(event, { contentType: 'application/json', idempotencyKey: 'gdpr-k1', verify: false });
      expect(unverified.replayed).toBe(true);
      // Typed as what may come: the erased receipt (AnyReceiptJson), not a receipt with payload.
      expect('erased' in unverified.receipt && unverified.receipt.erased).toEqual({ record });
      const batchEvent = { payload: other, contentType: 'application/json', idempotencyKey: 'gdpr-k2' };
      await expect(client.appendBatch([batchEvent])).rejects.toMatchObject({ code: 'PAYLOAD_ERASED', message: expect.stringContaining('receipt 0') });
      const [unverifiedBatch] = await client.appendBatch([batchEvent], { verify: false });
      expect('erased' in unverifiedBatch!.receipt && unverifiedBatch!.receipt.erased).toEqual({ record });
    };
    await check(s.url);
    // Nothing was appended by the retries.
    expect(s.log.committedSize).toBe(record + 1);
    server = await s.restart();
    await check(server.url);
    expect(server.log.committedSize).toBe(record + 1);
  });
});
