/**
 * `kill -9` during indexing loses no index entry (issue 13): a real child process appends to a
 * real LevelDB log while its follower indexes in small synced chunks, and is SIGKILLed after a
 * random number of chunks, five times; a last run catches up. The index must then hold exactly
 * the postings a brute-force scan of the log finds (none lost, none extra), its position must be
 * the log's size, and it must equal a reindex of the same log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, afterEach, expect, test } from '@jest/globals';
import { decodeLogEntry } from '../../../proofs/index.js';
import { LevelIndexStore, indexDir, reindex } from '../../../server/index/index.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { dumpIndex } from './index-dump.js';
import { logSource, openLog } from './log-fixture.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CHILD = resolve(import.meta.dirname, 'follower-child.ts');
const CYCLES = 5;
const temps = new TempDirs();
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});
afterAll(() => temps.cleanup());

/** Starts the child; `onLine` sees each stdout line; resolves with how it exited. */
function runChild(
  args: string[],
  onLine: (line: string, child: ChildProcess) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', './chaos/register.js', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(line, child));
  return new Promise((done) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      done({ code, signal, stderr });
    }),
  );
}

/** The postings a brute-force scan of entries 0..size-1 finds, by rules written out here. */
async function bruteForcePostings(dataDir: string): Promise<{ postings: string[]; size: number }> {
  const log = await openLog(dataDir);
  try {
    const size = log.committedSize;
    const [leaves, payloads] = [await log.leaves(0, size), await log.payloads(0, size)];
    const out: string[] = [];
    leaves.forEach((leaf, i) => {
      const entry = decodeLogEntry(leaf);
      out.push(`submitter=${entry.submitter}@${i}`);
      const type = entry.contentType.split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json' && type !== 'application/vnd.cairn.event+json') return;
      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloads[i]!.payload));
      } catch {
        return;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
      const b = body as Record<string, unknown>;
      const id = (v: unknown) =>
        typeof v === 'string'
          ? v
          : typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string'
            ? (v as { id: string }).id
            : undefined;
      for (const [field, value] of [
        ['actor', id(b['actor'])],
        ['action', typeof b['action'] === 'string' ? b['action'] : undefined],
        ['target', id(b['target'])],
      ] as const) {
        if (value !== undefined && value !== '') out.push(`${field}=${value}@${i}`);
      }
    });
    return { postings: out.sort(), size };
  } finally {
    await log.close();
  }
}

test.each([
  ['in this thread', 'thread'],
  ['in a worker thread', 'worker'],
])(
  'SIGKILL during indexing (index store %s), five times, then a restart: no index entry lost or duplicated',
  async (_name, where) => {
    const dataDir = await temps.make('cairn-index-crash-');
    const killedAt: number[] = [];
    let behindAtKill = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const killAfter = 5 + Math.floor(Math.random() * 40);
      let chunks = 0;
      let appended = 0;
      let indexedSeen = 0;
      let armed = false;
      let killed = false;
      const kill = (child: ChildProcess): void => {
        if (killed) return;
        killed = true;
        killedAt.push(indexedSeen);
        // The follower still had committed entries to index: the kill lands while it works.
        if (indexedSeen < appended) behindAtKill++;
        child.kill('SIGKILL');
      };
      const exit = await runChild(['work', dataDir, String(cycle + 1), where], (line, child) => {
        if (line.startsWith('appended ')) appended = Number(line.slice(9));
        if (line.startsWith('chunk ')) indexedSeen = Number(line.slice(6));
        if (line.startsWith('chunk ') && ++chunks === killAfter) {
          // A random moment within the next chunks, not aligned with the end of a write; if the
          // follower has caught up by then (a loaded machine delays this process's reads of the
          // child's lines), at the next line that shows it behind again.
          setTimeout(() => {
            if (indexedSeen < appended) kill(child);
            else armed = true;
          }, Math.random() * 30);
        } else if (armed && indexedSeen < appended) kill(child);
      });
      expect(exit).toMatchObject({ signal: 'SIGKILL' });
    }
    let indexed = -1;
    const exit = await runChild(['finish', dataDir, '', where], (line) => {
      if (line.startsWith('indexed ')) indexed = Number(line.slice(8));
    });
    expect(exit).toMatchObject({ code: 0 });

    const expected = await bruteForcePostings(dataDir);
    // Each run resumed where the last one's durable position was, and the follower was behind
    // the log (busy) at the kills.
    expect(killedAt.every((k, i) => i === 0 || k > killedAt[i - 1]!)).toBe(true);
    expect(behindAtKill).toBeGreaterThan(0);
    expect(indexed).toBe(expected.size);
    const dump = await dumpIndex(indexDir(dataDir));
    expect(dump.position).toBe(expected.size);
    expect(dump.postings).toEqual(expected.postings);
    expect(new Set(dump.postings).size).toBe(dump.postings.length);

    // And a rebuild from the entries gives the very same index.
    const rebuiltDir = await temps.make('cairn-index-rebuilt-');
    const log = await openLog(dataDir);
    const rebuilt = await LevelIndexStore.open(rebuiltDir);
    await reindex(logSource(log), rebuilt);
    await rebuilt.close();
    await log.close();
    expect(await dumpIndex(rebuiltDir)).toEqual(dump);
  },
  120_000,
);
