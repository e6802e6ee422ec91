/**
 * The chaos harness's checks can fail (issue 6 part 1): a chaos run whose data folder is rolled
 * back to an old copy between two kills (`--sabotage-rollback`: an operator restoring an old
 * backup) must report lost receipts and forks and fail, while the folder itself is a valid,
 * fsck-clean log — only a client's memory of what the log promised shows the rollback. The real
 * runs are `npm run chaos` (CI: `--short`), which must pass.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { rm } from 'node:fs/promises';
import { SHORT } from '../../chaos/options.js';
import { formatReport, passed } from '../../chaos/report.js';
import { runChaos } from '../../chaos/run.js';
import { killAllServers } from '../helpers/cli.js';

const folders: string[] = [];
afterAll(async () => {
  await killAllServers();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('the chaos harness', () => {
  test('reports lost entries and forks, and fails, when the folder is rolled back between kills', async () => {
    const options = {
      ...SHORT,
      kills: 2,
      writers: 4,
      minLoadMs: 400,
      maxLoadMs: 900,
      earlyKillChance: 0,
      proofSample: 20,
      replaySample: 4,
      build: false,
      seed: 42,
      sabotage: 'rollback' as const,
    };
    const lines: string[] = [];
    const result = await runChaos(options, (line) => lines.push(line));
    folders.push(result.dataDir);
    const report = formatReport(result, options).join('\n');

    expect(lines).toContain('SABOTAGE: the data folder was rolled back to its copy from kill 1; this run must fail');
    expect(result.kills).toBe(2);
    // Entries acknowledged between the two kills are gone from the restored folder...
    expect(result.ledger.lost.size).toBeGreaterThan(0);
    // ...and the checkpoints served meanwhile are not consistent with the restarted log.
    expect(result.ledger.forks.size).toBeGreaterThan(0);
    expect([...result.ledger.forks].some((f) => f.startsWith('checkpoint '))).toBe(true);
    expect(passed(result, options)).toBe(false);
    expect(report).toMatch(/^chaos: kills=2 acknowledged=\d+ lost=[1-9]\d* forks=[1-9]\d* failures=[1-9]\d* /m);
    expect(report).toContain('FAIL');
    // The restored folder on its own is a perfectly good log: fsck cannot see a rollback.
    expect(result.fsck?.clean).toBe(true);
  }, 120_000);
});
