/**
 * The PostgreSQL driver's connections: one pg Pool per handle, reads as single statements on any
 * pooled connection, writes as transactions on one. A connection that broke (server stopped,
 * restarted, backend terminated) is dropped from the pool, so the same handle works again as
 * soon as PostgreSQL accepts connections: nobody has to reopen the store.
 *
 * Tests inject the faults PostgreSQL cannot be made to produce (an fsync failure reported after
 * a durable COMMIT) through `PgFaults`, at the one place every write passes.
 */
import pg from 'pg';
import { StoreError } from '../store-error.js';
import { isConnectionLoss, toStoreError } from './pg-errors.js';

/** Connections per handle at most: one round commit, reads of the HTTP path beside it. */
export const POOL_SIZE = 8;

/**
 * Fault injection for tests: each hook runs once, on the next write transaction, and is then
 * forgotten. `beforeCommit` runs inside the transaction just before COMMIT (a throw rolls it
 * back: nothing applied); `afterCommit` runs after a successful COMMIT (a throw makes the call
 * reject although the write is durable).
 */
export interface PgFaults {
  beforeCommit?: (client: pg.PoolClient) => Promise<void>;
  afterCommit?: () => Promise<void>;
}

/** What the driver's store runs its statements on: a pool (PgPool) or one snapshot (pg-snapshot.ts). */
export interface PgDatabase {
  /** The URL of the pg client (without Cairn's parameters; may hold a password: never print it). */
  readonly connectionString: string;
  /** The faults of the next write (tests). */
  faults: PgFaults;
  /** Runs one statement and returns its rows. */
  query<R extends pg.QueryResultRow>(doing: string, sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs `work` in one transaction and commits it. */
  transaction<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Runs one writing statement as a transaction of its own (one round trip) and returns its rows. */
  writeStatement<R extends pg.QueryResultRow>(doing: string, statement: pg.QueryConfig): Promise<R[]>;
  /** Ends it; later calls fail with STORE_CLOSED. */
  close(): Promise<void>;
}

/** A pool with the driver's error mapping. */
export class PgPool implements PgDatabase {
  readonly pool: pg.Pool;
  #closed = false;
  /** The faults of the next write (tests). */
  faults: PgFaults = {};

  constructor(
    /** The URL of the pg client (without Cairn's parameters; may hold a password: never print it). */
    readonly connectionString: string,
    size = POOL_SIZE,
  ) {
    this.pool = new pg.Pool({
      connectionString,
      max: size,
      idleTimeoutMillis: 30_000,
      // A server that accepts the socket but never answers must not hang a commit forever.
      connectionTimeoutMillis: 10_000,
      application_name: 'cairn',
      keepAlive: true,
    });
    // An idle connection that breaks (PostgreSQL stopped) is reported here; the pool drops it,
    // and the next query opens a new one. Without a listener the process would crash.
    this.pool.on('error', () => undefined);
  }

  get closed(): boolean {
    return this.#closed;
  }

  private fail(err: unknown, doing: string): StoreError {
    if (this.#closed) return new StoreError('STORE_CLOSED', `the store was closed (${doing})`, { cause: err });
    return toStoreError(err, doing);
  }

  private checkOpen(doing: string): void {
    if (this.#closed) throw new StoreError('STORE_CLOSED', `the store was closed (${doing})`);
  }

  /** Runs one statement on any pooled connection and returns its rows. */
  async query<R extends pg.QueryResultRow>(doing: string, sql: string, params: unknown[] = []): Promise<R[]> {
    this.checkOpen(doing);
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw this.fail(err, doing);
    }
  }

  /**
   * Runs `use` on a connection of its own and gives the connection back: dropped from the pool
   * when it broke. Errors pass on mapped to StoreErrors.
   */
  private async withClient<T>(doing: string, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.checkOpen(doing);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.fail(err, doing);
    }
    let broken: Error | undefined;
    // A checked-out connection that breaks emits 'error' (the pool listens on idle ones only);
    // the failing query reports it, so the event itself needs a listener, or the process dies.
    const onError = (err: Error): void => void (broken ??= err);
    client.on('error', onError);
    try {
      return await use(client);
    } catch (err) {
      if (isConnectionLoss(err)) broken = err instanceof Error ? err : new Error(String(err));
      throw this.fail(err, doing);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Runs `work` in one transaction and commits it. When `work` throws, the transaction is rolled
   * back and the error passes on (mapped to a StoreError). A failure of COMMIT itself leaves the
   * outcome unknown (STORE_UNAVAILABLE): the caller reloads the head.
   */
  async transaction<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.checkOpen(doing);
    const faults = this.faults;
    this.faults = {};
    return this.withClient(doing, async (client) => {
      await client.query('BEGIN');
      let result: T;
      try {
        result = await work(client);
        await faults.beforeCommit?.(client);
        await client.query('COMMIT');
      } catch (err) {
        // A lost connection rolls back by itself; then the ROLLBACK fails too and is not the news.
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      await faults.afterCommit?.();
      return result;
    });
  }

  /**
   * Runs one writing statement as its own transaction (PostgreSQL's autocommit: one round trip,
   * no BEGIN or COMMIT of its own) and returns its rows. An error rolls the whole statement back.
   * A connection lost before the answer leaves the outcome unknown (STORE_UNAVAILABLE): the
   * caller reloads the head. With a test fault set, the statement runs inside BEGIN ... COMMIT so
   * the fault lands where it does for `transaction`.
   */
  async writeStatement<R extends pg.QueryResultRow>(doing: string, statement: pg.QueryConfig): Promise<R[]> {
    if (this.faults.beforeCommit !== undefined || this.faults.afterCommit !== undefined) {
      return this.transaction(doing, async (c) => (await c.query<R>(statement)).rows);
    }
    return this.withClient(doing, async (client) => (await client.query<R>(statement)).rows);
  }

  /** Closes every connection; later calls fail with STORE_CLOSED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pool.end();
  }
}
