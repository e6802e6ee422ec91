#!/usr/bin/env node
/**
 * The witnessing benchmark (issue 12 "Speed"): `node bench/sections/witness-run.mjs [--quick]`
 * (after `npm run build`). Starts two real `cairn witness` processes on 127.0.0.1, then runs
 * witness-append.mjs in fresh child processes, alternating witnessing off and on (off, on, off,
 * on, ...) so drift of the machine hits both alike, and prints:
 *
 * - the cosignature round trip (one add-checkpoint request: HTTP, the witness's check, synced
 *   write and signature, the log's verification), p50/p99 over every request of the "on" runs;
 * - time to witnessed (a round's commit to its quorum stored), p50/p99, at the loop's default
 *   1000 ms interval, so it is mostly the wait for the next loop tick;
 * - append throughput off beside on, and the ratio (issue 12's bound: at most 5% lower).
 *
 * Writes bench/out/witness.json with every figure.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSection } from '../lib/child.mjs';
import { CAIRN_BIN, OUT, distUrl } from '../lib/paths.mjs';
import { fmt, fmtMs } from '../lib/stats.mjs';

const quick = process.argv.includes('--quick');
const { generateSignerKey, verifierKeyOf } = await import(distUrl('proofs/index.js'));
const pairs = quick ? 1 : 3;
// One log identity per run: a witness remembers every tree it cosigned, so a fresh log under an
// old key would be (rightly) a rollback to it.
const logs = Array.from({ length: 1 + pairs }, (_, i) => {
  const key = generateSignerKey(`bench.example/witnessed-${i}`, new Uint8Array(32).fill(3 + i));
  return { keyText: key.text, origin: key.name, vkey: verifierKeyOf(key) };
});
const root = mkdtempSync(join(tmpdir(), 'cairn-bench-witness-'));

/** Starts `cairn witness` and resolves with its URL and cosignature vkey. */
function startWitness(name) {
  const args = [
    'witness',
    '--data',
    join(root, name),
    '--key-file',
    join(root, `${name}.key`),
    '--name',
    name,
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    ...logs.flatMap((l) => ['--log', l.vkey]),
  ];
  const child = spawn(process.execPath, [CAIRN_BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (t) => {
      out += t;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line !== undefined) {
        const { url, verifierKey } = JSON.parse(line);
        resolve({ name, url, verifierKey, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`cairn witness ${name} exited (${code}) before listening: ${out}`)));
  });
}

const witnesses = await Promise.all([startWitness('w1.bench'), startWitness('w2.bench')]);
const policyText = [
  ...logs.map((l) => `log ${l.vkey}`),
  ...witnesses.map((w) => `witness ${w.name} ${w.verifierKey} ${w.url}`),
  `group both all ${witnesses.map((w) => w.name).join(' ')}`,
  'quorum both',
  '',
].join('\n');

const base = {
  intervalMs: 1000,
  eventBytes: 256,
  requestEvents: 16,
  concurrency: 512,
  warmupMs: quick ? 300 : 1500,
  durationMs: quick ? 1500 : 6000,
};
const off = [];
const on = [];
let idle;
try {
  // The round trip on an otherwise idle log: one client appending one event at a time, the loop
  // looking every 20 ms, so each round asks both witnesses about a fresh checkpoint.
  idle = await runSection(new URL('./witness-append.mjs', import.meta.url), {
    ...base,
    ...logs[0],
    policyText,
    intervalMs: 20,
    requestEvents: 1,
    concurrency: 1,
    durationMs: quick ? 2000 : 10_000,
  });
  for (let i = 0; i < pairs; i++) {
    off.push(await runSection(new URL('./witness-append.mjs', import.meta.url), { ...base, ...logs[0] }, { nodeArgs: ['--max-semi-space-size=64'] }));
    on.push(
      await runSection(new URL('./witness-append.mjs', import.meta.url), { ...base, ...logs[i + 1], policyText }, { nodeArgs: ['--max-semi-space-size=64'] }),
    );
  }
} finally {
  for (const w of witnesses) w.child.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}

// Under load, each run's own percentiles; the worst run's is reported.
const mean = (rs, f) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
const worst = (f) => Math.max(...on.map(f));
const offRate = mean(off, (r) => r.entriesPerSec);
const onRate = mean(on, (r) => r.entriesPerSec);
const result = {
  quick,
  eventBytes: base.eventBytes,
  requestEvents: base.requestEvents,
  concurrency: base.concurrency,
  pairs,
  offEntriesPerSec: off.map((r) => r.entriesPerSec),
  onEntriesPerSec: on.map((r) => r.entriesPerSec),
  ratio: onRate / offRate,
  cosignRoundTripMs: idle.requestMs,
  idleTimeToWitnessedMs: idle.witnessedMs,
  idleWitnessRequests: idle.witnessRequests,
  underLoadRoundTripMs: { p50: worst((r) => r.requestMs.p50), p99: worst((r) => r.requestMs.p99) },
  underLoadTimeToWitnessedMs: { p50: worst((r) => r.witnessedMs.p50), p99: worst((r) => r.witnessedMs.p99) },
  witnessRequests: on.reduce((s, r) => s + r.witnessRequests, 0),
  statuses: on.map((r) => r.statuses),
  errors: [idle, ...off, ...on].reduce((s, r) => s + r.errors, 0),
};
if (process.env.WITNESS_BENCH_DEBUG) console.log(JSON.stringify({ off, on }, null, 1));
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'witness.json'), JSON.stringify(result, null, 2) + '\n');

console.log(
  `Witnessing, two local \`cairn witness\` processes, quorum 2 (${quick ? 'quick: figures not meaningful' : `${pairs} pairs of ${base.durationMs / 1000} s runs`})`,
);
console.log(
  `  cosignature round trip, one add-checkpoint, idle log: p50 ${fmtMs(result.cosignRoundTripMs.p50)}, p99 ${fmtMs(result.cosignRoundTripMs.p99)} over ${result.idleWitnessRequests} requests`,
);
console.log(
  `  time to witnessed (commit -> both cosignatures stored), idle log, 20 ms loop: p50 ${fmtMs(result.idleTimeToWitnessedMs.p50)}, p99 ${fmtMs(result.idleTimeToWitnessedMs.p99)}`,
);
console.log(
  `  under full append load (1000 ms loop): round trip p50 ${fmtMs(result.underLoadRoundTripMs.p50)}, p99 ${fmtMs(result.underLoadRoundTripMs.p99)} over ${result.witnessRequests} requests; time to witnessed p50 ${fmtMs(result.underLoadTimeToWitnessedMs.p50)}, p99 ${fmtMs(result.underLoadTimeToWitnessedMs.p99)}`,
);
console.log(`  append throughput, ${base.eventBytes} B events, ${base.requestEvents}/request, ${base.concurrency} in flight:`);
console.log(`    witnessing off: ${off.map((r) => fmt(r.entriesPerSec)).join(', ')} entries/s (mean ${fmt(offRate)})`);
console.log(`    witnessing on:  ${on.map((r) => fmt(r.entriesPerSec)).join(', ')} entries/s (mean ${fmt(onRate)})`);
console.log(`    on/off: ${(result.ratio * 100).toFixed(1)}% (issue 12 bound: at least 95%)`);
if (result.errors > 0) {
  console.error(`${result.errors} appends failed`);
  process.exit(1);
}
