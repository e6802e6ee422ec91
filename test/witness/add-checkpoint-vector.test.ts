/**
 * The shared add-checkpoint vector (transparency-dev/witness keys, notes and proof): Cairn's
 * witness, over a real socket with its clock fixed at 1767139200, answers the request byte for
 * byte, and each variant the vector's README names gets the status the spec requires, leaving
 * the stored state as it was.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { decodeBase64, encodeBase64, parseSignerKey, parseVerifierKey } from '../../proofs/index.js';
import { WitnessState } from '../../server/witness/index.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { readVectorText } from '../helpers/vectors.js';
import { addCheckpoint, startWitness, type RunningWitness } from './witness-fixture.js';

const DIR = 'witness/v3-add-checkpoint';
const request = readVectorText(`${DIR}/request.txt`);
const expected200 = readVectorText(`${DIR}/response-200-at-1767139200.txt`);
const logKey = parseVerifierKey(readVectorText(`${DIR}/log.vkey`).trim());
const key = parseSignerKey(readVectorText(`${DIR}/witness.skey`));
const stateBefore = readVectorText(`${DIR}/witness-state-before.txt`);
const SIZE_BEFORE = Number(/^size (\d+)$/m.exec(stateBefore)![1]);
const ROOT_BEFORE = decodeBase64(/^root (\S+)$/m.exec(stateBefore)![1]!);

const dirs = new TempDirs();
let running: RunningWitness;
let dataDir: string;

beforeEach(async () => {
  dataDir = await dirs.make('cairn-witness-');
  const state = await WitnessState.open(dataDir);
  await state.setCosignedTree('monkeys', { treeSize: SIZE_BEFORE, rootHash: ROOT_BEFORE });
  await state.close();
  running = await startWitness({ dataDir, key, logs: [logKey], now: () => 1767139200 });
});

afterEach(async () => {
  await running.stop();
  await dirs.cleanup();
});

async function expectStateUnchanged(): Promise<void> {
  const tree = await running.witness.cosignedTree('monkeys');
  expect(tree).toEqual({ treeSize: SIZE_BEFORE, rootHash: ROOT_BEFORE });
}

describe('V3 add-checkpoint', () => {
  test('200 with exactly the expected cosignature line, and the state moves to size 8', async () => {
    const answer = await addCheckpoint(running.url, request);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(expected200);
    expect(await running.witness.cosignedTree('monkeys')).toEqual({ treeSize: 8, rootHash: decodeBase64('V8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=') });
    // Sending it again (old 5 is now stale) gets a 409 with the new size.
    const again = await addCheckpoint(running.url, request);
    expect([again.status, again.contentType, again.body]).toEqual([409, 'text/x.tlog.size', '8\n']);
  });

  test('old 0 → 409 text/x.tlog.size "5\\n"', async () => {
    const body = request.replace(/^old 5\n(?:[A-Za-z0-9+/=]+\n)*\n/, 'old 0\n\n');
    const answer = await addCheckpoint(running.url, body);
    expect([answer.status, answer.contentType, answer.body]).toEqual([409, 'text/x.tlog.size', '5\n']);
    await expectStateUnchanged();
  });

  test('old 8 → 409 "5\\n"', async () => {
    const body = request.replace(/^old 5\n(?:[A-Za-z0-9+/=]+\n)*\n/, 'old 8\n\n');
    const answer = await addCheckpoint(running.url, body);
    expect([answer.status, answer.contentType, answer.body]).toEqual([409, 'text/x.tlog.size', '5\n']);
    await expectStateUnchanged();
  });

  test('old 9 (above the checkpoint size) → 400', async () => {
    const answer = await addCheckpoint(running.url, request.replace(/^old 5\n/, 'old 9\n'));
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    await expectStateUnchanged();
  });

  test('one flipped byte in a proof line → 422', async () => {
    const lines = request.split('\n');
    const hash = decodeBase64(lines[2]!);
    hash[0]! ^= 0x01;
    lines[2] = encodeBase64(hash);
    const answer = await addCheckpoint(running.url, lines.join('\n'));
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 422, code: 'INCONSISTENT_TREE' });
    await expectStateUnchanged();
  });

  test('one flipped bit in the "— monkeys" signature → 403', async () => {
    const prefix = '\u2014 monkeys ';
    const start = request.indexOf(prefix) + prefix.length;
    const sig = decodeBase64(request.slice(start).trimEnd());
    sig[20]! ^= 0x01;
    const answer = await addCheckpoint(running.url, request.slice(0, start) + encodeBase64(sig) + '\n');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 403, code: 'NOT_SIGNED_BY_LOG' });
    await expectStateUnchanged();
  });

  test('an unknown origin ("bananas") → 404', async () => {
    const answer = await addCheckpoint(running.url, request.replace('\nmonkeys\n8\n', '\nbananas\n8\n'));
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 404, code: 'UNKNOWN_LOG' });
    await expectStateUnchanged();
  });

  test('GET /v1/witness names the witness, its 0x04 verifier key and the log', async () => {
    const res = await fetch(`${running.url}/v1/witness`);
    expect(await res.json()).toEqual({
      name: 'witness',
      verifierKey: readVectorText(`${DIR}/witness-cosignature.vkey`).trim(),
      logs: [{ origin: 'monkeys', verifierKey: logKey.text }],
    });
  });
});
