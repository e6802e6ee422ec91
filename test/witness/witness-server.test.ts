/**
 * `cairn witness` in-process over a real socket and a real LevelDB folder, fed checkpoints of
 * real trees with real consistency proofs: the happy path and every refusal, concurrency on one
 * origin, restarts, and the start-time rules for known logs.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { EMPTY_ROOT } from '../../merkle/index.js';
import { encodeBase64, parseCosignatureVerifierKey, parseNote, verifyCheckpoint, verifyCosignatures } from '../../proofs/index.js';
import { MAX_ADD_CHECKPOINT_BODY, Witness, WitnessConfigError, WitnessState } from '../../server/witness/index.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { TestLog, addCheckpoint, startWitness, witnessKey, type RunningWitness } from './witness-fixture.js';

const dirs = new TempDirs();
const key = witnessKey();
let log: TestLog;
let other: TestLog;
let running: RunningWitness;
let dataDir: string;
let clock = 1_800_000_000;

beforeEach(async () => {
  dataDir = await dirs.make('cairn-witness-');
  log = new TestLog('example.com/log', 1);
  other = new TestLog('example.com/other', 2);
  running = await startWitness({ dataDir, key, logs: [log.verifierKey, other.verifierKey], now: () => clock });
});

afterEach(async () => {
  await running.stop();
  await dirs.cleanup();
});

/** Verifies a 200 body as a cosignature on the checkpoint at `size` and returns its time. */
function expectCosignature(body: string, size: number): number {
  const note = log.checkpoint(size) + body;
  const [c] = verifyCosignatures(note, [parseCosignatureVerifierKey(running.witness.verifierKey)]);
  expect(c).toBeDefined();
  // And under a policy, with the log key, through the client's verifyCheckpoint.
  const checked = verifyCheckpoint(note, log.verifierKey, { policy: `log ${log.verifierKey.text}\nwitness w ${running.witness.verifierKey}\nquorum w\n` });
  expect(checked.treeSize).toBe(size);
  return c!.timestamp;
}

describe('a log growing through the witness', () => {
  test('old 0 → 200; then each extension with its proof → 200; every line verifies', async () => {
    let old = 0;
    for (const size of [1, 2, 3, 7, 8, 64, 100, 1000]) {
      const answer = await addCheckpoint(running.url, log.body(old, size));
      expect([answer.status, answer.contentType]).toEqual([200, 'text/plain; charset=utf-8']);
      expect(answer.body).toMatch(/^\u2014 witness\.example [A-Za-z0-9+/]{102}==\n$/);
      expect(expectCosignature(answer.body, size)).toBe(clock);
      expect((await running.witness.cosignedTree(log.origin))?.treeSize).toBe(size);
      old = size;
      clock += 1;
    }
  });

  test('the same checkpoint again is re-signed with a fresh time (logs refresh unchanged heads)', async () => {
    expect((await addCheckpoint(running.url, log.body(0, 5))).status).toBe(200);
    clock += 600;
    const again = await addCheckpoint(running.url, log.body(5, 5));
    expect(again.status).toBe(200);
    expect(expectCosignature(again.body, 5)).toBe(clock);
  });

  test('a size-0 checkpoint with the empty root is cosigned', async () => {
    const answer = await addCheckpoint(running.url, log.body(0, 0));
    expect(answer.status).toBe(200);
  });

  test('logs are independent: another origin starts at 0', async () => {
    expect((await addCheckpoint(running.url, log.body(0, 10))).status).toBe(200);
    expect((await addCheckpoint(running.url, other.body(0, 3))).status).toBe(200);
    expect((await running.witness.cosignedTree(other.origin))?.treeSize).toBe(3);
  });

  test('a checkpoint with extension lines is cosigned over its whole body', async () => {
    const body = `${log.origin}\n4\n${encodeBase64(log.grow(4).root(4))}\nextension line\n`;
    const { signNote, createSigner } = await import('../../proofs/index.js');
    const note = signNote(body, [createSigner(log.key)]);
    const answer = await addCheckpoint(running.url, `old 0\n\n${note}`);
    expect(answer.status).toBe(200);
    expect(verifyCosignatures(note + answer.body, [parseCosignatureVerifierKey(running.witness.verifierKey)])).toHaveLength(1);
    expect(parseNote(note).text).toBe(body);
  });
});

describe('refusals (each leaves the stored tree as it was)', () => {
  beforeEach(async () => {
    expect((await addCheckpoint(running.url, log.body(0, 10))).status).toBe(200);
  });

  async function expectRefused(body: string | Uint8Array, status: number, code?: string): Promise<void> {
    const answer = await addCheckpoint(running.url, body);
    expect(answer.status).toBe(status);
    if (code !== undefined) {
      expect(answer.contentType).toBe('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status, code, type: expect.stringMatching(/^urn:cairn:problem:/), detail: expect.any(String) });
    }
    expect(await running.witness.cosignedTree(log.origin)).toEqual({ treeSize: 10, rootHash: log.root(10) });
  }

  test('stale old size → 409 with the stored size', async () => {
    const answer = await addCheckpoint(running.url, log.body(4, 12));
    expect([answer.status, answer.contentType, answer.body]).toEqual([409, 'text/x.tlog.size', '10\n']);
  });

  test('same size, another root (a fork) → 422', async () => {
    const fork = new TestLog(log.origin, 1, 'forked');
    await expectRefused(fork.body(10, 10), 422, 'INCONSISTENT_TREE');
  });

  test('a larger tree that does not extend the cosigned one → 422', async () => {
    const fork = new TestLog(log.origin, 1, 'forked');
    await expectRefused(
      `old 10\n${log
        .proof(10, 20)
        .map((h) => encodeBase64(h) + '\n')
        .join('')}\n${fork.checkpoint(20)}`,
      422,
      'INCONSISTENT_TREE',
    );
  });

  test('a proof with one hash too many → 422', async () => {
    await expectRefused(log.body(10, 20, [...log.proof(10, 20), new Uint8Array(32)]), 422, 'INCONSISTENT_TREE');
  });

  test('a proof with one hash missing → 422', async () => {
    await expectRefused(log.body(10, 20, log.proof(10, 20).slice(1)), 422, 'INCONSISTENT_TREE');
  });

  test('a non-empty proof from old 0 → 422 (on a fresh log)', async () => {
    const answer = await addCheckpoint(running.url, other.body(0, 4, [new Uint8Array(32)]));
    expect(answer.status).toBe(422);
    expect(await running.witness.cosignedTree(other.origin)).toBeUndefined();
  });

  test('a size-0 checkpoint with a root that is not SHA-256("") → 422 (on a fresh log)', async () => {
    const { signCheckpoint, createSigner } = await import('../../proofs/index.js');
    const note = signCheckpoint({ origin: other.origin, treeSize: 0, rootHash: new Uint8Array(32).fill(1) }, createSigner(other.key));
    expect(EMPTY_ROOT).not.toEqual(new Uint8Array(32).fill(1));
    expect((await addCheckpoint(running.url, `old 0\n\n${note}`)).status).toBe(422);
  });

  test('signed by another key under the log name → 403', async () => {
    const impostor = new TestLog(log.origin, 9);
    await expectRefused(impostor.body(10, 12), 403, 'NOT_SIGNED_BY_LOG');
  });

  test('the log signature stripped (note without signatures) → 400', async () => {
    const body = log.body(10, 12);
    await expectRefused(body.slice(0, body.lastIndexOf('\n\u2014')) + '\n', 400, 'MALFORMED_REQUEST');
  });

  test('unknown origin → 404', async () => {
    await expectRefused(new TestLog('example.com/unknown', 3).body(0, 1), 404, 'UNKNOWN_LOG');
  });

  test('old size with a leading zero → 400', async () => {
    await expectRefused(log.body(10, 12).replace(/^old 10/, 'old 010'), 400, 'MALFORMED_REQUEST');
  });

  test('a proof line that is not 32 bytes → 400', async () => {
    await expectRefused(`old 10\n${encodeBase64(new Uint8Array(31))}\n\n${log.checkpoint(12)}`, 400, 'MALFORMED_REQUEST');
  });

  test('64 proof lines → 400', async () => {
    await expectRefused(
      log.body(
        10,
        12,
        Array.from({ length: 64 }, () => new Uint8Array(32)),
      ),
      400,
      'MALFORMED_REQUEST',
    );
  });

  test('no blank line → 400', async () => {
    await expectRefused('old 10\n', 400, 'MALFORMED_REQUEST');
  });

  test('CRLF line endings → 400', async () => {
    await expectRefused(log.body(10, 12).replace(/\n/g, '\r\n'), 400, 'MALFORMED_REQUEST');
  });

  test('invalid UTF-8 in the note → 400', async () => {
    const body = new TextEncoder().encode(log.body(10, 12));
    const bytes = new Uint8Array([...body.slice(0, -2), 0xff, 0x0a]);
    await expectRefused(bytes, 400, 'MALFORMED_REQUEST');
  });

  test(`a body over ${MAX_ADD_CHECKPOINT_BODY} bytes → 413`, async () => {
    await expectRefused('#'.repeat(MAX_ADD_CHECKPOINT_BODY + 1), 413, 'BODY_TOO_LARGE');
  });

  test('GET /add-checkpoint → 405 with Allow: POST', async () => {
    const res = await fetch(`${running.url}/add-checkpoint`);
    expect([res.status, res.headers.get('allow'), res.headers.get('content-type')]).toEqual([405, 'POST', 'application/problem+json']);
  });

  test('an unknown path → 404 problem', async () => {
    const res = await fetch(`${running.url}/nothing`);
    expect([res.status, res.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
  });
});

describe('atomicity per origin', () => {
  test('two different trees of one size sent at once, each cosignable alone: exactly one is cosigned', async () => {
    // Both start from old 0 on a fresh log, both signed by its key: only the lock decides.
    const fork = new TestLog(other.origin, 2, 'forked');
    const answers = await Promise.all([addCheckpoint(running.url, other.body(0, 5)), addCheckpoint(running.url, fork.body(0, 5))]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers[0]!.status === 200 ? other : fork;
    expect(await running.witness.cosignedTree(other.origin)).toEqual({ treeSize: 5, rootHash: winner.root(5) });
    const loser = winner === other ? fork : other;
    // The loser can never be cosigned at that size afterwards.
    expect((await addCheckpoint(running.url, loser.body(5, 5))).status).toBe(422);
  });

  test('N racing extensions from the same old size: one 200, the rest 409 with its size', async () => {
    expect((await addCheckpoint(running.url, log.body(0, 10))).status).toBe(200);
    const sizes = [11, 12, 13, 14, 15, 16, 17, 18];
    const answers = await Promise.all(sizes.map((s) => addCheckpoint(running.url, log.body(10, s))));
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    const stored = (await running.witness.cosignedTree(log.origin))!.treeSize;
    for (const a of answers.filter((x) => x.status !== 200)) expect([a.status, a.body]).toEqual([409, `${stored}\n`]);
  });
});

describe('a failed state write (injected: a disk error cannot be produced on demand)', () => {
  test('answers 503 with no cosignature, and the next request still sees the old tree', async () => {
    expect((await addCheckpoint(running.url, log.body(0, 10))).status).toBe(200);
    const write = jest.spyOn(WitnessState.prototype, 'setCosignedTree').mockRejectedValueOnce(new Error('EIO: i/o error'));
    try {
      const answer = await addCheckpoint(running.url, log.body(10, 20));
      expect([answer.status, answer.contentType]).toEqual([503, 'application/problem+json']);
      expect(answer.body).not.toContain('\u2014');
      expect(await running.witness.cosignedTree(log.origin)).toEqual({ treeSize: 10, rootHash: log.root(10) });
      expect((await addCheckpoint(running.url, log.body(10, 20))).status).toBe(200);
    } finally {
      write.mockRestore();
    }
  });
});

describe('restarts and known logs', () => {
  test('the cosigned tree survives a restart', async () => {
    expect((await addCheckpoint(running.url, log.body(0, 10))).status).toBe(200);
    await running.stop();
    running = await startWitness({ dataDir, key, logs: [], now: () => clock });
    const answer = await addCheckpoint(running.url, log.body(0, 12));
    expect([answer.status, answer.body]).toEqual([409, '10\n']);
    // The log is still known though no --log named it this time.
    expect(running.witness.knownLogs().map((l) => l.origin)).toEqual([log.origin, other.origin]);
  });

  test('a different key for a known origin is refused at start, with a sentence', async () => {
    await running.stop();
    const rekeyed = new TestLog(log.origin, 42);
    const opening = startWitness({ dataDir, key, logs: [rekeyed.verifierKey] });
    await expect(opening).rejects.toThrow(WitnessConfigError);
    await expect(opening).rejects.toThrow(/never re-keyed/);
    running = await startWitness({ dataDir, key, logs: [] });
  });

  test("a log key equal to the witness's own key is refused", async () => {
    await running.stop();
    const dir = await dirs.make('cairn-witness-');
    const self = new TestLog('witness.example', 77);
    await expect(Witness.open({ dataDir: dir, signerKey: key, logs: [self.verifierKey] })).rejects.toThrow(/own key/);
    running = await startWitness({ dataDir, key, logs: [] });
  });

  test('a second witness on the same folder is refused (LevelDB lock)', async () => {
    await expect(Witness.open({ dataDir, signerKey: key, logs: [] })).rejects.toThrow(/in use by another process/);
  });
});
