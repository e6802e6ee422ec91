/**
 * CairnClient appends against a real server (SPEC §4, §8): append and appendBatch return
 * receipts the client verified with the log's key, the receipts verify again offline, and the
 * safe default (no key, no append) holds.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CairnClient, CairnHttpError, VerificationError, formatTimestamp, verifyReceipt, type ReceiptJson } from '../../client/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let vkey: string;
beforeAll(async () => {
  server = await startTestServer();
  vkey = server.log.verifierKey.text;
});
afterAll(() => server.stop());

function writer(options: ConstructorParameters<typeof CairnClient>[1] = {}): CairnClient {
  return new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey, ...options });
}

async function treeSize(): Promise<number> {
  return (await writer().checkpoint()).treeSize;
}

describe('append', () => {
  test('returns the verified receipt of a text event, exactly as the server sent it', async () => {
    const { receipt, verified, replayed } = await writer().append('{"user":"alice","action":"login"}', { contentType: 'application/json' });
    expect(replayed).toBe(false);
    expect(Object.keys(receipt).sort()).toEqual(['entry', 'index', 'leafHash', 'nonce', 'payload', 'proof', 'timestamp', 'treeSize']);
    expect(new TextDecoder().decode(verified.payload)).toBe('{"user":"alice","action":"login"}');
    expect(verified.entry.contentType).toBe('application/json');
    expect(verified.entry.submitter).toBe('default');
    expect(verified.checkpoint.origin).toBe(server.log.origin);
    expect(formatTimestamp(verified.entry.timestamp)).toBe(receipt.timestamp);
    // What a writer saves verifies offline, years later, with the key alone.
    const saved = JSON.stringify(receipt);
    expect(verifyReceipt(saved, vkey).index).toBe(verified.index);
  });

  test('sends bytes byte for byte, as application/octet-stream by default', async () => {
    const bytes = Uint8Array.from([0, 255, 1, 254, 0x0a, 0x0d]);
    const { verified } = await writer().append(bytes);
    expect(verified.payload).toEqual(bytes);
    expect(verified.entry.contentType).toBe('application/octet-stream');
  });

  test('a string defaults to text/plain; charset=utf-8', async () => {
    const { verified } = await writer().append('héllo');
    expect(verified.entry.contentType).toBe('text/plain; charset=utf-8');
    expect(verified.payload).toEqual(new TextEncoder().encode('héllo'));
  });

  test('occurredAt as RFC 3339 with nanoseconds, bigint or Date becomes the entry occurredAt', async () => {
    const text = '2025-03-01T10:00:00.123456789Z';
    const a = await writer().append('a', { occurredAt: text });
    expect(formatTimestamp(a.verified.entry.occurredAt)).toBe(text);
    const b = await writer().append('b', { occurredAt: 1740823200123456789n });
    expect(b.verified.entry.occurredAt).toBe(1740823200123456789n);
    const c = await writer().append('c', { occurredAt: new Date('2025-03-01T10:00:00.5Z') });
    expect(formatTimestamp(c.verified.entry.occurredAt)).toBe('2025-03-01T10:00:00.500000000Z');
  });

  test('the same idempotency key returns the original receipt (replayed) and no new entry', async () => {
    const client = writer();
    const first = await client.append('once', { idempotencyKey: 'order-4711' });
    const size = await treeSize();
    const again = await client.append('once', { idempotencyKey: 'order-4711' });
    expect(again.replayed).toBe(true);
    expect(again.receipt.index).toBe(first.receipt.index);
    expect(again.verified.leafHash).toEqual(first.verified.leafHash);
    expect(await treeSize()).toBe(size);
  });

  test('each append without a key gets a fresh one: the same payload twice is two entries', async () => {
    const client = writer();
    const a = await client.append('same');
    const b = await client.append('same');
    expect(b.receipt.index).not.toBe(a.receipt.index);
    expect(b.replayed).toBe(false);
  });

  test('an idempotency key reused for another payload is refused with 409 IDEMPOTENCY_CONFLICT', async () => {
    const client = writer();
    await client.append('first', { idempotencyKey: 'conflict-1' });
    const err = await client.append('second', { idempotencyKey: 'conflict-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CairnHttpError);
    expect((err as CairnHttpError).status).toBe(409);
    expect((err as CairnHttpError).code).toBe('IDEMPOTENCY_CONFLICT');
    expect((err as CairnHttpError).problem.detail).toMatch(/different payload/);
  });

  test('a wrong token is refused with 401 and the problem detail, after one attempt', async () => {
    const err = await writer({ token: 'cairn_000000000000_wrong' })
      .append('x')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CairnHttpError);
    expect((err as CairnHttpError).status).toBe(401);
    expect((err as CairnHttpError).code).toBe('UNAUTHENTICATED');
    expect((err as CairnHttpError).attempts).toBe(1);
  });

  test('a reader token is refused with 403 FORBIDDEN', async () => {
    const reader = await server.addToken('reader-1', 'reader');
    const err = await writer({ token: reader })
      .append('x')
      .catch((e: unknown) => e);
    expect((err as CairnHttpError).status).toBe(403);
    expect((err as CairnHttpError).code).toBe('FORBIDDEN');
  });
});

describe('appendBatch', () => {
  test('returns one verified receipt per event, in order, with each content type and time', async () => {
    const events = [
      { payload: '{"n":1}', contentType: 'application/json' },
      { payload: Uint8Array.from([9, 8, 7]) },
      { payload: 'third', occurredAt: '2024-12-31T23:59:59.999999999Z', idempotencyKey: 'batch-3' },
    ];
    const out = await writer().appendBatch(events);
    expect(out).toHaveLength(3);
    expect(out.map((r) => r.verified.index)).toEqual([out[0]!.verified.index, out[0]!.verified.index + 1, out[0]!.verified.index + 2]);
    expect(new TextDecoder().decode(out[0]!.verified.payload)).toBe('{"n":1}');
    expect(out[0]!.verified.entry.contentType).toBe('application/json');
    expect(out[1]!.verified.payload).toEqual(Uint8Array.from([9, 8, 7]));
    expect(out[1]!.verified.entry.contentType).toBe('application/octet-stream');
    expect(formatTimestamp(out[2]!.verified.entry.occurredAt)).toBe('2024-12-31T23:59:59.999999999Z');
    for (const r of out) expect(verifyReceipt(r.receipt, vkey).index).toBe(r.verified.index);
  });

  test('an empty batch is refused before anything is sent', async () => {
    await expect(writer().appendBatch([])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('the verifier key', () => {
  test('without a key, append refuses before sending anything', async () => {
    const size = await treeSize();
    const client = new CairnClient(server.url, { token: server.writerToken });
    const err = await client.append('never sent').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('INVALID_ARGUMENT');
    expect((err as Error).message).toMatch(/verifierKey/);
    await expect(client.checkpoint()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await treeSize()).toBe(size);
  });

  test('verify: false returns the receipt unverified (and it verifies offline)', async () => {
    const client = new CairnClient(server.url, { token: server.writerToken });
    const r = await client.append('unverified', { verify: false });
    expect(r.verified).toBeUndefined();
    expect(verifyReceipt(r.receipt as ReceiptJson, vkey).index).toBe(r.receipt.index);
    const batch = await client.appendBatch([{ payload: 'u1' }], { verify: false });
    expect(batch[0]!.verified).toBeUndefined();
  });

  test('trustOnFirstUse takes the key GET /v1/log announces and verifies with it', async () => {
    const client = new CairnClient(server.url, { token: server.writerToken, trustOnFirstUse: true });
    const r = await client.append('tofu');
    expect(r.verified.checkpoint.origin).toBe(server.log.origin);
    expect((await client.verifierKey()).text).toBe(vkey);
  });

  test('a malformed verifier key is refused by the constructor with MALFORMED_KEY', () => {
    expect(() => new CairnClient(server.url, { verifierKey: 'not-a-key' })).toThrow(expect.objectContaining({ code: 'MALFORMED_KEY' }));
  });

  test('a base URL that is not http(s) is refused with INVALID_ARGUMENT', () => {
    expect(() => new CairnClient('ftp://example.com')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  test('the key of another log with the same name is refused: UNKNOWN_KEY, nothing returned', async () => {
    const other = await startTestServer();
    try {
      const client = new CairnClient(server.url, { token: server.writerToken, verifierKey: other.log.verifierKey.text });
      await expect(client.append('to the wrong key')).rejects.toMatchObject({ name: 'VerificationError', code: 'UNKNOWN_KEY' });
    } finally {
      await other.stop();
    }
  });
});
