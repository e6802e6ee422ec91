/**
 * Append throughput with the witness loop on or off (issue 12 "Speed"), in a fresh data folder:
 * CairnLog (sequencer + LevelDB, real fsync) with `concurrency` requests of `requestEvents`
 * events kept in flight, as append-cairn.mjs does. With `policyText`, the log's witness loop runs
 * beside it (server/witnessing/, asking the real `cairn witness` processes the driver started)
 * and every add-checkpoint round trip is recorded, with the time from a round's commit to the
 * storing of its quorum ("time to witnessed", which includes waiting for the loop's interval).
 *
 * Params: {keyText, origin, policyText?, intervalMs, eventBytes, requestEvents, concurrency, warmupMs, durationMs}
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { distUrl, freshDir } from '../lib/paths.mjs';
import { percentiles } from '../lib/stats.mjs';

const p = sectionParams();
const { CairnLog } = await import(distUrl('server/cairn-log.js'));
const { parseWitnessPolicy } = await import(distUrl('proofs/index.js'));
const { CosignatureStore, WitnessLoop } = await import(distUrl('server/witnessing/index.js'));
const source = new EventSource(p.eventBytes);
const dir = freshDir('witness-append');
const keyFile = join(dir, 'bench.key');
writeFileSync(keyFile, p.keyText + '\n', { mode: 0o600 });

let measuring = false;
/** Commit time of each tree size, to measure how long it waits for its quorum. */
const committedAt = new Map();
const marks = [];
const log = await CairnLog.open(
  { dataDir: join(dir, 'log'), origin: p.origin, keyFile },
  {
    onRound: (r) => {
      if (r.error) return;
      committedAt.set(r.treeSize, performance.now());
      if (measuring) marks.push([performance.now(), r.entries]);
    },
  },
);

const requestMs = [];
const witnessedMs = [];
let statuses = {};
let loop;
if (p.policyText !== undefined) {
  const metrics = {
    request(_w, status, seconds) {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (measuring) requestMs.push(seconds * 1000);
    },
    cosigned() {},
    alarm(w, reason) {
      process.stderr.write(`witness alarm ${w} ${reason}\n`);
    },
    witnessed(size) {
      const at = committedAt.get(size);
      if (measuring && at !== undefined) witnessedMs.push(performance.now() - at);
    },
  };
  const store = await CosignatureStore.open(join(dir, 'witnessing'));
  const options = { policy: parseWitnessPolicy(p.policyText), enforce: false, intervalMs: p.intervalMs, timeoutMs: 5000, refreshMs: 600_000 };
  loop = await WitnessLoop.start(log, store, options, () => undefined, metrics);
}

let next = 0;
let stop = false;
let errors = 0;
async function client() {
  while (!stop) {
    const first = next;
    next += p.requestEvents;
    const inputs = new Array(p.requestEvents);
    for (let k = 0; k < p.requestEvents; k++) inputs[k] = { payload: source.event(first + k), contentType: 'application/octet-stream', occurredAt: 0n };
    try {
      await log.append('bench', inputs);
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
await new Promise((r) => setTimeout(r, p.durationMs));
measuring = false;
stop = true;
await Promise.all(clients);
let between = 0;
for (let k = 1; k < marks.length; k++) between += marks[k][1];
const entriesPerSec = marks.length >= 3 ? between / ((marks[marks.length - 1][0] - marks[0][0]) / 1000) : NaN;
await loop?.stop();
await log.close();
rmSync(dir, { recursive: true, force: true });

reportResult({
  witnessing: loop !== undefined,
  entriesPerSec,
  rounds: marks.length,
  errors,
  witnessRequests: requestMs.length,
  statuses,
  requestMs: percentiles(requestMs, [50, 99]),
  witnessedMs: percentiles(witnessedMs, [50, 99]),
  witnessedRounds: witnessedMs.length,
});
