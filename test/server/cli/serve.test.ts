/**
 * `cairn serve` as an operator runs it (SPEC §7): a real child process on a fresh data folder,
 * port 0. First start, restart, the refusals (origin, key, key file, lock), the admin socket's
 * file, usage errors, and SIGTERM while appends are in flight.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBase64, verifyReceipt, type ReceiptJson } from '../../../client/index.js';
import { generateSignerKey } from '../../../proofs/index.js';
import { TOKEN_PATTERN, killAllServers, runCairn, startServer, type ServerProcess } from '../../helpers/cli.js';
import { appendBatch, appendOne, fetchCheckpoint, getJson, proveInclusion, receiptsOf } from '../../helpers/server-calls.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
afterEach(() => killAllServers());
afterAll(() => temps.cleanup());

const ORIGIN = 'serve.test/log';

/** A fresh signer key file (Go note format, mode 0600) for `origin`, as `cairn keygen` makes. */
async function writeKeyFile(origin: string): Promise<string> {
  const file = join(await temps.make(), 'signer.key');
  await writeFile(file, `${generateSignerKey(origin).text}\n`, { mode: 0o600 });
  return file;
}

describe('cairn serve: first start and restart', () => {
  test('the first start prints the default writer token and the verifier key once, and the token appends', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir, { args: ['--origin', ORIGIN] });
    expect(server.token).toMatch(TOKEN_PATTERN);
    expect(server.verifierKey.startsWith(`${ORIGIN}+`)).toBe(true);
    // The human block on stderr names both.
    expect(server.stderr()).toContain(server.verifierKey);
    expect(server.stderr()).toContain('"default"');
    expect(server.stderr().match(new RegExp(TOKEN_PATTERN, 'g'))).toHaveLength(1);
    // The first_start log line has the verifier key, never the token.
    const first = await server.waitForLog((l) => l.event === 'first_start');
    expect(first['verifierKey']).toBe(server.verifierKey);
    expect(first['tokenName']).toBe('default');

    const r = await appendOne(server.url, server.token, '{"event":"login","user":"ada"}');
    expect(r.status).toBe(201);
    const v = verifyReceipt(r.body as ReceiptJson, server.verifierKey);
    expect(new TextDecoder().decode(v.payload)).toBe('{"event":"login","user":"ada"}');
    expect(v.entry.submitter).toBe('default');

    // One JSON line per round with entries, tree size and milliseconds.
    const round = await server.waitForLog((l) => l.event === 'round' && l['treeSize'] === 1);
    expect(round['entries']).toBe(1);
    expect(typeof round['ms']).toBe('number');
    await server.waitForLog((l) => l.event === 'request' && l['status'] === 201);
    expect(server.stdout()).not.toContain(server.token);

    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect(server.stdout()).not.toContain(server.token);
    // The key made on first start is private to the owner.
    expect((await stat(join(dataDir, 'signer.key'))).mode & 0o777).toBe(0o600);
  });

  test('a restart prints no new token, keeps the key, and the first token still appends', async () => {
    const dataDir = await temps.make();
    const first = await startServer(dataDir);
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const again = await startServer(dataDir);
    expect(again.token).toBeUndefined();
    expect(again.stderr()).not.toMatch(TOKEN_PATTERN);
    expect(again.logs.some((l) => l.event === 'first_start')).toBe(false);
    expect(again.verifierKey).toBe(first.verifierKey);
    const r = await appendOne(again.url, first.token, '"after restart"');
    expect(r.status).toBe(201);
    verifyReceipt(r.body as ReceiptJson, first.verifierKey);
  });

  test('--json prints the first-start block as one JSON object on stderr', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir, { args: ['--json'] });
    const line = server
      .stderr()
      .split('\n')
      .find((l) => l.startsWith('{'))!;
    const parsed = JSON.parse(line) as { firstStart: Record<string, unknown> };
    expect(parsed.firstStart['token']).toBe(server.token);
    expect(parsed.firstStart['verifierKey']).toBe(server.verifierKey);
    expect(parsed.firstStart['tokenName']).toBe('default');
  });

  test('settings come from CAIRN_* variables too', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir, {
      env: { CAIRN_ORIGIN: 'env.test/log', CAIRN_MAX_PAYLOAD_BYTES: '16' },
    });
    expect(server.verifierKey.startsWith('env.test/log+')).toBe(true);
    const info = await getJson(server.url, '/v1/log');
    expect(info.status).toBe(200);
    expect(JSON.stringify(info.body)).toContain('16');
    const big = await appendOne(server.url, server.token, '"seventeen bytes!"');
    expect(big.status).toBe(413);
  });

  test('the admin socket exists with mode 0600 while the server runs and is removed on exit', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir);
    const socket = join(dataDir, 'admin.sock');
    const s = await stat(socket);
    expect(s.isSocket()).toBe(true);
    expect(s.mode & 0o777).toBe(0o600);
    await server.stop();
    expect(existsSync(socket)).toBe(false);
  });

  test('a stale admin socket left by a crash is replaced on start', async () => {
    const dataDir = await temps.make();
    const crashed = await startServer(dataDir);
    crashed.process.kill('SIGKILL');
    await crashed.exited;
    expect(existsSync(join(dataDir, 'admin.sock'))).toBe(true);
    const server = await startServer(dataDir);
    const list = await runCairn(['token', 'list', '--data', dataDir, '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { credentials: unknown[] }).credentials).toHaveLength(1);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });
});

describe('cairn serve: operations endpoints', () => {
  test('/healthz and /readyz answer without a token, and /metrics counts the rounds serve observes', async () => {
    const server = await startServer(await temps.make());
    expect((await getJson(server.url, '/healthz')).status).toBe(200);
    expect((await getJson(server.url, '/readyz')).status).toBe(200);
    expect((await appendOne(server.url, server.token, '"one"')).status).toBe(201);
    expect((await appendBatch(server.url, server.token, [{ json: 2 }, { json: 3 }])).status).toBe(201);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^cairn_appended_entries_total 3$/m);
    expect(metrics).toMatch(/^cairn_tree_size 3$/m);
    expect(metrics).toMatch(/^cairn_rounds_total\{result="committed"\} [1-9]/m);
  });
});

describe('cairn serve: refusals', () => {
  test('a folder of another origin is refused with exit 1', async () => {
    const dataDir = await temps.make();
    await (await startServer(dataDir, { args: ['--origin', ORIGIN] })).stop();
    const r = await runCairn(['serve', '--data', dataDir, '--port', '0', '--origin', 'other.test/log']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to start');
    expect(r.stderr).toContain(`belongs to the log "${ORIGIN}", not "other.test/log"`);
  });

  test('another key file than the folder was made with is refused', async () => {
    const dataDir = await temps.make();
    await (await startServer(dataDir, { args: ['--origin', ORIGIN] })).stop();
    const keyFile = await writeKeyFile(ORIGIN);
    const r = await runCairn(['serve', '--data', dataDir, '--port', '0', '--key-file', keyFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to start');
    expect(r.stderr).toMatch(/belongs to the key .* not to /);
  });

  test('a corrupt key file is refused', async () => {
    const dataDir = await temps.make();
    const keyFile = join(await temps.make(), 'corrupt.key');
    await writeFile(keyFile, 'PRIVATE+KEY+serve.test/log+0000000+not-base64\n', { mode: 0o600 });
    const r = await runCairn(['serve', '--data', dataDir, '--port', '0', '--key-file', keyFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the signer key file ${keyFile} is not a valid note signer key`);
  });

  test('a missing key file is refused', async () => {
    const dataDir = await temps.make();
    const keyFile = join(dataDir, 'nowhere.key');
    const r = await runCairn(['serve', '--data', dataDir, '--port', '0', '--key-file', keyFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the signer key file ${keyFile} does not exist`);
  });

  test("the folder's own key, once lost, is refused with what to restore", async () => {
    const dataDir = await temps.make();
    await (await startServer(dataDir)).stop();
    await unlink(join(dataDir, 'signer.key'));
    const r = await runCairn(['serve', '--data', dataDir, '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is missing: restore');
  });

  test('a key file whose name differs from --origin is refused on a new folder', async () => {
    const keyFile = await writeKeyFile('a.test/log');
    const r = await runCairn(['serve', '--data', await temps.make(), '--port', '0', '--origin', 'b.test/log', '--key-file', keyFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('must equal the origin');
  });

  test('a second server on the same folder is refused while the first keeps serving', async () => {
    const dataDir = await temps.make();
    const first = await startServer(dataDir);
    const r = await runCairn(['serve', '--data', dataDir, '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the data folder ${dataDir} is in use by another process`);
    // The refused start touched nothing: the first server still appends and owns its socket.
    expect((await appendOne(first.url, first.token, '"still here"')).status).toBe(201);
    expect((await runCairn(['token', 'list', '--data', dataDir])).code).toBe(0);
    expect(await first.stop()).toEqual({ code: 0, signal: null });
  });

  test('a port in use is refused with the address', async () => {
    const first = await startServer(await temps.make());
    const port = new URL(first.url).port;
    const r = await runCairn(['serve', '--data', await temps.make(), '--port', port, '--host', '127.0.0.1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
  });

  test('a bad --port is a usage error (exit 2) that names the flag', async () => {
    const r = await runCairn(['serve', '--data', await temps.make(), '--port', '80a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port (CAIRN_PORT) must be a whole number from 0 to 65535');
  });

  test('a bad CAIRN_POOL_SIZE is a usage error that names the variable', async () => {
    const r = await runCairn(['serve', '--data', await temps.make()], { env: { CAIRN_POOL_SIZE: '0' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pool-size (CAIRN_POOL_SIZE) must be a whole number from 1');
  });

  test('--help lists every flag with its variable and default', async () => {
    const r = await runCairn(['serve', '--help']);
    expect(r.code).toBe(0);
    for (const text of [
      '--data DIR',
      'CAIRN_DATA',
      'default ./data',
      '--port P',
      'default 8080',
      'default 127.0.0.1',
      '--key-file F',
      'CAIRN_REQUIRE_READER_TOKEN',
      'CAIRN_PUBLIC_PAYLOADS',
      'CAIRN_BATCH_DELAY_MS',
      'CAIRN_POOL_SIZE',
    ]) {
      expect(r.stdout).toContain(text);
    }
  });
});

/**
 * Runs 4 append loops (single and batch of 2) against `server`; SIGTERMs it after the 10th
 * acknowledged entry, at a moment when other appends are in flight; returns once the process has
 * exited and every loop has seen its connection go.
 */
async function appendThroughSigterm(server: ServerProcess) {
  const acknowledged: ReceiptJson[] = [];
  let refused = 0;
  let inFlight = 0;
  let inFlightAtSignal = 0;
  let stopping = false;
  const client = async (c: number) => {
    for (let n = 0; ; n++) {
      inFlight++;
      try {
        const r =
          n % 2 === 0
            ? await appendOne(server.url, server.token, JSON.stringify({ c, n }))
            : await appendBatch(server.url, server.token, [{ json: { c, n, j: 0 } }, { json: { c, n, j: 1 } }]);
        if (r.status === 201) acknowledged.push(...receiptsOf(r));
        else {
          // Once shutting down, what waits is refused whole, with 503 and Retry-After.
          expect(r.status).toBe(503);
          expect(r.headers.get('retry-after')).not.toBeNull();
          refused++;
        }
      } catch (err) {
        // The listener closed: the connection was refused or dropped before an answer.
        if (stopping) return;
        throw err;
      } finally {
        inFlight--;
      }
      if (!stopping && acknowledged.length >= 10 && inFlight > 0) {
        stopping = true;
        inFlightAtSignal = inFlight;
        server.process.kill('SIGTERM');
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, (_, c) => client(c)));
  const exit = await server.exited;
  return { exit, acknowledged, refused, inFlightAtSignal };
}

describe('cairn serve: SIGTERM', () => {
  test('SIGTERM while appends are in flight: exit 0, and every acknowledged entry is in the log after a restart', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir);
    const { exit, acknowledged, inFlightAtSignal } = await appendThroughSigterm(server);
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.logs.some((l) => l.event === 'stopping')).toBe(true);
    expect(server.logs.some((l) => l.event === 'stopped')).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);

    const again = await startServer(dataDir);
    const now = await fetchCheckpoint(again.url, again.verifierKey);
    for (const receipt of acknowledged) {
      const v = verifyReceipt(receipt, again.verifierKey);
      await proveInclusion(again.url, now, v.index, decodeBase64(receipt.leafHash));
    }
    expect(await again.stop()).toEqual({ code: 0, signal: null });
  });

  test('SIGTERM with no grace refuses what waits in the pool with 503, and appends none of it', async () => {
    const dataDir = await temps.make();
    // Appends wait 300 ms in the pool for company, so SIGTERM finds some waiting.
    const server = await startServer(dataDir, { args: ['--batch-delay-ms', '300', '--shutdown-grace-ms', '0'] });
    const { exit, acknowledged, refused, inFlightAtSignal } = await appendThroughSigterm(server);
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(refused).toBeGreaterThan(0);

    const again = await startServer(dataDir);
    const now = await fetchCheckpoint(again.url, again.verifierKey);
    // Exactly the acknowledged entries are in the log: a refused append left nothing behind.
    expect(now.treeSize).toBe(acknowledged.length);
    expect(new Set(acknowledged.map((r) => r.index)).size).toBe(acknowledged.length);
    expect(await again.stop()).toEqual({ code: 0, signal: null });
  });
});

describe('cairn serve: data folder', () => {
  test('a new folder gets leveldb/ and signer.key; the folder is created when missing', async () => {
    const parent = await temps.make();
    const dataDir = join(parent, 'nested', 'data');
    await mkdir(parent, { recursive: true });
    const server = await startServer(dataDir);
    expect((await stat(join(dataDir, 'leveldb'))).isDirectory()).toBe(true);
    expect((await stat(join(dataDir, 'signer.key'))).isFile()).toBe(true);
    await server.stop();
  });
});
