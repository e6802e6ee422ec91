/**
 * One consistent, read-only view of a PostgreSQL store: every read of the view sees the
 * database as it was at the view's first statement (a REPEATABLE READ READ ONLY transaction on
 * one connection). `cairn fsck --store` checks a log through it while servers keep committing:
 * the head, its tiles, bundles and checkpoints then belong to the same instant, so a round
 * committed meanwhile is neither half seen nor reported as lying beyond the tree.
 */
import type pg from 'pg';
import { StoreError } from '../store-error.js';
import { toStoreError } from './pg-errors.js';
import type { PgDatabase, PgFaults, PgPool } from './pg-pool.js';

/** A snapshot on one pooled connection. Make it with `openSnapshot`. */
export class PgSnapshot implements PgDatabase {
  faults: PgFaults = {};
  #client: pg.PoolClient | undefined;

  private constructor(
    readonly connectionString: string,
    client: pg.PoolClient,
  ) {
    this.#client = client;
  }

  /** Starts a snapshot on a connection of `pool`. Rejects with a StoreError when PostgreSQL fails. */
  static async open(pool: PgPool): Promise<PgSnapshot> {
    let client: pg.PoolClient;
    try {
      client = await pool.pool.connect();
    } catch (err) {
      throw toStoreError(err, 'starting a snapshot');
    }
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (err) {
      client.release(true);
      throw toStoreError(err, 'starting a snapshot');
    }
    return new PgSnapshot(pool.connectionString, client);
  }

  async query<R extends pg.QueryResultRow>(doing: string, sql: string, params: unknown[] = []): Promise<R[]> {
    const client = this.#client;
    if (client === undefined) throw new StoreError('STORE_CLOSED', `the snapshot was closed (${doing})`);
    try {
      return (await client.query<R>(sql, params)).rows;
    } catch (err) {
      throw toStoreError(err, doing);
    }
  }

  transaction<T>(doing: string): Promise<T> {
    return Promise.reject(new StoreError('STORE_UNAVAILABLE', `a snapshot of the store is read-only (${doing})`));
  }

  writeStatement<R extends pg.QueryResultRow>(doing: string): Promise<R[]> {
    return this.transaction(doing);
  }

  /** Ends the snapshot's transaction and gives its connection back. */
  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client === undefined) return;
    let broken = false;
    await client.query('ROLLBACK').catch(() => (broken = true));
    client.release(broken);
  }
}
