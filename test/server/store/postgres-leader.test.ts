/**
 * Leader election and fencing on a real throwaway PostgreSQL (server/store/postgres/leader.ts,
 * head.ts): one leader at a time, a follower waiting in the lock takes over when the leader's
 * session dies (its backend terminated, or its process killed with SIGKILL), each new leader
 * bumps the epoch, and a stale leader's commit is refused.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { campaign, tryLead, type Leadership } from '../../../server/store/postgres/leader.js';
import { readHead, swapHead } from '../../../server/store/postgres/head.js';
import { migrate } from '../../../server/store/postgres/migrate.js';
import { LOCK_CLASS } from '../../../server/store/postgres/schema.js';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';

const tools = findPostgres();
const ROOT = join(import.meta.dirname, '..', '..', '..');

describeExternal('leader election and fencing on PostgreSQL', tools, () => {
  let cluster: ThrowawayPostgres;
  let url: string;
  let admin: pg.Client;
  const held: Leadership[] = [];
  let logs = 0;

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(tools);
    url = await cluster.createDatabase();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await migrate(admin);
  });
  afterAll(async () => {
    await Promise.all(held.map((l) => l.release()));
    await admin?.end();
    await cluster?.destroy();
  });

  /** A new log row (a fresh lock and epoch per test). */
  async function newLog(): Promise<number> {
    const { rows } = await admin.query<{ log_id: number }>(
      `INSERT INTO cairn.logs (name, origin, identity, tree_size, checkpoint) VALUES ($1, $1, '{}', 0, 'empty') RETURNING log_id`,
      [`log-${++logs}`],
    );
    return rows[0]!.log_id;
  }

  function keep(l: Leadership): Leadership {
    held.push(l);
    return l;
  }

  /** The backend that holds the lead of `logId`. */
  async function holderPid(logId: number): Promise<number> {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid`,
      [LOCK_CLASS, logId],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.pid;
  }

  /** Resolves once `n` sessions wait for the lead of `logId` (the server's own lock table). */
  async function waiters(logId: number, n: number): Promise<void> {
    for (;;) {
      const { rows } = await admin.query<{ c: string }>(
        `SELECT count(*) AS c FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::oid AND objid = $2::oid`,
        [LOCK_CLASS, logId],
      );
      if (Number(rows[0]!.c) >= n) return;
    }
  }

  test('the first process leads with epoch 1 and records its URL; nobody else can take the lead meanwhile', async () => {
    const logId = await newLog();
    const a = keep(await campaign({ connection: url, logId, advertise: 'http://10.0.0.1:8080' }));
    expect(a.epoch).toBe(1);
    expect(a.lost.aborted).toBe(false);
    expect(await tryLead({ connection: url, logId })).toBeUndefined();
    expect(await readHead(admin, logId)).toMatchObject({ epoch: 1, leader: 'http://10.0.0.1:8080' });
  });

  test('a follower waiting in the lock leads as soon as the leader releases, with the next epoch', async () => {
    const logId = await newLog();
    const a = keep(await campaign({ connection: url, logId }));
    const b = campaign({ connection: url, logId, advertise: 'b' });
    await waiters(logId, 1);
    await a.release();
    expect(a.lost.aborted).toBe(true);
    const lead = keep(await b);
    expect(lead.epoch).toBe(a.epoch + 1);
  });

  test('the leader learns at once that its session was terminated, and the waiter takes over', async () => {
    const logId = await newLog();
    const a = keep(await campaign({ connection: url, logId }));
    const b = campaign({ connection: url, logId });
    await waiters(logId, 1);
    const lost = new Promise<unknown>((resolve) => a.lost.addEventListener('abort', () => resolve(a.lost.reason)));
    const t0 = performance.now();
    await admin.query('SELECT pg_terminate_backend($1)', [await holderPid(logId)]);
    const lead = keep(await b);
    const takeover = performance.now() - t0;
    expect(String(await lost)).toMatch(/lost the lead of log \d+ \(epoch 1\)/);
    expect(lead.epoch).toBe(2);
    process.stderr.write(`leader takeover after pg_terminate_backend: ${takeover.toFixed(1)} ms\n`);
    expect(takeover).toBeLessThan(5000);
  });

  test('a leader process killed with SIGKILL is replaced within 5 s (measured)', async () => {
    const logId = await newLog();
    // The leader is a real node process, running the built module (dist/, built by jest's global setup).
    const script = `
      import { campaign } from ${JSON.stringify(join(ROOT, 'dist/server/store/postgres/leader.js'))};
      const l = await campaign({ connection: process.env.URL, logId: Number(process.env.LOG_ID) });
      process.stdout.write('leading ' + l.epoch + '\\n');
      setInterval(() => {}, 1 << 30);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, URL: url, LOG_ID: String(logId) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout!.once('data', (c: Buffer) => resolve(c.toString()));
        child.once('exit', () => reject(new Error('the leader process exited early')));
      });
      expect(line).toBe('leading 1\n');
      const follower = campaign({ connection: url, logId });
      await waiters(logId, 1);
      const t0 = performance.now();
      child.kill('SIGKILL');
      const lead = keep(await follower);
      const takeover = performance.now() - t0;
      expect(await exited).toBe('SIGKILL');
      expect(lead.epoch).toBe(2);
      process.stderr.write(`leader takeover after kill -9 of the leader process: ${takeover.toFixed(1)} ms\n`);
      expect(takeover).toBeLessThan(5000);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  test('a stale leader cannot commit, even onto the head it last saw (fencing)', async () => {
    const logId = await newLog();
    const a = keep(await campaign({ connection: url, logId }));
    const head = (await readHead(admin, logId))!;
    // The old leader's session dies without the old leader acting on it (say, it was paused).
    await admin.query('SELECT pg_terminate_backend($1)', [await holderPid(logId)]);
    const b = keep(await campaign({ connection: url, logId }));
    expect(b.epoch).toBe(a.epoch + 1);
    const next = { treeSize: 1, checkpoint: 'size 1' };
    expect(await swapHead(admin, logId, { treeSize: head.treeSize, checkpoint: head.checkpoint, epoch: a.epoch }, next)).toBe(false);
    expect(await readHead(admin, logId)).toMatchObject({ treeSize: 0, checkpoint: 'empty' });
    expect(await swapHead(admin, logId, { treeSize: head.treeSize, checkpoint: head.checkpoint, epoch: b.epoch }, next)).toBe(true);
    expect(await readHead(admin, logId)).toMatchObject({ treeSize: 1, checkpoint: 'size 1', epoch: b.epoch });
  });

  test('a campaign aborted while waiting is cancelled on the server and never takes the lead later', async () => {
    const logId = await newLog();
    const a = keep(await campaign({ connection: url, logId }));
    const controller = new AbortController();
    const waiting = campaign({ connection: url, logId }, controller.signal);
    await waiters(logId, 1);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    await a.release();
    // The lead is free: nobody took it in the aborted campaign's place.
    const c = keep((await tryLead({ connection: url, logId }))!);
    expect(c.epoch).toBe(a.epoch + 1);
  });

  test('leading a log that does not exist is refused with a sentence', async () => {
    await expect(campaign({ connection: url, logId: 999_999 })).rejects.toThrow(/there is no log 999999 in this database to lead; initialise it first/);
    // The failed campaign did not keep the lock.
    expect((await admin.query(`SELECT count(*)::int AS c FROM pg_locks WHERE locktype = 'advisory' AND objid = 999999`)).rows[0]).toEqual({ c: 0 });
  });
});
