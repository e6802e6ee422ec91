/**
 * Creates and migrates the `cairn` schema on start (issue 11): every migration the database has
 * not seen is applied in order, in ONE transaction, and recorded in `cairn.schema_version`. A
 * crash or a failing step leaves the database as it was. Concurrent starts of several processes
 * are serialised by a transaction-level advisory lock, so each step runs once.
 *
 * A database whose schema is newer than this server knows is refused with a sentence: an older
 * server must not write to tables whose meaning it does not know.
 */
import type pg from 'pg';
import { StoreError } from '../store.js';
import { toStoreError } from './pg-errors.js';
import { LOCK_CLASS, MIGRATIONS, MIGRATION_LOCK_ID, type Migration } from './schema.js';

/** What `migrate` found and did. */
export interface MigrationResult {
  /** The version the database was at (0: no Cairn schema yet). */
  from: number;
  /** The version it is at now. */
  to: number;
  /** The versions applied by this call, in order. */
  applied: number[];
}

/** The database's Cairn schema is newer than this server: run a newer Cairn. */
export class SchemaTooNewError extends StoreError {
  constructor(
    readonly databaseVersion: number,
    readonly serverVersion: number,
  ) {
    super(
      'STORE_CORRUPT',
      `the database's Cairn schema is at version ${databaseVersion}, newer than this Cairn knows (version ${serverVersion}); ` +
        'run the Cairn release that upgraded it (or a newer one), or restore a backup taken before that upgrade',
    );
  }
}

/** Checks the migration list: versions 1, 2, 3, ... with no gap or repeat. */
function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i} has version ${m.version}; versions must be 1, 2, 3, ... in order`);
  });
}

/**
 * The version recorded in `cairn.schema_version`, or 0 when the database has no Cairn schema.
 * Never writes.
 */
export async function readSchemaVersion(client: pg.ClientBase): Promise<number> {
  try {
    // Two statements: a query naming a missing table fails when it is planned, CASE or not.
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('cairn.schema_version')::text AS t`);
    if (exists.rows[0]?.t == null) return 0;
    const { rows } = await client.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM cairn.schema_version');
    return rows[0]?.v ?? 0;
  } catch (err) {
    throw toStoreError(err, 'reading the schema version');
  }
}

/**
 * Brings the database's schema to the last of `migrations` (default: this server's). Requires a
 * client that is not inside a transaction; uses one transaction of its own. Rejects with
 * SchemaTooNewError when the database is ahead, and with a StoreError when PostgreSQL fails
 * (nothing applied then).
 */
export async function migrate(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  checkMigrations(migrations);
  const known = migrations.length;
  let step = 'starting the schema migration';
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, MIGRATION_LOCK_ID]);
      await client.query('CREATE SCHEMA IF NOT EXISTS cairn');
      await client.query(`CREATE TABLE IF NOT EXISTS cairn.schema_version (
        version     int4 PRIMARY KEY,
        description text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM cairn.schema_version');
      const from = rows[0]?.v ?? 0;
      if (from > known) throw new SchemaTooNewError(from, known);
      const applied: number[] = [];
      for (const m of migrations.slice(from)) {
        step = `applying schema migration ${m.version} (${m.description})`;
        for (const sql of m.statements) await client.query(sql);
        await client.query('INSERT INTO cairn.schema_version (version, description) VALUES ($1, $2)', [m.version, m.description]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
      return { from, to: Math.max(from, known), applied };
    } catch (err) {
      // A lost connection rolls back by itself; the ROLLBACK then fails and is not the news.
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } catch (err) {
    throw toStoreError(err, step);
  }
}
