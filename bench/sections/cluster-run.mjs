#!/usr/bin/env node
/**
 * The cluster benchmark (issue 11 "Speed"): `node bench/sections/cluster-run.mjs [--quick]`
 * (after `npm run build`). Real `cairn serve` processes, each generator in its own process, all
 * on the same machine:
 *
 * 1. Append through HTTP, LevelDB beside PostgreSQL in the same run (a throwaway PostgreSQL
 *    15+, fsync and synchronous_commit on, over its unix socket): batches of 100 events (JSON,
 *    16 clients, closed loop; target >= 20k entries/s on PostgreSQL), single appends (64 clients,
 *    closed loop; target >= 3k/s) and single appends offered at 1,000/s (open loop, latency from
 *    the scheduled send; target p99 <= 50 ms).
 * 2. Proofs from two reader processes beside one (PostgreSQL log of the appends above, random
 *    inclusion proofs, wrk -t1 per process when installed, else the node generator): target
 *    two >= 1.6x one.
 * 3. Failover: three processes, kill -9 of the leader, time until an append sent to a survivor
 *    is answered 201 (the client's view: election, reload, forwarding), repeated.
 *
 * Writes bench/out/cluster.json with every figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSection } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { CAIRN_BIN, OUT, freshDir } from '../lib/paths.mjs';
import { startServer, killAllServers } from '../lib/server.mjs';
import { fmt, fmtMs } from '../lib/stats.mjs';
import { findWrk, runWrk, writeWrkScript } from '../lib/wrk.mjs';
import { startPostgres } from './postgres-cluster.mjs';

const quick = process.argv.includes('--quick');
const T = quick
  ? { warmupMs: 200, durationMs: 800, openMs: 1500, wrkS: 1, failovers: 1 }
  : { warmupMs: 1000, durationMs: 5000, openMs: 8000, wrkS: 5, failovers: 5 };
const LOAD = new URL('../lib/http-load.mjs', import.meta.url);
const BATCH = 100;
const EVENT_BYTES = 200;
const wrk = findWrk();
mkdirSync(OUT, { recursive: true });
const work = freshDir('cluster');
const results = { quick, machine: { cpus: (await import('node:os')).cpus().length }, append: {}, proofs: {}, failoverMs: [] };

const source = new EventSource(EVENT_BYTES);
const singles = source.events(0, 256).map((e) => Buffer.from(e).toString('base64'));
const batches = Array.from({ length: 16 }, (_, b) =>
  Buffer.from(JSON.stringify({ entries: source.events(1000 + b * BATCH, BATCH).map((e) => ({ payload: Buffer.from(e).toString('base64') })) })).toString(
    'base64',
  ),
);

/** The three append figures against one server URL. */
async function appendFigures(url, token) {
  const auth = { authorization: `Bearer ${token}` };
  const batchReqs = batches.map((body) => ({ method: 'POST', path: '/v1/entries/batch', headers: { ...auth, 'content-type': 'application/json' }, body }));
  const singleReqs = singles.map((body) => ({ method: 'POST', path: '/v1/entries', headers: { ...auth, 'content-type': 'application/octet-stream' }, body }));
  const closed = (requests, concurrency) =>
    runSection(LOAD, { mode: 'closed', url, requests, concurrency, warmupMs: T.warmupMs, durationMs: T.durationMs, expectStatus: 201, timeoutMs: 30_000 });
  const batch = await closed(batchReqs, 16);
  const single = await closed(singleReqs, 64);
  const open = await runSection(LOAD, {
    mode: 'open',
    url,
    requests: singleReqs,
    rate: 1000,
    warmupMs: T.warmupMs,
    durationMs: T.openMs,
    expectStatus: 201,
    timeoutMs: 30_000,
  });
  for (const [name, r] of [
    ['batch', batch],
    ['single', single],
    ['open', open],
  ]) {
    if (r.errors > 0 || r.timeouts > 0 || r.answered !== r.ok)
      throw new Error(`${name}: ${r.answered - r.ok} unexpected statuses, ${r.errors} errors, ${r.timeouts} timeouts: ${r.firstError}`);
  }
  return {
    batchEntriesPerSec: batch.perSec * BATCH,
    batchLatencyMs: batch.latencyMs,
    singlePerSec: single.perSec,
    singleLatencyMs: single.latencyMs,
    openRate: 1000,
    openLatencyMs: open.latencyMs,
  };
}

/** A fresh signer key file for a PostgreSQL log. */
function keyFile(name) {
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

/** Proof requests per second from the given server URLs at once (one generator per server). */
async function proofRate(urls, paths, connectionsEach) {
  if (wrk) {
    const script = writeWrkScript(work, { paths });
    const runs = await Promise.all(urls.map((u) => runWrk({ wrk, url: u, script, connections: connectionsEach, durationS: T.wrkS })));
    rmSync(script);
    for (const r of runs) if (r.non2xx > 0 || r.socketErrors > 0) throw new Error(`proofs (wrk): ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
    return runs.reduce((s, r) => s + r.perSec, 0);
  }
  const requests = paths.map((path) => ({ method: 'GET', path }));
  const runs = await Promise.all(
    urls.map((url) =>
      runSection(LOAD, {
        mode: 'closed',
        url,
        requests,
        random: true,
        concurrency: connectionsEach,
        warmupMs: T.warmupMs,
        durationMs: T.durationMs,
        expectStatus: 200,
      }),
    ),
  );
  return runs.reduce((s, r) => s + r.perSec, 0);
}

const pg = startPostgres();
try {
  // 1. Appends: LevelDB, then PostgreSQL, one process each.
  const level = await startServer({ dataDir: join(work, 'level'), logFile: join(work, 'level.log') });
  results.append.level = await appendFigures(level.url, level.token);
  await level.stop();

  const store = await pg.createDatabase('bench_cluster');
  const key = keyFile('cluster');
  const args = ['--store', store, '--key-file', key];
  const p0 = await startServer({ dataDir: join(work, 'p0'), logFile: join(work, 'p0.log'), extraArgs: args });
  await untilReady(p0.url);
  results.append.postgres = await appendFigures(p0.url, p0.token);

  // 2. Proofs: one process, then two (the second a follower of the same log).
  const size = Number((await (await fetch(`${p0.url}/checkpoint`)).text()).split('\n')[1]);
  const paths = proofPaths(size);
  const p1 = await startServer({ dataDir: join(work, 'p1'), logFile: join(work, 'p1.log'), extraArgs: args });
  await untilReady(p1.url);
  const one = await proofRate([p0.url], paths, 64);
  const two = await proofRate([p0.url, p1.url], paths, 32);
  results.proofs = { treeSize: size, generator: wrk ? 'wrk -t1 per process' : 'node:http per process', onePerSec: one, twoPerSec: two, ratio: two / one };
  await p1.stop();
  await p0.stop();

  // 3. Failover: three processes on a fresh log; kill -9 the leader; time to a 201 via a survivor.
  const fstore = await pg.createDatabase('bench_failover');
  const fargs = ['--store', fstore, '--key-file', keyFile('failover')];
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
}

const a = results.append;
const line = (name, r) =>
  `  ${name.padEnd(10)} batches of ${BATCH}: ${fmt(r.batchEntriesPerSec)} entries/s | single: ${fmt(r.singlePerSec)}/s (p99 ${fmtMs(r.singleLatencyMs.p99)}) | 1,000/s offered: p50 ${fmtMs(r.openLatencyMs.p50)}, p99 ${fmtMs(r.openLatencyMs.p99)}`;
const target = (ok) => (ok ? 'met' : 'MISSED');
const p = results.proofs;
const f = [...results.failoverMs].sort((x, y) => x - y);
results.targets = {
  pgBatch20k: a.postgres.batchEntriesPerSec >= 20_000,
  pgSingle3k: a.postgres.singlePerSec >= 3000,
  pgOpenP99: a.postgres.openLatencyMs.p99 <= 50,
  proofs16x: p.ratio >= 1.6,
  failover5s: f.every((ms) => ms < 5000),
};
writeFileSync(join(OUT, 'cluster.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`Cluster benchmark${quick ? ' (--quick: figures not meaningful)' : ''}, ${results.machine.cpus} CPUs, servers and generators on the same machine`);
console.log('Append through HTTP (one process):');
console.log(line('LevelDB', a.level));
console.log(line('PostgreSQL', a.postgres));
console.log(
  `  targets (PostgreSQL): batches >= 20k/s ${target(results.targets.pgBatch20k)}, single >= 3k/s ${target(results.targets.pgSingle3k)}, p99 <= 50 ms at 1k/s ${target(results.targets.pgOpenP99)}`,
);
console.log(
  `Inclusion proofs (${p.generator}, log of ${fmt(p.treeSize)}): one process ${fmt(p.onePerSec)}/s, two ${fmt(p.twoPerSec)}/s = ${p.ratio.toFixed(2)}x (target 1.6x ${target(results.targets.proofs16x)})`,
);
console.log(
  `Failover (kill -9 of the leader to a 201 through a survivor), ${f.length} runs: ${f.map((ms) => fmtMs(ms)).join(', ')} (target < 5 s ${target(results.targets.failover5s)})`,
);
rmSync(work, { recursive: true, force: true });
