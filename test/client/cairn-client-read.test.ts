/**
 * CairnClient reads against a real server (SPEC §5, §8): the verified checkpoint, inclusion and
 * consistency proofs verified against checkpoints (and raw without), single entries with their
 * verified proof, ranges of entries, and the log's description.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CairnClient, CairnHttpError, VerificationError, leafHash, verifyConsistency, verifyInclusion, type AppendedEvent } from '../../client/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let vkey: string;
let appended: AppendedEvent[];
let readerToken: string;
beforeAll(async () => {
  server = await startTestServer();
  vkey = server.log.verifierKey.text;
  const writer = new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey });
  appended = await writer.appendBatch(Array.from({ length: 10 }, (_, i) => ({ payload: `{"n":${i}}`, contentType: 'application/json' })));
  readerToken = await server.addToken('reader', 'reader');
});
afterAll(() => server.stop());

const reader = (options: ConstructorParameters<typeof CairnClient>[1] = {}) => new CairnClient(server.url, { verifierKey: vkey, ...options });

describe('checkpoint', () => {
  test('returns the verified latest checkpoint with its note', async () => {
    const cp = await reader().checkpoint();
    expect(cp.origin).toBe(server.log.origin);
    expect(cp.treeSize).toBe(10);
    expect(cp.rootHash).toEqual(server.log.checkpoint.rootHash);
    expect(cp.note).toBe(server.log.checkpoint.note);
  });
});

describe('inclusionProof', () => {
  test('by index against a checkpoint: verified, and the leaf hash is the receipt leaf hash', async () => {
    const client = reader();
    const cp = await client.checkpoint();
    const proof = await client.inclusionProof(3, cp);
    expect(proof.checkpoint?.treeSize).toBe(10);
    expect(proof.index).toBe(3);
    expect(proof.leafHash).toEqual(appended[3]!.verified.leafHash);
    expect(() => verifyInclusion(proof.leafHash, 3, 10, proof.hashes, cp.rootHash)).not.toThrow();
  });

  test('by leaf hash against a checkpoint: verified', async () => {
    const client = reader();
    const cp = await client.checkpoint();
    const hash = leafHash(appended[7]!.verified.entryBytes);
    const proof = await client.inclusionProof(hash, cp);
    expect(proof.index).toBe(7);
    expect(proof.checkpoint).toBeDefined();
  });

  test('by index at a size: raw hashes and sizes, no checkpoint', async () => {
    const proof = await new CairnClient(server.url).inclusionProof(2, 5);
    expect(proof.treeSize).toBe(5);
    expect(proof.checkpoint).toBeUndefined();
    expect(proof.hashes.every((h) => h instanceof Uint8Array && h.length === 32)).toBe(true);
  });

  test('an index beyond the tree is the server 400 INVALID_PARAMETER', async () => {
    const err = (await reader()
      .inclusionProof(99)
      .catch((e: unknown) => e)) as CairnHttpError;
    expect(err).toBeInstanceOf(CairnHttpError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('INVALID_PARAMETER');
  });

  test('a checkpoint of another log is refused before anything is sent: ORIGIN_MISMATCH', async () => {
    const other = await startTestServer({ config: { origin: 'other.example/log' } });
    try {
      const foreign = await new CairnClient(other.url, { verifierKey: other.log.verifierKey.text }).checkpoint();
      const err = await reader()
        .inclusionProof(0, foreign)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VerificationError);
      expect((err as VerificationError).code).toBe('ORIGIN_MISMATCH');
    } finally {
      await other.stop();
    }
  });
});

describe('consistencyProof', () => {
  test('from an older checkpoint to the latest (fetched and verified by the client)', async () => {
    const client = new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey });
    const older = await client.checkpoint();
    await client.append('one more');
    const proof = await client.consistencyProof(older);
    expect(proof.checkpoints?.from.treeSize).toBe(older.treeSize);
    expect(proof.checkpoints?.to.treeSize).toBe(proof.to);
    expect(proof.to).toBeGreaterThan(older.treeSize);
  });

  test('between two numbers: raw', async () => {
    const proof = await reader().consistencyProof(3, 9);
    expect(proof).toMatchObject({ from: 3, to: 9, checkpoints: undefined });
    expect(proof.hashes.length).toBeGreaterThan(0);
  });

  test('from the same checkpoint to itself: an empty proof, verified', async () => {
    const client = reader();
    const cp = await client.checkpoint();
    const proof = await client.consistencyProof(cp, cp);
    expect(proof.hashes).toEqual([]);
    expect(proof.checkpoints).toBeDefined();
  });

  test('a checkpoint object whose numbers were edited is re-verified from its note', async () => {
    const client = reader();
    const cp = await client.checkpoint();
    const proof = await client.consistencyProof({ ...cp, treeSize: 2 }, cp);
    // The note says the real size; the edited number is ignored.
    expect(proof.from).toBe(cp.treeSize);
  });

  test('from > to is refused before anything is sent', async () => {
    await expect(reader().consistencyProof(9, 3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('raw proofs verify against the roots of verified checkpoints', async () => {
    const client = new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey });
    const a = await client.checkpoint();
    await client.append('grow');
    const b = await client.checkpoint();
    const proof = await client.consistencyProof(a.treeSize, b.treeSize);
    expect(() => verifyConsistency(a.treeSize, b.treeSize, a.rootHash, b.rootHash, proof.hashes)).not.toThrow();
  });
});

describe('entry and entries', () => {
  test('entry(): the leaf, decoded by the client, with its proof verified against the signed checkpoint', async () => {
    const e = await reader().entry(4);
    expect(e.index).toBe(4);
    expect(e.entryBytes).toEqual(appended[4]!.verified.entryBytes);
    expect(e.entry.timestamp).toBe(appended[4]!.verified.entry.timestamp);
    expect(e.entry.contentType).toBe('application/json');
    expect(e.checkpoint?.origin).toBe(server.log.origin);
    expect(e.payload).toBeUndefined();
  });

  test('entry() with a reader token: the payload and nonce, checked against the commitment', async () => {
    const e = await reader({ token: readerToken }).entry(4);
    expect(new TextDecoder().decode(e.payload)).toBe('{"n":4}');
    expect(e.nonce).toEqual(appended[4]!.verified.nonce);
  });

  test('entry() without a key refuses unless verify: false', async () => {
    const client = new CairnClient(server.url);
    await expect(client.entry(1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const e = await client.entry(1, { verify: false });
    expect(e.checkpoint).toBeUndefined();
    expect(e.leafHash).toEqual(appended[1]!.verified.leafHash);
  });

  test('entry() of an index beyond the tree is the server 404', async () => {
    const err = (await reader()
      .entry(500)
      .catch((e: unknown) => e)) as CairnHttpError;
    expect(err.status).toBe(404);
    expect(err.code).toBe('NOT_FOUND');
  });

  test('entries(): a range, each leaf checked against its leaf hash, needs no key', async () => {
    const range = await new CairnClient(server.url).entries(2, 6);
    expect(range.start).toBe(2);
    expect(range.end).toBe(6);
    expect(range.entries.map((e) => e.index)).toEqual([2, 3, 4, 5]);
    expect(range.entries.map((e) => e.leafHash)).toEqual(appended.slice(2, 6).map((a) => a.verified.leafHash));
  });

  test('entries(): a range past the end is truncated to the tree', async () => {
    const size = (await reader().checkpoint()).treeSize;
    const range = await reader().entries(size - 2, size + 50);
    expect(range.end).toBe(size);
    expect(range.entries).toHaveLength(2);
  });
});

describe('log', () => {
  test('the description: origin, verifier key, size and limits', async () => {
    const info = await reader().log();
    expect(info.origin).toBe(server.log.origin);
    expect(info.verifierKey).toBe(vkey);
    expect(info.treeSize).toBe(server.log.checkpoint.treeSize);
    expect(info.limits.maxBatchEntries).toBeGreaterThan(0);
  });
});
