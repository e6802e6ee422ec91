/**
 * PostgreSQL stopped and started again under load (issue 11 "Failure"): while it is down,
 * appends get 503 with Retry-After and /readyz says why in a sentence; when it returns, the log
 * recovers by itself (no process restarted), and nothing acknowledged before, during or after
 * is lost.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { verifyReceipt } from '../../client/index.js';
import { describeExternal } from '../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../helpers/postgres.js';
import { appendOne, fetchCheckpoint, proveInclusion, receiptsOf } from '../helpers/server-calls.js';
import { startCluster, stopCluster, whenReady, type TestCluster } from './cluster-helpers.js';

const tools = findPostgres();

describeExternal('PostgreSQL stopped and restarted under load', tools, () => {
  let pg: ThrowawayPostgres;
  let cluster: TestCluster;

  beforeAll(async () => {
    pg = await ThrowawayPostgres.create(tools);
    cluster = await startCluster(pg, 2);
  }, 60_000);

  afterAll(async () => {
    await stopCluster(cluster, pg);
  }, 60_000);

  test('503 with Retry-After and a /readyz sentence while down; recovers by itself; nothing acknowledged lost', async () => {
    const acked: ReturnType<typeof verifyReceipt>[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    // Two keyed writers, one on each process, appending all along.
    const writer = async (url: string, name: string): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const r = await appendOne(url, cluster.token, JSON.stringify({ name, i }), { idempotencyKey: `${name}-${i}` }).catch(() => undefined);
        if (r === undefined) continue;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 201 || r.status === 200) acked.push(verifyReceipt(receiptsOf(r)[0]!, cluster.verifierKey));
        else {
          expect(r.status).toBe(503);
          expect(r.headers.get('retry-after')).not.toBeNull();
          await new Promise((done) => setTimeout(done, 50));
        }
      }
    };
    const writers = cluster.servers.map((s, n) => writer(s.url, `w${n}`));
    const until = async (check: () => boolean): Promise<void> => {
      while (!check()) await new Promise((done) => setTimeout(done, 20));
    };
    await until(() => acked.length >= 50);
    const beforeStop = acked.length;

    await pg.stop('fast');
    // Every process says why it is not ready.
    for (const s of cluster.servers) {
      let res = await fetch(`${s.url}/readyz`);
      while (res.status === 200) res = await fetch(`${s.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).not.toBeNull();
      const body = (await res.json()) as { detail: string };
      expect(body.detail).toMatch(/PostgreSQL|store|leads/);
    }
    await until(() => (statuses.get(503) ?? 0) > 0);

    await pg.start();
    await until(() => acked.length >= beforeStop + 50);
    stop = true;
    await Promise.all(writers);
    // Ready again by itself (no process restarted).
    for (const s of cluster.servers) await whenReady(s.url);
    for (const s of cluster.servers) expect(s.process.exitCode).toBeNull();

    const leader = await cluster.leader();
    const final = await fetchCheckpoint(leader.url, cluster.verifierKey);
    const indexes = new Set<number>();
    for (const a of acked) {
      await proveInclusion(leader.url, final, a.index, a.leafHash);
      indexes.add(a.index);
    }
    // Keyed requests: each acknowledged once (a retry of a landed one replays the same entry).
    expect(indexes.size).toBe(acked.length);
    process.stdout.write(`PostgreSQL outage: ${acked.length} acknowledged, answers ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  }, 120_000);
});
