/**
 * Append throughput with the search index on or off (issue 13 "append throughput with indexing
 * on stays within 5% of without"): CairnLog.append (no HTTP) of JSON audit events, requests of
 * 100, 16 in flight, into a fresh data folder; with `indexing` the EventIndex runs as `cairn
 * serve` runs it (its store in a worker thread unless `worker: false`). After `warmupMs`, the
 * entries committed in `durationMs`; CPU per entry of the whole process and of the main thread
 * (the sequencer's; /proc/self/task, robust to other load on the machine); the index lag at the window's end
 * and how long the follower then takes to catch up.
 *
 * Params: {indexing, worker?, warmupMs, durationMs, dist?} (dist: another build, for before/after
 * runs). The runner alternates on and off.
 */
import { readFileSync, rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, freshDir } from '../lib/paths.mjs';
import { auditEvents } from './search-events.mjs';

const p = sectionParams();
const load = (path) => import(pathToFileURL(join(p.dist ?? DIST, path)).href);
const { CairnLog } = await load('server/cairn-log.js');
const { EventIndex, logSource } = await load('server/index/index.js');

/** CPU time of this process's main thread (the sequencer's) in µs, from /proc (Linux); undefined elsewhere. */
function mainThreadCpuUs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat(5)), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

const dir = freshDir('search-append');
const log = await CairnLog.open({ dataDir: dir, origin: 'bench.example/search' });
// (A build without the worker option ignores it.)
const events = p.indexing ? await EventIndex.open(logSource(log), dir, p.worker === undefined ? {} : { worker: p.worker }) : undefined;
const next = auditEvents(100_000);
let stop = false;
const worker = async () => {
  while (!stop) await log.append('bench', next(100));
};
const writers = Array.from({ length: 16 }, worker);
await new Promise((r) => setTimeout(r, p.warmupMs));
const size0 = log.committedSize;
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpuUs();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, p.durationMs));
const size1 = log.committedSize;
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const main1 = mainThreadCpuUs();
stop = true;
await Promise.all(writers);
const entries = size1 - size0;
const lag = events?.lag ?? 0;
const t1 = performance.now();
await events?.whenIndexed(log.committedSize);
const catchUpMs = performance.now() - t1;
await events?.close();
await log.close();
rmSync(dir, { recursive: true, force: true });
reportResult({
  indexing: p.indexing,
  entries,
  entriesPerSec: entries / seconds,
  cpuUsPerEntry: (cpu.user + cpu.system) / entries,
  mainThreadUsPerEntry: main0 === undefined || main1 === undefined ? undefined : (main1 - main0) / entries,
  lagAtEnd: lag,
  catchUpMs,
});
