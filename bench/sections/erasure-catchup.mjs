#!/usr/bin/env node
/**
 * CPU of the erasure state's catch-up (issue 14, BENCHMARKS.md "Issue 14: erasure catch-up"), in
 * the dist/ of a built tree: `node bench/sections/erasure-catchup.mjs [ROOT]` (default: this
 * repository; pass a git worktree of another commit to compare builds, alternating runs).
 * - A: appends through CairnLog with LevelDB and a real fsync (requests of 1,000 audit events of
 *   ~200 B, 8 in flight) for 40 rounds after 5 of warm-up: CPU per entry during them, then the CPU
 *   of close(), which finishes the erasure state's catch-up.
 * - B: SystemLog.start on the closed log without snapshot (a scan of every leaf): CPU per leaf.
 * Prints one JSON line. CPU time (user + system), so it varies little with the machine's load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const root = process.argv[2] ?? new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const { CairnLog } = await import(`${root}/dist/server/cairn-log.js`);
const { SystemLog } = await import(`${root}/dist/server/erasure/system-log.js`);
const dir = mkdtempSync(join(tmpdir(), 'c14-catchup-'));
const warm = 5,
  rounds = 40;
let done = 0,
  entries = 0,
  cpu0,
  finish;
const finished = new Promise((r) => (finish = r));
const log = await CairnLog.open(
  { dataDir: dir, origin: 'bench.example/c14' },
  {
    onRound: (r) => {
      if (r.error) return;
      done++;
      if (done === warm) cpu0 = process.cpuUsage();
      else if (done > warm) {
        entries += r.entries;
        if (done === warm + rounds) finish(process.cpuUsage(cpu0));
      }
    },
  },
);
const payload = (i) => new TextEncoder().encode(JSON.stringify({ actor: `u${i % 97}`, action: 'a', target: 't', outcome: 'success', pad: 'x'.repeat(120) }));
let next = 0,
  stop = false;
async function client() {
  while (!stop) {
    const inputs = Array.from({ length: 1000 }, () => ({ payload: payload(next++), contentType: 'application/json', occurredAt: 0n }));
    await log.append('bench', inputs);
  }
}
const clients = Array.from({ length: 8 }, client);
const appendCpu = await finished;
stop = true;
await Promise.all(clients);
const size = log.committedSize;
const c1 = process.cpuUsage();
await log.close();
const closeCpu = process.cpuUsage(c1);
// B: a start without snapshot scans every leaf.
const again = await CairnLog.open({ dataDir: dir, origin: 'bench.example/c14' });
const c2 = process.cpuUsage();
await SystemLog.start(again);
const scanCpu = process.cpuUsage(c2);
await again.close();
rmSync(dir, { recursive: true, force: true });
const us = (c) => c.user + c.system;
console.log(
  JSON.stringify({
    root,
    entries,
    appendUsPerEntry: +(us(appendCpu) / entries).toFixed(2),
    closeMs: +(us(closeCpu) / 1000).toFixed(1),
    size,
    closeUsPerAppended: +(us(closeCpu) / size).toFixed(3),
    scanUsPerLeaf: +(us(scanCpu) / size).toFixed(3),
  }),
);
