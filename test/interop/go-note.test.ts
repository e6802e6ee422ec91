// Interoperability with Go's golang.org/x/mod/sumdb/note (docs/spec.md §2.6: a key made by
// either side works in both). Builds test/interop/go/ with the system's Go in GOPATH mode against
// Debian's x/mod package, then runs it on keys and notes made by Cairn, and the other way round.
//
// Needs: apt-get update && apt-get install -y golang-go golang-golang-x-mod-dev
// Without them the suite is skipped and says what to install; under CAIRN_REQUIRE_EXTERNAL=1
// (set by .ci/run) it fails instead. Once Go and x/mod are found, a failed build is a failure.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { signCheckpoint, verifyCheckpoint } from '../../proofs/checkpoint.js';
import { createSigner, parseSignerKey, parseVerifierKey, verifierKeyOf } from '../../proofs/note-keys.js';
import { openNote, signNote } from '../../proofs/note.js';
import type { CommandIo } from '../../server/cli/command.js';
import { runCli } from '../../server/cli/main.js';
import { describeExternal, findExternal } from '../helpers/external.js';
import { TempDirs } from '../helpers/temp-dir.js';

const GO_SOURCE = resolve(import.meta.dirname, 'go');
// Debian installs golang.org/x/mod under /usr/share/gocode/src; CAIRN_INTEROP_GOPATH overrides.
const GOPATH = process.env['CAIRN_INTEROP_GOPATH'] ?? '/usr/share/gocode';
const X_MOD_NOTE = join(GOPATH, 'src', 'golang.org', 'x', 'mod', 'sumdb', 'note');

/** Why the suite cannot run here ('' when Go and x/mod are both present). */
function missingGo(): string {
  const tools = findExternal([{ command: 'go', debianPackage: 'golang-go' }]);
  if (tools.reason !== '') {
    // x/mod is useless without Go: name both packages so one command fixes the machine.
    return `${tools.reason} golang-golang-x-mod-dev`;
  }
  if (!existsSync(X_MOD_NOTE)) {
    return `golang.org/x/mod (${X_MOD_NOTE}) not found under GOPATH=${GOPATH}; install with: apt-get update && apt-get install -y golang-golang-x-mod-dev (or set CAIRN_INTEROP_GOPATH)`;
  }
  return '';
}

const MISSING = missingGo();
const GO_BIN = findExternal([{ command: 'go', debianPackage: 'golang-go' }]).paths['go'];
const temps = new TempDirs();
let tool: string | undefined;
let buildError: Error | undefined;

beforeAll(async () => {
  if (MISSING !== '' || GO_BIN === undefined) return;
  const work = await temps.make('cairn-interop-');
  const env = { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: join(work, 'gocache'), GOFLAGS: '', CGO_ENABLED: '0' };
  const version = spawnSync(GO_BIN, ['version'], { env, encoding: 'utf8' });
  const out = join(work, 'note-interop');
  const build = spawnSync(GO_BIN, ['build', '-o', out, '.'], { cwd: GO_SOURCE, env, encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(out)) {
    buildError = new Error(
      `building ${GO_SOURCE} with ${version.stdout.trim()} (GOPATH=${GOPATH}, GO111MODULE=off) failed:\n${build.stderr}${build.error?.message ?? ''}`,
    );
    return;
  }
  tool = out;
});

afterAll(() => temps.cleanup());

/** Runs the Go tool; returns its exit status and output. Fails the test when the build failed. */
function go(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (buildError !== undefined) throw buildError;
  if (tool === undefined) throw new Error('the Go tool was not built');
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the Go tool and requires success. */
function goOk(...args: string[]): string {
  const r = go(...args);
  if (r.status !== 0) throw new Error(`note-interop ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** `cairn keygen --json` in-process; returns the key file path and the printed verifier key. */
async function keygen(dir: string, origin: string): Promise<{ keyFile: string; verifierKey: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdin: async () => new Uint8Array(0), env: {}, isTty: false };
  const code = await runCli(['keygen', '--origin', origin, '--out', join(dir, 'signer.key'), '--json'], io);
  if (code !== 0) throw new Error(`cairn keygen failed: ${stderr}`);
  return JSON.parse(stdout) as { keyFile: string; verifierKey: string };
}

const ROOT = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

describeExternal('Go accepts what Cairn makes', MISSING, () => {
  test('a key file written by `cairn keygen` signs in Go, byte-identical to Cairn', async () => {
    const dir = await temps.make();
    const { keyFile, verifierKey } = await keygen(dir, 'example.com/cairn-made');
    const text = 'example.com/cairn-made\n42\n' + Buffer.from(ROOT).toString('base64') + '\n';
    await writeFile(join(dir, 'text'), text);
    // The key file goes to Go's note.NewSigner exactly as keygen wrote it.
    const goNote = goOk('sign', keyFile, join(dir, 'text'));
    const key = parseSignerKey(await readFile(keyFile, 'utf8'));
    expect(goNote).toBe(signNote(text, [createSigner(key)]));
    expect(openNote(goNote, [parseVerifierKey(verifierKey).verifier]).text).toBe(text);
  });

  test("Go's note.Open verifies a checkpoint Cairn signed with the keygen key and its printed verifier key", async () => {
    const dir = await temps.make();
    const { keyFile, verifierKey } = await keygen(dir, 'example.com/cairn-log');
    const key = parseSignerKey(await readFile(keyFile, 'utf8'));
    const note = signCheckpoint({ origin: 'example.com/cairn-log', treeSize: 70000, rootHash: ROOT }, createSigner(key));
    await writeFile(join(dir, 'vkey'), `${verifierKey}\n`);
    await writeFile(join(dir, 'note'), note);
    const out = goOk('open', join(dir, 'vkey'), join(dir, 'note'));
    expect(out).toBe(`ok example.com/cairn-log ${verifierKey.split('+')[1]}\n${note.slice(0, note.indexOf('\n\n') + 1)}`);
  });

  test('a key whose name is not ASCII works in Go too', async () => {
    const dir = await temps.make();
    const { verifierKey, keyFile } = await keygen(dir, 'journal.example/été');
    const note = signNote('bonjour\n', [createSigner(parseSignerKey(await readFile(keyFile, 'utf8')))]);
    await writeFile(join(dir, 'vkey'), verifierKey);
    await writeFile(join(dir, 'note'), note);
    expect(goOk('open', join(dir, 'vkey'), join(dir, 'note'))).toMatch(/^ok journal\.example\/été [0-9a-f]{8}\nbonjour\n$/);
  });

  test('Go refuses a Cairn-signed checkpoint whose tree size was changed (the Go side really checks)', async () => {
    const dir = await temps.make();
    const { keyFile, verifierKey } = await keygen(dir, 'example.com/cairn-log');
    const note = signCheckpoint(
      { origin: 'example.com/cairn-log', treeSize: 5, rootHash: ROOT },
      createSigner(parseSignerKey(await readFile(keyFile, 'utf8'))),
    );
    await writeFile(join(dir, 'vkey'), verifierKey);
    await writeFile(join(dir, 'note'), note.replace('\n5\n', '\n6\n'));
    const r = go('open', join(dir, 'vkey'), join(dir, 'note'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid signature/);
  });
});

describeExternal('Cairn accepts what Go makes', MISSING, () => {
  test('a Go-made signer key and verifier key parse, agree, and format back identically', () => {
    const [skey, vkey] = goOk('generate', 'example.com/go-made').trim().split('\n') as [string, string];
    const signer = parseSignerKey(skey);
    const verifier = parseVerifierKey(vkey);
    expect(signer.keyId).toBe(verifier.keyId);
    expect(signer.publicKey).toEqual(verifier.publicKey);
    expect(verifierKeyOf(signer)).toBe(vkey);
    expect(signer.text).toBe(skey);
  });

  test('a note Go signed with a Go-made key opens in Cairn, and Cairn signs it identically', async () => {
    const dir = await temps.make();
    const [skey, vkey] = goOk('generate', 'example.com/go-made').trim().split('\n') as [string, string];
    await writeFile(join(dir, 'skey'), skey);
    const text = 'example.com/go-made\n300\n' + Buffer.from(ROOT).toString('base64') + '\n';
    await writeFile(join(dir, 'text'), text);
    const goNote = goOk('sign', join(dir, 'skey'), join(dir, 'text'));
    expect(verifyCheckpoint(goNote, vkey)).toEqual({ origin: 'example.com/go-made', treeSize: 300, rootHash: ROOT });
    expect(signNote(text, [createSigner(parseSignerKey(skey))])).toBe(goNote);
  });
});
