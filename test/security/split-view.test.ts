/**
 * What a receipt proves and what it does not (SECURITY.md "What a receipt proves"): an operator
 * who holds the signing key can run two data folders with it (or restore the key without its
 * data) and show each person a different history. Each receipt from either view verifies on its
 * own with the log's verifier key: a receipt cannot reveal a split view. Only someone who sees
 * checkpoints from both views can, because no consistency proof links them; that is what
 * monitors do for the checkpoints they see, and what gossip and witnesses (planned: C2SP
 * tlog-witness) do for everyone.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  VerificationError,
  decodeBase64,
  generateSignerKey,
  verifyCheckpoint,
  verifyConsistency,
  verifyReceipt,
  type Checkpoint,
  type ReceiptJson,
} from '../../proofs/index.js';
import { TEST_ORIGIN, startTestServer, type TestServer } from '../helpers/server.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temp = new TempDirs();
let viewA: TestServer;
let viewB: TestServer;
let verifierKey: string;

async function append(s: TestServer, payload: string): Promise<ReceiptJson> {
  const res = await fetch(`${s.url}/v1/entries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.writerToken}`, 'content-type': 'text/plain' },
    body: payload,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as ReceiptJson;
}

async function checkpointOf(s: TestServer): Promise<Checkpoint> {
  return verifyCheckpoint(await (await fetch(`${s.url}/checkpoint`)).text(), verifierKey);
}

beforeAll(async () => {
  // One key, two folders: what an operator gets by restoring signer.key without its data, or
  // by running a second copy on purpose. The server cannot tell: a key file for a new folder is
  // also how every operator-provided key starts its log.
  const key = generateSignerKey(TEST_ORIGIN);
  const keyFile = join(await temp.make('cairn-key-'), 'signer.key');
  await writeFile(keyFile, `${key.text}\n`, { mode: 0o600 });
  viewA = await startTestServer({ config: { keyFile } });
  viewB = await startTestServer({ config: { keyFile } });
  verifierKey = viewA.log.verifierKey.text;
  expect(viewB.log.verifierKey.text).toBe(verifierKey);
});

afterAll(async () => {
  await viewA.stop();
  await viewB.stop();
  await temp.cleanup();
});

describe('a split view: one key, two histories', () => {
  test("each view's receipt for entry 0 verifies on its own with the same verifier key", async () => {
    const a = verifyReceipt(await append(viewA, 'alice paid 10'), verifierKey);
    const b = verifyReceipt(await append(viewB, 'alice paid 1000'), verifierKey);
    expect(a.index).toBe(0);
    expect(b.index).toBe(0);
    expect(Buffer.from(a.payload).toString()).toBe('alice paid 10');
    expect(Buffer.from(b.payload).toString()).toBe('alice paid 1000');
    // Same origin, same size, same key, different trees.
    expect(a.checkpoint.origin).toBe(b.checkpoint.origin);
    expect(a.checkpoint.treeSize).toBe(b.checkpoint.treeSize);
    expect(Buffer.from(a.checkpoint.rootHash).equals(Buffer.from(b.checkpoint.rootHash))).toBe(false);
  });

  test('someone who sees both checkpoints of one size detects the fork: they cannot be consistent', async () => {
    const a = await checkpointOf(viewA);
    const b = await checkpointOf(viewB);
    expect(a.treeSize).toBe(b.treeSize);
    expect(() => verifyConsistency(a.treeSize, b.treeSize, a.rootHash, b.rootHash, [])).toThrow(VerificationError);
  });

  test("a monitor that trusted view B rejects view A's later checkpoint: no proof links them", async () => {
    const trusted = await checkpointOf(viewB);
    await append(viewA, 'another event');
    const later = await checkpointOf(viewA);
    expect(later.treeSize).toBeGreaterThan(trusted.treeSize);
    const res = await fetch(`${viewA.url}/v1/proof/consistency?from=${trusted.treeSize}&to=${later.treeSize}`);
    const { hashes } = (await res.json()) as { hashes: string[] };
    expect(() =>
      verifyConsistency(
        trusted.treeSize,
        later.treeSize,
        trusted.rootHash,
        later.rootHash,
        hashes.map((h) => decodeBase64(h)),
      ),
    ).toThrow(VerificationError);
  });

  test("within one view, every later checkpoint is provably consistent with the receipt's", async () => {
    const first = await append(viewB, 'b1');
    await append(viewB, 'b2');
    const older = verifyReceipt(first, verifierKey).checkpoint;
    const newer = await checkpointOf(viewB);
    const res = await fetch(`${viewB.url}/v1/proof/consistency?from=${older.treeSize}&to=${newer.treeSize}`);
    const { hashes } = (await res.json()) as { hashes: string[] };
    verifyConsistency(
      older.treeSize,
      newer.treeSize,
      older.rootHash,
      newer.rootHash,
      hashes.map((h) => decodeBase64(h)),
    );
  });
});
