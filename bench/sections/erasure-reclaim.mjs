/**
 * Bytes reclaimed by erasure (issue 14): builds a log of `entries` events of `eventBytes`
 * pseudo-random (incompressible) bytes with CairnLog (LevelDB, real fsync), measures the LevelDB
 * folder, erases the payloads of every other entry (half of them) as recorded erasures of
 * `batch` entries each (SystemLog.erase: record, then ObjectStore.erasePayloads, which compacts
 * the rewritten range), closes the log, and measures again. Reclaimed = before - after; the
 * figure is reclaimed / erased payload bytes (the issue asks >= 80%). The erasure records add a
 * little: they are counted against the reclaim, not excluded.
 *
 * Params: {entries, eventBytes, batch}
 * Result: {entries, eventBytes, erased, erasedPayloadBytes, beforeBytes, afterBytes,
 *   reclaimedBytes, reclaimedShare, buildSeconds, eraseSeconds}
 * Run alone: node bench/sections/erasure-reclaim.mjs @params.json (after `npm run build`).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { distUrl, freshDir } from '../lib/paths.mjs';
import { folderBytes } from '../lib/system.mjs';

const p = sectionParams();
const { CairnLog } = await import(distUrl('server/cairn-log.js'));
const source = new EventSource(p.eventBytes);
const dir = freshDir('erasure');
const leveldb = join(dir, 'leveldb');
const REQUEST = 1000;

let log = await CairnLog.open({ dataDir: dir, origin: 'bench.example/erasure', sequencerLimits: { maxRoundEntries: 10_000 } });
const t0 = performance.now();
let next = 0;
async function writer() {
  while (next < p.entries) {
    const first = next;
    const count = Math.min(REQUEST, p.entries - first);
    next += count;
    const inputs = Array.from({ length: count }, (_, k) => ({ payload: source.event(first + k), contentType: 'application/octet-stream', occurredAt: 0n }));
    await log.append('bench', inputs);
  }
}
await Promise.all(Array.from({ length: 8 }, writer));
const buildSeconds = (performance.now() - t0) / 1000;
// Measured after a close and reopen, so both figures are of a settled folder.
await log.close();
log = await CairnLog.open({ dataDir: dir, origin: 'bench.example/erasure' });
await log.close();
const before = folderBytes(leveldb).allocated;

log = await CairnLog.open({ dataDir: dir, origin: 'bench.example/erasure' });
const system = await log.startErasures();
const t1 = performance.now();
let erased = 0;
for (let start = 0; start < p.entries; start += 2 * p.batch) {
  const indexes = [];
  for (let i = start; i < Math.min(p.entries, start + 2 * p.batch); i += 2) indexes.push(i);
  erased += (await system.erase({ indexes, reason: 'bench: erase half' }, 'bench')).indexes.length;
}
const eraseSeconds = (performance.now() - t1) / 1000;
await log.close();
const after = folderBytes(leveldb).allocated;
rmSync(dir, { recursive: true, force: true });

const erasedPayloadBytes = erased * p.eventBytes;
reportResult({
  entries: p.entries,
  eventBytes: p.eventBytes,
  erased,
  erasedPayloadBytes,
  beforeBytes: before,
  afterBytes: after,
  reclaimedBytes: before - after,
  reclaimedShare: (before - after) / erasedPayloadBytes,
  buildSeconds,
  eraseSeconds,
});
