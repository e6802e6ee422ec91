/**
 * The index worker yields to the sequencer (issue 13 "indexes that never slow appends";
 * index-worker.ts lowerPriority): on Linux its thread, and only its thread, runs at the nice
 * value asked for, so the server's main thread (the sequencer) and LevelDB's threads keep theirs.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHILD = resolve(import.meta.dirname, 'worker-nice-child.ts');

interface Niceness {
  pid: number;
  main: number;
  threads: { tid: number; nice: number }[];
}

async function threadsAt(nice: number): Promise<Niceness> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-nice-'));
  try {
    const run = spawnSync(process.execPath, ['--import', './chaos/register.js', CHILD, join(dir, 'index'), String(nice)], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout) as Niceness;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

(process.platform === 'linux' ? describe : describe.skip)('the index worker thread (Linux)', () => {
  test('at nice 10, exactly one thread is 10 above the main thread, whose own value is unchanged', async () => {
    const base = await threadsAt(0);
    const lowered = await threadsAt(10);
    expect(lowered.main).toBe(base.main);
    const raised = lowered.threads.filter((t) => t.nice !== lowered.main);
    expect(raised).toEqual([{ tid: expect.any(Number), nice: Math.min(19, lowered.main + 10) }]);
    expect(raised[0]!.tid).not.toBe(lowered.pid);
    // At 0 every thread keeps the process's value.
    expect(base.threads.every((t) => t.nice === base.main)).toBe(true);
  }, 120_000);
});
