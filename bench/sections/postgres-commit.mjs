/**
 * Store commit speed, PostgreSQL beside LevelDB in one run (issue 11): `commitRound` of
 * sequencer-shaped rounds (default 1,000 entries of 200 B: level-0 tiles and entry bundles that
 * widen and fill, a level-1 tile, payload chunks, one idempotency key and one leaf hash per
 * entry, a checkpoint) on a fresh store of each driver, through `openStore` from dist/. LevelDB
 * in a temporary folder (one synced batch per round); PostgreSQL on a throwaway cluster on a
 * unix socket, fsync and synchronous_commit on. Rounds are built before timing; after a warm-up,
 * entries/s = entries / summed commit time.
 *
 * PostgreSQL variants, alternated in the same run on the same cluster:
 * - `pg-1stmt`: the driver's commitRound, one statement (`cairn.commit_round`, one round trip);
 * - `pg-10stmt`: the earlier path on the earlier schema (version 2: foreign keys checked per row,
 *   pglz), rebuilt here from the driver's own pieces: BEGIN, the head's compare-and-swap, each
 *   kind of row as its own statement, COMMIT (ten round trips).
 * Each is measured on an idle event loop and on a busy one (`busyMs` > 0: a task that keeps the
 * loop busy for busyMs at a time, as HTTP requests do in a loaded server), because every round
 * trip waits for the loop before the next statement is sent. CPU: node's own per round
 * (process.cpuUsage) and PostgreSQL's (every process of the throwaway cluster, /proc) per round.
 *
 * Run: `node bench/sections/postgres-commit.mjs` (prints a table), or as a section with
 * `@params.json` / a JSON argument: {rounds, entries, payloadBytes, warmup, busyMs} (prints RESULT).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { distUrl, freshDir } from '../lib/paths.mjs';
import { clusterCpuMs, startPostgres } from './postgres-cluster.mjs';

const asSection = process.argv[2] !== undefined;
const p = { rounds: 40, entries: 1000, payloadBytes: 200, warmup: 3, busyMs: 2, ...(asSection ? sectionParams() : {}) };
const { openStore } = await import(distUrl('server/store/open-store.js'));
const { swapHead } = await import(distUrl('server/store/postgres/head.js'));
const { writeObjectRows, writeHeadRows } = await import(distUrl('server/store/postgres/pg-writes.js'));
const { roundObjects, roundHeadUpdate } = await import(distUrl('server/store/store.js'));
const { migrate } = await import(distUrl('server/store/postgres/migrate.js'));
const { MIGRATIONS } = await import(distUrl('server/store/postgres/schema.js'));
const { PgPool } = await import(distUrl('server/store/postgres/pg-pool.js'));
const { PgLogStore } = await import(distUrl('server/store/postgres/pg-log-store.js'));

/** A store on a database left at schema version 2 (before cairn.commit_round and migration 3's changes). */
async function openVersion2(url) {
  const pool = new PgPool(url);
  const client = await pool.pool.connect();
  await migrate(client, MIGRATIONS.slice(0, 2));
  client.release();
  return new PgLogStore(pool, 'default', url);
}

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

/** The earlier ten-statement commit of a round (one transaction, a round trip per statement). */
async function commitTenStatements(store, round, previous) {
  const id = await store.logId();
  await store.db.transaction('committing a round', async (c) => {
    if (
      !(await swapHead(
        c,
        id,
        { treeSize: previous.treeSize, checkpoint: previous.note },
        { treeSize: round.checkpoint.treeSize, checkpoint: round.checkpoint.note },
      ))
    )
      throw new Error('CAS lost');
    await writeObjectRows(c, id, roundObjects(round), 'after');
    await writeHeadRows(c, id, roundHeadUpdate(round));
  });
}

/** Keeps the event loop busy `ms` at a time, yielding between slices, until stopped. */
function busyLoop(ms) {
  let running = ms > 0;
  const slice = () => {
    if (!running) return;
    const until = performance.now() + ms;
    while (performance.now() < until);
    setImmediate(slice);
  };
  if (running) setImmediate(slice);
  return () => (running = false);
}

/** Commits every round to the store at `location` with `commit`; the figures after the warm-up. */
async function measure(location, commit, busyMs, pgDir, open = openStore) {
  const store = await open(location);
  const stop = busyLoop(busyMs);
  try {
    await store.initialise({ origin: 'bench.example/commit', verifierKey: 'bench', createdAt: new Date().toISOString() }, EMPTY);
    const ms = [];
    let previous = EMPTY;
    let cpu0;
    let pg0;
    for (const [i, r] of rounds.entries()) {
      if (i === p.warmup) {
        cpu0 = process.cpuUsage();
        pg0 = pgDir ? clusterCpuMs(pgDir) : 0;
      }
      const t0 = performance.now();
      await commit(store, r, previous);
      ms.push(performance.now() - t0);
      previous = r.checkpoint;
    }
    const cpu = process.cpuUsage(cpu0);
    const pgCpu = pgDir ? (clusterCpuMs(pgDir) - pg0) / 1000 : undefined;
    const timed = ms.slice(p.warmup);
    const sorted = [...timed].sort((a, b) => a - b);
    const total = timed.reduce((a, b) => a + b, 0);
    return {
      rounds: timed.length,
      busyMs,
      entriesPerSecond: Math.round((timed.length * p.entries) / (total / 1000)),
      commitP50Ms: +percentile(sorted, 0.5).toFixed(2),
      commitP99Ms: +percentile(sorted, 0.99).toFixed(2),
      // Node's CPU includes the busy loop's when busyMs > 0: compare it on the idle loop only.
      nodeCpuMsPerRound: busyMs > 0 ? undefined : +((cpu.user + cpu.system) / 1000 / timed.length).toFixed(2),
      pgCpuMsPerRound: pgCpu === undefined ? undefined : +((pgCpu * 1000) / timed.length).toFixed(2),
    };
  } finally {
    stop();
    await store.close();
  }
}

const oneStatement = (store, r, previous) => store.commitRound(r, { previous });
const results = {};
for (const busy of [0, p.busyMs]) {
  const dir = freshDir('commit-level');
  try {
    results[`leveldb${busy ? '-busy' : ''}`] = await measure(dir, oneStatement, busy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const cluster = startPostgres();
try {
  const pgDir = cluster.dir;
  let n = 0;
  // Alternated: new, old, new, old (idle loop, then busy), each on a fresh database.
  for (const busy of [0, p.busyMs]) {
    for (const [name, commit, open] of [
      ['pg-1stmt', oneStatement, openStore],
      ['pg-10stmt', commitTenStatements, openVersion2],
    ]) {
      results[`${name}${busy ? '-busy' : ''}`] = await measure(await cluster.createDatabase(`bench_commit_${++n}`), commit, busy, pgDir, open);
    }
  }
} finally {
  cluster.stop();
}

const result = { entriesPerRound: p.entries, payloadBytes: p.payloadBytes, busyMs: p.busyMs, ...results };
if (asSection) {
  reportResult(result);
} else {
  process.stdout.write(
    `commitRound, ${p.entries}-entry rounds of ${p.payloadBytes} B entries, ${p.rounds - p.warmup} rounds after ${p.warmup} of warm-up (busy: the loop busy ${p.busyMs} ms at a time):\n`,
  );
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(
      `  ${name.padEnd(16)} ${String(r.entriesPerSecond).padStart(7)} entries/s   commit p50 ${r.commitP50Ms} ms   p99 ${r.commitP99Ms} ms` +
        `${r.nodeCpuMsPerRound === undefined ? '' : `   node CPU ${r.nodeCpuMsPerRound} ms/round`}${r.pgCpuMsPerRound === undefined ? '' : `   PostgreSQL CPU ${r.pgCpuMsPerRound} ms/round`}\n`,
    );
  }
}
