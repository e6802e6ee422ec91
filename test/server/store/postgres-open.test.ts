/**
 * Opening the PostgreSQL store (server/store/postgres/open-postgres-store.ts, pg-location.ts)
 * through `openStore('postgres://...')` on a real throwaway PostgreSQL: the schema made on the
 * first open, several logs in one database by `?log=NAME`, refusals with a sentence (no Cairn
 * schema when told not to create one, a schema newer than this server, a bad log name, an
 * unreachable server), the durability warnings, and passwords kept out of messages.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openStore, storeWarnings } from '../../../server/store/open-store.js';
import { SchemaTooNewError } from '../../../server/store/postgres/migrate.js';
import { parsePgLocation, redactUrl } from '../../../server/store/postgres/pg-location.js';
import { SCHEMA_VERSION } from '../../../server/store/postgres/schema.js';
import type { LogStore } from '../../../server/store/store.js';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';
import { EMPTY_CHECKPOINT, syntheticRound } from './synthetic-rounds.js';

const tools = findPostgres();

describe('postgres:// locations', () => {
  test('the log parameter is taken out of the URL the pg client gets; default log name `default`', () => {
    expect(parsePgLocation('postgres://u@/db?host=/tmp/x&log=audit')).toEqual({
      connectionString: 'postgres://u@/db?host=%2Ftmp%2Fx',
      logName: 'audit',
      display: 'postgres://u@/db?host=/tmp/x&log=audit',
    });
    expect(parsePgLocation('postgresql://u@h:5433/db')).toMatchObject({ connectionString: 'postgresql://u@h:5433/db', logName: 'default' });
  });

  test('a password never appears in the location shown', () => {
    expect(redactUrl('postgres://cairn:s3cret@db.example:5432/log')).toBe('postgres://cairn:***@db.example:5432/log');
    expect(redactUrl('postgres://cairn@db.example/log?password=s3cret&sslmode=require')).toBe('postgres://cairn@db.example/log?password=***&sslmode=require');
    expect(parsePgLocation('postgres://cairn:s3cret@h/db').display).not.toContain('s3cret');
  });

  test('a log name that is not valid is refused with a sentence', () => {
    expect(() => parsePgLocation('postgres://u@h/db?log=a%20b')).toThrow(
      expect.objectContaining({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('is not valid') }),
    );
    expect(() => parsePgLocation('postgres://u@h/db?log=')).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }));
  });
});

describeExternal('opening a PostgreSQL store', tools, () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(tools);
  });
  afterAll(() => cluster?.destroy());

  async function withStore<T>(url: string, work: (s: LogStore) => Promise<T>, options?: { createIfMissing?: boolean }): Promise<T> {
    const store = await openStore(url, options);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  test('the first open creates the schema; a later open (or a second process) finds the log', async () => {
    const url = await cluster.createDatabase();
    const r = syntheticRound([], 3);
    await withStore(url, async (s) => {
      expect(s.location).toBe(url);
      await s.initialise({ origin: 'o', verifierKey: 'k', createdAt: 't' }, EMPTY_CHECKPOINT);
      await s.commitRound(r.write);
    });
    const [row] = await cluster.query<{ v: number }>(
      'SELECT max(version) AS v FROM cairn.schema_version',
      [],
      url.slice(url.lastIndexOf('/') + 1, url.indexOf('?')),
    );
    expect(row?.v).toBe(SCHEMA_VERSION);
    await withStore(url, async (s) => expect(await s.latestCheckpoint()).toEqual(r.write.checkpoint), { createIfMissing: false });
  });

  test('two logs in one database by ?log=NAME are independent', async () => {
    const url = await cluster.createDatabase();
    const a = await openStore(`${url}&log=a`);
    const b = await openStore(`${url}&log=b`);
    try {
      await a.initialise({ origin: 'a.example/log', verifierKey: 'k', createdAt: 't' }, EMPTY_CHECKPOINT);
      await b.initialise({ origin: 'b.example/log', verifierKey: 'k', createdAt: 't' }, EMPTY_CHECKPOINT);
      const ra = syntheticRound([], 2, { variant: 'a' });
      await a.commitRound(ra.write);
      expect((await a.latestCheckpoint())?.treeSize).toBe(2);
      expect(await b.latestCheckpoint()).toEqual(EMPTY_CHECKPOINT);
      expect(await b.readPayloads(0, 2)).toEqual([undefined, undefined]);
      expect(await b.readLeafIndex(ra.entries[0]!.leafHash)).toBeUndefined();
      expect((await b.readIdentity())?.origin).toBe('b.example/log');
      // Credentials are shared by the logs of a database.
      await a.putCredential({ id: 'x', name: 'n', role: 'writer', secretHash: 'h', createdAt: 't' });
      expect(await b.listCredentials()).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a second log with the origin of another log in the database is refused', async () => {
    const url = await cluster.createDatabase();
    await withStore(`${url}&log=a`, (s) => s.initialise({ origin: 'same.example/log', verifierKey: 'k', createdAt: 't' }, EMPTY_CHECKPOINT));
    await withStore(`${url}&log=b`, async (s) => {
      await expect(s.initialise({ origin: 'same.example/log', verifierKey: 'k', createdAt: 't' }, EMPTY_CHECKPOINT)).rejects.toMatchObject({
        code: 'STORE_CORRUPT',
        message: expect.stringContaining('a log with the origin "same.example/log"'),
      });
    });
  });

  test('told not to create one, an open of a database without a Cairn schema is refused and creates nothing', async () => {
    const url = await cluster.createDatabase();
    await expect(openStore(url, { createIfMissing: false })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('holds no Cairn store'),
    });
    const db = url.slice(url.lastIndexOf('/') + 1, url.indexOf('?'));
    expect(await cluster.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'cairn'`, [], db)).toEqual([]);
  });

  test('a schema newer than this server is refused with a sentence', async () => {
    const url = await cluster.createDatabase();
    await withStore(url, async () => undefined);
    const db = url.slice(url.lastIndexOf('/') + 1, url.indexOf('?'));
    await cluster.query(`INSERT INTO cairn.schema_version (version, description) VALUES ($1, 'from the future')`, [SCHEMA_VERSION + 1], db);
    const err = await openStore(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect(err).toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringContaining('newer than this Cairn knows') });
  });

  test('a database at schema version 1 is migrated on open: admin credentials are then accepted', async () => {
    const url = await cluster.createDatabase();
    const { migrate } = await import('../../../server/store/postgres/migrate.js');
    const { MIGRATIONS } = await import('../../../server/store/postgres/schema.js');
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await migrate(client, MIGRATIONS.slice(0, 1))).toMatchObject({ to: 1 });
      await expect(client.query(`INSERT INTO cairn.credentials VALUES ('a', 'n', 'admin', 'h', 't', NULL)`)).rejects.toMatchObject({ code: '23514' });
    } finally {
      await client.end();
    }
    await withStore(url, async (s) => {
      await s.putCredential({ id: 'a', name: 'n', role: 'admin', secretHash: 'h', createdAt: 't' });
      expect(await s.listCredentials()).toEqual([{ id: 'a', name: 'n', role: 'admin', secretHash: 'h', createdAt: 't' }]);
    });
  });

  test('synchronous_commit off: the open returns a warning naming the setting; on: none', async () => {
    const url = await cluster.createDatabase();
    await withStore(url, async (s) => expect(storeWarnings(s)).toEqual([]));
    const db = url.slice(url.lastIndexOf('/') + 1, url.indexOf('?'));
    await cluster.query(`ALTER DATABASE "${db}" SET synchronous_commit = off`);
    await withStore(url, async (s) => {
      expect(storeWarnings(s)).toEqual([expect.stringContaining('synchronous_commit = off')]);
    });
  });

  test('an unreachable server is STORE_UNAVAILABLE, saying where', async () => {
    const url = `postgres://postgres@/nothing?host=${encodeURIComponent(cluster.dir + '/no-such-dir')}`;
    await expect(openStore(url)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('cannot be reached') });
  });
});

describe('PostgreSQL failures as StoreErrors', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  test('disk full (53100) is STORE_FULL, saying to free space', async () => {
    const { toStoreError } = await import('../../../server/store/postgres/pg-errors.js');
    expect(toStoreError(pgError('53100'), 'committing a round')).toMatchObject({ code: 'STORE_FULL', message: expect.stringContaining('free some space') });
  });

  test('a refused or reset connection, a shutdown and a recovering server are STORE_UNAVAILABLE', async () => {
    const { toStoreError } = await import('../../../server/store/postgres/pg-errors.js');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOENT', '57P01', '57P03', '08006']) {
      expect(toStoreError(pgError(code), 'reading')).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('cannot be reached') });
    }
    expect(toStoreError(new Error('Connection terminated unexpectedly'), 'reading')).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  test('a read-only standby (25006) is STORE_UNAVAILABLE, saying to use the primary', async () => {
    const { toStoreError } = await import('../../../server/store/postgres/pg-errors.js');
    expect(toStoreError(pgError('25006'), 'committing')).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('primary') });
  });

  test('a serialization failure or a deadlock (nothing applied) is STORE_CONFLICT', async () => {
    const { toStoreError } = await import('../../../server/store/postgres/pg-errors.js');
    expect(toStoreError(pgError('40001'), 'committing')).toMatchObject({ code: 'STORE_CONFLICT' });
    expect(toStoreError(pgError('40P01'), 'committing')).toMatchObject({ code: 'STORE_CONFLICT' });
  });
});
