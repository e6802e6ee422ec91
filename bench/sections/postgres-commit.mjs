/**
 * Store commit speed, PostgreSQL beside LevelDB in one run (issue 11): `commitRound` of
 * sequencer-shaped rounds (default 1,000 entries of 200 B: level-0 tiles and entry bundles that
 * widen and fill, a level-1 tile, payload chunks, one idempotency key and one leaf hash per
 * entry, a checkpoint) on a fresh store of each driver, through `openStore` from dist/. LevelDB
 * in a temporary folder (one synced batch per round); PostgreSQL on a throwaway cluster on a
 * unix socket, fsync and synchronous_commit on (one transaction per round). Rounds are built
 * before timing; after a warm-up, entries/s = entries / summed commit time.
 *
 * Run: `node bench/sections/postgres-commit.mjs` (prints a table), or as a section with
 * `@params.json` / a JSON argument: {rounds, entries, payloadBytes, warmup} (prints RESULT).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { distUrl, freshDir } from '../lib/paths.mjs';
import { startPostgres } from './postgres-cluster.mjs';

const asSection = process.argv[2] !== undefined;
const p = { rounds: 40, entries: 1000, payloadBytes: 200, warmup: 3, ...(asSection ? sectionParams() : {}) };
const { openStore } = await import(distUrl('server/store/open-store.js'));

/** Random bytes drawn from one pool (contents do not matter to a store; allocation would). */
const pool = randomBytes(8 << 20);
let cursor = 0;
function bytes(n) {
  if (cursor + n > pool.length) cursor = 0;
  const out = new Uint8Array(pool.buffer, pool.byteOffset + cursor, n);
  cursor += n;
  return out;
}

/** The write of round `r` (entries [r·n, (r+1)·n)). */
function round(r) {
  const n = p.entries;
  const first = r * n;
  const size = first + n;
  const tiles = [];
  const bundles = [];
  for (let i = Math.floor(first / 256); i <= Math.floor((size - 1) / 256); i++) {
    const width = Math.min(256, size - 256 * i);
    tiles.push({ level: 0, index: i, width, hashes: bytes(32 * width) });
    bundles.push({ index: i, width, bytes: bytes(width * (2 + p.payloadBytes)) });
  }
  const level1 = Math.floor(size / 256);
  if (level1 > 0) {
    const index = Math.floor(level1 / 65536);
    const width = Math.min(256, level1 - 256 * index);
    if (width > 0) tiles.push({ level: 1, index, width, hashes: bytes(32 * width) });
  }
  const records = Array.from({ length: n }, () => ({ payload: bytes(p.payloadBytes), nonce: bytes(32) }));
  return {
    tiles,
    bundles,
    payloads: { firstIndex: first, records },
    idempotency: records.map((_, i) => ({ submitter: 'bench', key: `k-${first + i}`, record: { index: first + i, treeSize: size, payloadDigest: bytes(32) } })),
    leafHashes: records.map(() => randomBytes(32)),
    checkpoint: {
      treeSize: size,
      note: `bench.example/commit\n${size}\n${randomBytes(32).toString('base64')}\n\n— bench ${randomBytes(64).toString('base64')}\n`,
    },
  };
}

const rounds = Array.from({ length: p.rounds }, (_, r) => round(r));
const EMPTY = { treeSize: 0, note: 'bench.example/commit\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— bench\n' };

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Commits every round to the store at `location`; the figures after the warm-up. */
async function measure(location) {
  const store = await openStore(location);
  try {
    await store.initialise({ origin: 'bench.example/commit', verifierKey: 'bench', createdAt: new Date().toISOString() }, EMPTY);
    const ms = [];
    for (const r of rounds) {
      const t0 = performance.now();
      await store.commitRound(r);
      ms.push(performance.now() - t0);
    }
    const timed = ms.slice(p.warmup);
    const sorted = [...timed].sort((a, b) => a - b);
    const total = timed.reduce((a, b) => a + b, 0);
    return {
      rounds: timed.length,
      entriesPerSecond: Math.round((timed.length * p.entries) / (total / 1000)),
      commitP50Ms: +percentile(sorted, 0.5).toFixed(1),
      commitP99Ms: +percentile(sorted, 0.99).toFixed(1),
    };
  } finally {
    await store.close();
  }
}

const dir = freshDir('commit-level');
let level;
try {
  level = await measure(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const cluster = startPostgres();
let postgres;
try {
  postgres = await measure(await cluster.createDatabase('bench_commit'));
} finally {
  cluster.stop();
}

const result = { entriesPerRound: p.entries, payloadBytes: p.payloadBytes, leveldb: level, postgres };
if (asSection) {
  reportResult(result);
} else {
  process.stdout.write(`commitRound, ${p.entries}-entry rounds of ${p.payloadBytes} B entries, ${level.rounds} rounds after ${p.warmup} of warm-up:\n`);
  for (const [name, r] of [
    ['LevelDB', level],
    ['PostgreSQL', postgres],
  ]) {
    process.stdout.write(
      `  ${name.padEnd(11)} ${String(r.entriesPerSecond).padStart(7)} entries/s   commit p50 ${r.commitP50Ms} ms   p99 ${r.commitP99Ms} ms\n`,
    );
  }
}
