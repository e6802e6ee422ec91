/**
 * What several Cairn processes sharing one PostgreSQL log use to coordinate (issue 11), as one
 * handle the cluster layer (server/cluster/) gets through `storeCoordination` (open-store.ts),
 * without seeing the driver:
 * - `campaign`: leader election and the fencing epoch (leader.ts);
 * - `readHead`: the head row as followers poll it (size, epoch, the leader's advertised URL);
 * - `exclusively`: a section that one process at a time runs (provisioning an empty log, so
 *   exactly one process makes the identity and the first token and prints the first-start block).
 */
import pg from 'pg';
import { StoreError } from '../store-error.js';
import type { LogStore } from '../store.js';
import { campaign, type Leadership } from './leader.js';
import { toStoreError } from './pg-errors.js';
import { PgLogStore } from './pg-log-store.js';
import { LOCK_CLASS } from './schema.js';

export type { Leadership };

/** The second int4 of the provisioning lock within LOCK_CLASS (log ids start at 1, migrations use 0). */
const PROVISIONING_LOCK_ID = -1;

/** The head as followers see it. */
export interface CoordinatedHead {
  treeSize: number;
  /** The leader epoch: bumped by every new leader. */
  epoch: number;
  /** The advertised URL of the latest leader, if it announced one. */
  leader: string | undefined;
}

/** Coordination of the processes that share one log's store. */
export interface StoreCoordination {
  /**
   * Waits until this process leads the log, records `advertise` as the leader URL, and returns
   * the Leadership (its epoch is the fencing token of every commit). Rejects with StoreError
   * when PostgreSQL fails, and with `signal.reason` when it aborts first.
   */
  campaign(advertise: string, signal?: AbortSignal): Promise<Leadership>;
  /** The head row, or undefined while the log does not exist. Rejects with StoreError. */
  readHead(): Promise<CoordinatedHead | undefined>;
  /** Runs `work` while holding the database's provisioning lock (one process at a time). */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
}

/** The coordination of a store shared by processes, or undefined for a store one process owns (LevelDB, memory). */
export function pgCoordination(store: LogStore): StoreCoordination | undefined {
  if (!(store instanceof PgLogStore)) return undefined;
  const connection = store.db.connectionString;
  const logId = async (doing: string): Promise<number> => {
    const id = await store.logId();
    if (id === undefined) throw new StoreError('STORE_CORRUPT', `there is no log named ${JSON.stringify(store.logName)} in ${store.location} (${doing})`);
    return id;
  };
  return {
    async campaign(advertise, signal) {
      return campaign({ connection, logId: await logId('campaigning for the lead'), advertise }, signal);
    },
    async readHead() {
      const id = await store.logId();
      if (id === undefined) return undefined;
      const rows = await store.db.query<{ tree_size: string; epoch: string; leader: string | null }>(
        'reading the head',
        'SELECT tree_size, epoch, leader FROM cairn.logs WHERE log_id = $1',
        [id],
      );
      const row = rows[0];
      return row === undefined ? undefined : { treeSize: Number(row.tree_size), epoch: Number(row.epoch), leader: row.leader ?? undefined };
    },
    async exclusively(work) {
      const client = new pg.Client({ connectionString: connection, application_name: 'cairn provisioning' });
      client.on('error', () => undefined);
      try {
        await client.connect();
        // A session lock: held across the provisioning's own transactions, freed if this process dies.
        await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, PROVISIONING_LOCK_ID]);
      } catch (err) {
        await client.end().catch(() => undefined);
        throw toStoreError(err, 'taking the provisioning lock');
      }
      try {
        return await work();
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}
