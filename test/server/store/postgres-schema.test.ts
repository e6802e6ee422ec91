/**
 * The PostgreSQL schema and its migrations (server/store/postgres/schema.ts, migrate.ts) on a
 * real throwaway PostgreSQL: created on the first start, untouched on the next, serialised
 * between concurrent starts, all or nothing, and a database newer than the server is refused.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { StoreError } from '../../../server/store/store.js';
import { migrate, readSchemaVersion, SchemaTooNewError } from '../../../server/store/postgres/migrate.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../server/store/postgres/schema.js';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';

const tools = findPostgres();

const TABLES = ['bundles', 'checkpoints', 'credentials', 'idempotency', 'leaf_index', 'logs', 'payload_chunks', 'schema_version', 'tiles', 'write_probes'];

describeExternal('the PostgreSQL schema and its migrations', tools, () => {
  let cluster: ThrowawayPostgres;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(tools);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await cluster?.destroy();
  });

  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  }

  async function tables(client: pg.Client): Promise<string[]> {
    const { rows } = await client.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'cairn' ORDER BY 1`);
    return rows.map((r) => r.t);
  }

  test('the first start creates every table and records the version', async () => {
    const client = await connect(await cluster.createDatabase());
    expect(await readSchemaVersion(client)).toBe(0);
    expect(await migrate(client)).toEqual({ from: 0, to: SCHEMA_VERSION, applied: MIGRATIONS.map((m) => m.version) });
    expect(await tables(client)).toEqual(TABLES);
    expect(await readSchemaVersion(client)).toBe(SCHEMA_VERSION);
  });

  test('a later start applies nothing', async () => {
    const client = await connect(await cluster.createDatabase());
    await migrate(client);
    expect(await migrate(client)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] });
    const { rows } = await client.query('SELECT version FROM cairn.schema_version');
    expect(rows).toHaveLength(SCHEMA_VERSION);
  });

  test('concurrent starts of several processes apply each migration once', async () => {
    const url = await cluster.createDatabase();
    const results = await Promise.all([1, 2, 3, 4].map(async () => migrate(await connect(url))));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, SCHEMA_VERSION]);
    const client = await connect(url);
    expect(await readSchemaVersion(client)).toBe(SCHEMA_VERSION);
  });

  test('a later migration is applied in order on top of the earlier ones', async () => {
    const client = await connect(await cluster.createDatabase());
    await migrate(client);
    const next: Migration = { version: SCHEMA_VERSION + 1, description: 'test step', statements: ['ALTER TABLE cairn.logs ADD COLUMN test_column int4'] };
    expect(await migrate(client, [...MIGRATIONS, next])).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION + 1, applied: [SCHEMA_VERSION + 1] });
    const { rows } = await client.query<{ description: string }>('SELECT description FROM cairn.schema_version WHERE version = $1', [SCHEMA_VERSION + 1]);
    expect(rows).toEqual([{ description: 'test step' }]);
  });

  test('a failing migration leaves the database as it was', async () => {
    const client = await connect(await cluster.createDatabase());
    const broken: Migration = {
      version: SCHEMA_VERSION + 1,
      description: 'broken step',
      statements: ['CREATE TABLE cairn.half_done (a int4)', 'SELECT 1 / 0'],
    };
    const err = await migrate(client, [...MIGRATIONS, broken]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(new RegExp(`applying schema migration ${SCHEMA_VERSION + 1} \\(broken step\\).*division by zero`));
    // Not even the earlier migrations, which ran in the same transaction, are left behind.
    expect(await readSchemaVersion(client)).toBe(0);
    expect(await tables(client)).toEqual([]);
  });

  test('a database whose schema is newer than the server is refused with a sentence', async () => {
    const client = await connect(await cluster.createDatabase());
    await migrate(client);
    await client.query(`INSERT INTO cairn.schema_version (version, description) VALUES ($1, 'from the future')`, [SCHEMA_VERSION + 5]);
    const err = await migrate(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect((err as SchemaTooNewError).message).toBe(
      `the database's Cairn schema is at version ${SCHEMA_VERSION + 5}, newer than this Cairn knows (version ${SCHEMA_VERSION}); ` +
        'run the Cairn release that upgraded it (or a newer one), or restore a backup taken before that upgrade',
    );
    // Nothing was changed by the refused start.
    expect(await readSchemaVersion(client)).toBe(SCHEMA_VERSION + 5);
  });

  test('a migration list with a gap is a programming error, refused before any SQL', async () => {
    const client = await connect(await cluster.createDatabase());
    const gap: Migration = { version: SCHEMA_VERSION + 2, description: 'gap', statements: [] };
    await expect(migrate(client, [...MIGRATIONS, gap])).rejects.toThrow(/versions must be 1, 2, 3/);
    expect(await readSchemaVersion(client)).toBe(0);
  });

  test('the tables refuse a tile whose bytes are not 32 per hash', async () => {
    const client = await connect(await cluster.createDatabase());
    await migrate(client);
    const { rows } = await client.query<{ log_id: number }>(
      `INSERT INTO cairn.logs (name, origin, identity, tree_size, checkpoint) VALUES ('default', 'example.com/log', '{}', 0, 'note') RETURNING log_id`,
    );
    const logId = rows[0]!.log_id;
    await expect(
      client.query('INSERT INTO cairn.tiles (log_id, level, idx, width, hashes) VALUES ($1, 0, 0, 2, $2)', [logId, Buffer.alloc(63)]),
    ).rejects.toThrow(/check constraint/);
    await client.query('INSERT INTO cairn.tiles (log_id, level, idx, width, hashes) VALUES ($1, 0, 0, 2, $2)', [logId, Buffer.alloc(64)]);
  });

  test('an unreachable database is a STORE_UNAVAILABLE error that says so', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@/x?host=${encodeURIComponent(cluster.dir)}/missing` });
    const err = await client.connect().then(
      () => migrate(client),
      (e: unknown) => e,
    );
    const { toStoreError } = await import('../../../server/store/postgres/pg-errors.js');
    const mapped = toStoreError(err, 'connecting');
    expect(mapped.code).toBe('STORE_UNAVAILABLE');
    expect(mapped.message).toMatch(/PostgreSQL cannot be reached \(connecting\).*reconnects by itself/);
  });
});
