/**
 * Retention on a shared PostgreSQL log (issues 11 and 14): two real `cairn serve
 * --retention-days` processes sweep every 200 ms. Only the leader sweeps, so a 1-second rule
 * (recorded in the log through the leader) makes the leader erase the expired entry as a
 * recorded erasure by `retention`; the follower skips its runs (one `retention_sweep_skipped`
 * line), never tries an append the sequencer would refuse (no `retention_sweep_failed`), and
 * serves the entry as erased once it has read the leader's record.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { runCairn } from '../helpers/cli.js';
import { describeExternal } from '../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../helpers/postgres.js';
import { eventually, startCluster, stopCluster, type TestCluster } from './cluster-helpers.js';

const tools = findPostgres();

describeExternal('retention on several processes', tools, () => {
  let pg: ThrowawayPostgres;
  let cluster: TestCluster;

  beforeAll(async () => {
    pg = await ThrowawayPostgres.create(tools);
    cluster = await startCluster(pg, 2, ['--retention-days', '30'], { CAIRN_RETENTION_INTERVAL_MS: '200' });
  }, 90_000);

  afterAll(async () => {
    await stopCluster(cluster, pg);
  }, 60_000);

  test('the leader sweeps and erases the expired entry; the follower skips, and never fails a sweep', async () => {
    const leader = await cluster.leader();
    const follower = cluster.servers.find((s) => s !== leader)!;
    const add = async (name: string, role: string) =>
      (JSON.parse((await runCairn(['token', 'add', '--store', cluster.store, '--name', name, '--role', role, '--json'])).stdout) as { token: string }).token;
    const admin = await add('dpo', 'admin');
    const reader = await add('auditor', 'reader');
    await eventually(async () => (await fetch(`${leader.url}/v1/holds`, { headers: { authorization: `Bearer ${admin}` } })).status !== 401, 'the admin token');
    await follower.waitForLog((l) => l.event === 'retention_sweep_skipped');

    const r = await fetch(`${leader.url}/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actor: 'alice', action: 'login', target: 'app', outcome: 'success' }),
    });
    expect(r.status).toBe(201);
    const { index } = (await r.json()) as { index: number };
    const set = await fetch(`${leader.url}/v1/retention`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ submitter: 'default', maxAgeSeconds: 1 }], reason: 'retention on several processes' }),
    });
    expect(set.status).toBe(201);
    await leader.waitForLog((l) => l.event === 'retention_sweep' && (l['erased'] as number) >= 1);
    // The follower reads the leader's record and serves the entry as erased.
    let record: number | undefined;
    await eventually(async () => {
      const e = await fetch(`${follower.url}/v1/entries/${index}`, { headers: { authorization: `Bearer ${reader}` } });
      record = e.status === 200 ? ((await e.json()) as { erased?: { record: number } }).erased?.record : undefined;
      return record !== undefined;
    }, 'the follower serves the entry as erased');
    const payload = await fetch(`${leader.url}/v1/entries/${record}/payload`, { headers: { authorization: `Bearer ${reader}` } });
    expect((await payload.json()) as unknown).toMatchObject({ by: 'retention', indexes: [index] });
    // A few more of the follower's runs, now that entries have expired.
    await new Promise((r) => setTimeout(r, 1_000));
    const events = follower.logs.map((l) => l.event);
    expect(events.filter((e) => e === 'retention_sweep_skipped')).toHaveLength(1);
    expect(events).not.toContain('retention_sweep_failed');
    expect(events).not.toContain('retention_sweep');
    expect(leader.logs.map((l) => l.event)).not.toContain('retention_sweep_failed');
  }, 60_000);
});
