/**
 * The audit and monitor checks (client/tiles/audit.ts, monitor-check.ts) through TileClient
 * against a real HTTP server: what they return on a good log and how they name a bad one. The
 * CLI around them is tested in test/server/cli/{audit,monitor}.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { utf8 } from '../../../merkle/index.js';
import { MonitorAlert, TileClient, auditLog, checkLog, verifyCheckpointNote } from '../../../client/index.js';
import { memoryTlog, serveTiles, type TilesServer } from './tiles-fixture.js';

const log = memoryTlog([300, 1000, 70_000]);
// Another key of the same name: its checkpoints must not verify with the log's key.
const other = memoryTlog([1000], 'example.com/tiles-test');
let server: TilesServer;

beforeAll(async () => {
  server = await serveTiles(log.files);
});

afterAll(async () => {
  await server.close();
});

describe('auditLog', () => {
  test('passes on a good log, counting every tile and entry', async () => {
    const progress: number[] = [];
    const summary = await auditLog(new TileClient(server.url), log.key, { concurrency: 4, onProgress: (p) => progress.push(p.entriesChecked) });
    expect(summary).toMatchObject({ treeSize: 70_000, entries: 70_000, bundles: 274, cairn: false, checkpoint: log.notes.get(70_000) });
    // 274 level-0 tiles, 2 level-1 tiles, 1 level-2 tile.
    expect(summary.hashTiles).toBe(277);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(70_000);
  });

  test('an entry that is not the one hashed is ENTRY_MISMATCH naming it', async () => {
    const files = new Map(log.files);
    const bundle = files.get('tile/entries/003')!.slice();
    // Entry 768 starts after its two-byte length prefix.
    bundle[2] = bundle[2]! ^ 1;
    files.set('tile/entries/003', bundle);
    const bad = await serveTiles(files);
    try {
      await expect(auditLog(new TileClient(bad.url), log.key, { concurrency: 2 })).rejects.toMatchObject({ code: 'ENTRY_MISMATCH', where: 'entry 768' });
    } finally {
      await bad.close();
    }
  });

  test('a checkpoint from another key is a VerificationError', async () => {
    await expect(auditLog(new TileClient(server.url), other.key, { concurrency: 2 })).rejects.toMatchObject({ name: 'VerificationError' });
  });
});

describe('checkLog', () => {
  const trusted = (size: number) => verifyCheckpointNote(log.notes.get(size)!, log.key);

  test('trusts on first use', async () => {
    expect(await checkLog(new TileClient(server.url), log.key, undefined)).toMatchObject({ kind: 'first_use', checkpoint: { treeSize: 70_000 } });
  });

  test('a larger tree is proved consistent from tiles', async () => {
    expect(await checkLog(new TileClient(server.url), log.key, trusted(300))).toMatchObject({ kind: 'consistent', previous: { treeSize: 300 } });
  });

  test('the same tree is unchanged', async () => {
    expect(await checkLog(new TileClient(server.url), log.key, trusted(70_000))).toMatchObject({ kind: 'unchanged' });
  });

  test('a smaller tree is a rollback alert', async () => {
    const rolledBack = await serveTiles(new Map([...log.files, ['checkpoint', utf8(log.notes.get(1000)!)]]));
    try {
      const err = await checkLog(new TileClient(rolledBack.url), log.key, trusted(70_000)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MonitorAlert);
      expect(err).toMatchObject({ kind: 'rollback' });
    } finally {
      await rolledBack.close();
    }
  });

  test('a tree of the same size with another root is a fork alert', async () => {
    const seen = await serveTiles(new Map([...log.files, ['checkpoint', utf8(log.notes.get(1000)!)]]));
    try {
      const rootHash = log.roots.get(1000)!.slice();
      rootHash[0] = rootHash[0]! ^ 1;
      const forked = { ...trusted(1000), rootHash };
      await expect(checkLog(new TileClient(seen.url), log.key, forked)).rejects.toMatchObject({ kind: 'fork' });
    } finally {
      await seen.close();
    }
  });

  test('a larger tree that does not extend the trusted one is a fork alert', async () => {
    const forked = { ...trusted(300), rootHash: log.roots.get(1000)! };
    const err = (await checkLog(new TileClient(server.url), log.key, forked).catch((e: unknown) => e)) as MonitorAlert;
    expect(err.kind).toBe('fork');
    expect(err.toJson(server.url, new Date(0))).toMatchObject({ code: 'CONSISTENCY_FAILED', trusted: { treeSize: 300 }, observed: { treeSize: 70_000 } });
  });

  test('a checkpoint that does not verify is a bad_signature alert carrying the code', async () => {
    const err = (await checkLog(new TileClient(server.url), other.key, undefined).catch((e: unknown) => e)) as MonitorAlert;
    expect(err.kind).toBe('bad_signature');
    expect(err.toJson(server.url, new Date(0))).toMatchObject({ event: 'alert', alert: 'bad_signature', url: server.url });
  });
});
