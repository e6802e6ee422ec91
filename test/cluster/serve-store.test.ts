/**
 * `cairn serve --store postgres://...` (issue 11): the flags' refusals, provisioning by exactly
 * one process, the durability warning, and writes through a follower (forwarded to the leader,
 * the leader's receipt returned unchanged).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyReceipt } from '../../client/index.js';
import { describeExternal } from '../helpers/external.js';
import { runCairn, startServer } from '../helpers/cli.js';
import { findPostgres, ThrowawayPostgres } from '../helpers/postgres.js';
import { appendOne, receiptsOf } from '../helpers/server-calls.js';
import { databaseOf, startCluster, stopCluster, type TestCluster } from './cluster-helpers.js';

describe('cairn serve --store refusals', () => {
  test('--store without --key-file is refused with a sentence naming --key-file', async () => {
    const r = await runCairn(['serve', '--store', 'postgres://cairn@127.0.0.1/nowhere', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--key-file');
    expect(r.stderr).toContain('never stored in the database');
  });

  test('a --store that is not a postgres:// URL is refused', async () => {
    const r = await runCairn(['serve', '--store', 'mysql://x/y', '--key-file', '/nonexistent', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('postgres://');
  });

  test('an --advertise-url with a path is refused', async () => {
    const r = await runCairn(['serve', '--store', 'postgres://cairn@127.0.0.1/x', '--key-file', '/k', '--advertise-url', 'http://10.0.0.5:8080/cairn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--advertise-url');
  });

  test('--advertise-url without --store is refused', async () => {
    const r = await runCairn(['serve', '--advertise-url', 'http://10.0.0.5:8080']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('only applies with --store');
  });
});

const tools = findPostgres();

describeExternal('cairn serve on a shared PostgreSQL log', tools, () => {
  let pg: ThrowawayPostgres;
  let cluster: TestCluster;

  beforeAll(async () => {
    pg = await ThrowawayPostgres.create(tools);
    // Three at once on the empty database: startCluster fails unless exactly one printed a token.
    cluster = await startCluster(pg, 3);
  }, 60_000);

  afterAll(async () => {
    await stopCluster(cluster, pg);
  }, 60_000);

  test('exactly one process leads, and every process is ready', async () => {
    const leader = await cluster.leader();
    await leader.waitForLog((l) => l.event === 'leading');
    for (const s of cluster.servers) {
      const res = await fetch(`${s.url}/readyz`);
      expect(res.status).toBe(200);
      if (s !== leader) expect(s.logs.some((l) => l.event === 'leading')).toBe(false);
    }
  });

  test('an append sent to a follower is sequenced by the leader: 201 and a receipt that verifies', async () => {
    const leader = await cluster.leader();
    const follower = cluster.servers.find((s) => s !== leader)!;
    const r = await appendOne(follower.url, cluster.token, '{"via":"follower"}', { idempotencyKey: 'via-follower' });
    expect(r.status).toBe(201);
    const receipt = verifyReceipt(receiptsOf(r)[0]!, cluster.verifierKey);
    const replay = await appendOne(leader.url, cluster.token, '{"via":"follower"}', { idempotencyKey: 'via-follower' });
    expect(replay.status).toBe(200);
    expect(verifyReceipt(receiptsOf(replay)[0]!, cluster.verifierKey).index).toBe(receipt.index);
  });

  /**
   * The headers of a new reader token `name` (made with `cairn token add --store`), once the
   * process at `url` knows it: it arrives through LISTEN/NOTIFY.
   */
  async function readerOn(url: string, name: string): Promise<{ authorization: string }> {
    const reader = (await runCairn(['token', 'add', '--store', cluster.store, '--name', name, '--role', 'reader', '--json'])).stdout;
    const auth = { authorization: `Bearer ${(JSON.parse(reader) as { token: string }).token}` };
    for (let i = 0; i < 100 && (await fetch(`${url}/v1/entries/0/receipt`, { headers: auth })).status === 401; i++) await new Promise((r) => setTimeout(r, 50));
    return auth;
  }

  test('an entry just appended at the leader is found at once on a follower (entry, receipt, payload): the follower reads the head before a 404', async () => {
    const leader = await cluster.leader();
    const follower = cluster.servers.find((s) => s !== leader)!;
    const auth = await readerOn(follower.url, 'read-at-once');
    // The follower polls the head every 150 ms: without reading it on demand, most of these would be 404.
    for (let i = 0; i < 10; i++) {
      const r = await appendOne(leader.url, cluster.token, JSON.stringify({ readAtOnce: i }));
      expect(r.status).toBe(201);
      const index = verifyReceipt(receiptsOf(r)[0]!, cluster.verifierKey).index;
      const paths = [`/v1/entries/${index}`, `/v1/entries/${index}/receipt`, `/v1/entries/${index}/payload`];
      const statuses = await Promise.all(paths.map(async (p) => (await fetch(`${follower.url}${p}`, { headers: auth })).status));
      expect([i, statuses]).toEqual([i, [200, 200, 200]]);
    }
    // Beyond the log: still a 404 (after one read of the head).
    expect((await fetch(`${follower.url}/v1/entries/1000000`, { headers: auth })).status).toBe(404);
  }, 30_000);

  test('a flood of reads beyond the log on a follower reads the head at most about 100 times a second, not back to back', async () => {
    const leader = await cluster.leader();
    const follower = cluster.servers.find((s) => s !== leader)!;
    const auth = await readerOn(follower.url, 'read-flood');
    // Reads of the log's row (the head), as PostgreSQL counts them: each process's backends report
    // their counts when idle, at most once a second, and the 150 ms polls keep them reporting.
    const database = databaseOf(cluster.store);
    const headReads = async (): Promise<number> => {
      await new Promise((r) => setTimeout(r, 1500));
      const [row] = await pg.query<{ n: string }>(
        `SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS n FROM pg_stat_user_tables WHERE schemaname = 'cairn' AND relname = 'logs'`,
        [],
        database,
      );
      return Number(row!.n);
    };
    const window = async (flood: boolean): Promise<{ reads: number; seconds: number; answered: number }> => {
      const before = await headReads();
      const started = performance.now();
      let answered = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (performance.now() - started < 1000) {
            if (!flood) {
              await new Promise((r) => setTimeout(r, 50));
              continue;
            }
            const r = await fetch(`${follower.url}/v1/entries/${1_000_000_000 + answered}`, { headers: auth });
            expect(r.status).toBe(404);
            await r.arrayBuffer();
            answered++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      return { reads: (await headReads()) - before, seconds, answered };
    };
    const quiet = await window(false);
    const flooded = await window(true);
    expect(flooded.answered).toBeGreaterThan(20);
    // Without the floor every request read the head once or twice, back to back (hundreds of
    // reads in the second); with it at most one read per CATCH_UP_FLOOR_MS (10 ms) beside the
    // polls the quiet window saw.
    expect(flooded.reads - quiet.reads).toBeLessThanOrEqual(Math.ceil((flooded.seconds * 1000) / 10) + 20);
  }, 30_000);

  test('a follower refuses an unknown token itself (401), without forwarding it', async () => {
    const leader = await cluster.leader();
    const follower = cluster.servers.find((s) => s !== leader)!;
    const r = await appendOne(follower.url, 'cairn_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '{"x":1}');
    expect(r.status).toBe(401);
  });

  test('a token made with cairn token add --store works on every process', async () => {
    const made = await runCairn(['token', 'add', '--store', cluster.store, '--name', 'second-writer', '--role', 'writer', '--json']);
    expect(made.code).toBe(0);
    const token = (JSON.parse(made.stdout) as { token: string }).token;
    for (const s of cluster.servers) {
      // The credential reaches each process through LISTEN/NOTIFY (and a 5 s reload as backstop).
      let status = 0;
      for (let i = 0; i < 100 && status !== 201; i++) {
        status = (await appendOne(s.url, token, JSON.stringify({ by: s.url }))).status;
        if (status === 401) await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(201);
    }
  }, 30_000);

  test('a database with synchronous_commit off gets a warning naming the setting at start', async () => {
    const store = await pg.createDatabase();
    const name = databaseOf(store);
    await pg.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
    const dir = await mkdtemp(join(tmpdir(), 'cairn-warn-'));
    try {
      const s = await startServer(join(dir, 'p'), { args: ['--store', store, '--key-file', cluster.keyFile] });
      const warning = await s.waitForLog((l) => l.event === 'store_warning');
      expect(String(warning['warning'])).toContain('synchronous_commit');
      await s.stop('SIGTERM');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
