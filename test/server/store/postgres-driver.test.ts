/**
 * The PostgreSQL driver (server/store/postgres/) on a real throwaway PostgreSQL: the driver
 * conformance suite, then what only a shared database has: an outage and the return of the
 * server under one open handle, two handles racing for one head, leader epochs fencing a
 * commit, and a clash of idempotency keys.
 *
 * Faults: "write fails" terminates the handle's own backend inside the round's transaction (a
 * real failure: PostgreSQL rolls back); "fsync fails" cannot be produced by PostgreSQL, so it is
 * injected after a real COMMIT at the driver's one write path (PgFaults). "Crash" is a kill -9
 * of the whole PostgreSQL server between the objects and the compare-and-swap.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir, readlink } from 'node:fs/promises';
import { tryLead } from '../../../server/store/postgres/leader.js';
import { openPostgresStore } from '../../../server/store/postgres/open-postgres-store.js';
import type { PgLogStore } from '../../../server/store/postgres/pg-log-store.js';
import { StoreError, type StoredCheckpoint } from '../../../server/store/store.js';
import { describeExternal } from '../../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';
import { describeStoreConformance, type ConformanceInstance } from './conformance.js';
import { EMPTY_CHECKPOINT, syntheticRound, type SyntheticEntry } from './synthetic-rounds.js';

const tools = findPostgres();

/**
 * Kills every process still working in `dataDir` (PostgreSQL processes run there) and resolves
 * once none is left. After the postmaster's SIGKILL, a backend forked just before it (autovacuum,
 * a new connection) can outlive it for a moment and keep the shared memory, and the next start
 * would refuse ("pre-existing shared memory block is still in use").
 */
async function killLeftovers(dataDir: string): Promise<void> {
  for (let round = 0; round < 500; round++) {
    const left: number[] = [];
    for (const name of await readdir('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const cwd = await readlink(`/proc/${name}/cwd`).catch(() => '');
      if (cwd === dataDir) left.push(Number(name));
    }
    if (left.length === 0) return;
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    // A killed process stays in /proc until its parent reaps it: look again on the next turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`PostgreSQL processes in ${dataDir} survived SIGKILL`);
}
const IDENTITY = { origin: 'pg.example/log', verifierKey: 'pg.example/log+00000000+AAAA', createdAt: '2026-12-06T00:00:00Z' };

describeExternal('the PostgreSQL driver', tools, () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(tools);
  });
  afterAll(() => cluster?.destroy());

  describeStoreConformance({
    name: 'PostgreSQL',
    async create() {
      const url = await cluster.createDatabase();
      const handles: PgLogStore[] = [];
      const open = async (): Promise<PgLogStore> => {
        const s = await openPostgresStore(url);
        handles.push(s);
        return s;
      };
      let current = await open();
      const instance: ConformanceInstance = {
        store: current,
        async reopen() {
          await current.close().catch(() => undefined);
          current = await open();
          instance.store = current;
          return current;
        },
        async crashAfter(before) {
          await before(current);
          // A crash of the database server itself: every session ends without a COMMIT of
          // anything still open, and only what was durable survives (crash recovery on start).
          await cluster.kill9();
          await killLeftovers(cluster.dataDir);
          await cluster.start();
          current = await open();
          instance.store = current;
          return current;
        },
        failNextWrite() {
          current.db.faults = { beforeCommit: async (c) => void (await c.query('SELECT pg_terminate_backend(pg_backend_pid())')) };
        },
        failNextSync() {
          current.db.faults = {
            afterCommit: async () => {
              throw new StoreError('STORE_UNAVAILABLE', 'injected: the write was durable, but the call failed as after an fsync error');
            },
          };
        },
        openSecondHandle: open,
        async dispose() {
          await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
        },
      };
      return instance;
    },
  });

  describe('PostgreSQL only', () => {
    const stores: PgLogStore[] = [];
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
    });

    async function newLog(...rounds: number[]): Promise<{ url: string; store: PgLogStore; entries: SyntheticEntry[]; head: StoredCheckpoint }> {
      const url = await cluster.createDatabase();
      const store = await openPostgresStore(url);
      stores.push(store);
      await store.initialise(IDENTITY, EMPTY_CHECKPOINT);
      let entries: SyntheticEntry[] = [];
      let head = EMPTY_CHECKPOINT;
      for (const n of rounds) {
        const r = syntheticRound(entries, n);
        await store.commitRound(r.write);
        entries = r.entries;
        head = r.write.checkpoint;
      }
      return { url, store, entries, head };
    }

    test('PostgreSQL stopped: reads and commits fail with STORE_UNAVAILABLE; restarted: the same handle commits again', async () => {
      const { store, entries, head } = await newLog(3);
      await cluster.stop('fast');
      try {
        await expect(store.latestCheckpoint()).rejects.toMatchObject({
          code: 'STORE_UNAVAILABLE',
          message: expect.stringContaining('PostgreSQL cannot be reached'),
        });
        await expect(store.commitRound(syntheticRound(entries, 2).write, { previous: head })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
        await expect(store.checkWritable()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      } finally {
        await cluster.start();
      }
      await store.checkWritable();
      expect(await store.latestCheckpoint()).toEqual(head);
      const next = syntheticRound(entries, 2);
      await store.commitRound(next.write);
      expect(await store.readPayloads(0, 5)).toEqual(next.entries.map((e) => e.record));
    });

    test('two handles racing commitRound on one head, 30 times: exactly one wins each time, the loser gets STORE_CONFLICT, one chain', async () => {
      const { url, store: a } = await newLog();
      const b = await openPostgresStore(url);
      stores.push(b);
      let entries: SyntheticEntry[] = [];
      let head = EMPTY_CHECKPOINT;
      const chain = [head];
      for (let round = 0; round < 30; round++) {
        const ra = syntheticRound(entries, 2, { variant: 'a' });
        const rb = syntheticRound(entries, 3, { variant: 'b' });
        const outcomes = await Promise.allSettled([a.commitRound(ra.write, { previous: head }), b.commitRound(rb.write, { previous: head })]);
        const won = outcomes.map((o) => o.status === 'fulfilled');
        expect(won.filter(Boolean)).toHaveLength(1);
        const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toMatchObject({ code: 'STORE_CONFLICT' });
        const winner = won[0] ? ra : rb;
        entries = winner.entries;
        head = winner.write.checkpoint;
        chain.push(head);
        if (entries.length > 200) break;
      }
      expect(await a.listCheckpoints(0, 1000)).toEqual(chain);
      expect(await b.latestCheckpoint()).toEqual(head);
      // The losers' objects never landed: every read answers the winners' log.
      expect(await a.readPayloads(0, entries.length)).toEqual(entries.map((e) => e.record));
      const [tile] = await a.readTiles([{ level: 0, index: 0 }]);
      expect(tile?.length).toBe(32 * entries.length);
      entries.forEach((e, i) => expect(tile?.subarray(32 * i, 32 * i + 32)).toEqual(e.leafHash));
      expect(await Promise.all(entries.map((e) => a.readLeafIndex(e.leafHash)))).toEqual(entries.map((_, i) => i));
    });

    test('a stale leader epoch is fenced: its commit is refused with STORE_CONFLICT and changes nothing; the new epoch commits', async () => {
      const { url, store, entries, head } = await newLog(2);
      const logId = (await store.logId())!;
      const first = await tryLead({ connection: url, logId });
      expect(first?.epoch).toBe(1);
      await first!.release();
      const second = await tryLead({ connection: url, logId });
      try {
        expect(second?.epoch).toBe(2);
        const r = syntheticRound(entries, 2);
        await expect(store.commitRound(r.write, { previous: head, epoch: 1 })).rejects.toMatchObject({
          code: 'STORE_CONFLICT',
          message: expect.stringContaining('leader epoch 1'),
        });
        expect(await store.latestCheckpoint()).toEqual(head);
        expect(await store.readPayloads(2, 4)).toEqual([undefined, undefined]);
        expect(await store.readIdempotency('w', r.entries[2]!.key)).toBeUndefined();
        await store.commitRound(r.write, { previous: head, epoch: 2 });
        expect((await store.latestCheckpoint())?.treeSize).toBe(4);
      } finally {
        await second?.release();
      }
    });

    test('an idempotency key stored already makes the round a STORE_CONFLICT that changes nothing', async () => {
      const { store, entries, head } = await newLog(2);
      const r = syntheticRound(entries, 2);
      const clash = {
        ...r.write,
        idempotency: [...r.write.idempotency, { submitter: 'w', key: entries[0]!.key, record: { index: 3, treeSize: 4, payloadDigest: new Uint8Array(32) } }],
      };
      await expect(store.commitRound(clash, { previous: head })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await store.latestCheckpoint()).toEqual(head);
      expect(await store.readIdempotency('w', entries[0]!.key)).toMatchObject({ index: 0, treeSize: 2 });
      expect(await store.readLeafIndex(r.entries[2]!.leafHash)).toBeUndefined();
      await store.commitRound(r.write, { previous: head });
      expect((await store.latestCheckpoint())?.treeSize).toBe(4);
    });

    test('a snapshot sees one instant: a round committed after it is not seen, and it takes no writes', async () => {
      const { store, entries, head } = await newLog(2);
      const view = await store.snapshot();
      try {
        expect(await view.latestCheckpoint()).toEqual(head);
        const r = syntheticRound(entries, 3);
        await store.commitRound(r.write);
        expect(await view.latestCheckpoint()).toEqual(head);
        expect(await view.listCheckpoints(0, 10)).toHaveLength(2);
        expect((await view.readTiles([{ level: 0, index: 0 }]))[0]?.length).toBe(64);
        expect(await view.readPayloads(2, 5)).toEqual([undefined, undefined, undefined]);
        await expect(view.commitRound(syntheticRound(r.entries, 1).write)).rejects.toMatchObject({
          code: 'STORE_UNAVAILABLE',
          message: expect.stringContaining('read-only'),
        });
      } finally {
        await view.close();
      }
      await expect(view.latestCheckpoint()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      expect((await store.latestCheckpoint())?.treeSize).toBe(5);
    });

    test("erasure leaves no copy of the erased payload in the table's pages (VACUUM after the UPDATE)", async () => {
      const { url, store, entries } = await newLog(3);
      const db = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1, url.indexOf('?')));
      await cluster.query('CREATE EXTENSION IF NOT EXISTS pageinspect', [], db);
      /** Every byte of the table's heap pages, as PostgreSQL holds them (live and dead row versions). */
      const pages = async (): Promise<Buffer> => {
        const rows = await cluster.query<{ page: Buffer }>(
          `SELECT get_raw_page('cairn.payload_chunks', 'main', n::int4) AS page
             FROM generate_series(0, pg_relation_size('cairn.payload_chunks') / current_setting('block_size')::int8 - 1) AS n`,
          [],
          db,
        );
        return Buffer.concat(rows.map((r) => r.page));
      };
      const secret = Buffer.from(entries[1]!.record.nonce);
      expect((await pages()).includes(secret)).toBe(true);
      expect(await store.erasePayloads!([1])).toBe(1);
      expect((await pages()).includes(secret)).toBe(false);
      expect((await pages()).includes(Buffer.from(entries[2]!.record.nonce))).toBe(true);
    });

    test('a closed handle answers STORE_CLOSED', async () => {
      const { store } = await newLog();
      await store.close();
      await expect(store.latestCheckpoint()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      await expect(store.checkWritable()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });
  });
});
