#!/usr/bin/env node
/**
 * The cluster benchmark (issue 11 "Speed"): `node bench/sections/cluster-run.mjs [--quick]`
 * (after `npm run build`), or `runClusterBench` from bench/suites/cluster.mjs. Real `cairn serve`
 * processes, each generator in its own process, all on the same machine:
 *
 * 1. Append through HTTP, LevelDB beside PostgreSQL in the same run (a throwaway PostgreSQL
 *    15+, fsync and synchronous_commit on, over its unix socket): batches of 100 events (JSON,
 *    16 clients, closed loop; target >= 20k entries/s on PostgreSQL), single appends (64 clients,
 *    closed loop; target >= 3k/s) and single appends offered at 1,000/s (open loop, latency from
 *    the scheduled send; target p99 <= 50 ms). Beside each figure, CPU per entry: the server
 *    process's, and PostgreSQL's (every process of the throwaway cluster), from /proc, so a
 *    figure taken on a busy machine can still be compared.
 * 2. Proofs from two reader processes beside one (PostgreSQL log of the appends above, random
 *    inclusion proofs, wrk -t1 per process when installed, else the node generator): target
 *    two >= 1.6x one. Beside it, server CPU per proof and how busy the machine's cores were
 *    (/proc/stat), which bound what a second process can add.
 * 3. Failover: three processes, kill -9 of the leader, time until an append sent to a survivor
 *    is answered 201 (the client's view: election, reload, forwarding), repeated.
 *
 * Writes bench/out/cluster.json with every figure (the CLI).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSection } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { CAIRN_BIN, OUT, freshDir } from '../lib/paths.mjs';
import { startServer, killAllServers } from '../lib/server.mjs';
import { fmt, fmtMs } from '../lib/stats.mjs';
import { processCpuMs } from '../lib/system.mjs';
import { findWrk, runWrk, writeWrkScript } from '../lib/wrk.mjs';
import { clusterCpuMs, postgresBin, startPostgres } from './postgres-cluster.mjs';

const LOAD = new URL('../lib/http-load.mjs', import.meta.url);
const cpus = (await import('node:os')).cpus().length;
export const BATCH = 100;
const EVENT_BYTES = 200;

const source = new EventSource(EVENT_BYTES);
const singles = source.events(0, 256).map((e) => Buffer.from(e).toString('base64'));
const batches = Array.from({ length: 16 }, (_, b) =>
  Buffer.from(JSON.stringify({ entries: source.events(1000 + b * BATCH, BATCH).map((e) => ({ payload: Buffer.from(e).toString('base64') })) })).toString(
    'base64',
  ),
);

/** Timings of a full run and of a quick one (a smoke test: figures not meaningful). */
export const TIMINGS = {
  quick: { warmupMs: 200, durationMs: 800, openMs: 1500, wrkS: 1, failovers: 1 },
  full: { warmupMs: 1000, durationMs: 5000, openMs: 8000, wrkS: 5, failovers: 5 },
};

/** Busy and total jiffies of all cores (/proc/stat), to tell how much of the machine was free. */
function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** CPU milliseconds of this process's children that ended and were waited for (the generators: wrk, http-load.mjs). */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
}

/**
 * CPU spent by `pids` (and by the PostgreSQL cluster in `pgDir`, when given) while `work` ran,
 * by the generators it ran as child processes, and the share of all cores busy meanwhile
 * (anything on the machine).
 */
async function withCpu(pids, pgDir, work) {
  const cpu0 = pids.map((pid) => processCpuMs(pid));
  const pg0 = pgDir === undefined ? 0 : clusterCpuMs(pgDir);
  const m0 = machineTicks();
  const gen0 = childrenCpuMs();
  const result = await work();
  const m1 = machineTicks();
  return {
    result,
    generatorCpuMs: childrenCpuMs() - gen0,
    serverCpuMs: pids.map((pid, i) => processCpuMs(pid) - cpu0[i]),
    pgCpuMs: pgDir === undefined ? undefined : clusterCpuMs(pgDir) - pg0,
    machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total),
  };
}

/** CPU microseconds per unit: of the server process, of PostgreSQL and of the generator. */
function perUnit(w, units) {
  const us = (ms) => (ms === undefined || units === 0 ? undefined : Math.round((ms * 1000) / units));
  return {
    serverCpuUs: us(w.serverCpuMs.reduce((a, b) => a + b, 0)),
    pgCpuUs: us(w.pgCpuMs),
    generatorCpuUs: us(w.generatorCpuMs),
    machineBusy: +w.machineBusy.toFixed(2),
  };
}

/** The three append figures against one server, with CPU per entry. */
async function appendFigures(T, server, pgDir) {
  const { url } = server;
  const auth = { authorization: `Bearer ${server.token}` };
  const batchReqs = batches.map((body) => ({ method: 'POST', path: '/v1/entries/batch', headers: { ...auth, 'content-type': 'application/json' }, body }));
  const singleReqs = singles.map((body) => ({ method: 'POST', path: '/v1/entries', headers: { ...auth, 'content-type': 'application/octet-stream' }, body }));
  const measured = async (name, params, entriesEach) => {
    const w = await withCpu([server.pid], pgDir, () => runSection(LOAD, { url, warmupMs: T.warmupMs, expectStatus: 201, timeoutMs: 30_000, ...params }));
    const r = w.result;
    // Failures are recorded and printed beside the figure, not thrown: an overloaded machine
    // (connections reset under an open loop) must not cost the rest of the run.
    const failed = r.errors > 0 || r.timeouts > 0 || r.answered !== r.ok;
    const failures = failed ? `${name}: ${r.answered - r.ok} unexpected statuses, ${r.errors} errors, ${r.timeouts} timeouts: ${r.firstError}` : undefined;
    // CPU covers the warm-up and the window: divide by every entry sent in both.
    return { r, cpu: { ...perUnit(w, r.sent * entriesEach), ...(failures ? { failures } : {}) } };
  };
  const batch = await measured('batch', { mode: 'closed', requests: batchReqs, concurrency: 16, durationMs: T.durationMs }, BATCH);
  const single = await measured('single', { mode: 'closed', requests: singleReqs, concurrency: 64, durationMs: T.durationMs }, 1);
  const open = await measured('open', { mode: 'open', requests: singleReqs, rate: 1000, durationMs: T.openMs }, 1);
  return {
    batchEntriesPerSec: batch.r.perSec * BATCH,
    batchLatencyMs: batch.r.latencyMs,
    batchCpu: batch.cpu,
    singlePerSec: single.r.perSec,
    singleLatencyMs: single.r.latencyMs,
    singleCpu: single.cpu,
    openRate: 1000,
    openLatencyMs: open.r.latencyMs,
    openCpu: open.cpu,
  };
}

/** A fresh signer key file for a PostgreSQL log. */
function keyFile(work, name) {
  const file = join(work, `${name}.key`);
  execFileSync(process.execPath, [CAIRN_BIN, 'keygen', '--origin', `bench.example/${name}`, '--out', file], { stdio: 'ignore' });
  return file;
}

async function untilReady(url) {
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The advertised URL of the log's leader, from its head row. */
async function leaderOf(storeUrl) {
  const { default: pgClient } = await import('pg');
  const c = new pgClient.Client({ connectionString: storeUrl });
  await c.connect();
  try {
    return (await c.query('SELECT leader FROM cairn.logs')).rows[0]?.leader;
  } finally {
    await c.end();
  }
}

/** Random inclusion-proof paths of a log of `size` entries. */
function proofPaths(size, n = 2000) {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return `/v1/proof/inclusion?index=${x % size}&size=${size}`;
  });
}

/** Proofs per second from the given servers at once (one generator per server), with CPU per proof. */
async function proofRate(T, work, wrk, servers, paths, connectionsEach, pgDir) {
  const w = await withCpu(
    servers.map((s) => s.pid),
    pgDir,
    async () => {
      if (wrk) {
        const script = writeWrkScript(work, { paths });
        const runs = await Promise.all(servers.map((s) => runWrk({ wrk, url: s.url, script, connections: connectionsEach, durationS: T.wrkS })));
        rmSync(script);
        for (const r of runs) if (r.non2xx > 0 || r.socketErrors > 0) throw new Error(`proofs (wrk): ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
        return { perSec: runs.reduce((s, r) => s + r.perSec, 0), seconds: T.wrkS };
      }
      const requests = paths.map((path) => ({ method: 'GET', path }));
      const runs = await Promise.all(
        servers.map((s) =>
          runSection(LOAD, {
            mode: 'closed',
            url: s.url,
            requests,
            random: true,
            concurrency: connectionsEach,
            warmupMs: T.warmupMs,
            durationMs: T.durationMs,
            expectStatus: 200,
          }),
        ),
      );
      return { perSec: runs.reduce((s, r) => s + r.perSec, 0), seconds: (T.warmupMs + T.durationMs) / 1000 };
    },
  );
  const proofs = w.result.perSec * w.result.seconds;
  const serverUs = (w.serverCpuMs.reduce((a, b) => a + b, 0) * 1000) / proofs;
  const generatorUs = (w.generatorCpuMs * 1000) / proofs;
  return {
    perSec: w.result.perSec,
    serverCpuUsPerProof: Math.round(serverUs),
    generatorCpuUsPerProof: Math.round(generatorUs),
    // What this machine's cores could serve at these CPU costs with nothing else running.
    ceilingPerSec: Math.round((cpus * 1e6) / (serverUs + generatorUs)),
    serverCores: w.serverCpuMs.map((ms) => +(ms / 1000 / w.result.seconds).toFixed(2)),
    machineBusy: +w.machineBusy.toFixed(2),
  };
}

/**
 * Runs the whole cluster benchmark and resolves with its figures. Requires PostgreSQL 15+
 * (`postgresBin()` defined) and a built dist/. `quick`: the smoke timings.
 */
export async function runClusterBench({ quick = false, wrk = findWrk() } = {}) {
  const T = quick ? TIMINGS.quick : TIMINGS.full;
  const work = freshDir('cluster');
  const results = { quick, machine: { cpus }, append: {}, proofs: {}, failoverMs: [] };
  const pg = startPostgres();
  try {
    // 1. Appends: LevelDB, then PostgreSQL, one process each.
    const level = await startServer({ dataDir: join(work, 'level'), logFile: join(work, 'level.log') });
    results.append.level = await appendFigures(T, level);
    await level.stop();

    const store = await pg.createDatabase('bench_cluster');
    const args = ['--store', store, '--key-file', keyFile(work, 'cluster')];
    const p0 = await startServer({ dataDir: join(work, 'p0'), logFile: join(work, 'p0.log'), extraArgs: args });
    await untilReady(p0.url);
    results.append.postgres = await appendFigures(T, p0, pg.dir);

    // 2. Proofs: one process, then two (the second a follower of the same log).
    const size = Number((await (await fetch(`${p0.url}/checkpoint`)).text()).split('\n')[1]);
    const paths = proofPaths(size);
    const p1 = await startServer({ dataDir: join(work, 'p1'), logFile: join(work, 'p1.log'), extraArgs: args });
    await untilReady(p1.url);
    // Both processes' caches warm before either figure (the follower reads its tiles from PostgreSQL).
    await proofRate(TIMINGS.quick, work, wrk, [p0, p1], paths, 16, pg.dir);
    const one = await proofRate(T, work, wrk, [p0], paths, 64, pg.dir);
    const two = await proofRate(T, work, wrk, [p0, p1], paths, 32, pg.dir);
    results.proofs = { treeSize: size, generator: wrk ? 'wrk -t1 per process' : 'node:http per process', one, two, ratio: two.perSec / one.perSec };
    await p1.stop();
    await p0.stop();

    // 3. Failover: three processes on a fresh log; kill -9 the leader; time to a 201 via a survivor.
    const fstore = await pg.createDatabase('bench_failover');
    const fargs = ['--store', fstore, '--key-file', keyFile(work, 'failover')];
    let token;
    const procs = [];
    for (let i = 0; i < 3; i++) {
      const s = await startServer({ dataDir: join(work, `f${i}`), logFile: join(work, `f${i}-0.log`), extraArgs: fargs });
      token ??= s.token;
      procs.push(s);
    }
    for (const s of procs) await untilReady(s.url);
    for (let round = 0; round < T.failovers; round++) {
      const leaderUrl = await leaderOf(fstore);
      const i = procs.findIndex((s) => s.url === leaderUrl);
      const survivor = procs[(i + 1) % procs.length];
      process.kill(procs[i].pid, 'SIGKILL');
      const t0 = performance.now();
      for (;;) {
        const res = await fetch(`${survivor.url}/v1/entries`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          body: `failover ${round}`,
        }).catch(() => undefined);
        await res?.arrayBuffer();
        if (res?.status === 201) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      results.failoverMs.push(performance.now() - t0);
      procs[i] = await startServer({ dataDir: join(work, `f${i}`), logFile: join(work, `f${i}-${round + 1}.log`), extraArgs: fargs });
      await untilReady(procs[i].url);
    }
    for (const s of procs) await s.stop();
  } finally {
    killAllServers();
    pg.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const a = results.append;
  const f = results.failoverMs;
  results.targets = {
    pgBatch20k: a.postgres.batchEntriesPerSec >= 20_000 && !a.postgres.batchCpu.failures,
    pgSingle3k: a.postgres.singlePerSec >= 3000 && !a.postgres.singleCpu.failures,
    pgOpenP99: a.postgres.openLatencyMs.p99 <= 50 && !a.postgres.openCpu.failures,
    proofs16x: results.proofs.ratio >= 1.6,
    failover5s: f.every((ms) => ms < 5000),
  };
  return results;
}

const cpuText = (c) =>
  (c.failures ? `FAILURES ${c.failures}; ` : '') +
  `CPU/entry: server ${fmt(c.serverCpuUs)} us${c.pgCpuUs === undefined ? '' : `, PostgreSQL ${fmt(c.pgCpuUs)} us`}; cores busy ${Math.round(c.machineBusy * 100)}%`;

/** The figures as lines of text (the CLI's output). */
export function clusterLines(results) {
  const a = results.append;
  const line = (name, r) => [
    `  ${name.padEnd(10)} batches of ${BATCH}: ${fmt(r.batchEntriesPerSec)} entries/s (${cpuText(r.batchCpu)})`,
    `  ${''.padEnd(10)} single: ${fmt(r.singlePerSec)}/s, p99 ${fmtMs(r.singleLatencyMs.p99)} (${cpuText(r.singleCpu)})`,
    `  ${''.padEnd(10)} 1,000/s offered: p50 ${fmtMs(r.openLatencyMs.p50)}, p99 ${fmtMs(r.openLatencyMs.p99)} (${cpuText(r.openCpu)})`,
  ];
  const target = (ok) => (ok ? 'met' : 'MISSED');
  const p = results.proofs;
  const f = [...results.failoverMs].sort((x, y) => x - y);
  const proofText = (r) =>
    `${fmt(r.perSec)}/s (CPU/proof: server ${fmt(r.serverCpuUsPerProof)} us, generator ${fmt(r.generatorCpuUsPerProof)} us; server cores ${r.serverCores.join(' + ')}; ` +
    `machine ${Math.round(r.machineBusy * 100)}% busy; ${results.machine.cpus} idle cores would allow ${fmt(r.ceilingPerSec)}/s)`;
  return [
    `Cluster benchmark${results.quick ? ' (--quick: figures not meaningful)' : ''}, ${results.machine.cpus} CPUs, servers and generators on the same machine`,
    'Append through HTTP (one process):',
    ...line('LevelDB', a.level),
    ...line('PostgreSQL', a.postgres),
    `  targets (PostgreSQL): batches >= 20k/s ${target(results.targets.pgBatch20k)}, single >= 3k/s ${target(results.targets.pgSingle3k)}, p99 <= 50 ms at 1k/s ${target(results.targets.pgOpenP99)}`,
    `Inclusion proofs (${p.generator}, log of ${fmt(p.treeSize)}): ${p.ratio.toFixed(2)}x (target 1.6x ${target(results.targets.proofs16x)})`,
    `  one process ${proofText(p.one)}`,
    `  two          ${proofText(p.two)}`,
    `Failover (kill -9 of the leader to a 201 through a survivor), ${f.length} runs: ${f.map((ms) => fmtMs(ms)).join(', ')} (target < 5 s ${target(results.targets.failover5s)})`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (postgresBin() === undefined) {
    console.log('PostgreSQL is not installed (initdb of 15+ not found): apt-get install postgresql, then run again.');
  } else {
    const results = await runClusterBench({ quick: process.argv.includes('--quick') });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'cluster.json'), `${JSON.stringify(results, null, 2)}\n`);
    for (const l of clusterLines(results)) console.log(l);
  }
}
