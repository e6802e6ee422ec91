/**
 * Reads that scale out (issue 11): the shipped deploy/nginx/cairn.conf in front of two real
 * `cairn serve` processes on one PostgreSQL log. Appends through nginx land whichever process
 * nginx picks (a follower forwards to the leader); `cairn audit` and `cairn monitor` through
 * nginx succeed, and full tiles come from nginx's cache once fetched.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeExternal } from '../helpers/external.js';
import { runCairn } from '../helpers/cli.js';
import { findNginx, ThrowawayNginx } from '../helpers/nginx.js';
import { findPostgres, ThrowawayPostgres } from '../helpers/postgres.js';
import { appendBatch } from '../helpers/server-calls.js';
import { startCluster, stopCluster, type TestCluster } from './cluster-helpers.js';

const pgTools = findPostgres();
const nginxTools = findNginx();

describeExternal(
  'nginx in front of two cairn serve processes on one PostgreSQL log',
  [pgTools.reason, nginxTools.reason].filter((r) => r !== '').join(' '),
  () => {
    let pg: ThrowawayPostgres;
    let cluster: TestCluster;
    let proxy: ThrowawayNginx;
    let stateDir: string;

    beforeAll(async () => {
      pg = await ThrowawayPostgres.create(pgTools);
      cluster = await startCluster(pg, 2);
      proxy = await ThrowawayNginx.start(nginxTools, { upstreams: cluster.servers.map((s) => new URL(s.url).host) });
      stateDir = await mkdtemp(join(tmpdir(), 'cairn-monitor-'));
    }, 60_000);

    afterAll(async () => {
      await proxy?.stop();
      await stopCluster(cluster, pg);
      if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
    }, 60_000);

    test('appends through nginx reach both processes and all land in one log; cairn audit and cairn monitor through nginx pass', async () => {
      for (let i = 0; i < 12; i++) {
        const r = await appendBatch(
          proxy.url,
          cluster.token,
          Array.from({ length: 50 }, (_, j) => ({ json: { i, j } })),
        );
        expect({ status: r.status, body: r.body }).toMatchObject({ status: 201 });
      }
      const upstreams = new Set((await proxy.accessLog()).filter((l) => l.includes('/v1/entries/batch')).map((l) => l.split(' ')[1]));
      expect(upstreams.size).toBe(2);

      const monitorState = join(stateDir, 'monitor.json');
      const first = await runCairn(['monitor', '--url', proxy.url, '--vkey', cluster.verifierKey, '--state', monitorState, '--once']);
      expect(first.code).toBe(0);
      const audit = await runCairn(['audit', '--url', proxy.url, '--vkey', cluster.verifierKey, '--json', '--progress', 'never']);
      expect(audit.code).toBe(0);
      expect(audit.stdout).toContain('600');

      // More entries, then the monitor again: it proves the new checkpoint consistent with the old.
      expect((await appendBatch(proxy.url, cluster.token, [{ json: { last: true } }])).status).toBe(201);
      const second = await runCairn(['monitor', '--url', proxy.url, '--vkey', cluster.verifierKey, '--state', monitorState, '--once']);
      expect(second.code).toBe(0);
      // The audit fetched every full tile through nginx; the second audit gets them from its cache.
      const again = await runCairn(['audit', '--url', proxy.url, '--vkey', cluster.verifierKey, '--json', '--progress', 'never']);
      expect(again.code).toBe(0);
      expect((await proxy.accessLog()).some((l) => / HIT \/tile\//.test(l))).toBe(true);
    }, 120_000);
  },
);
