/**
 * `cairn monitor` (SPEC §7, issue 4 part 4): follows a log's checkpoints and proves with tiles
 * only that each extends the last verified one, kept in the state file F. Real logs for the
 * good path, the fork and the rollback (two logs sharing one key); a static tlog-tiles server
 * for a checkpoint signed by another key of the same name and for a Go-written log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EMPTY_ROOT } from '../../../merkle/index.js';
import { createSigner, generateSignerKey, parseVerifierKey, signCheckpoint, verifierKeyOf } from '../../../proofs/index.js';
import { runMonitor, type MonitorSettings } from '../../../server/cli/monitor.js';
import { writeSignerKeyFile } from '../../../server/key-file.js';
import { appendBatch } from '../../helpers/server-calls.js';
import { TEST_ORIGIN, startTestServer, type TestServer } from '../../helpers/server.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { killAllServers, runCairn } from '../../helpers/cli.js';
import { CapturedIo, REFERENCE_VKEY_FILE, cairn, copyReferenceLog, referenceLogDir } from './tools-helpers.js';

const temps = new TempDirs();
const statics: StaticServer[] = [];
afterAll(async () => {
  await Promise.all(statics.map((s) => s.close()));
  await temps.cleanup();
});
afterEach(() => killAllServers());

async function serveStatic(dir: string): Promise<StaticServer> {
  const s = await startStaticServer(dir);
  statics.push(s);
  return s;
}

/** A fresh state file path in its own folder. */
async function stateFile(): Promise<string> {
  return join(await temps.make('cairn-monitor-'), 'state');
}

/** `cairn monitor --once --json`; the parsed JSON lines too. */
async function monitorOnce(url: string, vkey: string, state: string, extra: string[] = []) {
  const r = await cairn(['monitor', '--url', url, '--vkey', vkey, '--state', state, '--once', '--json', ...extra]);
  const events = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...r, events, event: events[0] };
}

/** Appends `count` JSON events tagged `tag` in one request. */
async function grow(s: TestServer, count: number, tag: string): Promise<void> {
  const r = await appendBatch(
    s.url,
    s.writerToken,
    Array.from({ length: count }, (_, i) => ({ json: { tag, i } })),
  );
  expect(r.status).toBe(201);
}

async function checkpointOf(url: string): Promise<string> {
  return (await fetch(`${url}/checkpoint`)).text();
}

describe('cairn monitor on a growing real log', () => {
  let s: TestServer;
  let vkey: string;
  let state: string;
  beforeAll(async () => {
    s = await startTestServer();
    vkey = s.log.verifierKey.text;
    state = await stateFile();
  });
  afterAll(() => s.stop());

  test('the first run trusts the checkpoint on first use and saves the note to F', async () => {
    const { code, event, stderr } = await monitorOnce(s.url, vkey, state);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(event).toMatchObject({ event: 'first_use', origin: TEST_ORIGIN, treeSize: 0, url: s.url });
    expect(await readFile(state, 'utf8')).toBe(await checkpointOf(s.url));
  });

  test('passes on each step of the growing log and updates F each time', async () => {
    let size = 0;
    // Steps that cross tile edges: 1, 256, 257, 557, 558.
    for (const count of [1, 255, 1, 300, 1]) {
      await grow(s, count, `step-${size}`);
      const { code, event } = await monitorOnce(s.url, vkey, state);
      expect(code).toBe(0);
      expect(event).toMatchObject({ event: 'consistent', previousTreeSize: size, treeSize: size + count });
      size += count;
      expect(await readFile(state, 'utf8')).toBe(await checkpointOf(s.url));
    }
  });

  test('says unchanged when the log has not grown, without rewriting F', async () => {
    const before = await stat(state);
    const { code, event } = await monitorOnce(s.url, vkey, state);
    expect(code).toBe(0);
    expect(event).toMatchObject({ event: 'unchanged', treeSize: 558 });
    expect((await stat(state)).ino).toBe(before.ino);
  });

  test('prints a line for people without --json', async () => {
    await grow(s, 2, 'human');
    const r = await cairn(['monitor', '--url', s.url, '--vkey', vkey, '--state', state, '--once']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\S+Z test\.example\/log: size 560 \(\+2\), root \S+: consistent with size 558\n$/);
  });

  test('F is replaced atomically: a new file renamed into place, no temporary file left', async () => {
    const before = await stat(state);
    await grow(s, 3, 'atomic');
    expect((await monitorOnce(s.url, vkey, state)).code).toBe(0);
    const after = await stat(state);
    // A rename gives F a new inode; writing in place would keep the old one.
    expect(after.ino).not.toBe(before.ino);
    expect(await readdir(join(state, '..'))).toEqual(['state']);
    expect(await readFile(state, 'utf8')).toBe(await checkpointOf(s.url));
  });

  test('follow mode prints one line per new checkpoint and stops on abort', async () => {
    const followState = await stateFile();
    const io = new CapturedIo();
    const controller = new AbortController();
    const settings: MonitorSettings = {
      url: s.url,
      verifierKey: parseVerifierKey(vkey),
      statePath: followState,
      once: false,
      intervalMs: 20,
      onAlert: undefined,
      json: true,
      token: undefined,
    };
    const running = runMonitor(settings, io, controller.signal);
    const first = JSON.parse(await io.waitForLine(() => true)) as Record<string, unknown>;
    expect(first).toMatchObject({ event: 'first_use', treeSize: 563 });
    await grow(s, 4, 'follow-1');
    await io.waitForLine((l) => l.includes('"treeSize":567'));
    await grow(s, 256, 'follow-2');
    await io.waitForLine((l) => l.includes('"treeSize":823'));
    controller.abort();
    expect(await running).toBe(0);
    const events = io.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    // Exactly one line per checkpoint: unchanged polls print nothing.
    expect(events.map((e) => [e['event'], e['treeSize']])).toEqual([
      ['first_use', 563],
      ['consistent', 567],
      ['consistent', 823],
    ]);
    expect(io.err).toBe('');
    expect(await readFile(followState, 'utf8')).toBe(await checkpointOf(s.url));
  });
});

describe('cairn monitor raises alerts', () => {
  let keyFile: string;
  let a: TestServer;
  let b: TestServer;
  let vkey: string;
  beforeAll(async () => {
    // Two logs under one key, with different histories: the log a forking operator would run.
    const key = generateSignerKey(TEST_ORIGIN);
    keyFile = join(await temps.make('cairn-key-'), 'signer.key');
    await writeSignerKeyFile(keyFile, key);
    vkey = verifierKeyOf(key);
    a = await startTestServer({ config: { keyFile } });
    b = await startTestServer({ config: { keyFile } });
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  /** A state file holding a's current checkpoint, as a monitor of a would have. */
  async function trustedStateOfA(): Promise<string> {
    const state = await stateFile();
    expect((await monitorOnce(a.url, vkey, state)).code).toBe(0);
    return state;
  }

  test('the same size with another root is a fork: exit 5, F unchanged', async () => {
    await grow(a, 5, 'history-a');
    await grow(b, 5, 'history-b');
    const state = await trustedStateOfA();
    const trusted = await readFile(state, 'utf8');
    const { code, event, stderr } = await monitorOnce(b.url, vkey, state);
    expect(code).toBe(5);
    expect(event).toMatchObject({ event: 'alert', alert: 'fork', trusted: { treeSize: 5 }, observed: { treeSize: 5 } });
    expect(stderr).toContain('ALERT fork');
    expect(stderr).toContain('two different trees of size 5');
    expect(await readFile(state, 'utf8')).toBe(trusted);
  });

  test('a larger tree that does not extend the trusted one is a fork: exit 5', async () => {
    const state = await trustedStateOfA();
    await grow(b, 300, 'history-b-more');
    const { code, event, stderr } = await monitorOnce(b.url, vkey, state);
    expect(code).toBe(5);
    expect(event).toMatchObject({ alert: 'fork', code: 'CONSISTENCY_FAILED', trusted: { treeSize: 5 }, observed: { treeSize: 305 } });
    expect(stderr).toContain('consistency proof');
  });

  test('a smaller tree than the trusted one is a rollback: exit 4, F unchanged', async () => {
    await grow(a, 400, 'history-a-more');
    const state = await trustedStateOfA();
    const trusted = await readFile(state, 'utf8');
    const { code, event, stderr } = await monitorOnce(b.url, vkey, state);
    expect(code).toBe(4);
    expect(event).toMatchObject({ alert: 'rollback', trusted: { treeSize: 405 }, observed: { treeSize: 305 } });
    expect(stderr).toContain('ALERT rollback');
    expect(await readFile(state, 'utf8')).toBe(trusted);
  });

  test('--on-alert runs the command with the alert as JSON on stdin', async () => {
    const state = await trustedStateOfA();
    const out = join(await temps.make('cairn-alert-'), 'alert.json');
    const { code } = await monitorOnce(b.url, vkey, state, ['--on-alert', `cat > '${out}' && echo "$CAIRN_ALERT" >> '${out}.kind'`]);
    expect(code).toBe(4);
    const alert = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
    expect(alert).toMatchObject({ event: 'alert', alert: 'rollback', url: b.url, origin: TEST_ORIGIN });
    expect(alert['trusted']).toMatchObject({ treeSize: 405, checkpoint: await readFile(state, 'utf8') });
    expect(alert['observed']).toMatchObject({ treeSize: 305, checkpoint: await checkpointOf(b.url) });
    expect(await readFile(`${out}.kind`, 'utf8')).toBe('rollback\n');
  });

  test('a failing --on-alert command is reported and the alert keeps its exit code', async () => {
    const state = await trustedStateOfA();
    const { code, stderr } = await monitorOnce(b.url, vkey, state, ['--on-alert', 'exit 7']);
    expect(code).toBe(4);
    expect(stderr).toContain('the --on-alert command exited with 7');
  });

  test('the real ./bin/cairn exits 5 on a fork', async () => {
    const state = await stateFile();
    // Trust b (305 entries), then look at a (405): a does not extend b.
    expect((await monitorOnce(b.url, vkey, state)).code).toBe(0);
    const r = await runCairn(['monitor', '--url', a.url, '--vkey', vkey, '--state', state, '--once']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('ALERT fork');
  });
});

describe('cairn monitor against static tlog-tiles logs', () => {
  const referenceVkey = () => readFile(REFERENCE_VKEY_FILE, 'utf8');

  test('proves a Go-written log consistent with tiles only (log-300, then log-70000)', async () => {
    const state = await stateFile();
    const small = await serveStatic(referenceLogDir(300));
    expect((await monitorOnce(small.url, REFERENCE_VKEY_FILE, state)).event).toMatchObject({ event: 'first_use', treeSize: 300 });
    const large = await serveStatic(referenceLogDir(70000));
    const { code, event } = await monitorOnce(large.url, REFERENCE_VKEY_FILE, state);
    expect(code).toBe(0);
    expect(event).toMatchObject({ event: 'consistent', previousTreeSize: 300, treeSize: 70000 });
    // Nothing but the checkpoint and hash tiles: no entries, no dynamic proof API.
    expect(large.requests.length).toBeGreaterThan(1);
    for (const path of large.requests) expect(path === '/checkpoint' || /^\/tile\/\d+\//.test(path)).toBe(true);
  });

  test('also from the empty log and from a log of one entry', async () => {
    for (const from of [0, 1]) {
      const state = await stateFile();
      expect((await monitorOnce((await serveStatic(referenceLogDir(from))).url, REFERENCE_VKEY_FILE, state)).code).toBe(0);
      const { code, event } = await monitorOnce((await serveStatic(referenceLogDir(300))).url, REFERENCE_VKEY_FILE, state);
      expect(code).toBe(0);
      expect(event).toMatchObject({ event: 'consistent', previousTreeSize: from, treeSize: 300 });
    }
  });

  test('a checkpoint signed by another key of the same name is a bad signature: exit 3', async () => {
    const state = await stateFile();
    expect((await monitorOnce((await serveStatic(referenceLogDir(1))).url, REFERENCE_VKEY_FILE, state)).code).toBe(0);
    const trusted = await readFile(state, 'utf8');
    const dir = await copyReferenceLog(300, await temps.make('cairn-monitor-'));
    const impostor = generateSignerKey('example.com/cairn-reference');
    const original = await readFile(join(dir, 'checkpoint'), 'utf8');
    const body = original.slice(0, original.indexOf('\n\n') + 1);
    await writeFile(join(dir, 'checkpoint'), signCheckpoint(parseCheckpointText(body), createSigner(impostor)));
    const { code, event, stderr } = await monitorOnce((await serveStatic(dir)).url, REFERENCE_VKEY_FILE, state);
    expect(code).toBe(3);
    expect(event).toMatchObject({ event: 'alert', alert: 'bad_signature', code: 'UNKNOWN_KEY', trusted: { treeSize: 1 } });
    expect(stderr).toContain('ALERT bad signature');
    expect(await readFile(state, 'utf8')).toBe(trusted);
  });

  test('a checkpoint whose signature bytes were changed is a bad signature: exit 3', async () => {
    const dir = await copyReferenceLog(300, await temps.make('cairn-monitor-'));
    const note = await readFile(join(dir, 'checkpoint'), 'utf8');
    // Change one base64 character of the signature line (the last line).
    const at = note.length - 10;
    await writeFile(join(dir, 'checkpoint'), note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1));
    const { code, event } = await monitorOnce((await serveStatic(dir)).url, REFERENCE_VKEY_FILE, await stateFile());
    expect(code).toBe(3);
    expect(event).toMatchObject({ alert: 'bad_signature', code: 'BAD_SIGNATURE' });
  });

  test('a state file signed by another key is refused (exit 1) and left alone', async () => {
    const state = await stateFile();
    const other = generateSignerKey('example.com/cairn-reference');
    const foreign = signCheckpoint({ origin: other.name, treeSize: 0, rootHash: EMPTY_ROOT }, createSigner(other));
    await writeFile(state, foreign);
    const r = await monitorOnce((await serveStatic(referenceLogDir(300))).url, REFERENCE_VKEY_FILE, state);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the state file ${state} does not hold a checkpoint signed with this verifier key`);
    expect(await readFile(state, 'utf8')).toBe(foreign);
  });

  test('with --once an unreachable log exits 1', async () => {
    const server = await serveStatic(referenceLogDir(0));
    await server.close();
    const r = await monitorOnce(server.url, await referenceVkey(), await stateFile());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed');
  });

  test('follow mode reports an unreachable log and retries instead of exiting', async () => {
    const server = await serveStatic(referenceLogDir(0));
    await server.close();
    const io = new CapturedIo();
    const controller = new AbortController();
    const running = runMonitor(
      {
        url: server.url,
        verifierKey: parseVerifierKey((await referenceVkey()).trim()),
        statePath: await stateFile(),
        once: false,
        intervalMs: 10,
        onAlert: undefined,
        json: true,
        token: undefined,
      },
      io,
      controller.signal,
    );
    // Two error lines: the first failure was reported and the monitor tried again.
    await io.waitForLine((l) => l.includes('"event":"error"') && io.lines().length >= 2);
    controller.abort();
    expect(await running).toBe(0);
    expect(io.err).toContain('retrying in 0.01 s');
  });
});

describe('cairn monitor usage', () => {
  test('--help documents each exit code', async () => {
    const { code, stdout } = await cairn(['monitor', '--help']);
    expect(code).toBe(0);
    for (const text of ['3 bad signature', '4 rollback', '5 fork', '1 could not check', '--on-alert', '--interval']) expect(stdout).toContain(text);
  });

  test('a missing --state is a usage error (exit 2)', async () => {
    expect((await cairn(['monitor', '--url', 'http://127.0.0.1:1', '--vkey', REFERENCE_VKEY_FILE])).code).toBe(2);
  });

  test('a bad --interval is a usage error (exit 2)', async () => {
    const r = await cairn(['monitor', '--url', 'http://127.0.0.1:1', '--vkey', REFERENCE_VKEY_FILE, '--state', '/tmp/x', '--interval', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--interval');
  });

  test('a URL that is not http(s) is a usage error (exit 2)', async () => {
    expect((await cairn(['monitor', '--url', 'ftp://example.com', '--vkey', REFERENCE_VKEY_FILE, '--state', '/tmp/x'])).code).toBe(2);
  });
});

/** The checkpoint of a note body (origin, size, root lines). */
function parseCheckpointText(body: string) {
  const [origin, size, root] = body.split('\n') as [string, string, string];
  return { origin, treeSize: Number(size), rootHash: new Uint8Array(Buffer.from(root, 'base64')) };
}
