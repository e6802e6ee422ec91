/**
 * A store changed behind the server's back (issue 6 part 5, SPEC §6.5): `cairn serve` checks at
 * start that the stored tiles give its latest signed checkpoint's root, and refuses to start
 * when they do not, with a message that says so and points to `cairn fsck`; fsck then names the
 * damage, and once the byte is restored the log starts again at the same checkpoint. Every
 * other kind of change (entries, full tiles, payloads, checkpoint history, idempotency and hash
 * index records) is fsck's to find: test/server/cli/fsck.test.ts has one test per kind.
 *
 * The store is a real LevelDB folder made by a real `./bin/cairn serve` (a batch of 300 entries,
 * then two single ones: checkpoints 0, 300, 301 and 302; a full level-0 tile, a partial one of
 * 46 hashes, and a level-1 tile of width 1), changed while no server runs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { cp } from 'node:fs/promises';
import { Level } from 'level';
import { dataPaths } from '../../server/data-folder.js';
import { checkpointKey, tileKey } from '../../server/store/level/keys.js';
import { LevelKv } from '../../server/store/level/level-kv.js';
import { killAllServers, runCairn, startServer, type CommandResult } from '../helpers/cli.js';
import { appendBatch, appendOne, fetchCheckpoint } from '../helpers/server-calls.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
let clean: string;
let cleanNote: string;
let vkey: string;
const TREE_SIZE = 302;

beforeAll(async () => {
  clean = await temps.make('cairn-tamper-');
  const server = await startServer(clean);
  const r = await appendBatch(
    server.url,
    server.token,
    Array.from({ length: 300 }, (_, i) => ({ json: { n: i } })),
  );
  expect(r.status).toBe(201);
  for (const text of ['"301"', '"302"']) expect((await appendOne(server.url, server.token, text)).status).toBe(201);
  vkey = server.verifierKey;
  cleanNote = (await fetchCheckpoint(server.url, vkey)).note;
  expect(await server.stop()).toEqual({ code: 0, signal: null });
});
afterEach(() => killAllServers());
afterAll(() => temps.cleanup());

/** A copy of the clean folder. */
async function copy(): Promise<string> {
  const dir = await temps.make('cairn-tamper-copy-');
  await cp(clean, dir, { recursive: true });
  return dir;
}

/** XORs byte `offset` of the value under `key` with `mask`; returns a function that restores it. */
async function flipByte(dataDir: string, key: Uint8Array, offset: number, mask = 0x01): Promise<() => Promise<void>> {
  const kv = await LevelKv.open(dataPaths(dataDir).leveldb, false);
  let original: Uint8Array;
  try {
    const value = await kv.get(key);
    if (value === undefined) throw new Error('no value under the key');
    original = new Uint8Array(value);
    const changed = new Uint8Array(value);
    changed[offset] = changed[offset]! ^ mask;
    await kv.batch([{ key, value: changed }], { sync: true });
  } finally {
    await kv.close();
  }
  return async () => {
    const again = await LevelKv.open(dataPaths(dataDir).leveldb, false);
    try {
      await again.batch([{ key, value: original }], { sync: true });
    } finally {
      await again.close();
    }
  };
}

/** Deletes one key (no part of Cairn ever deletes anything). */
async function deleteKey(dataDir: string, key: Uint8Array): Promise<void> {
  const db = new Level<Uint8Array, Uint8Array>(dataPaths(dataDir).leveldb, { keyEncoding: 'view', valueEncoding: 'view', createIfMissing: false });
  await db.open();
  try {
    await db.del(key);
  } finally {
    await db.close();
  }
}

function serve(dataDir: string): Promise<CommandResult> {
  return runCairn(['serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0']);
}

/** Exit 1 before listening, with `sentence` on stderr. */
function expectRefused(r: CommandResult, sentence: RegExp): void {
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 1 });
  expect(r.stdout).not.toContain('"listening"');
  expect(r.stderr).toMatch(sentence);
}

/** fsck --json on the folder: exit 1 and a problem of `code` at `where`. */
async function expectFsckFinds(dataDir: string, code: string, where: string): Promise<void> {
  const r = await runCairn(['fsck', '--data', dataDir, '--json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { clean: boolean; problems: { code: string; where: string }[] };
  expect(report.clean).toBe(false);
  expect(report.problems).toContainEqual(expect.objectContaining({ code, where }));
}

/** The folder starts again, at the checkpoint it had. */
async function expectStartsAsBefore(dataDir: string): Promise<void> {
  const server = await startServer(dataDir);
  expect((await fetchCheckpoint(server.url, vkey)).note).toBe(cleanNote);
  expect(await server.stop()).toEqual({ code: 0, signal: null });
}

const ROOT_MISMATCH =
  /^cairn serve: the stored tiles give root [0-9a-f]{64} but the latest checkpoint \(size 302\) says [0-9a-f]{64}; the store was changed or damaged: run `cairn fsck`/s;

describe('cairn serve refuses a store whose tiles do not give its latest checkpoint', () => {
  test('one changed byte in the right-edge level-0 tile: exit 1, the message says so and points to cairn fsck', async () => {
    const dir = await copy();
    // The first hash of tile 0/1 (leaf 256): it is under the compact range's node of leaves 256–287.
    const restore = await flipByte(dir, tileKey(0, 1), 0);
    expectRefused(await serve(dir), ROOT_MISMATCH);
    await expectFsckFinds(dir, 'ROOT_MISMATCH', `checkpoint ${TREE_SIZE}`);
    // The refused start changed nothing: with the byte restored, the log is back.
    await restore();
    await expectStartsAsBefore(dir);
  });

  test('one changed byte in the level-1 tile (the root of the first 256 leaves): refused the same way', async () => {
    const dir = await copy();
    const restore = await flipByte(dir, tileKey(1, 0), 31, 0x80);
    expectRefused(await serve(dir), ROOT_MISMATCH);
    await restore();
    await expectStartsAsBefore(dir);
  });

  test('the right-edge tile deleted: refused, naming the missing tile', async () => {
    const dir = await copy();
    await deleteKey(dir, tileKey(0, 1));
    expectRefused(await serve(dir), /^cairn serve: tile 0\/1 should be 46 hashes wide at size 302 but is missing/s);
    await expectFsckFinds(dir, 'TILE_MISSING', 'tile 0/1');
  });

  test("the latest checkpoint's root changed in its note: refused, because the note no longer verifies", async () => {
    const dir = await copy();
    // The first character of the root line, swapped for another base64 letter.
    const rootAt = cleanNote.indexOf('\n', cleanNote.indexOf('\n') + 1) + 1;
    const restore = await flipByte(dir, checkpointKey(TREE_SIZE), rootAt, cleanNote[rootAt] === 'A' ? 0x03 : 0x01);
    expectRefused(await serve(dir), /^cairn serve: the latest stored checkpoint \(size 302\) does not verify with the log's key/s);
    await restore();
    await expectStartsAsBefore(dir);
  });
});

describe('checkpoints deleted from the store', () => {
  test('the latest checkpoint deleted (the store rolled back by one round): refused, because the tiles are wider than the tree', async () => {
    const dir = await copy();
    await deleteKey(dir, checkpointKey(TREE_SIZE));
    expectRefused(await serve(dir), /^cairn serve: tile 0\/1 should be 45 hashes wide at size 301 but is 46 wide/s);
  });

  // A round starts a new payload chunk, and a chunk that follows one that was not full starts a
  // round, whose previous round was signed at that size: fsck's CHECKPOINT_MISSING
  // (server/store/level/fsck-payload-chunks.ts).
  test('a checkpoint deleted from the middle of the history: fsck reports it', async () => {
    const dir = await copy();
    await deleteKey(dir, checkpointKey(TREE_SIZE - 1));
    const r = await runCairn(['fsck', '--data', dir, '--json']);
    const report = JSON.parse(r.stdout) as { clean: boolean; problems: { code: string; where: string; message: string }[] };
    expect({ exit: r.code, clean: report.clean }).toEqual({ exit: 1, clean: false });
    expect(report.problems.some((p) => `${p.where} ${p.message}`.includes(String(TREE_SIZE - 1)))).toBe(true);
  });
});
