/**
 * Search, stream and evidence bundles (issue 13 "Speed"): append throughput with the index on
 * and off (alternating, one process each), search by actor returning 100 results, time-range
 * lookups on two log sizes (leaf reads: O(log n)), stream delivery to one consumer, and `cairn
 * export` / `cairn verify-bundle` rates.
 */
import { loadavg } from 'node:os';
import { runSection } from '../lib/child.mjs';
import { fmt, fmtMs, fmtRatio } from '../lib/stats.mjs';
import { ensureStore } from '../lib/store-cache.mjs';

const section = (name) => new URL(`../sections/${name}.mjs`, import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * @param {import('../run.mjs').Context} ctx
 */
export async function searchSuite(ctx) {
  const quick = ctx.quick;
  const pairs = quick ? 1 : 5;
  const append = { warmupMs: ctx.timing.warmupMs, durationMs: ctx.timing.durationMs };
  const readEntries = quick ? 20_000 : 1_000_000;
  const searches = quick ? 50 : 300;
  const timeSizes = quick ? [20_000, 200_000] : [1_000_000, 10_000_000];
  const load = loadavg()[0];

  ctx.report.section(
    'Search, live stream and evidence bundles (issue 13)',
    `load average ${load.toFixed(2)} at the start (the figures are wall-clock rates on a shared machine; the CPU columns are robust to other load). ` +
      `Append: CairnLog.append of JSON audit events (requests of 100, 16 in flight, no HTTP) into a fresh folder, the index off and on alternately ` +
      `(${pairs} process${pairs > 1 ? 'es' : ''} each, median, node --max-semi-space-size=64 as ./bin/cairn), on = EventIndex as cairn serve runs it (index store in a worker thread, 10 nice levels below the sequencer); ` +
      `${fmt(append.durationMs)} ms after ${fmt(append.warmupMs)} ms warm-up; main-thread CPU from /proc/self/task (the sequencer's core), process CPU from process.cpuUsage; ` +
      `lag = committed entries not yet indexed at the window's end, then the time to catch up. ` +
      `Read side: a log of ${fmt(readEntries)} JSON audit events (~200 per actor), built then indexed, served over HTTP on 127.0.0.1 in the section's process: ` +
      `${searches} searches GET /v1/events?actor=…&limit=100 one after another from a client in its own process (every result a complete receipt ` +
      `against one checkpoint; latency measured by the client, CPU of the server's process only), once right after the build (LevelDB still ` +
      `compacting what it took in seconds) and once at rest (the server process under 5% of a core over a second; the target's figure), ` +
      `GET /v1/events/stream from 0 read by a consumer in its own process until it has every entry, cairn export (whole log, no filter) and ` +
      `cairn verify-bundle as child processes. Time ranges: findIndexAtTime on the cached logs of ${timeSizes.map((n) => fmt(n)).join(' and ')} entries ` +
      `(200 instants spread over the log), leaf reads counted at the EntrySource.`,
  );

  // Append with the index off and on, alternating.
  const runs = { off: [], on: [] };
  for (let i = 0; i < pairs; i++) {
    // The V8 flags of ./bin/cairn, as cairn serve runs the sequencer and the index.
    runs.off.push(await runSection(section('search-append'), { indexing: false, ...append }, { nodeArgs: ['--max-semi-space-size=64'] }));
    runs.on.push(await runSection(section('search-append'), { indexing: true, ...append }, { nodeArgs: ['--max-semi-space-size=64'] }));
  }
  const summary = (rs) => ({
    entriesPerSec: median(rs.map((r) => r.entriesPerSec)),
    mainThreadUsPerEntry: median(rs.map((r) => r.mainThreadUsPerEntry ?? NaN)),
    cpuUsPerEntry: median(rs.map((r) => r.cpuUsPerEntry)),
    lagAtEnd: median(rs.map((r) => r.lagAtEnd)),
    catchUpMs: median(rs.map((r) => r.catchUpMs)),
  });
  const off = summary(runs.off);
  const on = summary(runs.on);
  const appendRatio = on.entriesPerSec / off.entriesPerSec;
  const mainCpuRatio = on.mainThreadUsPerEntry / off.mainThreadUsPerEntry;
  ctx.report.table(
    ['append (no HTTP)', 'entries/s', 'main-thread CPU µs/entry', 'process CPU µs/entry', 'index lag at end', 'catch-up after'],
    [
      ['index off', fmt(off.entriesPerSec), fmt(off.mainThreadUsPerEntry, 2), fmt(off.cpuUsPerEntry, 2), '–', '–'],
      ['index on (worker thread)', fmt(on.entriesPerSec), fmt(on.mainThreadUsPerEntry, 2), fmt(on.cpuUsPerEntry, 2), fmt(on.lagAtEnd), fmtMs(on.catchUpMs)],
      ['on / off', fmtRatio(appendRatio), fmtRatio(mainCpuRatio), fmtRatio(on.cpuUsPerEntry / off.cpuUsPerEntry), '', ''],
    ],
  );

  // Time-range lookups on two sizes.
  const times = [];
  for (const n of timeSizes) {
    const store = await ensureStore(n, 200);
    times.push(await runSection(section('search-time'), { dataDir: store.dataDir, lookups: 200 }));
  }
  ctx.report.table(
    ['time-range lookup', 'leaf reads (mean / max)', 'ceil(log2(n+1))', 'ms per lookup'],
    times.map((t) => [`${fmt(t.entries)} entries`, `${t.meanLeafReads.toFixed(1)} / ${t.maxLeafReads}`, String(t.log2Bound), fmtMs(t.msPerLookup)]),
  );

  // The read side.
  const read = await runSection(section('search-all'), { entries: readEntries, searches }, { nodeArgs: ['--max-semi-space-size=64'], timeoutMs: 1_800_000 });
  ctx.report.table(
    ['read side', 'figure', 'server CPU', 'target'],
    [
      [
        'search by actor, 100 results, right after the build: p50 / p99',
        `${fmtMs(read.searchAfterBuildP50Ms)} / ${fmtMs(read.searchAfterBuildP99Ms)}`,
        `${fmtMs(read.searchAfterBuildCpuMs)} per search`,
        '',
      ],
      [
        `search by actor, 100 results, at rest (after ${fmtMs(read.settleMs)}): p50 / p99`,
        `${fmtMs(read.searchActor100P50Ms)} / ${fmtMs(read.searchActor100P99Ms)}`,
        `${fmtMs(read.searchCpuMs)} per search`,
        'p99 ≤ 50 ms',
      ],
      ['stream to one consumer', `${fmt(read.streamPerSec)} events/s`, `${fmt(read.streamServerCpuUsPerEvent, 1)} µs/event`, '≥ 20,000/s'],
      ['cairn export (whole log)', `${fmt(read.exportPerSec)} events/s`, `${fmt(read.exportServerCpuUsPerEvent, 1)} µs/event`, '≥ 10,000/s'],
      ['cairn verify-bundle', `${fmt(read.verifyBundlePerSec)} events/s`, '–', '≥ 10,000/s'],
      ['building the log / index catch-up', `${fmt(read.buildPerSec)} / ${fmt(read.catchUpPerSec)} entries/s`, '', ''],
    ],
  );
  return { loadAverage: load, append: { off, on, ratio: appendRatio, mainCpuRatio, runs }, timeLookup: times, read };
}
