/**
 * Proof and tile serving on a large log, and the log's footprint (issue 5, item 2): a prebuilt
 * log (1M entries; 10M when a prebuilt one is cached) served by `cairn serve`; inclusion and
 * consistency proofs and tiles over HTTP; bytes per entry on disk and the server's memory.
 */
import { join } from 'node:path';
import { runSection } from '../lib/child.mjs';
import { distUrl } from '../lib/paths.mjs';
import { startServer, watchServer } from '../lib/server.mjs';
import { fmt, fmtMiB, fmtMs } from '../lib/stats.mjs';
import { cachedStore, ensureBreakdown, ensureStore } from '../lib/store-cache.mjs';
import { runWrk, writeWrkScript } from '../lib/wrk.mjs';
import { rmSync } from 'node:fs';

const LOAD = new URL('../lib/http-load.mjs', import.meta.url);
const EVENT_BYTES = 200;
const PATHS = 4000;

/** A tlog-tiles index: groups of 3 digits, all but the last prefixed with x (C2SP tlog-tiles). */
function tileIndex(n) {
  const digits = String(n).padStart(3, '0');
  const groups = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end).padStart(3, '0'));
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function randomInt(n) {
  return Math.floor(Math.random() * n);
}

/** Request paths of each kind for a log of `size` entries. */
function pathsFor(size) {
  const inclusion = Array.from({ length: PATHS }, () => `/v1/proof/inclusion?index=${randomInt(size)}&size=${size}`);
  const consistency = Array.from({ length: PATHS }, () => `/v1/proof/consistency?from=${1 + randomInt(size - 1)}&to=${size}`);
  const tiles = [];
  for (let level = 0; level < 3; level++) {
    const full = Math.floor(size / 256 ** (level + 1));
    for (let k = 0; k < Math.min(full, PATHS / 2); k++) tiles.push(`/tile/${level}/${tileIndex(randomInt(full))}`);
  }
  const bundles = Array.from({ length: PATHS }, () => `/tile/entries/${tileIndex(randomInt(Math.floor(size / 256)))}`);
  return { inclusion, consistency, tiles, bundles };
}

/** Checks sample proofs from the server with the client's verifiers (a wrong store must not pass). */
async function checkProofs(url, verifierKey, meta) {
  const client = await import(distUrl('client/index.js'));
  const c = new client.CairnClient(url, { verifierKey });
  const cp = await c.checkpoint();
  for (let k = 0; k < 20; k++) await c.inclusionProof(randomInt(cp.treeSize), cp);
  let consistency = 0;
  for (const old of meta.checkpoints.slice(0, 10)) {
    if (old.treeSize >= cp.treeSize) continue;
    const proof = await c.consistencyProof(old.treeSize, cp.treeSize);
    client.verifyConsistency(old.treeSize, cp.treeSize, client.decodeBase64(old.rootHash), cp.rootHash, proof.hashes);
    consistency += 1;
  }
  return { treeSize: cp.treeSize, inclusionChecked: 20, consistencyChecked: consistency };
}

/**
 * Serves one prebuilt log and measures it.
 * @param {import('../run.mjs').Context} ctx
 * @param {{dataDir: string, meta: any, cached: boolean}} store
 */
async function measureLog(ctx, store) {
  const { timing } = ctx;
  const size = store.meta.entries;
  // A scan of 10M records takes minutes: larger logs get theirs from --prebuild only.
  const breakdown = store.meta.breakdown ?? (size <= 1_000_000 ? await ensureBreakdown(store) : undefined);
  const t0 = performance.now();
  let server;
  try {
    server = await startServer({ dataDir: store.dataDir, logFile: join(ctx.outDir, `proofs-${size}-server.log`), timeoutMs: 600_000 });
  } catch (err) {
    throw new Error(
      `cairn serve refused the cached log in ${store.dataDir} (built by an incompatible version? delete bench/out/stores/ to rebuild): ${err.message}`,
    );
  }
  const startMs = performance.now() - t0;
  const memoryAtStart = server.memory();
  const checked = await checkProofs(server.url, store.meta.verifierKey, store.meta);
  if (checked.treeSize !== size) throw new Error(`the served log has ${checked.treeSize} entries, not ${size}`);
  const paths = pathsFor(size);
  const results = {};
  const measure = async (kind) => {
    const requests = paths[kind].map((path) => ({ method: 'GET', path }));
    const r = {};
    if (kind === 'inclusion' || kind === 'consistency') {
      // Latency alone: one client, nothing queued in front of a request.
      r.latency = await runSection(LOAD, {
        mode: 'closed',
        url: server.url,
        requests,
        random: true,
        concurrency: 1,
        warmupMs: timing.httpWarmupMs,
        durationMs: timing.proofLatencyMs,
        expectStatus: 200,
      });
      if (r.latency.errors > 0 || r.latency.answered !== r.latency.ok) throw new Error(`${kind}: ${r.latency.firstError}`);
    }
    // Throughput: 16 clients; wrk when installed (lighter), else the node generator.
    if (ctx.wrk && !ctx.quick) {
      const script = writeWrkScript(ctx.outDir, { paths: paths[kind] });
      const t0 = performance.now();
      const w = await watchServer(server, () => runWrk({ wrk: ctx.wrk, url: server.url, script, connections: 16, durationS: timing.wrkS }));
      const wallMs = performance.now() - t0;
      rmSync(script);
      delete w.result.raw;
      r.throughput = { generator: 'wrk', ...w.result, server: w.server, wallMs };
    } else {
      const t0 = performance.now();
      const w = await watchServer(server, () =>
        runSection(LOAD, {
          mode: 'closed',
          url: server.url,
          requests,
          random: true,
          concurrency: 16,
          warmupMs: timing.httpWarmupMs,
          durationMs: timing.httpMs,
          expectStatus: 200,
        }),
      );
      r.throughput = { generator: 'node', ...w.result, server: w.server, wallMs: performance.now() - t0 };
    }
    const failed =
      (r.throughput.non2xx ?? r.throughput.answered - r.throughput.ok) + (r.throughput.errors ?? r.throughput.socketErrors) + r.throughput.timeouts;
    if (failed > 0) throw new Error(`${kind} on ${size} entries: ${failed} failed requests`);
    return r;
  };
  // First pass on a freshly started server: every tile a request needs is read from LevelDB and
  // its node hashes computed once (cold). The second pass of the proofs runs on the tiles the
  // first one left in the server's cache (warm: 4096 tiles, every level-0 tile of a 1M log).
  for (const kind of ['inclusion', 'consistency', 'tiles', 'bundles']) results[kind] = await measure(kind);
  for (const kind of ['inclusion', 'consistency']) results[`${kind}Warm`] = await measure(kind);
  const memory = server.memory();
  await server.stop();
  const last = store.meta.growth[store.meta.growth.length - 1];
  return {
    entries: size,
    cached: store.cached,
    buildSeconds: store.meta.seconds,
    builtBy: store.meta.builtBy,
    serverStartMs: startMs,
    memoryAtStart,
    memory,
    storage: {
      allocatedBytes: last.allocatedBytes,
      bytesPerEntry: last.allocatedBytes / size,
      eventBytesPerEntry: store.meta.eventBytes,
      overheadPerEntry: last.allocatedBytes / size - store.meta.eventBytes,
    },
    growth: store.meta.growth,
    breakdown,
    checked,
    ...results,
  };
}

/**
 * @param {import('../run.mjs').Context} ctx
 */
export async function proofsSuite(ctx) {
  const { timing } = ctx;
  const size = ctx.quick ? 20_000 : 1_000_000;
  ctx.report.section(
    `Proof and tile serving, storage and memory on logs of ${fmt(size)}${ctx.quick ? '' : ' and 10,000,000'} entries`,
    `the log is built once per code version by CairnLog directly (8 writers × requests of 1000 events of ${EVENT_BYTES} B pseudo-random bytes, rounds of up to 8192; ` +
      `cached under bench/out/stores/<hash of the on-disk format code>/), then served by ./bin/cairn serve. Before measuring, 20 inclusion proofs and up to 10 ` +
      `consistency proofs are verified with the client (CairnClient + verifyConsistency) against the signed checkpoint. Latency: node:http, 1 client, closed loop, ` +
      `${timing.proofLatencyMs} ms, random leaves / random old sizes (GET /v1/proof/inclusion?index=I&size=N, /v1/proof/consistency?from=M&to=N). ` +
      `Each proof kind is measured twice: first on the freshly started server (cold: tiles read from LevelDB and hashed once as they are first needed), ` +
      `then again once all four kinds ran (warm: the tiles the first passes read are in the server's 4096-tile cache). ` +
      `Throughput: 16 connections (${ctx.wrk && !ctx.quick ? `wrk -t1 -c16, ${timing.wrkS} s, a Lua script choosing a random path per request` : 'node:http generator'}). ` +
      `Tiles: random full hash tiles at levels 0–2 (/tile/L/N); bundles: random full entry bundles (/tile/entries/N). ` +
      `Storage: allocated bytes of the leveldb/ folder (like du) right after the build, divided by entries, and the logical bytes of each record kind ` +
      `(a scan of the closed store by key prefix); RSS of the server process after the proof loads, split into anonymous memory (RssAnon: what the process ` +
      `holds) and file-backed pages (RssFile: LevelDB mmaps its table files, so every page of the store that was read counts; page cache the kernel reclaims).`,
  );
  const logs = [];
  logs.push(await measureLog(ctx, await ensureStore(size, EVENT_BYTES)));
  let skipped10M;
  if (!ctx.quick) {
    const big = cachedStore(10_000_000, EVENT_BYTES);
    if (big) logs.push(await measureLog(ctx, big));
    else
      skipped10M =
        'no prebuilt 10M log for this code version: building one takes ~20 minutes, beyond the 10-minute budget; run `npm run bench -- --prebuild` once, then `npm run bench`';
  }
  const row = (l, kind) => {
    const r = l[kind];
    const t = r.throughput;
    return [
      `${kind.replace(/Warm$/, ' (warm)')} @ ${fmt(l.entries)}`,
      r.latency ? fmtMs(r.latency.latencyMs.p50) : '—',
      r.latency ? fmtMs(r.latency.latencyMs.p99) : '—',
      fmt(t.perSec),
      `${fmtMs(t.latencyMs.p50)} / ${fmtMs(t.latencyMs.p99)}`,
      t.server.cpuShare.toFixed(2),
      // CPU time per request (robust to what else runs on the machine, unlike requests/s).
      `${fmt((t.server.cpuShare * t.wallMs * 1000) / (t.requests ?? t.answered))} µs`,
    ];
  };
  ctx.report.table(
    ['request', 'p50 (1 client)', 'p99 (1 client)', 'requests/s (16 conns)', 'p50 / p99 (16 conns)', 'server CPU', 'server CPU per request'],
    logs.flatMap((l) => ['inclusion', 'consistency', 'inclusionWarm', 'consistencyWarm', 'tiles', 'bundles'].map((k) => row(l, k))),
  );
  ctx.report.table(
    [
      'log',
      'bytes/entry on disk',
      'of which event bytes',
      'overhead/entry',
      'server RSS at start',
      'server RSS after loads (peak)',
      'of which anonymous / file-backed',
      'server start',
      'build (commit)',
    ],
    logs.map((l) => [
      fmt(l.entries),
      fmt(l.storage.bytesPerEntry, 1),
      fmt(l.storage.eventBytesPerEntry),
      fmt(l.storage.overheadPerEntry, 1),
      fmtMiB(l.memoryAtStart.rss),
      `${fmtMiB(l.memory.rss)} (${fmtMiB(l.memory.peakRss)})`,
      `${fmtMiB(l.memory.rssAnon)} / ${fmtMiB(l.memory.rssFile)}`,
      fmtMs(l.serverStartMs),
      `${fmt(l.buildSeconds)} s${l.cached ? ', cached' : ''} (${(l.builtBy?.commit ?? '?').slice(0, 8)}${l.builtBy?.dirty ? '+' : ''})`,
    ]),
  );
  const growth = logs[logs.length - 1].growth;
  if (growth.length > 1) {
    ctx.report.table(
      ['entries (while building)', 'bytes/entry on disk', 'builder RSS'],
      growth.map((g) => [fmt(g.entries), fmt(g.allocatedBytes / g.entries, 1), fmtMiB(g.builderRss)]),
    );
  }
  const kinds = logs[0].breakdown;
  const n = logs[0].entries;
  ctx.report.table(
    [`record kind (log of ${fmt(n)})`, 'records', 'key + value bytes per entry (before compression)'],
    Object.entries(kinds)
      .sort((a, b) => b[1].keyBytes + b[1].valueBytes - (a[1].keyBytes + a[1].valueBytes))
      .map(([prefix, k]) => [`${prefix}: ${k.name}`, fmt(k.records), fmt((k.keyBytes + k.valueBytes) / n, 1)]),
  );
  if (skipped10M) ctx.report.note(`10M entries skipped: ${skipped10M}.`);
  return { logs, skipped10M };
}
