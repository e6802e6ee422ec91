/**
 * `cairn fsck` (SPEC §6.5, issue 4 part 6): a clean store made by a real CairnLog passes; one
 * changed byte in any kind of stored value (entry bundle, tile, payload, nonce, checkpoint note,
 * idempotency record, hash index...) in a copy of the store fails, and the report names the
 * problem and where it is. Each kind of damage is its own test.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { Level } from 'level';
import { CompactRange, HASH_SIZE, hashLeaf, parseEntryBundle, toHex, utf8 } from '../../../merkle/index.js';
import { createSigner, signCheckpoint } from '../../../proofs/index.js';
import { readSignerKeyFile } from '../../../server/key-file.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { dataPaths } from '../../../server/data-folder.js';
import type { AppendInput } from '../../../server/sequencer/sequencer.js';
import {
  IDENTITY_KEY,
  bundleKey,
  checkpointKey,
  credentialKey,
  encodeU64,
  idempotencyKey,
  leafHashKey,
  payloadKey,
  tileKey,
} from '../../../server/store/level/keys.js';
import { LevelKv } from '../../../server/store/level/level-kv.js';
import { openStore } from '../../../server/store/open-store.js';
import { runCairn } from '../../helpers/cli.js';
import { TEST_ORIGIN } from '../../helpers/server.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { cairn } from './tools-helpers.js';

const temps = new TempDirs();
let clean: string;
/** Entries per round: 1, 299 (every tenth with an idempotency key), 2 by another submitter, 40. */
const TREE_SIZE = 342;
let credentialId: string;

function input(text: string, idempotencyKey?: string): AppendInput {
  return { payload: utf8(text), contentType: 'application/json', occurredAt: 0n, ...(idempotencyKey ? { idempotencyKey } : {}) };
}

beforeAll(async () => {
  clean = await temps.make('cairn-fsck-');
  const log = await CairnLog.open({ dataDir: clean, origin: TEST_ORIGIN });
  try {
    await log.append('default', [input('{"n":0}', 'k-0')]);
    await log.append(
      'default',
      Array.from({ length: 299 }, (_, i) => input(`{"n":${i + 1}}`, i % 10 === 0 ? `k-${i + 1}` : undefined)),
    );
    await log.append('other', [input('"a"'), input('"b"')]);
    // A retry with the same key and payload: the original receipt, no new entry.
    expect((await log.append('default', [input('{"n":0}', 'k-0')]))[0]!.replayed).toBe(true);
    await log.append(
      'default',
      Array.from({ length: 40 }, (_, i) => input(`{"m":${i}}`, `late-${i}`)),
    );
    expect(log.checkpoint.treeSize).toBe(TREE_SIZE);
    credentialId = log.credentials.list()[0]!.id;
  } finally {
    await log.close();
  }
});
afterAll(() => temps.cleanup());

interface Problem {
  code: string;
  where: string;
  message: string;
}

/** `cairn fsck --data dir --json`, parsed. */
async function fsck(dir: string) {
  const r = await cairn(['fsck', '--data', dir, '--json']);
  const report = JSON.parse(r.stdout) as { clean: boolean; problems: Problem[]; counts: Record<string, number>; treeSize: number; skipped: string[] };
  return { ...r, report };
}

/** A copy of the clean store after `edit` changed its LevelDB. */
async function tampered(edit: (kv: LevelKv) => Promise<void>): Promise<string> {
  const dir = await temps.make('cairn-fsck-copy-');
  await cp(clean, dir, { recursive: true });
  const kv = await LevelKv.open(dataPaths(dir).leveldb, false);
  try {
    await edit(kv);
  } finally {
    await kv.close();
  }
  return dir;
}

/** Overwrites the raw value under `key` with a copy whose byte `offset` is XORed with `mask`. */
async function flipValue(kv: LevelKv, key: Uint8Array, offset: number, mask = 0x01): Promise<void> {
  const value = await kv.get(key);
  if (value === undefined) throw new Error(`no value under key ${toHex(key)}`);
  const copy = new Uint8Array(value);
  if (offset < 0) offset += copy.length;
  copy[offset] = copy[offset]! ^ mask;
  await kv.batch([{ key, value: copy }], { sync: true });
}

async function put(kv: LevelKv, key: Uint8Array, value: Uint8Array): Promise<void> {
  await kv.batch([{ key, value }], { sync: true });
}

/** Deletes keys (LevelKv has no delete: no part of Cairn deletes anything). */
async function deleted(keys: Uint8Array[]): Promise<string> {
  const dir = await temps.make('cairn-fsck-copy-');
  await cp(clean, dir, { recursive: true });
  const db = new Level<Uint8Array, Uint8Array>(dataPaths(dir).leveldb, { keyEncoding: 'view', valueEncoding: 'view', createIfMissing: false });
  await db.open();
  for (const key of keys) await db.del(key);
  await db.close();
  return dir;
}

/** Byte offsets of one record of a payload chunk: its nonce and its payload. */
function payloadOffsets(chunk: Uint8Array, record: number): { nonce: number; payload: number } {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let o = 4;
  for (let i = 0; i < record; i++) o += 32 + 4 + view.getUint32(o + 32);
  return { nonce: o, payload: o + 36 };
}

/** The byte offset of entry `j`'s bytes in a bundle. */
function entryOffset(bundle: Uint8Array, j: number): number {
  let o = 0;
  for (let i = 0; i < j; i++) o += 2 + bundle[o]! * 256 + bundle[o + 1]!;
  return o + 2;
}

/** Expects exit 1 and a problem with this code at this place. */
async function expectProblem(dir: string, code: string, where: string): Promise<Problem[]> {
  const { code: exit, report } = await fsck(dir);
  expect(exit).toBe(1);
  expect(report.clean).toBe(false);
  expect(report.problems).toContainEqual(expect.objectContaining({ code, where }));
  return report.problems;
}

describe('cairn fsck on a clean store', () => {
  test('passes (exit 0) and counts what it checked', async () => {
    const { code, report, stderr } = await fsck(clean);
    expect(stderr).toBe('');
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ clean: true, treeSize: TREE_SIZE, skipped: [] });
    expect(report.counts).toEqual({
      // The empty tree's and one per round.
      checkpoints: 5,
      // Level 0: a full tile and a partial one; level 1: a partial one.
      tiles: 3,
      bundles: 2,
      entries: TREE_SIZE,
      payloads: TREE_SIZE,
      idempotencyRecords: 1 + 30 + 40,
      hashIndex: TREE_SIZE,
      credentials: 1,
    });
  });

  test('says so for people, with the counts', async () => {
    const { code, stdout } = await cairn(['fsck', '--data', clean]);
    expect(code).toBe(0);
    expect(stdout).toContain(`(${TEST_ORIGIN}, tree size ${TREE_SIZE}): clean\n`);
    expect(stdout).toContain(`${TREE_SIZE} entries`);
  });

  test('the real ./bin/cairn exits 0', async () => {
    const r = await runCairn(['fsck', '--data', clean]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('cairn fsck finds one changed byte of each kind of stored value', () => {
  test('an entry bundle: the entry no longer hashes to its leaf hash', async () => {
    const dir = await tampered(async (kv) => {
      const bundle = (await kv.get(bundleKey(0)))!;
      await flipValue(kv, bundleKey(0), entryOffset(bundle, 3) + 3);
    });
    const problems = await expectProblem(dir, 'ENTRY_MISMATCH', 'entry 3');
    expect(problems).toHaveLength(1);
  });

  test('a full hash tile: the tile no longer matches its hash in the tile above', async () => {
    const dir = await tampered((kv) => flipValue(kv, tileKey(0, 0), 100));
    const problems = await expectProblem(dir, 'TILE_MISMATCH', 'tile 0/0');
    // The tile is named, not its 256 entries: they are not judged against a wrong tile.
    expect(problems.map((p) => p.code)).toEqual(['TILE_MISMATCH']);
  });

  test('a partial hash tile: the tiles no longer give the latest root', async () => {
    const dir = await tampered((kv) => flipValue(kv, tileKey(0, 1), 5));
    const problems = await expectProblem(dir, 'ROOT_MISMATCH', `checkpoint ${TREE_SIZE}`);
    expect(problems[0]!.message).toContain('tile/0/001.p/86');
  });

  test("a payload: it no longer opens the entry's commitment", async () => {
    const dir = await tampered(async (kv) => {
      const chunk = (await kv.get(payloadKey(1)))!;
      // Entry 5 is record 4 of the round that starts at entry 1.
      await flipValue(kv, payloadKey(1), payloadOffsets(chunk, 4).payload + 2);
    });
    await expectProblem(dir, 'COMMITMENT_MISMATCH', 'entry 5');
  });

  test("a nonce: the payload no longer opens the entry's commitment", async () => {
    const dir = await tampered(async (kv) => {
      const chunk = (await kv.get(payloadKey(1)))!;
      await flipValue(kv, payloadKey(1), payloadOffsets(chunk, 4).nonce + 31);
    });
    await expectProblem(dir, 'COMMITMENT_MISMATCH', 'entry 5');
  });

  test('a checkpoint note: its signature no longer verifies', async () => {
    // The note of size 1; its signature is the last line, base64 then a newline.
    const dir = await tampered((kv) => flipValue(kv, checkpointKey(1), -5, 0x02));
    const problems = await expectProblem(dir, 'CHECKPOINT_INVALID', 'checkpoint 1');
    expect(problems).toHaveLength(1);
  });

  test("the latest checkpoint note: its signature fails and its root is not the tiles'", async () => {
    const note = await (async () => {
      const store = await openStore(clean, { createIfMissing: false });
      try {
        return (await store.latestCheckpoint())!.note;
      } finally {
        await store.close();
      }
    })();
    // The first character of the root line.
    const rootLine = note.indexOf('\n', note.indexOf('\n') + 1) + 1;
    // Another base64 letter: still a well-formed checkpoint, with another root.
    const dir = await tampered((kv) => flipValue(kv, checkpointKey(TREE_SIZE), rootLine, note[rootLine] === 'A' ? 0x03 : note.charCodeAt(rootLine) ^ 0x41));
    const problems = await expectProblem(dir, 'CHECKPOINT_INVALID', `checkpoint ${TREE_SIZE}`);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'ROOT_MISMATCH', where: `checkpoint ${TREE_SIZE}` }));
  });

  test("an idempotency record: its payload digest no longer matches the entry's payload", async () => {
    const dir = await tampered((kv) => flipValue(kv, idempotencyKey('default', 'k-11'), 16 + 7));
    const problems = await expectProblem(dir, 'IDEMPOTENCY_MISMATCH', 'idempotency key default/k-11');
    expect(problems[0]!.message).toContain('not the recorded digest');
  });

  test('an idempotency record: its entry index now names another entry', async () => {
    const dir = await tampered((kv) => flipValue(kv, idempotencyKey('default', 'k-11'), 7, 0x04));
    await expectProblem(dir, 'IDEMPOTENCY_MISMATCH', 'idempotency key default/k-11');
  });

  test('a hash index record: it now names another leaf', async () => {
    let prefix = '';
    const dir = await tampered(async (kv) => {
      const entries = parseEntryBundle((await kv.get(bundleKey(0)))!);
      const key = leafHashKey(hashLeaf(entries[7]!));
      prefix = toHex(key.subarray(1));
      await flipValue(kv, key, 7, 0x01);
    });
    const problems = await expectProblem(dir, 'HASH_INDEX_MISMATCH', `hash index ${prefix}`);
    expect(problems[0]!.message).toContain('names entry 6');
  });

  test('the identity: it is no longer valid JSON', async () => {
    const dir = await tampered((kv) => flipValue(kv, IDENTITY_KEY, 0, 0x40));
    await expectProblem(dir, 'IDENTITY_MALFORMED', 'identity');
  });

  test('a credential: it is no longer valid JSON', async () => {
    const dir = await tampered((kv) => flipValue(kv, credentialKey(credentialId), 0, 0x40));
    await expectProblem(dir, 'CREDENTIAL_MALFORMED', `credential ${credentialId}`);
  });

  test('a payload chunk cut short: it no longer decodes', async () => {
    const dir = await tampered(async (kv) => put(kv, payloadKey(300), (await kv.get(payloadKey(300)))!.subarray(0, 50)));
    await expectProblem(dir, 'PAYLOAD_MALFORMED', 'payload chunk 300');
  });
});

describe('cairn fsck finds missing, extra and inconsistent data', () => {
  test('a missing entry bundle', async () => {
    await expectProblem(await deleted([bundleKey(0)]), 'BUNDLE_MISSING', 'bundle 0');
  });

  test('a missing tile', async () => {
    await expectProblem(await deleted([tileKey(0, 0)]), 'TILE_MISSING', 'tile 0/0');
  });

  test('the payloads of a round', async () => {
    await expectProblem(await deleted([payloadKey(300)]), 'PAYLOAD_MISSING', 'entries 300 to 301');
  });

  test('a leaf missing from the hash index', async () => {
    const entries = parseEntryBundle(
      await (async () => {
        const kv = await LevelKv.open(dataPaths(clean).leveldb, false);
        try {
          return (await kv.get(bundleKey(1)))!;
        } finally {
          await kv.close();
        }
      })(),
    );
    await expectProblem(await deleted([leafHashKey(hashLeaf(entries[0]!))]), 'HASH_INDEX_MISSING', 'entry 256');
  });

  test('a partial tile wider than the latest tree', async () => {
    const dir = await tampered(async (kv) => {
      const tile = (await kv.get(tileKey(0, 1)))!;
      const wider = new Uint8Array(tile.length + HASH_SIZE);
      wider.set(tile);
      await put(kv, tileKey(0, 1), wider);
    });
    const problems = await expectProblem(dir, 'TILE_WIDTH', 'tile 0/1');
    expect(problems[0]!.message).toContain('beyond the tree');
  });

  test('a tile and a bundle beyond the latest tree', async () => {
    const dir = await tampered(async (kv) => {
      await put(kv, tileKey(0, 5), new Uint8Array(HASH_SIZE));
      await put(kv, bundleKey(3), Uint8Array.of(0, 1, 0x41));
    });
    await expectProblem(dir, 'BEYOND_TREE', 'tile 0/5');
    await expectProblem(dir, 'BEYOND_TREE', 'bundle 3');
  });

  test('a checkpoint stored under another size than its own', async () => {
    const dir = await tampered(async (kv) => put(kv, checkpointKey(301), (await kv.get(checkpointKey(300)))!));
    await expectProblem(dir, 'CHECKPOINT_SIZE', 'checkpoint 301');
  });

  test('a validly signed checkpoint that the latest tree does not extend', async () => {
    const key = (await readSignerKeyFile(dataPaths(clean).signerKey))!;
    const other = CompactRange.empty();
    for (let i = 0; i < 300; i++) other.append(hashLeaf(utf8(`forged-${i}`)));
    const forged = signCheckpoint({ origin: TEST_ORIGIN, treeSize: 300, rootHash: other.root() }, createSigner(key));
    const dir = await tampered((kv) => put(kv, checkpointKey(300), utf8(forged)));
    const problems = await expectProblem(dir, 'CHECKPOINT_INCONSISTENT', 'checkpoint 300');
    expect(problems).toHaveLength(1);
  });

  test('keys with numbers beyond 2^53 are reported, and the latest checkpoint stays the real one', async () => {
    const huge = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    const dir = await tampered(async (kv) => {
      await put(kv, Uint8Array.of(0x74, 0, ...huge), new Uint8Array(HASH_SIZE));
      await put(kv, Uint8Array.of(0x63, ...huge), utf8('not a checkpoint'));
    });
    const { report } = await fsck(dir);
    expect(report.treeSize).toBe(TREE_SIZE);
    expect(report.problems.map((p) => [p.code, p.where])).toEqual([
      ['MALFORMED_RECORD', 'tile key 7400ffffffffffffffff'],
      ['MALFORMED_RECORD', 'checkpoint key 63ffffffffffffffff'],
    ]);
  });

  test('a key that no part of Cairn writes', async () => {
    const dir = await tampered((kv) => put(kv, utf8('zz-unknown'), utf8('?')));
    await expectProblem(dir, 'UNKNOWN_KEY', `key ${toHex(utf8('zz-unknown'))}`);
  });

  test('prints each problem with where it is, for people', async () => {
    const dir = await tampered((kv) => flipValue(kv, tileKey(0, 0), 100));
    const { code, stdout } = await cairn(['fsck', '--data', dir]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^problem: tile 0\/0: tile\/0\/000 is wrong: .* \[TILE_MISMATCH\]\n/);
    expect(stdout).toContain('1 problem found');
  });

  test('the real ./bin/cairn exits 1 on a damaged store', async () => {
    const dir = await tampered((kv) => flipValue(kv, tileKey(0, 0), 100));
    const r = await runCairn(['fsck', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('TILE_MISMATCH');
  });
});

describe('cairn fsck usage', () => {
  test('a store in use says to stop the server first (exit 1)', async () => {
    const kv = await LevelKv.open(dataPaths(clean).leveldb, false);
    try {
      const r = await cairn(['fsck', '--data', clean]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('stop the server first');
    } finally {
      await kv.close();
    }
  });

  test('a folder that is not a data folder is a usage error (exit 2)', async () => {
    const r = await cairn(['fsck', '--data', join(await temps.make('cairn-empty-'), 'nothing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a Cairn data folder');
  });

  test('--help documents the exit codes', async () => {
    const r = await cairn(['fsck', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 the store is clean, 1 problems found');
  });
});

describeExternal('cairn fsck --store postgres:// (issue 11)', findPostgres(), () => {
  let cluster: ThrowawayPostgres;
  let url: string;
  let dataDir: string;
  let db: string;
  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(findPostgres());
    url = await cluster.createDatabase();
    db = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1, url.indexOf('?')));
    // The folder keeps the signer key only; the log lives in the database.
    dataDir = await temps.make('cairn-fsck-pg-');
    const log = await CairnLog.open({ dataDir, origin: TEST_ORIGIN }, { store: await openStore(url) });
    try {
      await log.append('default', [input('{"n":0}', 'k-0')]);
      await log.append(
        'default',
        Array.from({ length: 299 }, (_, i) => input(`{"n":${i + 1}}`, i % 10 === 0 ? `k-${i + 1}` : undefined)),
      );
      await log.append('other', [input('"a"'), input('"b"')]);
    } finally {
      await log.close();
    }
  });
  afterAll(() => cluster?.destroy());

  async function fsckStoreJson(location: string) {
    const r = await cairn(['fsck', '--store', location, '--json']);
    return { ...r, report: JSON.parse(r.stdout) as { clean: boolean; data: string; problems: Problem[]; counts: Record<string, number>; treeSize: number } };
  }

  test('a clean database passes (exit 0) and counts what it checked', async () => {
    const { code, report } = await fsckStoreJson(url);
    expect(code).toBe(0);
    expect(report).toMatchObject({ clean: true, treeSize: 302, data: url, problems: [] });
    expect(report.counts).toMatchObject({ entries: 302, payloads: 302 });
  });

  test('passes while a process appends to the same log: the check stays within the checkpoint it started from', async () => {
    const log = await CairnLog.open({ dataDir }, { store: await openStore(url) });
    let appending = true;
    let appended = 0;
    const writer = (async () => {
      for (let i = 0; appending; i++) {
        await log.append('default', [input(`{"live":${i}}`)]);
        appended++;
      }
    })();
    try {
      const before = appended;
      const { code, report } = await fsckStoreJson(url);
      // Rounds committed while fsck ran (without a snapshot they showed as checkpoints, tiles and bundles beyond its tree).
      expect(appended).toBeGreaterThan(before);
      expect(report.problems).toEqual([]);
      expect(code).toBe(0);
    } finally {
      appending = false;
      await writer;
      await log.close();
    }
  });

  test('a changed entry bundle row is found (exit 1)', async () => {
    const copy = await cluster.createDatabase();
    const copyDb = decodeURIComponent(copy.slice(copy.lastIndexOf('/') + 1, copy.indexOf('?')));
    await cluster.query(`DROP DATABASE "${copyDb}"`);
    await cluster.query(`CREATE DATABASE "${copyDb}" TEMPLATE "${db}"`);
    await cluster.query(`UPDATE cairn.bundles SET bytes = overlay(bytes placing '\\xff'::bytea from 10 for 1) WHERE idx = 0`, [], copyDb);
    const { code, report } = await fsckStoreJson(copy);
    expect(code).toBe(1);
    expect(report.clean).toBe(false);
    expect(report.problems.map((p) => p.where).join(' ')).toContain('entry');
  });

  test('a database without the named log fails to open (exit 1), saying so', async () => {
    const r = await cairn(['fsck', '--store', `${url}&log=typo`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no Cairn log in');
    const none = await cairn(['fsck', '--store', `postgres://postgres@/nothing?host=${encodeURIComponent(cluster.dir + '/gone')}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('cannot be reached');
  });
});
