/**
 * `cairn audit` (SPEC §7, issue 4 part 5): downloads a whole tlog-tiles log through its tiles
 * and recomputes everything. Passes on a real Cairn log and on the Go-written reference logs;
 * every kind of damage fails with exit 6 and names the tile or the entry at fault.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { entryBundlesForSize, tilesForSize, utf8 } from '../../../merkle/index.js';
import { encodeLogEntry, generateSignerKey, verifierKeyOf } from '../../../proofs/index.js';
import { appendBatch } from '../../helpers/server-calls.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { runCairn } from '../../helpers/cli.js';
import { REFERENCE_VKEY_FILE, cairn, copyReferenceLog, flipByte, referenceLogDir, writeStaticLog } from './tools-helpers.js';

const temps = new TempDirs();
const servers: StaticServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await temps.cleanup();
});

async function serve(dir: string): Promise<StaticServer> {
  const s = await startStaticServer(dir);
  servers.push(s);
  return s;
}

/** `cairn audit --json` against `url`; the parsed JSON line too. */
async function audit(url: string, vkey = REFERENCE_VKEY_FILE, extra: string[] = []) {
  const r = await cairn(['audit', '--url', url, '--vkey', vkey, '--json', ...extra]);
  const json = r.stdout === '' ? undefined : (JSON.parse(r.stdout) as Record<string, unknown>);
  return { ...r, json };
}

/** A fresh copy of reference log `size`, served. */
async function servedCopy(size: number): Promise<{ dir: string; server: StaticServer }> {
  const dir = await copyReferenceLog(size, await temps.make('cairn-audit-'));
  return { dir, server: await serve(dir) };
}

describe('cairn audit on the Go-written reference logs', () => {
  test.each([0, 1, 300, 70000])('passes on reference log-%i and checks every tile and bundle', async (size) => {
    const server = await serve(referenceLogDir(size));
    const { code, json, stderr } = await audit(server.url);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, origin: 'example.com/cairn-reference', treeSize: size, entries: size, cairn: false });
    expect(json!['hashTiles']).toBe(tilesForSize(size).length);
    expect(json!['bundles']).toBe(entryBundlesForSize(size).length);
    // Every tile and bundle the log has was fetched, and nothing but tiles and the checkpoint.
    const fetched = new Set(server.requests);
    for (const path of [...fetched]) expect(path === '/checkpoint' || path.startsWith('/tile/')).toBe(true);
    expect(fetched.size).toBe(1 + tilesForSize(size).length + entryBundlesForSize(size).length);
  });

  test('prints a summary for people without --json', async () => {
    const server = await serve(referenceLogDir(300));
    const { code, stdout } = await cairn(['audit', '--url', server.url, '--vkey', REFERENCE_VKEY_FILE]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^audit passed: example\.com\/cairn-reference at http:\/\/127\.0\.0\.1:\d+: 300 entries, root YIKAzr3eSMKJmenLg58DmAo\+Yui5VQqih1jpEnnr1lc=\n/,
    );
    expect(stdout).toMatch(/checked 3 hash tiles and 2 entry bundles \([0-9.]+ KB\) in [0-9.]+ s\n$/);
  });

  test('--progress always draws a progress bar with percent and rate on stderr', async () => {
    const server = await serve(referenceLogDir(70000));
    const { code, stderr } = await cairn(['audit', '--url', server.url, '--vkey', REFERENCE_VKEY_FILE, '--progress', 'always', '--concurrency', '2']);
    expect(code).toBe(0);
    expect(stderr).toContain('100.0%  70,000/70,000 entries');
    expect(stderr).toMatch(/entries\/s/);
  });

  test('accepts the verifier key as a string as well as a file', async () => {
    const server = await serve(referenceLogDir(1));
    const vkey = (await readFile(REFERENCE_VKEY_FILE, 'utf8')).trim();
    expect((await audit(server.url, vkey)).code).toBe(0);
  });
});

describe('cairn audit finds damage and names it', () => {
  test('a flipped byte in a full level-0 tile fails with exit 6 naming that tile', async () => {
    const { dir, server } = await servedCopy(300);
    await flipByte(join(dir, 'tile/0/000'), 100);
    const { code, json, stderr } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ ok: false, error: 'TILE_MISMATCH', where: 'tile/0/000' });
    expect(stderr).toContain('FAILED at tile/0/000');
  });

  test('a flipped byte in an entry fails with exit 6 naming the entry', async () => {
    const { dir, server } = await servedCopy(300);
    // Bundle 0 holds `leaf-0`..: entry 5 starts after 5 entries of 2 + 6 bytes; flip its last byte.
    await flipByte(join(dir, 'tile/entries/000'), 5 * 8 + 2 + 5);
    const { code, json, stderr } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ ok: false, error: 'ENTRY_MISMATCH', where: 'entry 5' });
    expect(stderr).toContain('entry 5 (tile/entries/000, position 5) is wrong');
  });

  test('a flipped byte in an entry of the partial bundle names that entry', async () => {
    const { dir, server } = await servedCopy(300);
    // Bundle 1 holds leaf-256..leaf-299 (2 + 8 bytes each); entry 290 is its 34th.
    await flipByte(join(dir, 'tile/entries/001.p/44'), 34 * 10 + 2 + 7);
    const { code, json } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'ENTRY_MISMATCH', where: 'entry 290' });
  });

  test('a flipped byte in a partial tile fails the root check, naming the tiles that give the root', async () => {
    const { dir, server } = await servedCopy(300);
    await flipByte(join(dir, 'tile/0/001.p/44'), 7);
    const { code, json } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'ROOT_MISMATCH' });
    expect(json!['where']).toContain('tile/0/001.p/44');
  });

  test('a flipped byte in a full level-1 tile names that tile, not its children', async () => {
    const { dir, server } = await servedCopy(70000);
    await flipByte(join(dir, 'tile/1/000'), 4000);
    const { code, json } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'TILE_MISMATCH', where: 'tile/1/000' });
  });

  test('a flipped byte deep in a large log names the level-0 tile', async () => {
    const { dir, server } = await servedCopy(70000);
    await flipByte(join(dir, 'tile/0/200'), 8191);
    const { code, json } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'TILE_MISMATCH', where: 'tile/0/200' });
  });

  test('a truncated tile fails as malformed, naming it', async () => {
    const { dir, server } = await servedCopy(300);
    const file = join(dir, 'tile/0/000');
    await writeFile(file, (await readFile(file)).subarray(0, 8000));
    const { code, json } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'MALFORMED_TILE', where: 'tile/0/000' });
  });

  test('a bundle with a broken length prefix fails as malformed, naming it', async () => {
    const { dir, server } = await servedCopy(300);
    await flipByte(join(dir, 'tile/entries/000'), 0, 0x80);
    const { code, json } = await audit(server.url);
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'MALFORMED_TILE', where: 'tile/entries/000' });
  });

  test('a missing tile is a read failure (exit 1), not a mismatch', async () => {
    const { dir, server } = await servedCopy(300);
    await rm(join(dir, 'tile/0/000'));
    const { code, json, stderr } = await audit(server.url);
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, error: 'NOT_FOUND', where: 'tile/0/000' });
    expect(stderr).toContain('could not read the log');
  });

  test('a checkpoint that does not verify with the key exits 3', async () => {
    const server = await serve(referenceLogDir(300));
    const other = verifierKeyOf(generateSignerKey('example.com/cairn-reference'));
    const { code, json } = await audit(server.url, other);
    expect(code).toBe(3);
    expect(json).toMatchObject({ ok: false, error: 'UNKNOWN_KEY' });
  });

  test('an unreachable log exits 1 after the retries', async () => {
    const server = await serve(referenceLogDir(0));
    await server.close();
    const { code, json } = await audit(server.url);
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, error: 'FETCH_FAILED' });
  });
});

describe('cairn audit on Cairn logs', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    // 600 entries in rounds of different sizes: full and partial tiles and bundles.
    for (const [first, count] of [
      [0, 1],
      [1, 299],
      [300, 300],
    ] as const) {
      const r = await appendBatch(
        s.url,
        s.writerToken,
        Array.from({ length: count }, (_, i) => ({ json: { n: first + i } })),
      );
      expect(r.status).toBe(201);
    }
  });
  afterAll(() => s.stop());

  test('passes on a good real log, decoding every LogEntry', async () => {
    const { code, json } = await audit(s.url, s.log.verifierKey.text);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, origin: 'test.example/log', treeSize: 600, entries: 600, cairn: true, bundles: 3 });
  });

  test('the real ./bin/cairn exits 0 on a good log', async () => {
    const r = await runCairn(['audit', '--url', s.url, '--vkey', s.log.verifierKey.text]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('600 entries');
    expect(r.stdout).toContain('timestamps strictly increase');
  });

  const key = generateSignerKey('example.com/cairn-like');
  const entry = (timestamp: bigint) =>
    encodeLogEntry({ timestamp, submitter: 'w', contentType: 'text/plain', commitment: new Uint8Array(32), payloadSize: 0, occurredAt: 0n });

  test('timestamps that do not strictly increase fail, naming the entry', async () => {
    const dir = await temps.make('cairn-audit-');
    const entries = [entry(10n), entry(20n), entry(30n), entry(30n), entry(40n)];
    await writeStaticLog(dir, entries, key);
    const server = await serve(dir);
    const { code, json } = await audit(server.url, verifierKeyOf(key));
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'TIMESTAMP_ORDER', where: 'entry 3' });
  });

  test('an entry that is not a LogEntry in a Cairn log fails, naming it', async () => {
    const dir = await temps.make('cairn-audit-');
    await writeStaticLog(dir, [entry(10n), entry(20n), utf8('not a log entry'), entry(40n)], key);
    const server = await serve(dir);
    const { code, json } = await audit(server.url, verifierKeyOf(key));
    expect(code).toBe(6);
    expect(json).toMatchObject({ error: 'MALFORMED_ENTRY', where: 'entry 2' });
  });

  test('a log whose partial tile is gone is read from the full tile (tlog-tiles fallback)', async () => {
    const dir = await temps.make('cairn-audit-');
    const entries = Array.from({ length: 600 }, (_, i) => utf8(`e-${i}`));
    // Signed at 300, then grown to 600: tile 0/001 is full now; the log dropped its partial.
    const notes = await writeStaticLog(dir, entries, key, [300, 600]);
    await writeFile(join(dir, 'checkpoint'), notes.get(300)!);
    await rm(join(dir, 'tile/0/001.p/44'));
    await rm(join(dir, 'tile/entries/001.p/44'));
    const server = await serve(dir);
    const { code, json } = await audit(server.url, verifierKeyOf(key));
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, treeSize: 300, cairn: false });
    expect(server.requests).toContain('/tile/0/001');
  });
});

describe('cairn audit usage', () => {
  test('--help documents the exit codes', async () => {
    const { code, stdout } = await cairn(['audit', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain("6 the log's data contradicts its checkpoint");
    expect(stdout).toContain('3 the checkpoint does not verify');
  });

  test('a missing --url is a usage error (exit 2)', async () => {
    expect((await cairn(['audit', '--vkey', REFERENCE_VKEY_FILE])).code).toBe(2);
  });

  test('a bad --concurrency is a usage error (exit 2)', async () => {
    expect((await cairn(['audit', '--url', 'http://127.0.0.1:1', '--vkey', REFERENCE_VKEY_FILE, '--concurrency', '0'])).code).toBe(2);
  });

  test('a --vkey that is neither a key nor a file is a usage error (exit 2)', async () => {
    const r = await cairn(['audit', '--url', 'http://127.0.0.1:1', '--vkey', '/nonexistent/vkey']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('neither a verifier key');
  });
});
