/**
 * `cairn verify` (SPEC §7): receipts from a real server verify offline and are summarised (or
 * printed as JSON); every kind of tampering exits 1 with its own reason; a bad command line
 * exits 2. Run in-process with captured output (runCli); the child-process run is in
 * append.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { CairnClient, type ReceiptJson } from '../../../client/index.js';
import { receiptToProto } from '../../../proofs/index.js';
import type { CommandIo } from '../../../server/cli/command.js';
import { runCli } from '../../../server/cli/main.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import {
  otherKeyOfSameName,
  tamperCheckpointSize,
  tamperEntryByte,
  tamperIndex,
  tamperOtherKey,
  tamperPayload,
  tamperProofHash,
  tamperProofIndex,
  tamperSignature,
} from '../../client/tamper.js';
import { verifierKeyOf } from '../../../proofs/index.js';

const temps = new TempDirs();
let server: TestServer;
let vkey: string;
let dir: string;
let text: ReceiptJson;
let binary: ReceiptJson;
let multiline: ReceiptJson;
let hostile: ReceiptJson;

beforeAll(async () => {
  server = await startTestServer();
  vkey = server.log.verifierKey.text;
  dir = await temps.make();
  const client = new CairnClient(server.url, { token: server.writerToken, verifierKey: vkey });
  await client.append('first, so that proofs have hashes');
  text = (await client.append('{"user":"alice","action":"login"}', { contentType: 'application/json', occurredAt: '2026-01-31T12:00:00.123456789Z' })).receipt;
  binary = (await client.append(Uint8Array.from([0, 1, 2, 0xff]))).receipt;
  multiline = (await client.append('line one\nline two\n')).receipt;
  hostile = (await client.append('look \x1b[2J cleared')).receipt;
});
afterAll(async () => {
  await server.stop();
  await temps.cleanup();
});

/** Runs `cairn <args>` in-process with `stdin` and only the given environment. */
async function cairn(args: string[], options: { stdin?: string | Uint8Array; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const input = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array(0));
  const io: CommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: async () => input,
    env: options.env ?? {},
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Verifies `receipt` from stdin; returns the exit code and the stderr. */
async function verify(receipt: ReceiptJson | string, key = vkey) {
  return cairn(['verify', '--vkey', key], { stdin: typeof receipt === 'string' ? receipt : JSON.stringify(receipt) });
}

describe('a genuine receipt', () => {
  test('exits 0 with the summary: index, time with nanoseconds, submitter, type, event time, event, size, origin', async () => {
    const { code, stdout, stderr } = await cairn(['verify', '--vkey', vkey, await file('text.json', JSON.stringify(text))]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^OK: the receipt verifies/);
    expect(stdout).toContain(`index:         ${text.index}\n`);
    expect(stdout).toContain(`recorded at:   ${text.timestamp}\n`);
    expect(text.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(stdout).toContain('submitter:     default\n');
    expect(stdout).toContain('content type:  application/json\n');
    expect(stdout).toContain('occurred at:   2026-01-31T12:00:00.123456789Z\n');
    expect(stdout).toContain('event:         {"user":"alice","action":"login"}\n');
    expect(stdout).toContain(`tree size:     ${text.treeSize}\n`);
    expect(stdout).toContain(`origin:        ${server.log.origin}\n`);
  });

  test('a binary event is shown by its size and SHA-256, no occurred-at line when not given', async () => {
    const { code, stdout } = await verify(binary);
    expect(code).toBe(0);
    const digest = createHash('sha256')
      .update(Uint8Array.from([0, 1, 2, 0xff]))
      .digest('hex');
    expect(stdout).toContain(`event:         (not text) 4 bytes, SHA-256 ${digest}\n`);
    expect(stdout).not.toContain('occurred at');
  });

  test('a multi-line text event is printed below the summary, indented', async () => {
    const { code, stdout } = await verify(multiline);
    expect(code).toBe(0);
    expect(stdout).toContain('event:         (18 bytes of text, below)\n');
    expect(stdout.endsWith('\n    line one\n    line two\n')).toBe(true);
  });

  test('text with a terminal escape sequence is not printed as text', async () => {
    const { code, stdout } = await verify(hostile);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\x1b');
    expect(stdout).toContain('(not text)');
  });

  test('--json prints the decoded entry and what the receipt proves', async () => {
    const { code, stdout } = await cairn(['verify', '--vkey', vkey, '--json', '-'], { stdin: JSON.stringify(text) });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      verified: true,
      origin: server.log.origin,
      index: text.index,
      treeSize: text.treeSize,
      leafHash: text.leafHash,
      payload: text.payload,
      payloadText: '{"user":"alice","action":"login"}',
      entry: {
        timestamp: text.timestamp,
        submitter: 'default',
        contentType: 'application/json',
        occurredAt: '2026-01-31T12:00:00.123456789Z',
        payloadSize: 33,
      },
    });
    expect(stdout.endsWith('}\n')).toBe(true);
  });

  test('--vkey may name a file holding the key (with its newline), or come from CAIRN_VKEY', async () => {
    const keyFile = await file('log.vkey', `${vkey}\n`);
    expect((await cairn(['verify', '--vkey', keyFile], { stdin: JSON.stringify(text) })).code).toBe(0);
    expect((await cairn(['verify'], { stdin: JSON.stringify(text), env: { CAIRN_VKEY: vkey } })).code).toBe(0);
  });

  test('the protobuf receipt verifies too', async () => {
    const { code, stdout } = await cairn(['verify', '--vkey', vkey, await file('text.pb', receiptToProto(text))]);
    expect(code).toBe(0);
    expect(stdout).toContain(`index:         ${text.index}\n`);
  });
});

describe('each kind of tampering exits 1 with its own reason', () => {
  const reasons = new Map<string, string>();

  async function refused(name: string, receipt: ReceiptJson | string, expected: RegExp, key = vkey): Promise<void> {
    const { code, stdout, stderr } = await verify(receipt, key);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^cairn verify: FAILED: /);
    expect(stderr).toMatch(expected);
    reasons.set(name, stderr.split(' (')[0]!);
  }

  test('a flipped entry byte: leaf hash does not match the entry', async () => {
    await refused('entry', tamperEntryByte(text), /leaf hash does not match the entry.*LEAF_HASH_MISMATCH/);
  });

  test('a flipped proof hash: proof does not verify', async () => {
    await refused('proof', tamperProofHash(text), /proof does not verify: .*INCLUSION_FAILED/);
  });

  test('a changed tree size in the checkpoint: bad signature', async () => {
    await refused('checkpoint size', tamperCheckpointSize(text), /bad signature: .*BAD_SIGNATURE/);
  });

  test('a flipped signature bit: bad signature', async () => {
    await refused('signature', tamperSignature(text), /bad signature: .*BAD_SIGNATURE/);
  });

  test('a changed index: fields disagree with the signed evidence', async () => {
    await refused('index', tamperIndex(text), /receipt fields disagree with the signed evidence .*FIELD_MISMATCH/);
  });

  test('a changed index in the receipt and its proof: proof does not verify', async () => {
    await refused('proof index', tamperProofIndex(text, text.index - 1), /proof does not verify: .*(INCLUSION_FAILED|MALFORMED_PROOF)/);
  });

  test('the checkpoint signed by another key with the same name: wrong key', async () => {
    await refused('other signer', tamperOtherKey(text), /wrong key: .*UNKNOWN_KEY/);
  });

  test('verified with another key of the same name: wrong key', async () => {
    const impostor = verifierKeyOf(otherKeyOfSameName(server.log.origin));
    await refused('other vkey', text, /wrong key: .*UNKNOWN_KEY/, impostor);
  });

  test('a flipped payload bit: commitment does not open', async () => {
    await refused('payload', tamperPayload(text), /commitment does not open: .*COMMITMENT_MISMATCH/);
  });

  test('not a receipt: malformed receipt', async () => {
    await refused('malformed', '{"index": 1}', /malformed receipt .*MALFORMED_RECEIPT/);
  });

  test('not JSON: malformed receipt', async () => {
    await refused('not json', '{"index": 1', /malformed receipt .*MALFORMED_RECEIPT/);
  });

  test('--json prints the failure with its code', async () => {
    const { code, stdout } = await cairn(['verify', '--vkey', vkey, '--json'], { stdin: JSON.stringify(tamperProofHash(text)) });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ verified: false, code: 'INCLUSION_FAILED', reason: expect.stringMatching(/^proof does not verify/) });
  });

  test('entry, proof, signature, index, key, payload and format failures each have their own message', () => {
    const distinct = new Set([
      reasons.get('entry'),
      reasons.get('proof'),
      reasons.get('signature'),
      reasons.get('index'),
      reasons.get('other signer'),
      reasons.get('payload'),
      reasons.get('malformed'),
    ]);
    expect(distinct.size).toBe(7);
  });
});

describe('the command line', () => {
  test('without --vkey: exit 2 and the usage', async () => {
    const { code, stderr } = await cairn(['verify'], { stdin: JSON.stringify(text) });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--vkey is required/);
    expect(stderr).toMatch(/Usage: cairn verify/);
  });

  test('a --vkey that is neither a key nor a file: exit 2', async () => {
    const { code, stderr } = await cairn(['verify', '--vkey', 'no-such-key'], { stdin: JSON.stringify(text) });
    expect(code).toBe(2);
    expect(stderr).toMatch(/neither a verifier key/);
  });

  test('a receipt file that does not exist: exit 2', async () => {
    const { code, stderr } = await cairn(['verify', '--vkey', vkey, join(dir, 'missing.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read the receipt file .*ENOENT/);
  });

  test('an empty input: exit 1, malformed receipt', async () => {
    const { code, stderr } = await cairn(['verify', '--vkey', vkey], { stdin: '' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/malformed receipt/);
  });
});
