/**
 * Append throughput without HTTP: CairnLog (sequencer + LevelDB store, real fsync) in a fresh data
 * folder. `concurrency` requests of `requestEvents` events are kept in flight (closed loop), so
 * the group commit always finds a full pool. After a warm-up, throughput is the entries of the
 * rounds completed in the measuring window, from the end of its first round to the end of its
 * last (exact, whatever the round length), with the rounds' mean size, duration and commit time.
 *
 * With `commitDelayMs` the store is the in-memory one (dist/server/store/memory) and every commit
 * waits that long before it is applied: a disk whose fsync always takes the same time, so what a
 * build does with the wait (pipelined rounds, issue 17) shows whatever else loads the machine.
 *
 * Params: {eventBytes, requestEvents, concurrency, warmupMs, durationMs, sequencerLimits?, commitDelayMs?}
 */
import { rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { distUrl, freshDir } from '../lib/paths.mjs';

const p = sectionParams();
const { CairnLog } = await import(distUrl('server/cairn-log.js'));
const source = new EventSource(p.eventBytes);
const dir = freshDir('append');

/** The in-memory store, its commits delayed by `delayMs` (a fixed-latency fsync). */
async function fixedLatencyStore(delayMs) {
  const { openMemoryStore } = await import(distUrl('server/store/memory/memory-store.js'));
  const { MemoryKv } = await import(distUrl('server/store/memory/memory-kv.js'));
  const real = openMemoryStore(new MemoryKv()).store;
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'commitRound') {
        return async (...args) => {
          await new Promise((r) => setTimeout(r, delayMs));
          return target.commitRound(...args);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

let measuring = false;
let rounds = 0;
let roundEntries = 0;
let roundMs = 0;
let commitMs = 0;
/** Completion time and size of each round in the window: throughput from round to round. */
const marks = [];
const log = await CairnLog.open(
  { dataDir: dir, origin: 'bench.example/append', ...(p.sequencerLimits ? { sequencerLimits: p.sequencerLimits } : {}) },
  {
    ...(p.commitDelayMs === undefined ? {} : { store: await fixedLatencyStore(p.commitDelayMs) }),
    onRound: (r) => {
      if (!measuring || r.error) return;
      rounds += 1;
      roundEntries += r.entries;
      roundMs += r.ms;
      commitMs += r.commitMs;
      marks.push([performance.now(), r.entries]);
    },
  },
);

let next = 0;
let stop = false;
let entries = 0;
let requests = 0;
let errors = 0;
const contentType = 'application/octet-stream';

async function client() {
  while (!stop) {
    const first = next;
    next += p.requestEvents;
    const inputs = new Array(p.requestEvents);
    for (let k = 0; k < p.requestEvents; k++) inputs[k] = { payload: source.event(first + k), contentType, occurredAt: 0n };
    try {
      const out = await log.append('bench', inputs);
      if (measuring) {
        entries += out.length;
        requests += 1;
      }
    } catch (err) {
      errors += 1;
      if (errors === 1) process.stderr.write(`append failed: ${err.message}\n`);
      if (errors > 100) throw err;
    }
  }
}

const clients = Array.from({ length: p.concurrency }, client);
await new Promise((r) => setTimeout(r, p.warmupMs));
measuring = true;
const t0 = performance.now();
const startUs = Number(process.hrtime.bigint() / 1000n);
await new Promise((r) => setTimeout(r, p.durationMs));
measuring = false;
const endUs = Number(process.hrtime.bigint() / 1000n);
const seconds = (performance.now() - t0) / 1000;
stop = true;
await Promise.all(clients);
const rss = process.memoryUsage().rss;
// Between the first and the last round of the window the count is exact (no partial round at
// either end); with fewer than 3 rounds, fall back to receipts counted over the window.
let entriesPerSec = entries / seconds;
if (marks.length >= 3) {
  let between = 0;
  for (let k = 1; k < marks.length; k++) between += marks[k][1];
  entriesPerSec = between / ((marks[marks.length - 1][0] - marks[0][0]) / 1000);
}
await log.close();
rmSync(dir, { recursive: true, force: true });

reportResult({
  eventBytes: p.eventBytes,
  requestEvents: p.requestEvents,
  concurrency: p.concurrency,
  seconds,
  entries,
  entriesPerSec,
  requestsPerSec: requests / seconds,
  rounds,
  meanRoundEntries: rounds > 0 ? roundEntries / rounds : 0,
  meanRoundMs: rounds > 0 ? roundMs / rounds : 0,
  meanCommitMs: rounds > 0 ? commitMs / rounds : 0,
  errors,
  rss,
  // The window on the monotonic clock, to cut a --cpu-prof profile to it.
  windowUs: { startUs, endUs },
});
