/**
 * Writers racing for the same head on a real PostgreSQL (server/store/postgres/head.ts): in every
 * round all writers read the same head and try to extend it at the same moment, each in its own
 * transaction on its own connection. Exactly one commits per round, every other one is refused
 * with nothing applied, and the committed checkpoints form one chain: no fork.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { readHead, swapHead } from '../../../server/store/postgres/head.js';
import { migrate } from '../../../server/store/postgres/migrate.js';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';

const tools = findPostgres();

const digest = (note: string): string => createHash('sha256').update(note).digest('hex');

describeExternal('writers racing for the head on PostgreSQL', tools, () => {
  let cluster: ThrowawayPostgres;
  let url: string;
  let admin: pg.Client;

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(tools);
    url = await cluster.createDatabase();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await migrate(admin);
  });
  afterAll(async () => {
    await admin?.end();
    await cluster?.destroy();
  });

  /**
   * `writers` connections extend one new log for `rounds` rounds, all starting each round from
   * the same head. Returns the commit and refusal counts.
   */
  async function race(writers: number, rounds: number): Promise<{ logId: number; commits: number; refusals: number }> {
    const { rows } = await admin.query<{ log_id: number }>(
      `INSERT INTO cairn.logs (name, origin, identity, tree_size, checkpoint) VALUES ($1, $1, '{}', 0, 'size 0') RETURNING log_id`,
      [`race-${writers}-${rounds}`],
    );
    const logId = rows[0]!.log_id;
    await admin.query('INSERT INTO cairn.checkpoints (log_id, tree_size, note) VALUES ($1, 0, $2)', [logId, 'size 0']);
    const clients = await Promise.all(
      Array.from({ length: writers }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    let commits = 0;
    let refusals = 0;
    try {
      for (let round = 0; round < rounds; round++) {
        // Every writer reads the head before any of them writes: they all build on the same one.
        const heads = await Promise.all(clients.map((c) => readHead(c, logId)));
        const outcomes = await Promise.all(
          clients.map(async (c, w) => {
            const head = heads[w]!;
            const next = { treeSize: head.treeSize + 1, checkpoint: `size ${head.treeSize + 1}\nprev ${digest(head.checkpoint)}\nwriter ${w}` };
            await c.query('BEGIN');
            if (!(await swapHead(c, logId, { treeSize: head.treeSize, checkpoint: head.checkpoint, epoch: head.epoch }, next))) {
              await c.query('ROLLBACK');
              return false;
            }
            await c.query('INSERT INTO cairn.checkpoints (log_id, tree_size, note) VALUES ($1, $2, $3)', [logId, next.treeSize, next.checkpoint]);
            await c.query('COMMIT');
            return true;
          }),
        );
        commits += outcomes.filter((o) => o).length;
        refusals += outcomes.filter((o) => !o).length;
      }
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    return { logId, commits, refusals };
  }

  /** Every checkpoint names the digest of the one before it, and the head is the last one. */
  async function expectOneChain(logId: number, size: number): Promise<void> {
    const { rows } = await admin.query<{ tree_size: string; note: string }>(
      'SELECT tree_size, note FROM cairn.checkpoints WHERE log_id = $1 ORDER BY tree_size',
      [logId],
    );
    expect(rows.map((r) => Number(r.tree_size))).toEqual(Array.from({ length: size + 1 }, (_, i) => i));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.note).toContain(`\nprev ${digest(rows[i - 1]!.note)}\n`);
    expect(await readHead(admin, logId)).toMatchObject({ treeSize: size, checkpoint: rows[size]!.note });
  }

  test('two writers, 200 rounds: 200 commits, 200 refusals, one chain', async () => {
    const t0 = performance.now();
    const { logId, commits, refusals } = await race(2, 200);
    process.stderr.write(`CAS race, 2 writers x 200 rounds: ${commits} commits, ${refusals} refusals, ${(performance.now() - t0).toFixed(0)} ms\n`);
    expect({ commits, refusals }).toEqual({ commits: 200, refusals: 200 });
    await expectOneChain(logId, 200);
  });

  test('four writers, 50 rounds: 50 commits, 150 refusals, one chain', async () => {
    const { logId, commits, refusals } = await race(4, 50);
    process.stderr.write(`CAS race, 4 writers x 50 rounds: ${commits} commits, ${refusals} refusals\n`);
    expect({ commits, refusals }).toEqual({ commits: 50, refusals: 150 });
    await expectOneChain(logId, 50);
  });

  test('a refused writer left nothing behind: no checkpoint beyond the head', async () => {
    const { logId } = await race(3, 10);
    const { rows } = await admin.query<{ c: number }>('SELECT count(*)::int AS c FROM cairn.checkpoints WHERE log_id = $1 AND tree_size > 10', [logId]);
    expect(rows[0]).toEqual({ c: 0 });
  });
});
