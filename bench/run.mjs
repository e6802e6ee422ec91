#!/usr/bin/env node
/**
 * The Cairn benchmark suite (issue 5): `npm run bench` (full, at most ~10 minutes on a 2-core
 * machine) and `npm run bench -- --quick` (a smoke run under a minute: every code path, tiny
 * windows, figures not meaningful). Prints each figure with its method, checks the issue's
 * targets, and writes bench/out/latest.json (every figure) and bench/out/latest.md (the tables).
 *
 * Options:
 *   --quick          the smoke run (CI): short windows, a 20k-entry log, fewer variants
 *   --only=a,b       run only these suites: append, http, latency, verify, proofs, profile, cluster, search
 *   --prebuild       build (or extend) the cached 10M-entry log for the full run, then exit
 *   --no-wrk         use only the node:http generator even where wrk is installed
 *
 * It fails (exit 1) on errors only: a failed request, a receipt or proof that does not verify, a
 * crash. Missing a target is reported, never an error.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DIST, OUT, ROOT, outDir } from './lib/paths.mjs';
import { Reporter } from './lib/report.mjs';
import { killAllServers } from './lib/server.mjs';
import { fmt, fmtMs, fmtRatio } from './lib/stats.mjs';
import { ensureBreakdown, ensureStore } from './lib/store-cache.mjs';
import { gitState, machineFacts } from './lib/system.mjs';
import { findWrk } from './lib/wrk.mjs';
import { appendSuite } from './suites/append.mjs';
import { clusterSuite } from './suites/cluster.mjs';
import { searchSuite } from './suites/search.mjs';
import { httpSuite } from './suites/http.mjs';
import { latencySuite } from './suites/latency.mjs';
import { profileSuite } from './suites/profile.mjs';
import { proofsSuite } from './suites/proofs.mjs';
import { verifySuite } from './suites/verify.mjs';

const SUITES = ['append', 'http', 'latency', 'verify', 'proofs', 'profile', 'cluster', 'search'];

/** Windows and durations of each mode, in ms unless named S (seconds, for wrk). */
const TIMING = {
  full: {
    warmupMs: 1000,
    durationMs: 4000,
    hardwareMs: 2000,
    httpWarmupMs: 1000,
    httpMs: 4000,
    wrkS: 4,
    latencyWarmupMs: 2000,
    latencyMs: 10_000,
    proofLatencyMs: 3000,
    verifyMs: 3000,
    profileS: 8,
  },
  quick: {
    warmupMs: 200,
    durationMs: 600,
    hardwareMs: 300,
    httpWarmupMs: 200,
    httpMs: 600,
    wrkS: 1,
    latencyWarmupMs: 300,
    latencyMs: 1000,
    proofLatencyMs: 500,
    verifyMs: 300,
    profileS: 1,
  },
};

/**
 * What every suite gets.
 * @typedef {{quick: boolean, timing: typeof TIMING.full, wrk: string | undefined, outDir: string, report: Reporter, versions: Record<string, string | undefined>}} Context
 */

function parseArgs(argv) {
  const o = { quick: false, only: SUITES, prebuild: false, wrk: true };
  for (const a of argv) {
    if (a === '--quick') o.quick = true;
    else if (a === '--prebuild') o.prebuild = true;
    else if (a === '--no-wrk') o.wrk = false;
    else if (a.startsWith('--only=')) {
      o.only = a.slice(7).split(',').filter(Boolean);
      const unknown = o.only.filter((s) => !SUITES.includes(s));
      if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; choose from ${SUITES.join(', ')}`);
    } else throw new Error(`unknown option ${a} (options: --quick, --only=${SUITES.join(',')}, --prebuild, --no-wrk)`);
  }
  return o;
}

function packageVersion(name) {
  try {
    const require = createRequire(join(ROOT, 'package.json'));
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Warns when a TypeScript source is newer than the compiled code the suite measures. */
function warnIfDistStale() {
  const newest = (dir, ext) => {
    let t = 0;
    if (!existsSync(dir)) return t;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      if (d.isDirectory()) t = Math.max(t, newest(p, ext));
      else if (d.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
    }
    return t;
  };
  if (!existsSync(join(DIST, 'server', 'cairn-log.js'))) throw new Error('dist/ is missing: run `npm ci` or `npm run build` first');
  const src = Math.max(...['server', 'merkle', 'proofs', 'client'].map((d) => newest(join(ROOT, d), '.ts')));
  const built = Math.max(...['server', 'merkle', 'proofs', 'client'].map((d) => newest(join(DIST, d), '.js')));
  if (src > built) process.stderr.write('warning: some sources are newer than dist/: the suite measures dist/ (run `npm run build` to measure the sources)\n');
}

/** The issue's targets, each judged from the figures of this run. */
function judgeTargets(r) {
  const t = [];
  const add = (target, figure, met) => t.push({ target, figure, met });
  if (r.append) {
    for (const a of r.append) {
      if (a.ratios.cairnToHypercore === undefined) continue;
      add(
        `append without HTTP ≥ 2× hypercore (${a.eventBytes} B, requests of ${a.requestEvents})`,
        `${fmt(a.cairn.entriesPerSec)} vs ${fmt(a.hypercore.entriesPerSec)}/s = ${fmtRatio(a.ratios.cairnToHypercore)}`,
        a.ratios.cairnToHypercore >= 2,
      );
    }
  }
  if (r.http) {
    const batch = r.http.rows.find((x) => x.kind === 'batch-json');
    if (batch) add('HTTP batches of 100 ≥ 50,000 entries/s (JSON)', `${fmt(batch.entriesPerSec)}/s`, batch.entriesPerSec >= 50_000);
    const proto = r.http.rows.find((x) => x.kind === 'batch-proto');
    if (proto) add('HTTP batches of 100 ≥ 50,000 entries/s (protobuf)', `${fmt(proto.entriesPerSec)}/s`, proto.entriesPerSec >= 50_000);
    const singles = r.http.rows.filter((x) => x.kind === 'single');
    if (singles.length) {
      const best = singles.reduce((a, b) => (b.entriesPerSec > a.entriesPerSec ? b : a));
      add('HTTP single appends ≥ 8,000/s (issue 17)', `${fmt(best.entriesPerSec)}/s (best: ${best.name})`, best.entriesPerSec >= 8000);
    }
  }
  if (r.latency) {
    const at2k = r.latency.rates.find((x) => x.rate === 2000);
    if (at2k) {
      const failed = at2k.sent - at2k.ok;
      add(
        'at 2,000 appends/s offered: p99 ≤ 50 ms, no failures',
        `p99 ${fmtMs(at2k.latencyMs.p99)}, ${failed} failed`,
        at2k.latencyMs.p99 <= 50 && failed === 0,
      );
      add('at 2,000 appends/s offered: p50 ≤ 10 ms (issue 3)', `p50 ${fmtMs(at2k.latencyMs.p50)}`, at2k.latencyMs.p50 <= 10);
    }
    const at5k = r.latency.rates.find((x) => x.rate === 5000);
    if (at5k) {
      const failed = at5k.sent - at5k.ok;
      add(
        'at 5,000 appends/s offered: p99 ≤ 50 ms, no failures (issue 17)',
        `p99 ${fmtMs(at5k.latencyMs.p99)}, ${failed} failed`,
        at5k.latencyMs.p99 <= 50 && failed === 0,
      );
    }
  }
  if (r.proofs) {
    const first = r.proofs.logs[0];
    for (const kind of ['inclusion', 'consistency', 'inclusionWarm', 'consistencyWarm']) {
      const k = first[kind];
      if (k === undefined) continue;
      add(
        `${kind.replace(/Warm$/, ' (warm)')} proofs at ${fmt(first.entries)} entries ≥ 10,000/s at 16 connections with p99 ≤ 5 ms (issue 17)`,
        `${fmt(k.throughput.perSec)}/s (16 conns, p99 ${fmtMs(k.throughput.latencyMs.p99)}); p99 ${fmtMs(k.latency.latencyMs.p99)} with 1 client`,
        k.throughput.perSec >= 10_000 && k.throughput.latencyMs.p99 <= 5,
      );
    }
    for (const l of r.proofs.logs) {
      add(
        `storage ≤ event bytes + 100 B per entry (${fmt(l.entries)} entries)`,
        `${fmt(l.storage.bytesPerEntry, 1)} B/entry = ${l.storage.eventBytesPerEntry} + ${fmt(l.storage.overheadPerEntry, 1)}`,
        l.storage.overheadPerEntry <= 100,
      );
    }
    if (r.proofs.logs.length > 1) {
      const [a, b] = r.proofs.logs;
      // Judged on anonymous memory: file-backed pages are the mmapped store's page cache.
      const ratio = b.memory.rssAnon / a.memory.rssAnon;
      add(
        'server memory (RssAnon) within ±20% from 1M to 10M entries',
        `${fmt(a.memory.rssAnon / 2 ** 20)} → ${fmt(b.memory.rssAnon / 2 ** 20)} MiB (${fmtRatio(ratio)}); VmRSS with mmapped store pages ${fmt(a.memory.rss / 2 ** 20)} → ${fmt(b.memory.rss / 2 ** 20)} MiB`,
        ratio >= 0.8 && ratio <= 1.2,
      );
    } else {
      add('server memory (RssAnon) within ±20% from 1M to 10M entries', 'not measured (no 10M log in this run)', undefined);
    }
  }
  if (r.cluster && r.cluster.targets) {
    const c = r.cluster;
    const pg = c.append?.postgres;
    const mark = (name, figure, met) => add(`PostgreSQL (issue 11): ${name}`, figure, met);
    if (pg) {
      mark('HTTP batches of 100 ≥ 20,000 entries/s', `${fmt(pg.batchEntriesPerSec)}/s`, c.targets.pgBatch20k);
      mark('single appends ≥ 3,000/s', `${fmt(pg.singlePerSec)}/s`, c.targets.pgSingle3k);
      mark(`p99 ≤ 50 ms at ${fmt(pg.openRate)}/s offered`, `p99 ${fmtMs(pg.openLatencyMs.p99)}`, c.targets.pgOpenP99);
    }
    if (c.proofs) mark('proofs from two processes ≥ 1.6× one', fmtRatio(c.proofs.ratio), c.targets.proofs16x);
    if (c.failoverMs) mark('a new leader within 5 s', c.failoverMs.map((ms) => fmtMs(ms)).join(', '), c.targets.failover5s);
  }
  if (r.search && r.search.read) {
    const s = r.search;
    const at = `(${fmt(s.read.entries)} entries)`;
    add(`search by actor, 100 results: p99 ≤ 50 ms (issue 13) ${at}, at rest`, fmtMs(s.read.searchActor100P99Ms), s.read.searchActor100P99Ms <= 50);
    add('stream to one consumer ≥ 20,000 events/s (issue 13)', `${fmt(s.read.streamPerSec)}/s`, s.read.streamPerSec >= 20_000);
    add('cairn export ≥ 10,000 events/s (issue 13)', `${fmt(s.read.exportPerSec)}/s`, s.read.exportPerSec >= 10_000);
    add('cairn verify-bundle ≥ 10,000 events/s (issue 13)', `${fmt(s.read.verifyBundlePerSec)}/s`, s.read.verifyBundlePerSec >= 10_000);
    if (s.append?.ratio !== undefined) add('append with the index on within 5% of off (issue 13)', fmtRatio(s.append.ratio), s.append.ratio >= 0.95);
  }
  return t;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  warnIfDistStale();
  if (args.prebuild) {
    const t0 = performance.now();
    await ensureStore(1_000_000, 200);
    const s = await ensureStore(10_000_000, 200, { every: 1_000_000 });
    await ensureBreakdown(s);
    process.stdout.write(`the 10M log is ready in ${s.dataDir} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    return;
  }
  const started = new Date();
  const t0 = performance.now();
  const report = new Reporter();
  /** @type {Context} */
  const ctx = {
    quick: args.quick,
    timing: args.quick ? TIMING.quick : TIMING.full,
    wrk: args.wrk ? findWrk() : undefined,
    outDir: outDir(),
    report,
    versions: { hypercore: packageVersion('hypercore'), level: packageVersion('level'), express: packageVersion('express') },
  };
  const machine = machineFacts();
  const git = gitState(ROOT);
  process.stdout.write(
    `Cairn benchmarks (${args.quick ? 'quick smoke run: figures are NOT meaningful' : 'full run'}) — ${started.toISOString()}\n` +
      `machine: ${machine.cpuModel}, ${machine.cpus} CPUs${machine.hypervisor ? ` (${machine.hypervisor} VM)` : ''}, ${machine.memoryGiB} GiB; node ${machine.node}; ${machine.os}\n` +
      `commit: ${git.commit ?? 'unknown'}${git.dirty ? ' (with uncommitted changes)' : ''}; load generator: node:http${ctx.wrk ? ` and wrk (${ctx.wrk})` : ' (wrk not installed)'}\n`,
  );
  const load = loadavg()[0];
  if (load > 1)
    process.stdout.write(
      `warning: the machine is busy before the run (load average ${load.toFixed(2)} on ${machine.cpus} CPUs): figures will be low and noisy\n`,
    );
  const results = {};
  /** The 1-minute load average when each suite started: other work on the machine skews figures. */
  const loadAtStart = {};
  const run = (name) => {
    if (!args.only.includes(name)) return false;
    loadAtStart[name] = Number(loadavg()[0].toFixed(2));
    return true;
  };
  if (run('append')) results.append = await appendSuite(ctx);
  if (run('http')) results.http = await httpSuite(ctx);
  if (run('latency')) results.latency = await latencySuite(ctx);
  if (run('verify')) {
    const from = results.http ?? (await httpReceipts(ctx));
    results.verify = await verifySuite(ctx, from);
  }
  if (run('proofs')) results.proofs = await proofsSuite(ctx);
  if (run('profile')) {
    const proofStore = ctx.quick ? undefined : await ensureStore(1_000_000, 200);
    results.profile = await profileSuite(ctx, { proofStore });
  }
  if (run('cluster')) results.cluster = await clusterSuite(ctx);
  if (run('search')) results.search = await searchSuite(ctx);
  loadAtStart.end = Number(loadavg()[0].toFixed(2));

  const targets = judgeTargets(results);
  report.section(
    'Targets (issues 5, 11, 13, 17)',
    args.quick ? 'judged from this quick run: NOT meaningful, a smoke test only' : 'judged from the figures above',
  );
  report.table(
    ['target', 'figure', 'met'],
    targets.map((x) => [x.target, x.figure, x.met === undefined ? 'not measured' : x.met ? 'met' : 'NOT met']),
  );
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`\nfinished in ${seconds.toFixed(0)} s; 1-minute load average at each suite's start: ${JSON.stringify(loadAtStart)}\n`);

  const summary = {
    mode: args.quick ? 'quick' : 'full',
    suites: args.only,
    startedAt: started.toISOString(),
    seconds,
    machine,
    git,
    versions: ctx.versions,
    wrk: ctx.wrk,
    timing: ctx.timing,
    loadAverage: loadAtStart,
    targets,
    results,
  };
  const json = `${JSON.stringify(summary, null, 1)}\n`;
  writeFileSync(join(OUT, 'latest.json'), json);
  // Full runs are also kept by date, so a later quick run does not lose them.
  if (!args.quick) writeFileSync(join(outDir('runs'), `${started.toISOString().replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(
    join(OUT, 'latest.md'),
    `# Cairn benchmarks, ${summary.mode} run\n\n${started.toISOString()}, commit ${git.commit}${git.dirty ? ' (with uncommitted changes)' : ''}, ` +
      `${machine.cpuModel} × ${machine.cpus}, node ${machine.node}, ${seconds.toFixed(0)} s\n${report.markdown.join('\n')}\n`,
  );
  process.stdout.write(`wrote ${join(OUT, 'latest.json')} and latest.md\n`);
}

/** Receipts for the verify suite when the HTTP suite did not run: a short single-append load. */
async function httpReceipts(ctx) {
  const quick = { ...ctx, quick: true, timing: TIMING.quick, wrk: undefined, report: new Reporter() };
  const r = await httpSuite(quick);
  return r;
}

main().catch((err) => {
  killAllServers();
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
