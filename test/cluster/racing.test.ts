/**
 * Two processes on one PostgreSQL log, appends racing through both (issue 11 "Two processes
 * racing"): every append is sequenced by the one leader (the follower forwards), no fork, and
 * every receipt verifies against the final checkpoint, whichever process answered it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { verifyReceipt } from '../../client/index.js';
import { describeExternal } from '../helpers/external.js';
import { findPostgres, ThrowawayPostgres } from '../helpers/postgres.js';
import { appendBatch, appendOne, fetchCheckpoint, proveConsistency, proveInclusion, receiptsOf } from '../helpers/server-calls.js';
import { startCluster, stopCluster, type TestCluster } from './cluster-helpers.js';

const tools = findPostgres();

describeExternal('two cairn serve processes racing on one PostgreSQL log', tools, () => {
  let pg: ThrowawayPostgres;
  let cluster: TestCluster;

  beforeAll(async () => {
    pg = await ThrowawayPostgres.create(tools);
    cluster = await startCluster(pg, 2);
  }, 60_000);

  afterAll(async () => {
    await stopCluster(cluster, pg);
  }, 60_000);

  describe('appends through both processes at once', () => {
    test('no fork: distinct indexes, every receipt proved in the final checkpoint, every receipt checkpoint consistent with it', async () => {
      const [a, b] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0]];
      const writer = async (url: string, name: string): Promise<unknown[]> => {
        const answers: unknown[] = [];
        for (let i = 0; i < 40; i++) {
          const r =
            i % 4 === 3
              ? await appendBatch(
                  url,
                  cluster.token,
                  [0, 1, 2].map((j) => ({ json: { w: name, i, j }, idempotencyKey: `${name}-${i}-${j}` })),
                )
              : await appendOne(url, cluster.token, JSON.stringify({ w: name, i }), { idempotencyKey: `${name}-${i}` });
          expect({ status: r.status, body: r.body }).toMatchObject({ status: 201 });
          answers.push(...receiptsOf(r));
        }
        return answers;
      };
      // Four writers, two on each process, all at once.
      const receipts = (await Promise.all([writer(a.url, 'a1'), writer(b.url, 'b1'), writer(a.url, 'a2'), writer(b.url, 'b2')])).flat();
      expect(receipts).toHaveLength(4 * (30 + 10 * 3));

      const leader = await cluster.leader();
      const final = await fetchCheckpoint(leader.url, cluster.verifierKey);
      expect(final.treeSize).toBe(receipts.length);
      const verified = receipts.map((r) => verifyReceipt(r as Parameters<typeof verifyReceipt>[0], cluster.verifierKey));
      expect(new Set(verified.map((v) => v.index)).size).toBe(receipts.length);
      const checkpoints = new Map(verified.map((v) => [v.treeSize, v.checkpoint]));
      for (const cp of checkpoints.values()) await proveConsistency(leader.url, cp, final);
      for (const v of verified) await proveInclusion(leader.url, final, v.index, v.leafHash);
      // The follower serves the same final checkpoint once it follows the head.
      const follower = cluster.servers.find((s) => s !== leader)!;
      await expect(waitForSize(follower.url, final.treeSize)).resolves.toBe(final.note);
    }, 120_000);

    test('a keyed retry through the other process returns the original receipt and appends nothing', async () => {
      const [a, b] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0]];
      const first = await appendOne(a.url, cluster.token, '{"retry":1}', { idempotencyKey: 'retry-across' });
      expect(first.status).toBe(201);
      const again = await appendOne(b.url, cluster.token, '{"retry":1}', { idempotencyKey: 'retry-across' });
      expect({ status: again.status, body: again.body }).toMatchObject({ status: 200 });
      expect(verifyReceipt(receiptsOf(again)[0]!, cluster.verifierKey).index).toBe(verifyReceipt(receiptsOf(first)[0]!, cluster.verifierKey).index);
    }, 30_000);
  });
});

/** Polls GET /checkpoint of `url` until it is of size `size`; resolves with the note. */
async function waitForSize(url: string, size: number): Promise<string> {
  for (;;) {
    const note = await (await fetch(`${url}/checkpoint`)).text();
    if (Number(note.split('\n')[1]) >= size) return note;
    await new Promise((r) => setTimeout(r, 20));
  }
}
