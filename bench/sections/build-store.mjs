/**
 * Builds (or extends) a log of `target` entries fast, for the proof and footprint figures: CairnLog
 * directly (no HTTP), 8 writers appending requests of 1000 events (`eventBytes` pseudo-random
 * bytes each), rounds of up to `roundEntries`. Every `every` entries (and at the end) it records
 * the folder's size on disk and this process's memory, the growth curve of the footprint.
 *
 * Params: {dataDir, target, eventBytes, roundEntries, every, seed}
 * Result: {entries, seconds, eventBytes, verifierKey, origin, growth: [{entries, allocatedBytes,
 *   apparentBytes, files, builderRss, seconds}], checkpoints: [{treeSize, rootHash (base64)}]}
 */
import { join } from 'node:path';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { distUrl } from '../lib/paths.mjs';
import { folderBytes } from '../lib/system.mjs';

const p = sectionParams();
const { CairnLog } = await import(distUrl('server/cairn-log.js'));
const source = new EventSource(p.eventBytes, p.seed);
const log = await CairnLog.open({ dataDir: p.dataDir, origin: 'bench.example/log', sequencerLimits: { maxRoundEntries: p.roundEntries } });
const origin = log.origin;
const verifierKey = (await log.store.readIdentity()).verifierKey;
const REQUEST = 1000;
const WRITERS = 8;
const t0 = performance.now();
const startSize = log.checkpoint.treeSize;
const growth = [];
const checkpoints = [];
let nextMark = (Math.floor(startSize / p.every) + 1) * p.every;
let claimed = startSize;

function record() {
  const size = log.checkpoint.treeSize;
  const bytes = folderBytes(join(p.dataDir, 'leveldb'));
  growth.push({
    entries: size,
    allocatedBytes: bytes.allocated,
    apparentBytes: bytes.apparent,
    files: bytes.files,
    builderRss: process.memoryUsage().rss,
    seconds: (performance.now() - t0) / 1000,
  });
  checkpoints.push({ treeSize: size, rootHash: Buffer.from(log.checkpoint.rootHash).toString('base64') });
  process.stderr.write(`  built ${size.toLocaleString('en-US')} entries (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
}

async function writer() {
  while (claimed < p.target) {
    const n = Math.min(REQUEST, p.target - claimed);
    const first = claimed;
    claimed += n;
    const inputs = new Array(n);
    for (let k = 0; k < n; k++) inputs[k] = { payload: source.event(first + k), contentType: 'application/octet-stream', occurredAt: 0n };
    await log.append('bench', inputs);
    if (log.checkpoint.treeSize >= nextMark) {
      nextMark += p.every;
      record();
    }
  }
}
await Promise.all(Array.from({ length: WRITERS }, writer));
const seconds = (performance.now() - t0) / 1000;
await log.close();
// The final size once the store is closed (LevelDB has flushed its memtable to the log file).
const bytes = folderBytes(join(p.dataDir, 'leveldb'));
const last = growth[growth.length - 1];
if (!last || last.entries !== p.target) {
  growth.push({
    entries: p.target,
    allocatedBytes: bytes.allocated,
    apparentBytes: bytes.apparent,
    files: bytes.files,
    builderRss: process.memoryUsage().rss,
    seconds,
  });
} else Object.assign(last, { allocatedBytes: bytes.allocated, apparentBytes: bytes.apparent, files: bytes.files });

reportResult({
  entries: p.target,
  startSize,
  seconds,
  entriesPerSec: (p.target - startSize) / seconds,
  eventBytes: p.eventBytes,
  origin,
  verifierKey,
  growth,
  checkpoints,
});
