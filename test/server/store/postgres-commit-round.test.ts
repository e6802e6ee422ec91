/**
 * A round's commit as one statement (server/store/postgres/pg-commit-round.ts, the function
 * `cairn.commit_round` of schema migration 3) on a real throwaway PostgreSQL: it leaves exactly
 * the rows the statement-by-statement path leaves (writeObjects + commitHead, pg-writes.ts), and
 * a log written under schema version 2, before the function existed, migrates on open and
 * commits on. The guarantees (CAS lost, fencing, duplicate keys, faults) are the conformance
 * suite's and postgres-driver.test.ts's.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { migrate, readSchemaVersion } from '../../../server/store/postgres/migrate.js';
import { openPostgresStore } from '../../../server/store/postgres/open-postgres-store.js';
import { PgLogStore } from '../../../server/store/postgres/pg-log-store.js';
import { PgPool } from '../../../server/store/postgres/pg-pool.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../server/store/postgres/schema.js';
import { roundHeadUpdate, roundObjects, type RoundWrite, type StoredCheckpoint } from '../../../server/store/store.js';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';
import { EMPTY_CHECKPOINT, syntheticRound, type SyntheticEntry } from './synthetic-rounds.js';

const tools = findPostgres();
const IDENTITY = { origin: 'pg.example/log', verifierKey: 'pg.example/log+00000000+AAAA', createdAt: '2026-12-06T00:00:00Z' };

/** Rounds of several shapes: small, payloads larger than a chunk (several chunks), a single entry. */
function rounds(): RoundWrite[] {
  const out: RoundWrite[] = [];
  let entries: SyntheticEntry[] = [];
  for (const [count, payloadBytes] of [
    [3, 24],
    [5, 40_000],
    [1, 0],
    [40, 300],
  ] as const) {
    const r = syntheticRound(entries, count, { payloadBytes });
    out.push(r.write);
    entries = r.entries;
  }
  return out;
}

/** Every row of the log's tables that a commit writes, without timestamps, in key order. */
async function dump(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string): Promise<unknown[]> => (await client.query(sql)).rows;
    return {
      logs: await q('SELECT name, tree_size, checkpoint, epoch FROM cairn.logs ORDER BY log_id'),
      checkpoints: await q('SELECT tree_size, note FROM cairn.checkpoints ORDER BY tree_size'),
      tiles: await q('SELECT level, idx, width, hashes FROM cairn.tiles ORDER BY level, idx'),
      bundles: await q('SELECT idx, width, bytes FROM cairn.bundles ORDER BY idx'),
      payloadChunks: await q('SELECT first_index, chunk FROM cairn.payload_chunks ORDER BY first_index'),
      idempotency: await q('SELECT submitter, key, entry_index, tree_size, payload_digest FROM cairn.idempotency ORDER BY submitter, key'),
      leafIndex: await q('SELECT prefix, entry_index FROM cairn.leaf_index ORDER BY prefix'),
    };
  } finally {
    await client.end();
  }
}

describeExternal('a round committed in one statement (cairn.commit_round)', tools, () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(tools);
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  test('leaves exactly the rows of the statement-by-statement path (writeObjects + commitHead)', async () => {
    const [oneStatement, stepByStep] = [await cluster.createDatabase(), await cluster.createDatabase()];
    const a = await openPostgresStore(oneStatement);
    const b = await openPostgresStore(stepByStep);
    try {
      await a.initialise(IDENTITY, EMPTY_CHECKPOINT);
      await b.initialise(IDENTITY, EMPTY_CHECKPOINT);
      let previous: StoredCheckpoint = EMPTY_CHECKPOINT;
      for (const r of rounds()) {
        await a.commitRound(r, { previous });
        await b.writeObjects(roundObjects(r));
        await b.commitHead(roundHeadUpdate(r), { previous });
        previous = r.checkpoint;
      }
    } finally {
      await a.close();
      await b.close();
    }
    const [rowsA, rowsB] = [await dump(oneStatement), await dump(stepByStep)];
    expect(rowsA.logs).toHaveLength(1);
    expect(rowsA.idempotency).toHaveLength(49);
    expect((rowsA.payloadChunks as unknown[]).length).toBeGreaterThan(4);
    expect(rowsA).toEqual(rowsB);
  });

  test('leaves sharing an 8-byte prefix, across rounds and inside one: the later index is found', async () => {
    const store = await openPostgresStore(await cluster.createDatabase());
    try {
      await store.initialise(IDENTITY, EMPTY_CHECKPOINT);
      const first = syntheticRound([], 3);
      const second = syntheticRound(first.entries, 3);
      /** `leaf` with its first 8 bytes and another tail. */
      const samePrefix = (leaf: Uint8Array, tail: number): Uint8Array => {
        const h = new Uint8Array(32).fill(tail);
        h.set(leaf.subarray(0, 8));
        return h;
      };
      const leaves = [...second.write.leafHashes];
      leaves[1] = samePrefix(first.write.leafHashes[0]!, 1); // entry 4 shares entry 0's prefix
      leaves[2] = samePrefix(leaves[0]!, 2); // entry 5 shares entry 3's prefix, in the same round
      await store.commitRound(first.write, { previous: EMPTY_CHECKPOINT });
      await store.commitRound({ ...second.write, leafHashes: leaves }, { previous: first.write.checkpoint });
      expect(await store.readLeafIndex(first.write.leafHashes[0]!)).toBe(4);
      expect(await store.readLeafIndex(leaves[0]!)).toBe(5);
      expect(await store.readLeafIndex(first.write.leafHashes[1]!)).toBe(1);
    } finally {
      await store.close();
    }
  });

  test('a log written under schema version 2 (before the function) migrates on open and commits on', async () => {
    const url = await cluster.createDatabase();
    const [first, second] = rounds();
    // A server of schema version 2: the tables without cairn.commit_round, written step by step.
    const old = new PgPool(url);
    const client = await old.pool.connect();
    expect(await migrate(client, MIGRATIONS.slice(0, 2))).toMatchObject({ to: 2 });
    client.release();
    const v2 = new PgLogStore(old, 'default', 'the v2 database');
    await v2.initialise(IDENTITY, EMPTY_CHECKPOINT);
    await v2.writeObjects(roundObjects(first!));
    await v2.commitHead(roundHeadUpdate(first!), { previous: EMPTY_CHECKPOINT });
    await expect(v2.commitRound(second!, { previous: first!.checkpoint })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('cairn.commit_round'),
    });
    await v2.close();

    const store = await openPostgresStore(url);
    try {
      const check = await store.db.query<{ v: number }>('reading the version', 'SELECT max(version) AS v FROM cairn.schema_version');
      expect(check[0]?.v).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
      expect(await store.latestCheckpoint()).toEqual(first!.checkpoint);
      await store.commitRound(second!, { previous: first!.checkpoint });
      expect(await store.latestCheckpoint()).toEqual(second!.checkpoint);
      const all = [...first!.payloads.records, ...second!.payloads.records];
      expect(await store.readPayloads(0, all.length)).toEqual(all);
      for (const [i, h] of [...first!.leafHashes, ...second!.leafHashes].entries()) expect(await store.readLeafIndex(h)).toBe(i);
      const key = second!.idempotency[0]!;
      expect(await store.readIdempotency(key.submitter, key.key)).toEqual(key.record);
    } finally {
      await store.close();
    }
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    expect(await readSchemaVersion(c)).toBe(SCHEMA_VERSION);
    await c.end();
  });
});
