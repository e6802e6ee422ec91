/**
 * Several processes on one PostgreSQL log (issue 11 "Speed"), beside LevelDB in the same run:
 * appends through HTTP (batches of 100, singles, singles offered at 1,000/s), inclusion proofs
 * from two processes beside one, failover time. The measurements are bench/sections/cluster-run.mjs
 * (also a command of its own); this suite prints them in the report's form. Needs PostgreSQL 15+
 * (Debian package `postgresql`): without initdb it says so and is skipped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BATCH, TIMINGS, runClusterBench } from '../sections/cluster-run.mjs';
import { postgresBin } from '../sections/postgres-cluster.mjs';
import { fmt, fmtMs } from '../lib/stats.mjs';

/** `12 us + 30 us` (server + PostgreSQL CPU per unit), or '-' when not measured. */
function cpu(c) {
  if (c === undefined) return '-';
  return `${fmt(c.serverCpuUs)} + ${c.pgCpuUs === undefined ? '-' : fmt(c.pgCpuUs)} us`;
}

/**
 * Runs the cluster benchmark and reports it.
 * @param {import('../run.mjs').Context} ctx
 */
export async function clusterSuite(ctx) {
  const T = ctx.quick ? TIMINGS.quick : TIMINGS.full;
  ctx.report.section(
    'Several processes on one PostgreSQL log (issue 11), beside LevelDB',
    `a throwaway PostgreSQL (initdb in a temporary folder, unix socket only, fsync and synchronous_commit on) on the same 2 cores as the ` +
      `cairn serve processes and the generators. Appends: one process per store, 200 B events; batches of ${BATCH} as JSON (16 clients, closed loop), ` +
      `singles as raw bodies (64 clients, closed loop), singles offered at 1,000/s (open loop, latency from the scheduled send), ${T.warmupMs} ms warm-up, ` +
      `${T.durationMs} ms windows (${T.openMs} ms open loop). CPU/entry = CPU time of the server process + of every PostgreSQL process ` +
      `(/proc) over the warm-up and the window, divided by the entries sent: robust to other load, unlike throughput. ` +
      `Proofs: random inclusion proofs on the PostgreSQL log, ${ctx.wrk ? 'wrk -t1' : 'the node generator'} per process (64 connections to one process, ` +
      `32 to each of two; the second process a follower), after warming both caches. Failover: three processes, kill -9 of the leader, ` +
      `time until an append sent to a survivor is answered 201, ${T.failovers} times.`,
  );
  if (postgresBin() === undefined) {
    ctx.report.note('skipped: PostgreSQL is not installed here (no initdb of version 15 or later); apt-get install postgresql to measure it.');
    return { skipped: 'PostgreSQL is not installed' };
  }
  const r = await runClusterBench({ quick: ctx.quick, wrk: ctx.wrk });
  writeFileSync(join(ctx.outDir, 'cluster.json'), `${JSON.stringify(r, null, 2)}\n`);
  const rows = [];
  for (const [name, a] of [
    ['LevelDB', r.append.level],
    ['PostgreSQL', r.append.postgres],
  ]) {
    rows.push(
      [name, `batches of ${BATCH}`, `${fmt(a.batchEntriesPerSec)} entries/s`, fmtMs(a.batchLatencyMs.p99), cpu(a.batchCpu)],
      [name, 'singles, 64 clients', `${fmt(a.singlePerSec)}/s`, fmtMs(a.singleLatencyMs.p99), cpu(a.singleCpu)],
      [name, 'singles at 1,000/s offered', `p50 ${fmtMs(a.openLatencyMs.p50)}`, fmtMs(a.openLatencyMs.p99), cpu(a.openCpu)],
    );
  }
  ctx.report.table(['store', 'load', 'figure', 'p99', 'CPU/entry (server + PostgreSQL)'], rows);
  const failures = [r.append.level, r.append.postgres].flatMap((a) => [a.batchCpu, a.singleCpu, a.openCpu]).flatMap((c) => (c.failures ? [c.failures] : []));
  if (failures.length > 0) ctx.report.note(`requests failed (figures of those rows are not valid): ${failures.join('; ')}`);
  const p = r.proofs;
  ctx.report.table(
    ['proofs', 'per second', 'CPU/proof (server + generator)', 'server cores', 'machine busy', 'idle cores would allow'],
    [
      ['one process', p.one],
      ['two processes', p.two],
    ].map(([name, x]) => [
      name,
      fmt(x.perSec),
      `${fmt(x.serverCpuUsPerProof)} + ${fmt(x.generatorCpuUsPerProof)} us`,
      x.serverCores.join(' + '),
      `${Math.round(x.machineBusy * 100)}%`,
      `${fmt(x.ceilingPerSec)}/s`,
    ]),
  );
  const f = [...r.failoverMs].sort((x, y) => x - y);
  const mark = (ok) => (ok ? 'met' : 'MISSED');
  ctx.report.note(
    `targets on PostgreSQL: batches ≥ 20k entries/s ${mark(r.targets.pgBatch20k)}; singles ≥ 3k/s ${mark(r.targets.pgSingle3k)}; ` +
      `p99 ≤ 50 ms at 1,000/s ${mark(r.targets.pgOpenP99)}; two proof processes ≥ 1.6× one: ${p.ratio.toFixed(2)}× ${mark(r.targets.proofs16x)}; ` +
      `failover ${f.map((ms) => fmtMs(ms)).join(', ')} (< 5 s ${mark(r.targets.failover5s)}).`,
  );
  return r;
}
