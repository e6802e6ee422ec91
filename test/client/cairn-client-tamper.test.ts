/**
 * CairnClient refuses evidence that does not verify (SPEC §8): a tiny proxy in front of a real
 * server changes one thing in an otherwise genuine answer, and the client must throw a
 * VerificationError with the code of that change and return nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CairnClient, VerificationError, type ReceiptJson } from '../../client/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { answerJson, jsonAnswer, startProxy, type Answer, type Proxy } from './proxy.js';
import {
  flipBase64,
  flipSignature,
  resignWithOtherKey,
  tamperCheckpointSize,
  tamperEntryByte,
  tamperIndex,
  tamperOtherKey,
  tamperPayload,
  tamperProofHash,
  tamperProofIndex,
  tamperSignature,
} from './tamper.js';

let server: TestServer;
let vkey: string;
beforeAll(async () => {
  server = await startTestServer();
  vkey = server.log.verifierKey.text;
  // A few entries first, so every receipt has inclusion proof hashes to tamper with.
  await new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey }).appendBatch([{ payload: 'a' }, { payload: 'b' }, { payload: 'c' }]);
});
afterAll(() => server.stop());

/** A proxy that applies `edit` to the JSON body of every 2xx answer of `path` (a prefix). */
async function editing(path: string, edit: (body: unknown) => unknown): Promise<Proxy> {
  return startProxy(server.url, async (req, forward) => {
    const real = await forward();
    if (!req.path.startsWith(path) || real.status >= 300) return real;
    return jsonAnswer(real.status, edit(answerJson(real)));
  });
}

/**
 * Runs `call` through a proxy that edits `path` answers; returns the client's error. Reads go
 * without a token: the server answers a writer token on /v1/entries reads with 403 (payloads
 * need a reader).
 */
async function refusal(
  path: string,
  edit: (body: unknown) => unknown,
  call: (c: CairnClient) => Promise<unknown>,
  asWriter = true,
): Promise<VerificationError> {
  const proxy = await editing(path, edit);
  try {
    const client = new CairnClient(proxy.url, { ...(asWriter ? { token: server.writerToken } : {}), verifierKey: vkey, retries: 0 });
    const err = await call(client).then(
      (value) => new Error(`accepted: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(VerificationError);
    return err as VerificationError;
  } finally {
    await proxy.close();
  }
}

const receipt = (edit: (r: ReceiptJson) => ReceiptJson) => (body: unknown) => edit(body as ReceiptJson);
const append = (c: CairnClient) => c.append('the real event', { contentType: 'text/plain' });

describe('append refuses a tampered receipt', () => {
  test('a flipped byte of the entry: LEAF_HASH_MISMATCH', async () => {
    expect((await refusal('/v1/entries', receipt(tamperEntryByte), append)).code).toBe('LEAF_HASH_MISMATCH');
  });

  test('a flipped bit of an inclusion proof hash: INCLUSION_FAILED', async () => {
    expect((await refusal('/v1/entries', receipt(tamperProofHash), append)).code).toBe('INCLUSION_FAILED');
  });

  test('a flipped bit of the checkpoint signature: BAD_SIGNATURE', async () => {
    expect((await refusal('/v1/entries', receipt(tamperSignature), append)).code).toBe('BAD_SIGNATURE');
  });

  test('the checkpoint signed by another key with the same name: UNKNOWN_KEY', async () => {
    expect((await refusal('/v1/entries', receipt(tamperOtherKey), append)).code).toBe('UNKNOWN_KEY');
  });

  test('a changed tree size in the signed checkpoint: BAD_SIGNATURE', async () => {
    expect((await refusal('/v1/entries', receipt(tamperCheckpointSize), append)).code).toBe('BAD_SIGNATURE');
  });

  test('a changed index in the receipt: FIELD_MISMATCH', async () => {
    expect((await refusal('/v1/entries', receipt(tamperIndex), append)).code).toBe('FIELD_MISMATCH');
  });

  test('a changed index in the receipt and its proof alike: INCLUSION_FAILED', async () => {
    expect(
      (
        await refusal(
          '/v1/entries',
          receipt((r) => tamperProofIndex(r, r.index - 1)),
          append,
        )
      ).code,
    ).toBe('INCLUSION_FAILED');
  });

  test('a flipped bit of the payload: COMMITMENT_MISMATCH', async () => {
    expect((await refusal('/v1/entries', receipt(tamperPayload), append)).code).toBe('COMMITMENT_MISMATCH');
  });

  test('a genuine receipt of another event: FIELD_MISMATCH', async () => {
    const other = (await new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey }).append('another event')).receipt;
    expect((await refusal('/v1/entries', () => other, append)).code).toBe('FIELD_MISMATCH');
  });

  test('a genuine receipt that records another content type: FIELD_MISMATCH', async () => {
    const other = (await new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey }).append('the real event', { contentType: 'text/csv' }))
      .receipt;
    expect((await refusal('/v1/entries', () => other, append)).code).toBe('FIELD_MISMATCH');
  });

  test('a receipt with a missing field: MALFORMED_RECEIPT', async () => {
    const err = await refusal(
      '/v1/entries',
      receipt(({ nonce: _nonce, ...rest }) => rest as ReceiptJson),
      append,
    );
    expect(err.code).toBe('MALFORMED_RECEIPT');
  });

  test('appendBatch: one tampered receipt among genuine ones refuses the whole answer', async () => {
    const edit = (body: unknown) => {
      const b = body as { receipts: ReceiptJson[] };
      return { receipts: b.receipts.map((r, i) => (i === 1 ? tamperProofHash(r) : r)) };
    };
    const err = await refusal('/v1/entries/batch', edit, (c) => c.appendBatch([{ payload: 'x' }, { payload: 'y' }, { payload: 'z' }]));
    expect(err.code).toBe('INCLUSION_FAILED');
    expect(err.message).toMatch(/^receipt 1: the inclusion proof of leaf \d+ does not lead/);
  });
});

describe('reads refuse tampered evidence', () => {
  /** Serves `body` (text) instead of the real /checkpoint. */
  async function checkpointRefusal(edit: (note: string) => string): Promise<string> {
    const proxy = await startProxy(server.url, async (req, forward) => {
      const real = await forward();
      if (req.path !== '/checkpoint') return real;
      return { ...real, body: edit(new TextDecoder().decode(real.body as Uint8Array)) } satisfies Answer;
    });
    try {
      const err = await new CairnClient(proxy.url, { verifierKey: vkey }).checkpoint().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VerificationError);
      return (err as VerificationError).code;
    } finally {
      await proxy.close();
    }
  }

  test('checkpoint(): a flipped signature bit is BAD_SIGNATURE', async () => {
    expect(await checkpointRefusal(flipSignature)).toBe('BAD_SIGNATURE');
  });

  test('checkpoint(): a checkpoint signed by another key with the same name is UNKNOWN_KEY', async () => {
    expect(await checkpointRefusal(resignWithOtherKey)).toBe('UNKNOWN_KEY');
  });

  test('checkpoint(): a changed tree size is BAD_SIGNATURE', async () => {
    expect(await checkpointRefusal((note) => note.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`))).toBe('BAD_SIGNATURE');
  });

  test('inclusionProof against a checkpoint: a flipped proof hash is INCLUSION_FAILED', async () => {
    const cp = await new CairnClient(server.url, { verifierKey: vkey }).checkpoint();
    const edit = (body: unknown) => {
      const b = body as { hashes: string[] };
      return { ...b, hashes: b.hashes.map((h, i) => (i === 0 ? flipBase64(h) : h)) };
    };
    expect((await refusal('/v1/proof/inclusion', edit, (c) => c.inclusionProof(1, cp))).code).toBe('INCLUSION_FAILED');
  });

  test('inclusionProof: an answer about another index is FIELD_MISMATCH', async () => {
    const edit = (body: unknown) => ({ ...(body as object), index: 0 });
    expect((await refusal('/v1/proof/inclusion', edit, (c) => c.inclusionProof(1))).code).toBe('FIELD_MISMATCH');
  });

  test('consistencyProof between checkpoints: a flipped proof hash is CONSISTENCY_FAILED', async () => {
    const client = new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey });
    const older = await client.checkpoint();
    await client.append('grow the tree');
    await client.append('grow it more');
    const newer = await client.checkpoint();
    const edit = (body: unknown) => {
      const b = body as { hashes: string[] };
      return { ...b, hashes: b.hashes.map((h, i) => (i === 0 ? flipBase64(h) : h)) };
    };
    expect((await refusal('/v1/proof/consistency', edit, (c) => c.consistencyProof(older, newer))).code).toBe('CONSISTENCY_FAILED');
  });

  test('entry(): a flipped entry byte is LEAF_HASH_MISMATCH', async () => {
    const edit = (body: unknown) => ({ ...(body as object), entry: flipBase64((body as { entry: string }).entry, -1) });
    expect((await refusal('/v1/entries/1', edit, (c) => c.entry(1), false)).code).toBe('LEAF_HASH_MISMATCH');
  });

  test('entry(): a flipped hash of its inclusion proof is INCLUSION_FAILED', async () => {
    const edit = (body: unknown) => {
      const b = body as { proof: { hashes: string[] } };
      return { ...b, proof: { ...b.proof, hashes: b.proof.hashes.map((h, i) => (i === 0 ? flipBase64(h) : h)) } };
    };
    expect((await refusal('/v1/entries/1', edit, (c) => c.entry(1), false)).code).toBe('INCLUSION_FAILED');
  });

  test('entry(): its checkpoint signed by another key with the same name is UNKNOWN_KEY', async () => {
    const edit = (body: unknown) => ({ ...(body as object), checkpoint: resignWithOtherKey((body as { checkpoint: string }).checkpoint) });
    expect((await refusal('/v1/entries/1', edit, (c) => c.entry(1), false)).code).toBe('UNKNOWN_KEY');
  });

  test('entries(): a flipped entry byte in a range is LEAF_HASH_MISMATCH', async () => {
    const edit = (body: unknown) => {
      const b = body as { entries: Array<{ entry: string }> };
      return { ...b, entries: b.entries.map((e, i) => (i === 1 ? { ...e, entry: flipBase64(e.entry, -1) } : e)) };
    };
    expect((await refusal('/v1/entries?', edit, (c) => c.entries(0, 3), false)).code).toBe('LEAF_HASH_MISMATCH');
  });

  test('entries(): a range with an entry left out is FIELD_MISMATCH', async () => {
    const edit = (body: unknown) => {
      const b = body as { entries: unknown[] };
      return { ...b, entries: b.entries.slice(1) };
    };
    expect((await refusal('/v1/entries?', edit, (c) => c.entries(0, 3), false)).code).toBe('FIELD_MISMATCH');
  });
});
