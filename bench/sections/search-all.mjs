/**
 * Issue 13 speed figures in one run on one log (real LevelDB, real fsync, real HTTP on
 * 127.0.0.1): append throughput with the index follower off, then on (same log, same process);
 * the follower's catch-up rate; search by actor returning 100 results (HTTP, receipts included)
 * p50/p99; time-range lookups (leaf reads and ms, to show O(log n)); stream delivery to one
 * consumer; `cairn export` and `cairn verify-bundle` (child processes) in events/s.
 *
 * Standalone: `node bench/sections/search-all.mjs [entries]` (default 100000) prints a table;
 * as a section (`@params` with {entries}) it reports the same object as RESULT.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { CAIRN_BIN, distUrl, freshDir } from '../lib/paths.mjs';

const asSection = process.argv[2]?.startsWith('@') === true;
const entries = asSection ? sectionParams().entries : Number(process.argv[2] ?? 100_000);
const { CairnLog } = await import(distUrl('server/cairn-log.js'));
const { startHttpServer } = await import(distUrl('server/http/index.js'));
const { EventIndex, logSource, findIndexAtTime } = await import(distUrl('server/index/index.js'));
const { formatTimestamp, decodeLogEntry } = await import(distUrl('proofs/index.js'));

const ACTORS = Math.max(1, Math.floor(entries / 200)); // ~200 entries per actor: pages of 100 are full
const dir = freshDir('search');
const log = await CairnLog.open({ dataDir: dir, origin: 'bench.example/search' });
const utf8 = new TextEncoder();
let seq = 0;
function batch(n) {
  const out = [];
  for (let i = 0; i < n; i++, seq++) {
    const ev = {
      actor: `user-${(seq * 7919) % ACTORS}`,
      action: ['read', 'write', 'delete', 'login'][seq % 4],
      target: `doc/${seq % 5000}`,
      outcome: 'success',
      context: { n: seq },
    };
    out.push({ payload: utf8.encode(JSON.stringify(ev)), contentType: 'application/json', occurredAt: 0n });
  }
  return out;
}
/** Appends `n` entries with `concurrency` requests of 100 in flight; entries/s. */
async function appendRate(n) {
  const started = performance.now();
  let left = n / 100;
  const worker = async () => {
    while (left-- > 0) await log.append('bench', batch(100));
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return n / ((performance.now() - started) / 1000);
}

const half = Math.floor(entries / 2 / 100) * 100;
const say = (m) => process.stderr.write(`${m}\n`);
const appendOff = await appendRate(half);
say(`append off ${appendOff}`);
let t = performance.now();
const events = await EventIndex.open(logSource(log), dir);
await events.whenIndexed(log.committedSize);
const catchUpRate = half / ((performance.now() - t) / 1000);
const appendOn = await appendRate(entries - half - ((entries - half) % 100));
await events.whenIndexed(log.committedSize);
const size = log.committedSize;
say(`indexed ${size}`);

const http = await startHttpServer(log, { host: '127.0.0.1', port: 0, events });
const reader = (await log.credentials.add('bench-reader', 'reader')).token;
const get = (path) => fetch(`${http.url}${path}`, { headers: { authorization: `Bearer ${reader}` } });

// Search by actor, 100 results, through HTTP with receipts.
const lat = [];
for (let i = 0; i < 200; i++) {
  const s = performance.now();
  const page = await (await get(`/v1/events?actor=user-${(i * 31) % ACTORS}&limit=100`)).json();
  lat.push(performance.now() - s);
  if (page.events.length !== 100) throw new Error(`expected 100 results, got ${page.events.length}`);
}
lat.sort((a, b) => a - b);
say('searched');
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];

// Time lookups: leaf reads per lookup.
const source = logSource(log);
let reads = 0;
const counting = { ...source, readLeaves: (a, b) => ((reads += 1), source.readLeaves(a, b)) };
const firstTs = decodeLogEntry((await log.leaves(0, 1))[0]).timestamp;
const lastTs = decodeLogEntry((await log.leaves(size - 1, size))[0]).timestamp;
t = performance.now();
const LOOKUPS = 200;
for (let i = 0; i < LOOKUPS; i++) await findIndexAtTime(firstTs + ((lastTs - firstTs) * BigInt(i)) / BigInt(LOOKUPS), counting, size);
const lookupMs = (performance.now() - t) / LOOKUPS;
const readsPerLookup = reads / LOOKUPS;

// Stream delivery to one consumer.
t = performance.now();
const controller = new AbortController();
const res = await fetch(`${http.url}/v1/events/stream`, { headers: { authorization: `Bearer ${reader}` }, signal: controller.signal });
let lines = 0;
const decoder = new TextDecoder();
try {
  for await (const chunk of res.body) {
    const text = decoder.decode(chunk, { stream: true });
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    if (lines >= size) break;
  }
} catch {}
controller.abort();
say('streamed');
const streamRate = lines / ((performance.now() - t) / 1000);

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

// Export and verify-bundle, unfiltered, whole log.
const out = join(freshDir('search-bundle'), 'bundle');
t = performance.now();
const ex = await run([CAIRN_BIN, 'export', '--url', http.url, '--token', reader, '--out', out, '--json']);
const exportRate = size / ((performance.now() - t) / 1000);
if (ex.status !== 0) throw new Error(`export failed: ${ex.stderr}`);
t = performance.now();
const vb = await run([CAIRN_BIN, 'verify-bundle', '--vkey', log.verifierKey.text, out, '--json']);
const verifyRate = size / ((performance.now() - t) / 1000);
if (vb.status !== 0) throw new Error(`verify-bundle failed: ${vb.stdout}`);

await events.close();
await http.close();
await log.close();
rmSync(dir, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });

const result = {
  entries: size,
  appendOffPerSec: Math.round(appendOff),
  appendOnPerSec: Math.round(appendOn),
  appendOnVsOff: Math.round((appendOn / appendOff) * 1000) / 1000,
  indexCatchUpPerSec: Math.round(catchUpRate),
  searchActor100P50Ms: Math.round(q(0.5) * 10) / 10,
  searchActor100P99Ms: Math.round(q(0.99) * 10) / 10,
  timeLookupLeafReads: readsPerLookup,
  timeLookupMs: Math.round(lookupMs * 100) / 100,
  log2Entries: Math.round(Math.log2(size) * 10) / 10,
  streamPerSec: Math.round(streamRate),
  exportPerSec: Math.round(exportRate),
  verifyBundlePerSec: Math.round(verifyRate),
};
if (asSection) reportResult(result);
else for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(22)} ${v}`);
