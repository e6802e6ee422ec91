/**
 * Append throughput with the search index on or off (issue 13 "append throughput with indexing
 * on stays within 5% of without"): CairnLog.append (no HTTP) of JSON audit events, requests of
 * 100, 16 in flight, into a fresh data folder; with `indexing` the EventIndex runs as `cairn
 * serve` runs it (its store in a worker thread unless `worker: false`). After `warmupMs`, the
 * entries committed in `durationMs`; CPU per entry of the whole process and of its threads (the
 * main thread is the sequencer's; /proc/self/task, robust to other load on the machine); the
 * entries indexed in the window, the index lag at the window's end and how long the follower
 * then takes to catch up.
 *
 * Params: {indexing, worker?, workerNice?, coalesceMs?, warmupMs, durationMs, dist?} (dist: another
 * build, for before/after runs; workerNice and coalesceMs: EventIndexOptions, for A/B runs). The runner alternates on and off. With {catchUpEntries: n} instead: the CPU per entry
 * of each thread while the index catches up on a log of n entries built first (read back from
 * the store: the index worker's cost without the appends beside it).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, freshDir } from '../lib/paths.mjs';
import { auditEvents } from './search-events.mjs';

const p = sectionParams();
const load = (path) => import(pathToFileURL(join(p.dist ?? DIST, path)).href);
const { CairnLog } = await load('server/cairn-log.js');
const { EventIndex, logSource } = await load('server/index/index.js');

/** CPU time of each thread of this process in µs, by thread id, from /proc (Linux); empty elsewhere. */
function threadCpuUs() {
  const out = new Map();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime and stime (fields 14 and 15 of stat(5)), in clock ticks of 10 ms.
        out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10_000);
      } catch {
        // The thread ended between the listing and its read.
      }
    }
  } catch {
    // Not Linux.
  }
  return out;
}

/**
 * CPU per entry of the main thread (the sequencer's), of the busiest other thread (with the index
 * on: the index worker's JavaScript thread) and of all other threads together (libuv's pool,
 * where LevelDB writes and fsyncs run, LevelDB compaction, V8's GC helpers).
 */
function threadShares(before, after, entries) {
  if (after.size === 0) return {};
  const deltas = [...after].map(([tid, us]) => [tid, us - (before.get(tid) ?? 0)]);
  const main = deltas.find(([tid]) => tid === process.pid)?.[1] ?? 0;
  const others = deltas.filter(([tid]) => tid !== process.pid).map(([, us]) => us);
  const busiest = others.length === 0 ? 0 : Math.max(...others);
  const rest = others.reduce((a, b) => a + b, 0);
  return { mainThreadUsPerEntry: main / entries, busiestOtherThreadUsPerEntry: busiest / entries, otherThreadsUsPerEntry: rest / entries };
}

const dir = freshDir('search-append');
const log = await CairnLog.open({ dataDir: dir, origin: 'bench.example/search' });
if (p.catchUpEntries !== undefined) {
  // Catch-up mode: the index of a log of `catchUpEntries` built beforehand (nothing handed over).
  const build = auditEvents(100_000);
  for (let n = 0; n < p.catchUpEntries; n += 1000) await log.append('bench', build(1000));
  const cpu0 = process.cpuUsage();
  const threads0 = threadCpuUs();
  const t0 = performance.now();
  const index = await EventIndex.open(logSource(log), dir);
  await index.whenIndexed(log.committedSize);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const shares = threadShares(threads0, threadCpuUs(), log.committedSize);
  await index.close();
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  reportResult({
    catchUp: true,
    entries: log.committedSize,
    indexedPerSec: log.committedSize / seconds,
    cpuUsPerEntry: (cpu.user + cpu.system) / log.committedSize,
    ...shares,
    load: loadavg()[0],
  });
  process.exit(0);
}
// (A build without the worker option ignores it.)
const indexOptions = {
  ...(p.worker === undefined ? {} : { worker: p.worker }),
  ...(p.workerNice === undefined ? {} : { workerNice: p.workerNice }),
  ...(p.coalesceMs === undefined ? {} : { coalesceMs: p.coalesceMs }),
};
const events = p.indexing ? await EventIndex.open(logSource(log), dir, indexOptions) : undefined;
const next = auditEvents(100_000);
let stop = false;
const worker = async () => {
  while (!stop) await log.append('bench', next(100));
};
const writers = Array.from({ length: 16 }, worker);
await new Promise((r) => setTimeout(r, p.warmupMs));
const size0 = log.committedSize;
const indexed0 = events?.indexedSize ?? 0;
const cpu0 = process.cpuUsage();
const threads0 = threadCpuUs();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, p.durationMs));
const size1 = log.committedSize;
const indexed1 = events?.indexedSize ?? 0;
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const threads1 = threadCpuUs();
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
  ...threadShares(threads0, threads1, entries),
  indexedPerSec: (indexed1 - indexed0) / seconds,
  lagAtEnd: lag,
  load: loadavg()[0],
  catchUpMs,
});
