/**
 * Failover under load (issue 11): three real processes on one PostgreSQL, six writers (plain
 * fetch and CairnClient with idempotency keys and retries) through one process at a time, and
 * the chaos harness's cycles (chaos/run-cluster.ts): kill -9 of the leader (another process must
 * lead within 5 s: measured and printed), kill -9 of PostgreSQL and its restart (no Cairn
 * process restarted), kill -9 of a follower. After each: every acknowledged receipt verified and
 * proved against the new checkpoint, every checkpoint ever served consistent with it, every
 * retried keyed request exactly one entry, and at the end `cairn fsck --store` clean.
 */
import { afterAll, expect, test } from '@jest/globals';
import { rm } from 'node:fs/promises';
import { runClusterChaos, TAKEOVER_LIMIT_MS } from '../../chaos/run-cluster.js';
import { SHORT } from '../../chaos/options.js';
import { describeExternal } from '../helpers/external.js';
import { killAllServers } from '../helpers/cli.js';
import { findPostgres } from '../helpers/postgres.js';

const tools = findPostgres();

describeExternal('leader and PostgreSQL killed under load', tools, () => {
  afterAll(() => killAllServers());

  test('another process leads within 5 s, nothing acknowledged is lost, no fork, keyed retries are one entry each', async () => {
    const lines: string[] = [];
    const result = await runClusterChaos({ ...SHORT, kills: 3, writers: 4, minLoadMs: 400, maxLoadMs: 1200, seed: 11, store: 'postgres' }, (l) =>
      lines.push(l),
    );
    process.stdout.write(`${lines.join('\n')}\nleader takeovers: ${result.takeoversMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}\n`);
    expect(result.ledger.failures).toEqual([]);
    expect(result.ledger.lost.size).toBe(0);
    expect(result.ledger.forks.size).toBe(0);
    expect(result.kills).toBe(3);
    expect(result.takeoversMs).toHaveLength(1);
    expect(result.takeoversMs[0]!).toBeLessThan(TAKEOVER_LIMIT_MS);
    expect(result.ledger.acks.length).toBeGreaterThan(0);
    expect(result.fsck?.clean).toBe(true);
    await rm(result.dataDir, { recursive: true, force: true });
  }, 240_000);
});
