/**
 * Erasure and legal holds on a shared PostgreSQL log (issues 11 and 14): three real processes on
 * one throwaway PostgreSQL. An erasure sent to a follower is forwarded to the leader, recorded,
 * and takes effect on every process: the payload is gone from the shared store, and each process
 * (whose erasure state follows the committed rounds it loads) answers the entry with
 * `erased: {"record": K}`, its payload with 410 naming K, and its receipt without payload. A hold
 * placed through one follower blocks an erasure sent through another.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { verifyReceipt, type ReceiptJson } from '../../client/index.js';
import { runCairn, type ServerProcess } from '../helpers/cli.js';
import { describeExternal } from '../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../helpers/postgres.js';
import { eventually, startCluster, stopCluster, type TestCluster } from './cluster-helpers.js';

const tools = findPostgres();

async function token(cluster: TestCluster, name: string, role: string): Promise<string> {
  const r = await runCairn(['token', 'add', '--store', cluster.store, '--name', name, '--role', role, '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { token: string }).token;
}

describeExternal('erasure and holds on several processes', tools, () => {
  let pg: ThrowawayPostgres;
  let cluster: TestCluster;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    pg = await ThrowawayPostgres.create(tools);
    cluster = await startCluster(pg, 3);
    admin = await token(cluster, 'dpo', 'admin');
    reader = await token(cluster, 'auditor', 'reader');
    // Credentials reach every process through the database's notifications.
    for (const s of cluster.servers) {
      await eventually(async () => (await fetch(`${s.url}/v1/holds`, { headers: { authorization: `Bearer ${admin}` } })).status !== 401, 'the admin token');
    }
  }, 90_000);

  afterAll(async () => {
    await stopCluster(cluster, pg);
  }, 60_000);

  async function followers(): Promise<ServerProcess[]> {
    const leader = await cluster.leader();
    return cluster.servers.filter((s) => s !== leader);
  }

  async function append(s: ServerProcess, actor: string): Promise<ReceiptJson> {
    const r = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actor, action: 'login', target: 'app', outcome: 'success' }),
    });
    expect(r.status).toBe(201);
    return (await r.json()) as ReceiptJson;
  }

  function post(s: ServerProcess, path: string, body: unknown): Promise<Response> {
    return fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  test('an erasure sent to a follower takes effect on every process', async () => {
    const [f1] = await followers();
    const kept = await append(f1!, 'bob');
    const gone = await append(f1!, 'alice');
    const r = await post(f1!, '/v1/erasures', { indexes: [gone.index], reason: 'GDPR request #9' });
    expect(r.status).toBe(201);
    const { record, erased } = (await r.json()) as { record: number; erased: number[] };
    expect(erased).toEqual([gone.index]);

    for (const s of cluster.servers) {
      const auth = { headers: { authorization: `Bearer ${reader}` } };
      await eventually(async () => {
        const e = (await (await fetch(`${s.url}/v1/entries/${gone.index}`, auth)).json()) as { erased?: { record: number } };
        return e.erased?.record === record;
      }, `${s.url} names record ${record} for entry ${gone.index}`);
      const entry = (await (await fetch(`${s.url}/v1/entries/${gone.index}`, auth)).json()) as Record<string, unknown>;
      expect(entry['payload']).toBeUndefined();
      const p = await fetch(`${s.url}/v1/entries/${gone.index}/payload`, auth);
      expect(p.status).toBe(410);
      expect(((await p.json()) as { record: number }).record).toBe(record);
      const receipt = (await (await fetch(`${s.url}/v1/entries/${gone.index}/receipt`, auth)).json()) as ReceiptJson;
      expect(verifyReceipt(receipt, cluster.verifierKey, { allowErased: true }).erased).toEqual({ record });
      // The neighbour keeps its payload everywhere.
      expect((await fetch(`${s.url}/v1/entries/${kept.index}/payload`, auth)).status).toBe(200);
    }
    // The receipt issued at append time still verifies with its payload.
    expect(verifyReceipt(gone, cluster.verifierKey).index).toBe(gone.index);
  }, 60_000);

  test('a hold placed through one follower blocks an erasure sent through another; released, it erases', async () => {
    const [f1, f2] = await followers();
    const held = await append(f1!, 'carol');
    const h = await post(f1!, '/v1/holds', { filter: { actor: 'carol' }, reason: 'case 17-cv-042' });
    expect(h.status).toBe(201);
    const { hold } = (await h.json()) as { hold: { id: number } };
    const refused = await post(f2!, '/v1/erasures', { indexes: [held.index], reason: 'GDPR' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string; hold: number }).hold).toBe(hold.id);
    const auth = { headers: { authorization: `Bearer ${reader}` } };
    // Every process serves the held payload (once it has loaded the round that holds the entry).
    for (const s of cluster.servers) {
      await eventually(async () => (await fetch(`${s.url}/v1/entries/${held.index}/payload`, auth)).status === 200, `${s.url} serves the held payload`);
    }

    const released = await fetch(`${f2!.url}/v1/holds/${hold.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    expect(released.status).toBe(200);
    const ok = await post(f1!, '/v1/erasures', { filter: { actor: 'carol' }, reason: 'GDPR' });
    expect(ok.status).toBe(201);
    for (const s of cluster.servers) {
      await eventually(async () => (await fetch(`${s.url}/v1/entries/${held.index}/payload`, auth)).status === 410, `${s.url} answers 410`);
    }
  }, 60_000);
});
