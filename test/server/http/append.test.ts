/**
 * The write API against a real server (SPEC §4): appends of every kind get receipts that verify
 * with the client's verifyReceipt and the log's verifier key alone, and the stored payload is
 * byte-identical to what was sent (JSON included: never re-serialised).
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { cairn } from '../../../proto/gen/cairn.js';
import { decodeBase64, encodeBase64, verifyReceipt, type ReceiptJson, type VerifiedReceipt } from '../../../client/index.js';
import { parseTimestamp, toProtoUint64 } from '../../../proofs/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { bearer, bodyOf, bytesOf, utf8Bytes } from './http-utils.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(): Promise<TestServer> {
  server = await startTestServer();
  return server;
}

function verify(s: TestServer, receipt: ReceiptJson | Uint8Array): VerifiedReceipt {
  return verifyReceipt(receipt, s.log.verifierKey.text);
}

/** The payload the log stored for `index`, read back with a reader token. */
async function storedPayload(s: TestServer, index: number, readerToken: string): Promise<Uint8Array> {
  const res = await fetch(`${s.url}/v1/entries/${index}`, { headers: bearer(readerToken) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { payload: string; payloadAvailable: boolean };
  expect(body.payloadAvailable).toBe(true);
  return decodeBase64(body.payload);
}

describe('POST /v1/entries', () => {
  test('a JSON event with odd spacing and 1.0 is stored byte for byte and its receipt verifies', async () => {
    const s = await start();
    const text = '{ "amount" :1.0 ,"who":[ 1e2 , "\\u00e9", "é" ],"n":null}\n';
    const res = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { ...bearer(s.writerToken), 'content-type': 'application/json' },
      body: text,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('location')).toBe('/v1/entries/0');
    const receipt = (await res.json()) as ReceiptJson;
    const v = verify(s, receipt);
    expect(v.index).toBe(0);
    expect(v.treeSize).toBe(1);
    expect(v.payload).toEqual(utf8Bytes(text));
    expect(v.entry.contentType).toBe('application/json');
    expect(v.entry.submitter).toBe('default');
    expect(v.entry.occurredAt).toBe(0n);
    const reader = await s.addToken('auditor', 'reader');
    expect(await storedPayload(s, 0, reader)).toEqual(utf8Bytes(text));
  });

  test('a binary event without Content-Type is stored byte for byte as application/octet-stream', async () => {
    const s = await start();
    const payload = new Uint8Array(randomBytes(4096));
    payload[0] = 0x00;
    payload[1] = 0xff;
    const res = await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(s.writerToken), body: payload });
    expect(res.status).toBe(201);
    const v = verify(s, (await res.json()) as ReceiptJson);
    expect(v.payload).toEqual(payload);
    expect(v.entry.contentType).toBe('application/octet-stream');
    expect(v.entry.payloadSize).toBe(4096);
    const reader = await s.addToken('auditor', 'reader');
    expect(await storedPayload(s, 0, reader)).toEqual(payload);
  });

  test('the Content-Type is kept as sent and Event-Time becomes occurredAt', async () => {
    const s = await start();
    const res = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { ...bearer(s.writerToken), 'content-type': 'text/csv; charset=utf-8', 'event-time': '2024-02-29T23:59:59.123456789+01:00' },
      body: 'a,b\n1,2\n',
    });
    expect(res.status).toBe(201);
    const v = verify(s, (await res.json()) as ReceiptJson);
    expect(v.entry.contentType).toBe('text/csv; charset=utf-8');
    expect(v.entry.occurredAt).toBe(parseTimestamp('2024-02-29T22:59:59.123456789Z'));
  });

  test('Accept: application/x-protobuf returns the protobuf Receipt, which verifies', async () => {
    const s = await start();
    const res = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { ...bearer(s.writerToken), accept: 'application/x-protobuf' },
      body: utf8Bytes('event'),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(res.headers.get('vary')).toMatch(/Accept/);
    const v = verify(s, await bytesOf(res));
    expect(v.payload).toEqual(utf8Bytes('event'));
  });

  test('consecutive appends get consecutive indexes and growing checkpoints', async () => {
    const s = await start();
    const receipts: ReceiptJson[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(s.writerToken), body: utf8Bytes(`e${i}`) });
      expect(res.status).toBe(201);
      receipts.push((await res.json()) as ReceiptJson);
    }
    expect(receipts.map((r) => verify(s, r).index)).toEqual([0, 1, 2]);
    expect(receipts.map((r) => r.treeSize)).toEqual([1, 2, 3]);
  });

  test('the credential name of the token is the submitter', async () => {
    const s = await start();
    const token = await s.addToken('billing-service', 'writer');
    const res = await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(token), body: utf8Bytes('x') });
    expect(verify(s, (await res.json()) as ReceiptJson).entry.submitter).toBe('billing-service');
  });
});

describe('POST /v1/entries/batch', () => {
  test('a JSON batch with payload and json members: receipts in order, json stored as its exact bytes', async () => {
    const s = await start();
    const jsonValue = '{ "x" : 1.0,\t"y":"\\u00e9" , "z" : [ ] }';
    const binary = new Uint8Array([0, 1, 2, 255]);
    const body =
      `{ "entries" : [ {"json" :  ${jsonValue}  , "idempotencyKey":"k-1"},\n` +
      ` {"payload":"${encodeBase64(binary)}", "contentType":"application/x-thing", "occurredAt":"2020-01-01T00:00:00Z"},` +
      ` {"json": 1.50, "contentType": "application/vnd.custom+json"}, {"json":"\\"quoted\\""} ] }`;
    const res = await fetch(`${s.url}/v1/entries/batch`, {
      method: 'POST',
      headers: { ...bearer(s.writerToken), 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(201);
    const { receipts } = (await res.json()) as { receipts: ReceiptJson[] };
    const v = receipts.map((r) => verify(s, r));
    expect(v.map((x) => x.index)).toEqual([0, 1, 2, 3]);
    expect(v[0]!.payload).toEqual(utf8Bytes(jsonValue));
    expect(v[0]!.entry.contentType).toBe('application/json');
    expect(v[1]!.payload).toEqual(binary);
    expect(v[1]!.entry.contentType).toBe('application/x-thing');
    expect(v[1]!.entry.occurredAt).toBe(parseTimestamp('2020-01-01T00:00:00Z'));
    expect(v[2]!.payload).toEqual(utf8Bytes('1.50'));
    expect(v[2]!.entry.contentType).toBe('application/vnd.custom+json');
    expect(v[3]!.payload).toEqual(utf8Bytes('"\\"quoted\\""'));
    const reader = await s.addToken('auditor', 'reader');
    expect(await storedPayload(s, 0, reader)).toEqual(utf8Bytes(jsonValue));
  });

  test('a protobuf AppendRequest gets a protobuf AppendResponse whose receipts verify', async () => {
    const s = await start();
    const occurred = parseTimestamp('2025-06-01T12:00:00.000000001Z');
    const request = cairn.v1.AppendRequest.encode({
      entries: [
        { payload: utf8Bytes('first'), contentType: 'text/plain' },
        { payload: new Uint8Array([9, 8, 7]), idempotencyKey: 'proto-key', occurredAt: toProtoUint64(occurred) },
      ],
    }).finish();
    const res = await fetch(`${s.url}/v1/entries/batch`, {
      method: 'POST',
      headers: { ...bearer(s.writerToken), 'content-type': 'application/x-protobuf', accept: 'application/x-protobuf' },
      body: bodyOf(request),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const response = cairn.v1.AppendResponse.decode(await bytesOf(res));
    expect(response.receipts).toHaveLength(2);
    const v = response.receipts.map((r) => verify(s, cairn.v1.Receipt.encode(r).finish()));
    expect(v.map((x) => x.index)).toEqual([0, 1]);
    expect(v[0]!.payload).toEqual(utf8Bytes('first'));
    expect(v[0]!.entry.contentType).toBe('text/plain');
    expect(v[1]!.payload).toEqual(new Uint8Array([9, 8, 7]));
    expect(v[1]!.entry.contentType).toBe('application/octet-stream');
    expect(v[1]!.entry.occurredAt).toBe(occurred);
  });

  test('a protobuf batch answers JSON receipts by default', async () => {
    const s = await start();
    const request = cairn.v1.AppendRequest.encode({ entries: [{ payload: utf8Bytes('p') }] }).finish();
    const res = await fetch(`${s.url}/v1/entries/batch`, {
      method: 'POST',
      headers: { ...bearer(s.writerToken), 'content-type': 'application/x-protobuf' },
      body: bodyOf(request),
    });
    expect(res.status).toBe(201);
    const { receipts } = (await res.json()) as { receipts: ReceiptJson[] };
    expect(verify(s, receipts[0]!).payload).toEqual(utf8Bytes('p'));
  });

  test('concurrent batches and single appends all verify, with distinct indexes', async () => {
    const s = await start();
    const singles = Array.from({ length: 20 }, (_, i) =>
      fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(s.writerToken), body: utf8Bytes(`single-${i}`) }).then(async (r) => {
        expect(r.status).toBe(201);
        return [(await r.json()) as ReceiptJson];
      }),
    );
    const batches = Array.from({ length: 5 }, (_, b) =>
      fetch(`${s.url}/v1/entries/batch`, {
        method: 'POST',
        headers: { ...bearer(s.writerToken), 'content-type': 'application/json' },
        body: JSON.stringify({ entries: Array.from({ length: 10 }, (_, i) => ({ json: { b, i } })) }),
      }).then(async (r) => {
        expect(r.status).toBe(201);
        return ((await r.json()) as { receipts: ReceiptJson[] }).receipts;
      }),
    );
    const all = (await Promise.all([...singles, ...batches])).flat();
    const indexes = all.map((r) => verify(s, r).index).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 70 }, (_, i) => i));
  });
});
