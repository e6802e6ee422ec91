/**
 * `cairn append` (SPEC §7) against a real server: one event from stdin or a file, the receipt
 * printed as the server's JSON object, verified first with --vkey; refusals exit 1 with the
 * problem's detail; a bad command line exits 2. Then append and verify end to end as the real
 * ./bin/cairn child processes against a real `cairn serve`, tampering included.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatTimestamp, verifyReceipt, type ReceiptJson } from '../../../client/index.js';
import type { CommandIo } from '../../../server/cli/command.js';
import { runCli } from '../../../server/cli/main.js';
import { killAllServers, runCairn, startServer } from '../../helpers/cli.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { answerJson, jsonAnswer, startProxy } from '../../client/proxy.js';
import { tamperEntryByte, tamperOtherKey, tamperProofHash, tamperSignature } from '../../client/tamper.js';

const temps = new TempDirs();
let server: TestServer;
let vkey: string;
beforeAll(async () => {
  server = await startTestServer();
  vkey = server.log.verifierKey.text;
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

const writerArgs = () => ['--url', server.url, '--token', server.writerToken];

describe('cairn append (in-process)', () => {
  test('appends stdin byte for byte and prints the receipt as one JSON line, a note on stderr', async () => {
    const { code, stdout, stderr } = await cairn(['append', ...writerArgs(), '--content-type', 'application/json'], { stdin: '{"user":"alice"}\n' });
    expect(code).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    expect(stdout.split('\n')).toHaveLength(2);
    const receipt = JSON.parse(stdout) as ReceiptJson;
    expect(Object.keys(receipt)).toEqual(['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'payload', 'nonce', 'proof']);
    const v = verifyReceipt(receipt, vkey);
    expect(new TextDecoder().decode(v.payload)).toBe('{"user":"alice"}\n');
    expect(v.entry.contentType).toBe('application/json');
    expect(stderr).toMatch(/not verified \(no --vkey\)/);
  });

  test('reads a file, takes --event-time and CAIRN_URL / CAIRN_TOKEN / CAIRN_VKEY, and verifies silently', async () => {
    const dir = await temps.make();
    const path = join(dir, 'event.bin');
    await writeFile(path, Uint8Array.from([1, 2, 3, 0]));
    const env = { CAIRN_URL: server.url, CAIRN_TOKEN: server.writerToken, CAIRN_VKEY: vkey };
    const { code, stdout, stderr } = await cairn(['append', '--event-time', '2026-02-01T08:00:00.000000001Z', path], { env });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const v = verifyReceipt(stdout, vkey);
    expect(v.payload).toEqual(Uint8Array.from([1, 2, 3, 0]));
    expect(v.entry.contentType).toBe('application/octet-stream');
    expect(formatTimestamp(v.entry.occurredAt)).toBe('2026-02-01T08:00:00.000000001Z');
  });

  test('the same --idempotency-key prints the original receipt again', async () => {
    const args = ['append', ...writerArgs(), '--vkey', vkey, '--idempotency-key', 'cli-key-1', '-'];
    const first = await cairn(args, { stdin: 'once' });
    const second = await cairn(args, { stdin: 'once' });
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  test('a refusal exits 1 with the problem detail, nothing on stdout', async () => {
    const { code, stdout, stderr } = await cairn(['append', '--url', server.url, '--token', 'cairn_000000000000_nope'], { stdin: 'x' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^cairn append: the log refused the event \(HTTP 401 UNAUTHENTICATED\): The bearer token is unknown or revoked/);
  });

  test('an empty event is refused by the log: exit 1 with its detail', async () => {
    const { code, stderr } = await cairn(['append', ...writerArgs()], { stdin: '' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/HTTP 400 MALFORMED_REQUEST.*empty/);
  });

  test('--json prints a refusal as JSON with the problem', async () => {
    const { code, stdout } = await cairn(['append', '--url', server.url, '--token', 'cairn_000000000000_nope', '--json'], { stdin: 'x' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ status: 401, problem: { code: 'UNAUTHENTICATED' } });
  });

  test('an unreachable log exits 1 with NETWORK_ERROR', async () => {
    const { code, stderr } = await cairn(['append', '--url', 'http://127.0.0.1:1', '--token', 't'], { stdin: 'x' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot reach .*NETWORK_ERROR, after 4 attempts/);
  });

  test('with --vkey, a tampered receipt is refused and not printed: exit 1', async () => {
    const proxy = await startProxy(server.url, async (_req, forward) => {
      const real = await forward();
      return real.status === 201 ? jsonAnswer(201, tamperProofHash(answerJson(real) as ReceiptJson)) : real;
    });
    try {
      await cairn(['append', ...writerArgs()], { stdin: 'grow the tree first' });
      const { code, stdout, stderr } = await cairn(['append', '--url', proxy.url, '--token', server.writerToken, '--vkey', vkey], { stdin: 'x' });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/does not verify, so it was not printed: proof does not verify.*INCLUSION_FAILED/);
    } finally {
      await proxy.close();
    }
  });

  test('without --url: exit 2 and the usage', async () => {
    const { code, stderr } = await cairn(['append', '--token', 't'], { stdin: 'x' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--url is required \(or set CAIRN_URL\)/);
  });

  test('without --token: exit 2', async () => {
    const { code, stderr } = await cairn(['append', '--url', server.url], { stdin: 'x' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--token is required/);
  });

  test('a malformed --event-time: exit 2, nothing appended', async () => {
    const before = server.log.checkpoint.treeSize;
    const { code, stderr } = await cairn(['append', ...writerArgs(), '--event-time', 'yesterday'], { stdin: 'x' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--event-time must be an RFC 3339 time/);
    expect(server.log.checkpoint.treeSize).toBe(before);
  });

  test('a missing event file: exit 2', async () => {
    const { code, stderr } = await cairn(['append', ...writerArgs(), '/nonexistent/event.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read the event file/);
  });
});

describe('./bin/cairn append then verify, as child processes against cairn serve', () => {
  afterEach(() => killAllServers());

  test('append then verify exits 0; tampered receipts exit 1 with their reasons', async () => {
    const dataDir = await temps.make('cairn-cli-append-');
    const serve = await startServer(dataDir);
    try {
      const env = { CAIRN_URL: serve.url, CAIRN_TOKEN: serve.token! };
      const first = await runCairn(['append', '--content-type', 'application/json', '--vkey', serve.verifierKey], { env, input: '{"event":"first"}' });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const appended = await runCairn(['append', '--event-time', '2026-03-04T05:06:07.089Z'], { env, input: 'the second event' });
      expect(appended.code).toBe(0);
      const receipt = JSON.parse(appended.stdout) as ReceiptJson;

      const dir = await temps.make();
      const write = async (name: string, r: ReceiptJson): Promise<string> => {
        const path = join(dir, name);
        await writeFile(path, JSON.stringify(r));
        return path;
      };
      const good = await runCairn(['verify', '--vkey', serve.verifierKey, await write('good.json', receipt)]);
      expect(good.stderr).toBe('');
      expect(good.code).toBe(0);
      expect(good.stdout).toContain('index:         1\n');
      expect(good.stdout).toContain('event:         the second event\n');
      expect(good.stdout).toContain('occurred at:   2026-03-04T05:06:07.089000000Z\n');

      const cases: Array<[string, ReceiptJson, RegExp]> = [
        ['entry.json', tamperEntryByte(receipt), /leaf hash does not match the entry/],
        ['proof.json', tamperProofHash(receipt), /proof does not verify/],
        ['signature.json', tamperSignature(receipt), /bad signature/],
        ['other-key.json', tamperOtherKey(receipt), /wrong key/],
      ];
      for (const [name, tampered, reason] of cases) {
        const r = await runCairn(['verify', '--vkey', serve.verifierKey, await write(name, tampered)]);
        expect({ name, code: r.code, stdout: r.stdout }).toEqual({ name, code: 1, stdout: '' });
        expect(r.stderr).toMatch(reason);
      }
    } finally {
      await serve.stop();
    }
  });
});
