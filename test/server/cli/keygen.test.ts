import { afterAll, describe, expect, test } from '@jest/globals';
import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSigner, parseSignerKey, parseVerifierKey, verifierKeyOf } from '../../../proofs/note-keys.js';
import { openNote, signNote } from '../../../proofs/note.js';
import type { CommandIo } from '../../../server/cli/command.js';
import { DEFAULT_KEY_FILE } from '../../../server/cli/keygen.js';
import { runCli } from '../../../server/cli/main.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

/** Runs `cairn <args>` in-process with captured output and only the given environment. */
async function cairn(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: async () => new Uint8Array(0),
    env,
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('cairn keygen', () => {
  test('writes a parseable signer key file with mode 0600 and prints its verifier key', async () => {
    const dir = await temps.make();
    const file = join(dir, 'log.key');
    const { code, stdout, stderr } = await cairn(['keygen', '--origin', 'example.com/log', '--out', file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = await readFile(file, 'utf8');
    expect(content).toMatch(/^PRIVATE\+KEY\+example\.com\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
    const key = parseSignerKey(content);
    expect(key.name).toBe('example.com/log');
    const vkey = verifierKeyOf(key);
    expect(stdout).toContain(`\n${vkey}\n`);
    expect(stdout).toContain(file);
    // The printed verifier key checks what the written key signs.
    const note = signNote('hello\n', [createSigner(key)]);
    expect(openNote(note, [parseVerifierKey(vkey).verifier]).verified).toHaveLength(1);
  });

  test('--json prints exactly origin, verifierKey and keyFile', async () => {
    const dir = await temps.make();
    const file = join(dir, 'k');
    const { code, stdout } = await cairn(['keygen', '--origin', 'example.com/json', '--out', file, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['keyFile', 'origin', 'verifierKey']);
    expect(out['origin']).toBe('example.com/json');
    expect(out['keyFile']).toBe(file);
    expect(out['verifierKey']).toBe(verifierKeyOf(parseSignerKey(await readFile(file, 'utf8'))));
    expect(stdout.endsWith('}\n')).toBe(true);
  });

  test('takes the origin and the file from CAIRN_ORIGIN and CAIRN_KEY_FILE', async () => {
    const dir = await temps.make();
    const file = join(dir, 'from-env.key');
    const { code, stdout } = await cairn(['keygen', '--json'], { CAIRN_ORIGIN: 'example.com/env', CAIRN_KEY_FILE: file });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ origin: 'example.com/env', keyFile: file });
    expect(parseSignerKey(await readFile(file, 'utf8')).name).toBe('example.com/env');
  });

  test('every run makes a new random key', async () => {
    const dir = await temps.make();
    await cairn(['keygen', '--origin', 'example.com/a', '--out', join(dir, '1')]);
    await cairn(['keygen', '--origin', 'example.com/a', '--out', join(dir, '2')]);
    const a = parseSignerKey(await readFile(join(dir, '1'), 'utf8'));
    const b = parseSignerKey(await readFile(join(dir, '2'), 'utf8'));
    expect(a.seed).not.toEqual(b.seed);
  });

  test('refuses to overwrite an existing file and leaves it unchanged', async () => {
    const dir = await temps.make();
    const file = join(dir, 'existing.key');
    await writeFile(file, 'precious\n');
    const { code, stdout, stderr } = await cairn(['keygen', '--origin', 'example.com/log', '--out', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/already exists/);
    expect(stderr).toMatch(/--force/);
    expect(await readFile(file, 'utf8')).toBe('precious\n');
    expect(await readdir(dir)).toEqual(['existing.key']);
  });

  test('--force replaces an existing file, with mode 0600 even if the old one was 0644', async () => {
    const dir = await temps.make();
    const file = join(dir, 'existing.key');
    await writeFile(file, 'old\n');
    await chmod(file, 0o644);
    const { code } = await cairn(['keygen', '--origin', 'example.com/log', '--out', file, '--force']);
    expect(code).toBe(0);
    expect(parseSignerKey(await readFile(file, 'utf8')).name).toBe('example.com/log');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['existing.key']);
  });

  test('refuses an origin with "+" (exit 2, a clear sentence, no file)', async () => {
    const dir = await temps.make();
    const { code, stderr } = await cairn(['keygen', '--origin', 'example.com/a+b', '--out', join(dir, 'k')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/origin "example\.com\/a\+b" contains a space or "\+"/);
    expect(await readdir(dir)).toEqual([]);
  });

  test('refuses an origin with a space (exit 2, a clear sentence, no file)', async () => {
    const dir = await temps.make();
    const { code, stderr } = await cairn(['keygen', '--origin', 'my log', '--out', join(dir, 'k')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/origin "my log" contains a space or "\+"/);
    expect(await readdir(dir)).toEqual([]);
  });

  test('refuses an origin with a control character (exit 2)', async () => {
    const dir = await temps.make();
    const { code, stderr } = await cairn(['keygen', '--origin', 'log\u0007', '--out', join(dir, 'k')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/control character/);
    expect(await readdir(dir)).toEqual([]);
  });

  test('requires an origin (exit 2)', async () => {
    const dir = await temps.make();
    const { code, stderr } = await cairn(['keygen', '--out', join(dir, 'k')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--origin is required \(or set CAIRN_ORIGIN\)/);
  });

  test('a folder that does not exist: exit 1 and a message naming it', async () => {
    const dir = await temps.make();
    const missing = join(dir, 'no', 'such');
    const { code, stderr } = await cairn(['keygen', '--origin', 'example.com/log', '--out', join(missing, 'k')]);
    expect(code).toBe(1);
    expect(stderr).toContain(missing);
  });

  test('--help names the default file and the environment variables', async () => {
    const { code, stdout } = await cairn(['keygen', '--help']);
    expect(code).toBe(0);
    expect(DEFAULT_KEY_FILE).toBe('./cairn-signer.key');
    expect(stdout).toContain('default ./cairn-signer.key');
    expect(stdout).toContain('CAIRN_ORIGIN');
    expect(stdout).toContain('CAIRN_KEY_FILE');
    expect(stdout).toContain('--force');
  });

  test('is listed in `cairn --help`', async () => {
    const { stdout } = await cairn(['--help']);
    expect(stdout).toMatch(/keygen\s+make a new Ed25519 signer key/);
  });
});
