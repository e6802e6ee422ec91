/**
 * Proof serving, builds side by side in one run (issue 17): each built tree (a git worktree with
 * `npm run build`) serves the same prebuilt log with its own ./bin/cairn, in turn, trial after
 * trial, and wrk (-t1, 16 connections, random paths) measures GET /v1/proof/inclusion and
 * /v1/proof/consistency. Beside proofs/s and wrk's p50/p99: the server's CPU time per proof and
 * wrk's (/proc, over the window), which do not depend on what else runs on the machine, and the
 * 1-minute load average at each window's start.
 *
 * Usage: node bench/sections/proofs-ab.mjs <data folder> <name>=<tree> [<name>=<tree> ...]
 *   env TRIALS (3), SECONDS (4), WARMUP (2), KINDS (inclusion,consistency), PROFILE_DIR (run each
 *   server under node --cpu-prof and print its top functions), CONNECTIONS (16), PATHS (4000 random
 *   paths per kind, the proofs suite's number; more than the fast path's answer cache holds, e.g.
 *   200000, makes most requests miss it), TWO=1 (instead: issue 11's one process against two
 *   processes serving copies of the log, inclusion proofs, one wrk per process).
 * Each build serves its own copy of the data folder (`<data folder>-<name>`, made once and kept), started
 * once and warmed by a pass over every path, then the windows alternate between the builds.
 */
import { loadavg } from 'node:os';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processCpuMs } from '../lib/system.mjs';
import { findWrk, runWrk, writeWrkScript } from '../lib/wrk.mjs';

const [dataDir, ...trees] = process.argv.slice(2);
if (!dataDir || trees.length === 0) {
  console.error('usage: node bench/sections/proofs-ab.mjs <data folder> <name>=<tree> [...]');
  process.exit(2);
}
const TRIALS = Number(process.env.TRIALS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 4);
const WARMUP = Number(process.env.WARMUP ?? 2);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const TWO = process.env.TWO === '1';
const PATHS = Number(process.env.PATHS ?? 4000);
const KINDS = (process.env.KINDS ?? 'inclusion,consistency').split(',');
const PROFILE_DIR = process.env.PROFILE_DIR;
const wrk = findWrk();
if (!wrk) throw new Error('wrk is not installed');

/** CPU time of this process's waited-for children (wrk), in milliseconds (/proc/self/stat cutime + cstime). */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

const builds = trees.map((t) => {
  const [name, tree] = t.split('=');
  return { name, root: resolve(tree) };
});

/** The same random paths for every build (a fixed seed). */
function pathsFor(size) {
  let seed = 12345;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return {
    inclusion: Array.from({ length: PATHS }, () => `/v1/proof/inclusion?index=${rand(size)}&size=${size}`),
    consistency: Array.from({ length: PATHS }, () => `/v1/proof/consistency?from=${1 + rand(size - 1)}&to=${size}`),
  };
}

/** Requests every path once (8 at a time), so the measured windows find the tiles cached (warm). */
async function warm(url, paths) {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const res = await fetch(url + paths[next++]);
      if (res.status !== 200) throw new Error(`warm-up: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * Waits until the server's search index has caught up (`cairn_index_lag_entries 0`), so no
 * indexing runs in the measured windows: a copy whose index has an older format is rebuilt by
 * the first server that opens it (once; the copies are kept).
 */
async function indexCaughtUp(url) {
  const deadline = Date.now() + 900_000;
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const lag = /^cairn_index_lag_entries (\d+)/m.exec(text);
    if (lag === null || lag[1] === '0') return;
    if (Date.now() > deadline) throw new Error(`the search index is still ${lag[1]} entries behind`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Starts `build`'s server on its own copy of the log (`<data folder>-<name><suffix>`), warmed. */
async function startOne(build, suffix) {
  const { startServer } = await import(pathToFileURL(join(build.root, 'bench/lib/server.mjs')).href);
  const copy = `${dataDir}-${build.name}${suffix}`;
  if (!existsSync(copy)) cpSync(dataDir, copy, { recursive: true });
  const server = await startServer({
    dataDir: copy,
    logFile: join(PROFILE_DIR ?? '/tmp', `proofs-ab-${build.name}${suffix}.log`),
    timeoutMs: 120_000,
    ...(PROFILE_DIR ? { cpuProfDir: PROFILE_DIR } : {}),
  });
  await indexCaughtUp(server.url);
  build.size = (await (await fetch(`${server.url}/v1/log`)).json()).treeSize;
  build.paths = pathsFor(build.size);
  for (const kind of KINDS) await warm(server.url, build.paths[kind].slice(0, 4000));
  return server;
}

/** Starts every build's server (with TWO, a second one on another copy), warmed. */
async function startAll() {
  for (const build of builds) {
    build.server = await startOne(build, '');
    if (TWO) build.second = await startOne(build, '-2');
  }
}

/** One wrk window of `kind` on `build`'s server. */
async function measure(build, trial, kind) {
  const server = build.server;
  const script = writeWrkScript('/tmp', { paths: build.paths[kind] });
  try {
    await runWrk({ wrk, url: server.url, script, connections: CONNECTIONS, durationS: WARMUP });
    const load = loadavg()[0];
    const cpu0 = processCpuMs(server.pid);
    const wrk0 = childrenCpuMs();
    const t0 = performance.now();
    const r = await runWrk({ wrk, url: server.url, script, connections: CONNECTIONS, durationS: SECONDS });
    const wall = performance.now() - t0;
    const cpu1 = processCpuMs(server.pid);
    const wrk1 = childrenCpuMs();
    if (r.non2xx > 0 || r.socketErrors > 0) throw new Error(`${build.name} ${kind}: ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
    return {
      build: build.name,
      trial,
      kind,
      perSec: Math.round(r.perSec),
      p50: r.latencyMs.p50,
      p99: r.latencyMs.p99,
      serverUsPerProof: Math.round(((cpu1 - cpu0) * 1000) / r.requests),
      wrkUsPerProof: Math.round(((wrk1 - wrk0) * 1000) / r.requests),
      serverCores: +((cpu1 - cpu0) / wall).toFixed(2),
      load: +load.toFixed(2),
    };
  } finally {
    rmSync(script);
  }
}

/**
 * Issue 11's figure without PostgreSQL: inclusion proofs from one process (64 connections) and
 * from two processes serving the same log (two copies; 32 connections each, one wrk per process,
 * at once), each after a warm-up window. Returns both rows and the ratio.
 */
async function measureTwo(build, trial) {
  const script = writeWrkScript('/tmp', { paths: build.paths.inclusion });
  const servers = [build.server, build.second];
  const window = async (count, connections) => {
    const used = servers.slice(0, count);
    await Promise.all(used.map((s) => runWrk({ wrk, url: s.url, script, connections, durationS: WARMUP })));
    const load = loadavg()[0];
    const cpu0 = used.map((s) => processCpuMs(s.pid));
    const wrk0 = childrenCpuMs();
    const t0 = performance.now();
    const runs = await Promise.all(used.map((s) => runWrk({ wrk, url: s.url, script, connections, durationS: SECONDS })));
    const wall = performance.now() - t0;
    const cpu = used.map((s, i) => processCpuMs(s.pid) - cpu0[i]);
    const wrkMs = childrenCpuMs() - wrk0;
    for (const r of runs) if (r.non2xx > 0 || r.socketErrors > 0) throw new Error(`${build.name}: ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
    const requests = runs.reduce((a, r) => a + r.requests, 0);
    return {
      perSec: Math.round(runs.reduce((a, r) => a + r.perSec, 0)),
      serverUsPerProof: Math.round((cpu.reduce((a, b) => a + b, 0) * 1000) / requests),
      wrkUsPerProof: Math.round((wrkMs * 1000) / requests),
      serverCores: cpu.map((c) => +(c / wall).toFixed(2)),
      wrkCores: +(wrkMs / wall).toFixed(2),
      load: +load.toFixed(2),
    };
  };
  try {
    const one = await window(1, 64);
    const two = await window(2, 32);
    return { build: build.name, trial, kind: 'two-processes', one, two, ratio: +(two.perSec / one.perSec).toFixed(2) };
  } finally {
    rmSync(script);
  }
}

const all = [];
try {
  await startAll();
  for (let trial = 1; trial <= TRIALS && TWO; trial++) {
    for (const build of trial % 2 === 1 ? builds : [...builds].reverse()) console.log(JSON.stringify(await measureTwo(build, trial)));
  }
  for (let trial = 1; trial <= TRIALS && !TWO; trial++) {
    for (const kind of KINDS) {
      for (const build of trial % 2 === 1 ? builds : [...builds].reverse()) {
        const row = await measure(build, trial, kind);
        all.push(row);
        console.log(JSON.stringify(row));
      }
    }
  }
} finally {
  for (const build of builds) {
    await build.second?.stop();
    if (!build.server) continue;
    const { profile } = await build.server.stop();
    if (profile) {
      const { summariseCpuProfile } = await import(pathToFileURL(join(build.root, 'bench/lib/cpu-profile.mjs')).href);
      console.log(`profile of ${build.name}: ${profile}`);
      for (const f of summariseCpuProfile(profile, 40).functions) console.log(`${f.selfMs}\t${(100 * f.share).toFixed(1)}%\t${f.name}`);
    }
  }
}
if (!TWO) console.log('\nbuild\tkind\tproofs/s\tp99 ms\tserver µs/proof\twrk µs/proof (per trial)\tload');
for (const build of TWO ? [] : builds) {
  for (const kind of KINDS) {
    const rows = all.filter((r) => r.build === build.name && r.kind === kind);
    console.log(
      [
        build.name,
        kind,
        rows.map((r) => r.perSec).join('/'),
        rows.map((r) => r.p99).join('/'),
        rows.map((r) => r.serverUsPerProof).join('/'),
        rows.map((r) => r.wrkUsPerProof).join('/'),
        rows.map((r) => r.load).join('/'),
      ].join('\t'),
    );
  }
}
