/**
 * Credentials fail closed when the LISTEN session drops (server/store/postgres/credential-listener.ts),
 * on a real throwaway PostgreSQL: the listening backend is terminated (pg_terminate_backend) and
 * the database refuses new connections, so the session cannot come back and the notification of a
 * revocation is lost. The listener must still make the process re-read its credentials (polling
 * while down), so the revoked token stops working within about a second, not at the next
 * periodic reload (here set to an hour so it cannot be what helps).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { startCredentialRefresh } from '../../../server/auth/credential-refresh.js';
import { CredentialRegistry } from '../../../server/auth/credentials.js';
import { POLL_WHILE_DOWN_MS } from '../../../server/store/postgres/credential-listener.js';
import { openPostgresStore } from '../../../server/store/postgres/open-postgres-store.js';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';

const tools = findPostgres();

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

describeExternal('credentials when the LISTEN session drops', tools, () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(tools);
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  test('a revocation whose notification was lost takes effect within a second: the process re-reads while no session listens', async () => {
    const name = `creds_${Date.now()}`;
    const url = await cluster.createDatabase(name);
    const store = await openPostgresStore(url);
    // Another process's handle: the one that revokes (its own pooled connection, opened now).
    const other = await openPostgresStore(url);
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    const registry = await CredentialRegistry.load(store);
    const refresh = startCredentialRefresh(registry, store, { intervalMs: 3_600_000 });
    try {
      const { token } = await (await CredentialRegistry.load(other)).add('alice', 'writer');
      // The notification arrives while the session listens.
      await until(() => registry.authenticate(token) !== undefined, 5000);
      // Warm both pools so they hold an idle connection each (new connections will be refused).
      await store.listCredentials();
      await other.listCredentials();

      const listening = async (): Promise<number[]> =>
        (
          await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'cairn credential listener'`, [name])
        ).rows.map((r) => r.pid);
      await until(async () => (await listening()).length === 1, 5000);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      const [pid] = await listening();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(async () => (await listening()).length === 0, 5000);

      // Revoked by the other process: the NOTIFY goes nowhere, and the session cannot come back.
      expect(await (await CredentialRegistry.load(other)).revoke('alice')).toBe(1);
      const ms = await until(() => registry.authenticate(token) === undefined, 4 * POLL_WHILE_DOWN_MS + 1000);
      process.stderr.write(`revocation effective ${ms.toFixed(0)} ms after it was committed, with no listening session\n`);
      expect(await listening()).toEqual([]);

      // Connections allowed again: the session comes back (and polling stops with it).
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await until(async () => (await listening()).length === 1, 10_000);
      const { token: bob } = await (await CredentialRegistry.load(other)).add('bob', 'writer');
      await until(() => registry.authenticate(bob) !== undefined, 5000);
    } finally {
      await refresh.stop();
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await store.close();
      await other.close();
    }
  });
});
