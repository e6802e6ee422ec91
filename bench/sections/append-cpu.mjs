/**
 * CPU cost of the append without HTTP, per entry: CairnLog (sequencer + LevelDB store, real
 * fsync) in a fresh data folder, a fixed workload of `rounds` full rounds (requests of
 * `requestEvents` events, 2 rounds' worth in flight, closed loop), measured as this process's
 * CPU time (user + system, process.cpuUsage) per committed entry after `warmupRounds` rounds.
 * Unlike entries/s, CPU time per entry hardly depends on what else loads the machine, so two
 * builds can be compared on a busy one (issue 17: alternate them in one run); the fsync wait is
 * not CPU time and is reported apart (commit ms per round).
 *
 * Params: {eventBytes, requestEvents, rounds, warmupRounds}
 */
import { rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { distUrl, freshDir } from '../lib/paths.mjs';

const p = sectionParams();
const { CairnLog } = await import(distUrl('server/cairn-log.js'));
const source = new EventSource(p.eventBytes);
const dir = freshDir('append-cpu');

let done = 0;
let measured = { entries: 0, rounds: 0, commitMs: 0, roundMs: 0 };
let cpu0;
let wall0;
let finish;
const finished = new Promise((r) => (finish = r));
const log = await CairnLog.open(
  { dataDir: dir, origin: 'bench.example/append-cpu' },
  {
    onRound: (r) => {
      if (r.error) return;
      done += 1;
      if (done === p.warmupRounds) {
        cpu0 = process.cpuUsage();
        wall0 = performance.now();
      } else if (done > p.warmupRounds) {
        measured.entries += r.entries;
        measured.rounds += 1;
        measured.commitMs += r.commitMs;
        measured.roundMs += r.ms;
        if (measured.rounds === p.rounds) finish({ cpu: process.cpuUsage(cpu0), wallMs: performance.now() - wall0 });
      }
    },
  },
);

let next = 0;
let stop = false;
async function client() {
  while (!stop) {
    const first = next;
    next += p.requestEvents;
    const inputs = new Array(p.requestEvents);
    for (let k = 0; k < p.requestEvents; k++) inputs[k] = { payload: source.event(first + k), contentType: 'application/octet-stream', occurredAt: 0n };
    await log.append('bench', inputs);
  }
}
const clients = Array.from({ length: Math.ceil((2 * 4096) / p.requestEvents) }, client);
const { cpu, wallMs } = await finished;
stop = true;
await Promise.all(clients);
await log.close();
rmSync(dir, { recursive: true, force: true });
const cpuMs = (cpu.user + cpu.system) / 1000;
reportResult({
  eventBytes: p.eventBytes,
  requestEvents: p.requestEvents,
  entries: measured.entries,
  rounds: measured.rounds,
  cpuMs,
  cpuUsPerEntry: (cpuMs * 1000) / measured.entries,
  // What one core would sustain if nothing but the fsync waited: the CPU-bound ceiling.
  entriesPerCpuSecond: measured.entries / (cpuMs / 1000),
  entriesPerSec: measured.entries / (wallMs / 1000),
  meanRoundEntries: measured.entries / measured.rounds,
  meanRoundMs: measured.roundMs / measured.rounds,
  meanCommitMs: measured.commitMs / measured.rounds,
});
