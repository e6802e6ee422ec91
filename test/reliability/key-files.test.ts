/**
 * Key files that stop `cairn serve` at start (issue 6 part 2), beyond what
 * test/server/cli/serve.test.ts already covers (a missing --key-file, a corrupt --key-file, a
 * new key of the same name, a lost folder key): a key file the server cannot read (a folder in
 * its place; a file its user may not read), the key of ANOTHER log (by --key-file and in place
 * of the folder's own signer.key), and a damaged folder key (cut short, empty, or a verifier
 * key where the signer key belongs). Each refusal is exit 1 with a sentence that names the
 * file and what is wrong, and leaves the folder as it was: the right key starts it again, at
 * the same checkpoint.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmod, chown, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSignerKey, verifierKeyOf } from '../../proofs/index.js';
import { CAIRN_BIN, killAllServers, runCairn, startServer, type CommandResult } from '../helpers/cli.js';
import { appendBatch, appendOne, fetchCheckpoint } from '../helpers/server-calls.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
const ORIGIN = 'keys.test/log';
/** A stopped data folder of ORIGIN with 3 entries, copied for each test. */
let made: string;
let checkpointNote: string;

beforeAll(async () => {
  made = await temps.make('cairn-keys-');
  const server = await startServer(made, { args: ['--origin', ORIGIN] });
  expect((await appendOne(server.url, server.token, '"one"')).status).toBe(201);
  expect((await appendBatch(server.url, server.token, [{ json: 2 }, { json: 3 }])).status).toBe(201);
  checkpointNote = (await fetchCheckpoint(server.url, server.verifierKey)).note;
  expect(await server.stop()).toEqual({ code: 0, signal: null });
});
afterEach(() => killAllServers());
afterAll(() => temps.cleanup());

/** A copy of the made folder. */
async function folder(): Promise<string> {
  const dir = join(await temps.make('cairn-keys-copy-'), 'data');
  await cp(made, dir, { recursive: true });
  return dir;
}

/** A signer key file of `origin` (Go note format, mode 0600) outside the data folder. */
async function keyFileOf(origin: string): Promise<string> {
  const file = join(await temps.make(), 'signer.key');
  await writeFile(file, `${generateSignerKey(origin).text}\n`, { mode: 0o600 });
  return file;
}

function serve(dataDir: string, ...args: string[]): Promise<CommandResult> {
  return runCairn(['serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', ...args]);
}

/** Checks a refusal: exit 1, nothing on stdout, one sentence on stderr holding `sentences`. */
function expectRefused(r: CommandResult, ...sentences: (string | RegExp)[]): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
  expect(r.stderr).toContain('refusing to start');
  for (const s of sentences) {
    if (typeof s === 'string') expect(r.stderr).toContain(s);
    else expect(r.stderr).toMatch(s);
  }
  // One line for a person, not a stack trace.
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** The folder starts again with `args` and serves the checkpoint it had. */
async function expectIntact(dataDir: string, args: string[] = []): Promise<void> {
  const server = await startServer(dataDir, { args });
  expect((await fetchCheckpoint(server.url, server.verifierKey)).note).toBe(checkpointNote);
  expect(await server.stop()).toEqual({ code: 0, signal: null });
}

describe('cairn serve refuses a key file it cannot read', () => {
  test('a folder where the --key-file should be', async () => {
    const dataDir = await folder();
    const notAFile = await temps.make('cairn-keydir-');
    expectRefused(await serve(dataDir, '--key-file', notAFile), `cannot read the signer key file ${notAFile}`, 'EISDIR');
    await expectIntact(dataDir);
  });

  test("a folder where the data folder's signer.key should be", async () => {
    const dataDir = await folder();
    const key = await readFile(join(dataDir, 'signer.key'), 'utf8');
    await rm(join(dataDir, 'signer.key'));
    await mkdir(join(dataDir, 'signer.key'));
    expectRefused(await serve(dataDir), `cannot read the signer key file ${join(dataDir, 'signer.key')}`);
    await rm(join(dataDir, 'signer.key'), { recursive: true });
    await writeFile(join(dataDir, 'signer.key'), key, { mode: 0o600 });
    await expectIntact(dataDir);
  });

  test("a key file the server's user may not read (mode 0600 of another user)", async () => {
    const dataDir = await folder();
    const keyFile = await keyFileOf(ORIGIN);
    if (process.getuid?.() === 0) {
      // Root reads any file through its DAC capabilities: the key becomes another user's (nobody,
      // 0600) and the server runs as root without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH, so the
      // kernel checks the key's mode as for any other user. (Running the server as nobody instead
      // fails in a checkout nobody may enter, such as a folder made by mktemp -d.)
      await chown(keyFile, 65534, 65534);
      const r = await serveWithoutDacCapabilities(['serve', '--data', dataDir, '--port', '0', '--key-file', keyFile]);
      expectRefused(r, `cannot read the signer key file ${keyFile}`, 'EACCES');
      await chown(keyFile, 0, 0);
    } else {
      await chmod(keyFile, 0o000);
      expectRefused(await serve(dataDir, '--key-file', keyFile), `cannot read the signer key file ${keyFile}`, 'EACCES');
    }
    await expectIntact(dataDir);
  });
});

describe('cairn serve refuses the key of another log', () => {
  test('given with --key-file', async () => {
    const dataDir = await folder();
    const keyFile = await keyFileOf('another.test/log');
    expectRefused(
      await serve(dataDir, '--key-file', keyFile),
      /belongs to the key keys\.test\/log\+[0-9a-f]{8}\+\S+, not to another\.test\/log\+[0-9a-f]{8}\+/,
    );
    await expectIntact(dataDir);
  });

  test("copied over the folder's own signer.key", async () => {
    const dataDir = await folder();
    const own = await readFile(join(dataDir, 'signer.key'), 'utf8');
    await writeFile(join(dataDir, 'signer.key'), `${generateSignerKey('another.test/log').text}\n`, { mode: 0o600 });
    expectRefused(await serve(dataDir), `the data folder ${dataDir} belongs to the key keys.test/log+`, 'not to another.test/log+');
    await writeFile(join(dataDir, 'signer.key'), own, { mode: 0o600 });
    await expectIntact(dataDir);
  });

  test('with --origin of the other log too', async () => {
    const dataDir = await folder();
    const keyFile = await keyFileOf('another.test/log');
    expectRefused(await serve(dataDir, '--key-file', keyFile, '--origin', 'another.test/log'), `belongs to the log "${ORIGIN}", not "another.test/log"`);
    await expectIntact(dataDir);
  });
});

describe('cairn serve refuses a damaged folder key', () => {
  const cases: [string, (key: string) => string][] = [
    ['cut short', (key) => key.slice(0, key.length - 20)],
    ['empty', () => ''],
    ['a verifier key where the signer key belongs', () => `${verifierKeyOf(generateSignerKey(ORIGIN))}\n`],
  ];
  test.each(cases)('signer.key %s', async (_name, damage) => {
    const dataDir = await folder();
    const path = join(dataDir, 'signer.key');
    const own = await readFile(path, 'utf8');
    await writeFile(path, damage(own), { mode: 0o600 });
    expectRefused(await serve(dataDir), `the signer key file ${path} is not a valid note signer key`);
    await writeFile(path, own, { mode: 0o600 });
    await expectIntact(dataDir);
  });
});

/**
 * Runs `cairn <args>` as root without the capabilities that bypass file permissions (requires
 * root; setpriv is util-linux's, in every Debian system).
 */
function serveWithoutDacCapabilities(args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CAIRN_') && k !== 'NODE_OPTIONS') env[k] = v;
    const child = spawn('setpriv', ['--bounding-set', '-dac_override,-dac_read_search', '--', process.execPath, CAIRN_BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
