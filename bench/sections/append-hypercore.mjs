/**
 * The peer: hypercore 11 (npm; RocksDB storage in a fresh temp folder) appending the same events
 * in batches of `requestEvents` with `core.append(array)`. Appends run one after another: hypercore
 * serialises them itself, and more concurrent appends measured no faster on this machine.
 * hypercore writes with RocksDB's default write options, so an append returns before any fsync
 * (Cairn answers only after one); the report says so next to the figure.
 *
 * Params: {eventBytes, requestEvents, warmupMs, durationMs}
 */
import { rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { freshDir } from '../lib/paths.mjs';

const p = sectionParams();
let Hypercore;
try {
  Hypercore = (await import('hypercore')).default;
} catch (err) {
  reportResult({ skipped: `hypercore is not installed (npm install --save-dev hypercore@^11): ${err.message}` });
  process.exit(0);
}
const source = new EventSource(p.eventBytes);
const dir = freshDir('hypercore');
const core = new Hypercore(dir);
await core.ready();

let next = 0;
const batch = () => {
  const out = new Array(p.requestEvents);
  // hypercore takes Buffers; these are views of the same bytes Cairn appends.
  for (let k = 0; k < p.requestEvents; k++) {
    const e = source.event(next + k);
    out[k] = Buffer.from(e.buffer, e.byteOffset, e.byteLength);
  }
  next += p.requestEvents;
  return out;
};

const warmEnd = performance.now() + p.warmupMs;
while (performance.now() < warmEnd) await core.append(batch());
let entries = 0;
const t0 = performance.now();
const end = t0 + p.durationMs;
while (performance.now() < end) {
  await core.append(batch());
  entries += p.requestEvents;
}
const seconds = (performance.now() - t0) / 1000;
const rss = process.memoryUsage().rss;
const length = core.length;
await core.close();
rmSync(dir, { recursive: true, force: true });

reportResult({
  version: (await import('hypercore/package.json', { with: { type: 'json' } })).default.version,
  eventBytes: p.eventBytes,
  requestEvents: p.requestEvents,
  seconds,
  entries,
  entriesPerSec: entries / seconds,
  length,
  rss,
});
