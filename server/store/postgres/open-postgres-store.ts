/**
 * Opens the PostgreSQL store of one log (issue 11): `openStore('postgres://...')` lands here.
 * The open connects, creates or migrates the `cairn` schema (migrate.ts: one transaction under
 * an advisory lock, so concurrent starts are safe; a schema newer than this server is refused),
 * looks the log up by name, and reads the server settings that decide durability.
 */
import type pg from 'pg';
import { StoreError } from '../store-error.js';
import { SchemaTooNewError, migrate, readSchemaVersion } from './migrate.js';
import { PgLogStore } from './pg-log-store.js';
import { parsePgLocation } from './pg-location.js';
import { PgPool, POOL_SIZE } from './pg-pool.js';
import { toStoreError } from './pg-errors.js';

export { SchemaTooNewError };

/** How to open a PostgreSQL store. */
export interface OpenPostgresOptions {
  /**
   * Create (migrate) the schema when the database has none (the default). `cairn token` and
   * `cairn fsck` pass false: a typo in a URL must not make an empty log.
   */
  createIfMissing?: boolean;
  /** Connections at most (default POOL_SIZE). */
  poolSize?: number;
}

/**
 * Warnings about settings under which an acknowledged round could be lost (issue 11: "the server
 * logs a warning naming the setting when synchronous_commit is off").
 */
async function durabilityWarnings(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'synchronous_standby_names')`,
  );
  const s = new Map(rows.map((r) => [r.name, r.setting]));
  const warnings: string[] = [];
  if (s.get('synchronous_commit') === 'off') {
    warnings.push(
      'PostgreSQL has synchronous_commit = off: a crash of the database can lose rounds Cairn already acknowledged (receipts whose entries vanish); set synchronous_commit = on',
    );
  }
  if (s.get('fsync') === 'off') {
    warnings.push('PostgreSQL has fsync = off: a crash of the database machine can lose or corrupt committed rounds; set fsync = on');
  }
  return warnings;
}

/**
 * Opens the log named by `url`'s `log` parameter (default `default`) in the database of `url`.
 * Rejects with StoreError: STORE_UNAVAILABLE when PostgreSQL cannot be reached or refuses the
 * login, or (createIfMissing false) when the database has no Cairn schema; SchemaTooNewError
 * (STORE_CORRUPT) when the schema is newer than this server.
 */
export async function openPostgresStore(url: string, options: OpenPostgresOptions = {}): Promise<PgLogStore> {
  const location = parsePgLocation(url);
  const db = new PgPool(location.connectionString, options.poolSize ?? POOL_SIZE);
  try {
    let client: pg.PoolClient;
    try {
      client = await db.pool.connect();
    } catch (err) {
      throw toStoreError(err, `connecting to ${location.display}`);
    }
    let warnings: string[];
    try {
      if (options.createIfMissing === false && (await readSchemaVersion(client)) === 0) {
        throw new StoreError(
          'STORE_UNAVAILABLE',
          `the database ${location.display} holds no Cairn store; check the URL, or start \`cairn serve --store\` on it first`,
        );
      }
      await migrate(client);
      warnings = await durabilityWarnings(client);
    } catch (err) {
      client.release(true);
      throw toStoreError(err, `opening the store ${location.display}`);
    }
    client.release();
    return new PgLogStore(db, location.logName, location.display, warnings);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
