/**
 * Issue 13 read-side figures on one log of JSON audit events (real LevelDB, real fsync, real HTTP
 * on 127.0.0.1), the server in this process as `cairn serve` runs it (the index store in a
 * worker thread):
 * - search by actor returning 100 results (GET /v1/events, complete receipts): p50/p99 over
 *   `searches` requests one after another, and the server's CPU per search, twice: right after
 *   the log was built and indexed (LevelDB still compacting the ~1M entries it took in seconds,
 *   on the same two cores) and once the process is at rest (its CPU below 5% of a core over a
 *   second: the compactions are done), as a log in service is between bursts;
 * - stream delivery to one consumer (GET /v1/events/stream from 0, in a child process, as a SIEM
 *   would read it): events/s until it has every entry, and the server's CPU per event;
 * - `cairn export` (unfiltered, whole log) and `cairn verify-bundle` of its bundle, as child
 *   processes: events/s.
 * The log is built first (requests of 1000, 8 in flight) and indexed; its build and catch-up
 * rates are reported too.
 *
 * Params: {entries, searches, dist?, bin?, dataDir?, parts?, slowest?} (dist/bin: another build, for
 * before/after runs; dataDir: a folder kept between runs, the log built and indexed there on the
 * first and served again by the next ones, so alternating builds read the same bytes; parts: the
 * figures to make, default ['search', 'stream', 'export']; slowest: also report the latencies of
 * the slowest n searches).
 * Standalone: `node bench/sections/search-all.mjs '{"entries":100000,"searches":200}'`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { CAIRN_BIN, DIST, freshDir } from '../lib/paths.mjs';
import { actorCount, auditEvents } from './search-events.mjs';

const p = sectionParams();
const dist = p.dist ?? DIST;
const bin = p.bin ?? CAIRN_BIN;
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { CairnLog } = await load('server/cairn-log.js');
const { startHttpServer } = await load('server/http/index.js');
const { EventIndex, logSource } = await load('server/index/index.js');

const say = (m) => process.stderr.write(`  search: ${m}\n`);
const cpuUs = (from) => {
  const c = process.cpuUsage(from);
  return c.user + c.system;
};

const parts = new Set(p.parts ?? ['search', 'stream', 'export']);

// The log: built here, or (dataDir) built once and kept for the next runs.
const kept = p.dataDir !== undefined;
const reuse = kept && existsSync(join(p.dataDir, 'built'));
const dir = kept ? p.dataDir : freshDir('search');
const log = await CairnLog.open({ dataDir: dir, origin: 'bench.example/search' });
const next = auditEvents(p.entries);
let t = performance.now();
let left = reuse ? 0 : Math.ceil(p.entries / 1000);
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (left-- > 0) await log.append('bench', next(1000));
  }),
);
if (kept && !reuse) mkdirSync(join(dir, 'built'));
const buildPerSec = reuse ? NaN : log.committedSize / ((performance.now() - t) / 1000);
t = performance.now();
const events = await EventIndex.open(logSource(log), dir);
await events.whenIndexed(log.committedSize);
const catchUpPerSec = log.committedSize / ((performance.now() - t) / 1000);
const http = await startHttpServer(log, { host: '127.0.0.1', port: 0, events });
const reader = (await log.credentials.add('bench-reader', 'reader')).token;
const size = log.committedSize;
say(`${size} entries, indexed`);

// Search by actor, 100 results each, newest first, one after another from a client in its own
// process (as an engineer's tool would be): the latency is the server's and the CPU below is the
// server process's alone (the client's parse of each ~150 KB page is not on the server's thread).
const searcher = `
const [url, token, actors, searches] = [process.argv[1], process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const get = async (actor) => {
  const res = await fetch(url + '/v1/events?actor=user-' + actor + '&limit=100', { headers: { authorization: 'Bearer ' + token } });
  return res.json();
};
for (let i = 0; i < 20; i++) await get((i * 17) % actors);
process.stdout.write('warm\\n');
await new Promise((r) => process.stdin.once('data', r));
const latencies = [];
for (let i = 0; i < searches; i++) {
  const s = performance.now();
  const page = await get((i * 31) % actors);
  latencies.push(performance.now() - s);
  if (page.events.length !== 100) throw new Error('expected 100 results, got ' + page.events.length);
}
console.log(JSON.stringify(latencies));
process.exit(0);`;

/**
 * Resolves once this process (the server: its LevelDB compaction threads included) has used
 * less than 5% of a core over one second, or after `maxMs`; resolves with the time waited.
 */
async function atRest(maxMs = 180_000) {
  const t0 = performance.now();
  for (;;) {
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    const share = cpuUs(cpu0) / 1000 / (performance.now() - w0);
    if (share < 0.05 || performance.now() - t0 > maxMs) return performance.now() - t0;
  }
}

/** Searches right after the build, then at rest (atRest), each with its own figures. */
async function searchFigures() {
  const afterBuild = await searchRun();
  const settleMs = await atRest();
  say(`at rest after ${Math.round(settleMs)} ms`);
  const rest = await searchRun();
  return {
    ...rest,
    searchAfterBuildP50Ms: afterBuild.searchActor100P50Ms,
    searchAfterBuildP99Ms: afterBuild.searchActor100P99Ms,
    searchAfterBuildCpuMs: afterBuild.searchCpuMs,
    settleMs,
  };
}

/** p50/p99 of the searches and the server process's CPU per search. */
async function searchRun() {
  const actors = actorCount(p.entries);
  const child = spawn(process.execPath, ['--input-type=module', '-e', searcher, http.url, reader, String(actors), String(p.searches)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise((resolve) => {
    const onData = (d) => {
      out += d;
      if (out.includes('warm\n')) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
  });
  out = '';
  child.stdout.on('data', (d) => (out += d));
  const cpu0 = process.cpuUsage();
  child.stdin.write('go\n');
  const status = await new Promise((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`the search client failed (exit ${status})`);
  const searchCpuMs = cpuUs(cpu0) / 1000 / p.searches;
  const latencies = JSON.parse(out).sort((a, b) => a - b);
  const q = (x) => latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))];
  say('searched');
  const slowest = p.slowest ? { searchSlowestMs: latencies.slice(-p.slowest) } : {};
  return { searches: p.searches, searchActor100P50Ms: q(0.5), searchActor100P99Ms: q(0.99), searchCpuMs, ...slowest };
}

/** Runs node with `args` without blocking this process (it serves the HTTP API meanwhile). */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// Stream delivery to one consumer in its own process: lines until it has every entry.
const consumer = `
const res = await fetch(process.argv[1], { headers: { authorization: 'Bearer ' + process.argv[2] } });
const want = Number(process.argv[3]);
let lines = 0;
const t = performance.now();
for await (const chunk of res.body) {
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  if (lines >= want) break;
}
console.log(JSON.stringify({ lines, seconds: (performance.now() - t) / 1000 }));
process.exit(0);`;

/** Events/s to one consumer and the server process's CPU per event. */
async function streamFigures() {
  const cpu0 = process.cpuUsage();
  const streamed = await run(['--input-type=module', '-e', consumer, `${http.url}/v1/events/stream`, reader, String(size)]);
  if (streamed.status !== 0) throw new Error(`the stream consumer failed: ${streamed.stderr}`);
  const stream = JSON.parse(streamed.stdout);
  say('streamed');
  return { streamPerSec: stream.lines / stream.seconds, streamServerCpuUsPerEvent: cpuUs(cpu0) / stream.lines };
}

/** cairn export (unfiltered, whole log) and cairn verify-bundle of its bundle: events/s. */
async function exportFigures() {
  const out = join(freshDir('search-bundle'), 'bundle');
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const ex = await run([bin, 'export', '--url', http.url, '--token', reader, '--out', out, '--json']);
  const exportSeconds = (performance.now() - t0) / 1000;
  const exportServerCpuUs = cpuUs(cpu0) / size;
  if (ex.status !== 0) throw new Error(`export failed: ${ex.stderr}`);
  t0 = performance.now();
  const vb = await run([bin, 'verify-bundle', '--vkey', log.verifierKey.text, out, '--json']);
  const verifySeconds = (performance.now() - t0) / 1000;
  if (vb.status !== 0) throw new Error(`verify-bundle failed: ${vb.stdout} ${vb.stderr}`);
  rmSync(join(out, '..'), { recursive: true, force: true });
  say('exported and verified');
  return { exportPerSec: size / exportSeconds, exportServerCpuUsPerEvent: exportServerCpuUs, verifyBundlePerSec: size / verifySeconds };
}

const figures = {
  ...(parts.has('search') ? await searchFigures() : {}),
  ...(parts.has('stream') ? await streamFigures() : {}),
  ...(parts.has('export') ? await exportFigures() : {}),
};

await http.close();
await events.close();
await log.close();
if (!kept) rmSync(dir, { recursive: true, force: true });

reportResult({ entries: size, buildPerSec, catchUpPerSec, ...figures });
