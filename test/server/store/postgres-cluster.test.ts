/**
 * The throwaway PostgreSQL of test/helpers/postgres.ts is a real server: unix socket only, fsync
 * on, not run as root, a commit survives a crash (kill -9 of every server process), and it stops
 * and restarts in every mode the store tests use.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';

const tools = findPostgres();

describeExternal('a throwaway PostgreSQL for tests', tools, () => {
  let cluster: ThrowawayPostgres;
  let created = 0;

  beforeAll(async () => {
    const t0 = performance.now();
    cluster = await ThrowawayPostgres.create(tools);
    created = performance.now() - t0;
    process.stderr.write(
      `throwaway PostgreSQL: initdb ${cluster.timings.initdb.toFixed(0)} ms, start ${cluster.timings.start.toFixed(0)} ms, total ${created.toFixed(0)} ms\n`,
    );
  });
  afterAll(() => cluster?.destroy());

  test('listens on a unix socket in its own folder and on no TCP port', async () => {
    const [row] = await cluster.query<{ listen: string; sockets: string }>(
      `SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets`,
    );
    expect(row).toEqual({ listen: '', sockets: cluster.socketDir });
    await expect(stat(join(cluster.socketDir, '.s.PGSQL.5432'))).resolves.toBeDefined();
  });

  test('keeps fsync and synchronous commit on', async () => {
    const [row] = await cluster.query<{ fsync: string; sc: string }>(`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc`);
    expect(row).toEqual({ fsync: 'on', sc: 'on' });
  });

  test('runs the server as a user other than root', async () => {
    const status = await readFile(`/proc/${cluster.postmasterPid}/status`, 'utf8');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    expect(uid).not.toBe(0);
  });

  test('creates a fresh database per caller', async () => {
    const a = await cluster.createDatabase();
    const b = await cluster.createDatabase();
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(a).toContain(`/${rows[0]!.db}?host=`);
  });

  test('a committed row survives kill -9 of every server process, and the server starts again', async () => {
    const url = await cluster.createDatabase('crash_test');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE t (n int)');
    await client.query('INSERT INTO t VALUES (42)');
    // `on`, not `once`: a dying connection may report more than one error (the reset, then the
    // termination), and an 'error' event without a listener would crash the test process.
    const lost = new Promise<Error>((resolve) => client.on('error', resolve));
    const oldPid = cluster.postmasterPid;
    await cluster.kill9();
    expect(cluster.running).toBe(false);
    // The open connection learns that its server is gone.
    expect((await lost).message).toMatch(/terminat|ECONNRESET|closed|EOF/i);
    await cluster.start();
    expect(cluster.postmasterPid).not.toBe(oldPid);
    expect(await cluster.log()).toMatch(/automatic recovery in progress|not properly shut down/);
    const rows = await cluster.query<{ n: number }>('SELECT n FROM t', [], 'crash_test');
    expect(rows).toEqual([{ n: 42 }]);
  });

  test('stops fast and immediate, and restarts each time', async () => {
    for (const mode of ['fast', 'immediate'] as const) {
      await cluster.stop(mode);
      expect(cluster.running).toBe(false);
      await expect(cluster.query('SELECT 1')).rejects.toThrow(/ENOENT|ECONNREFUSED/);
      await cluster.start();
      expect(await cluster.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    }
  });
});
