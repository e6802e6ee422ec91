/**
 * The head row of a log (`cairn.logs`): the commit point of the PostgreSQL store (issue 11). A
 * round commits by ONE compare-and-swap of (tree_size, checkpoint, epoch) inside the round's
 * transaction, so:
 * - two writers building on the same head cannot both commit: one UPDATE matches, the other
 *   finds the row changed (under READ COMMITTED, PostgreSQL re-checks the WHERE clause on the
 *   row version left by the winner) and its transaction is rolled back: no fork;
 * - a stale leader (paused, partitioned, its lock session gone) cannot commit even onto an
 *   unchanged head, because each new leader bumps the epoch first (leader.ts): fencing.
 */
import type pg from 'pg';

/** The head as stored. */
export interface Head {
  treeSize: number;
  /** The latest signed checkpoint note. */
  checkpoint: string;
  /** The leader epoch: bumped each time a process becomes leader of the log. */
  epoch: number;
  /** The advertised URL of the current leader, if one announced itself. */
  leader: string | undefined;
}

/**
 * What a commit builds on. Without `epoch`, any epoch matches (single-process use, tests). A log
 * nobody has led yet (epoch 0) has no leader to fence, so any epoch matches it too.
 */
export interface HeadExpectation {
  treeSize: number;
  checkpoint: string;
  epoch?: number;
}

/** The head of log `logId`, or undefined when no such log. */
export async function readHead(client: pg.ClientBase, logId: number): Promise<Head | undefined> {
  const { rows } = await client.query<{ tree_size: string; checkpoint: string; epoch: string; leader: string | null }>(
    'SELECT tree_size, checkpoint, epoch, leader FROM cairn.logs WHERE log_id = $1',
    [logId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return { treeSize: Number(row.tree_size), checkpoint: row.checkpoint, epoch: Number(row.epoch), leader: row.leader ?? undefined };
}

/**
 * Moves the head from `expected` to `next` if, and only if, it is still `expected`. Returns
 * false (and changes nothing) when the head moved or the epoch is not `expected.epoch` (once a
 * leader was elected).
 * Requires `next.treeSize >= expected.treeSize`. Run it inside the round's transaction, first:
 * the row lock it takes serialises competing commits until that transaction ends.
 */
export async function swapHead(
  client: pg.ClientBase,
  logId: number,
  expected: HeadExpectation,
  next: { treeSize: number; checkpoint: string },
): Promise<boolean> {
  if (!(next.treeSize >= expected.treeSize)) throw new RangeError(`a head never shrinks: ${expected.treeSize} -> ${next.treeSize}`);
  const { rowCount } = await client.query(
    `UPDATE cairn.logs SET tree_size = $4, checkpoint = $5, committed_at = now()
      WHERE log_id = $1 AND tree_size = $2 AND checkpoint = $3 AND ($6::int8 IS NULL OR epoch = $6::int8 OR epoch = 0)`,
    [logId, expected.treeSize, expected.checkpoint, next.treeSize, next.checkpoint, expected.epoch ?? null],
  );
  return rowCount === 1;
}
