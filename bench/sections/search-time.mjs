/**
 * Time-range lookup (issue 13: "O(log n), shown at 1M and 10M entries"): a time bound is a
 * binary search over the leaves, whose timestamps strictly increase with the index. On a log of
 * `dataDir` (the cached logs of bench/lib/store-cache.mjs), `lookups` searches for instants spread
 * evenly from the first entry's timestamp to the last one's: the leaf reads each takes
 * (counted at the EntrySource, the search's only access to the log), beside ceil(log2(n+1)),
 * and the time per lookup (leaf reads through the reader's bundle cache, cold at the start).
 *
 * Params: {dataDir, lookups}.
 */
import { reportResult, sectionParams } from '../lib/child.mjs';
import { distUrl } from '../lib/paths.mjs';

const p = sectionParams();
const { CairnLog } = await import(distUrl('server/cairn-log.js'));
const { findIndexAtTime, logSource } = await import(distUrl('server/index/index.js'));
const { decodeLogEntry } = await import(distUrl('proofs/index.js'));

const log = await CairnLog.open({ dataDir: p.dataDir, origin: 'bench.example/log' });
const size = log.committedSize;
const source = logSource(log);
let reads = 0;
const counting = { ...source, readLeaves: (a, b) => ((reads += b - a), source.readLeaves(a, b)) };
const timestampOf = async (i) => decodeLogEntry((await log.leaves(i, i + 1))[0]).timestamp;
const first = await timestampOf(0);
const last = await timestampOf(size - 1);
let maxReads = 0;
let lookupMs = 0;
for (let i = 0; i < p.lookups; i++) {
  const before = reads;
  const time = first + ((last - first) * BigInt(i)) / BigInt(p.lookups - 1);
  const t = performance.now();
  const index = await findIndexAtTime(time, counting, size);
  lookupMs += performance.now() - t;
  maxReads = Math.max(maxReads, reads - before);
  // The answer is right: the first entry at or after the instant.
  if (index >= size || (await timestampOf(index)) < time || (index > 0 && (await timestampOf(index - 1)) >= time)) {
    throw new Error(`findIndexAtTime(${time}) answered ${index}`);
  }
}
const ms = lookupMs / p.lookups;
await log.close();
reportResult({
  entries: size,
  lookups: p.lookups,
  meanLeafReads: reads / p.lookups,
  maxLeafReads: maxReads,
  log2Bound: Math.ceil(Math.log2(size + 1)),
  msPerLookup: ms,
});
