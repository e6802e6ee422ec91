/**
 * What limits the figures (issue 5, item 4): the direct append (CairnLog without HTTP) and
 * `cairn serve` under `node --cpu-prof` while one load runs, then the functions with the most self
 * time and the split by area (our folders, npm packages, node internals, GC), counting only the
 * samples taken while the load ran.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runSection } from '../lib/child.mjs';
import { summariseCpuProfile } from '../lib/cpu-profile.mjs';
import { EventSource } from '../lib/events.mjs';
import { freshDir } from '../lib/paths.mjs';
import { startServer, watchServer } from '../lib/server.mjs';
import { fmt } from '../lib/stats.mjs';
import { runWrk, writeWrkScript } from '../lib/wrk.mjs';

const LOAD = new URL('../lib/http-load.mjs', import.meta.url);

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{proofStore?: {dataDir: string, meta: any}}} extra a prebuilt log for the proof profile
 */
export async function profileSuite(ctx, extra = {}) {
  const { timing } = ctx;
  const source = new EventSource(200);
  const loads = [
    {
      name: 'batch appends (JSON, 100 events, 16 clients)',
      body: Buffer.from(JSON.stringify({ entries: source.events(0, 100).map((e) => ({ payload: Buffer.from(e).toString('base64') })) })),
      path: '/v1/entries/batch',
      contentType: 'application/json',
      concurrency: 16,
    },
    { name: 'single appends (64 clients)', body: Buffer.from(source.event(0)), path: '/v1/entries', contentType: 'application/octet-stream', concurrency: 64 },
  ];
  if (extra.proofStore) loads.push({ name: `inclusion proofs on ${fmt(extra.proofStore.meta.entries)} entries (16 clients)`, proofs: extra.proofStore });
  ctx.report.section(
    'CPU profiles (what limits the figures)',
    `first the append without HTTP (the append-cairn measurement, requests of 100 × 200 B, under node --max-semi-space-size=64 --cpu-prof, ` +
      `${timing.profileS} s window); then ./bin/cairn serve under node --cpu-prof (same flags otherwise), one load for ${ctx.wrk ? `${timing.profileS} s of wrk -t1` : `${timing.profileS} s of the node:http generator`}, ` +
      `then SIGTERM (the profile is written on exit); only the samples taken while the load ran are counted. Self time per function and per area ` +
      `(cairn <folder>, npm <package>, node:<module>, GC); shares are of the non-idle samples. Profiles: bench/out/profiles/.`,
  );
  const profDir = join(ctx.outDir, 'profiles');
  mkdirSync(profDir, { recursive: true });
  const results = [];

  // Append without HTTP: the append-cairn section itself under --cpu-prof.
  const directDir = join(profDir, `direct-${Date.now()}`);
  const direct = await runSection(
    new URL('../sections/append-cairn.mjs', import.meta.url),
    { eventBytes: 200, requestEvents: 100, concurrency: 82, warmupMs: ctx.quick ? 200 : 1000, durationMs: timing.profileS * 1000 },
    { nodeArgs: ['--max-semi-space-size=64', '--cpu-prof', `--cpu-prof-dir=${directDir}`] },
  );
  const directProfile = readdirSync(directDir).find((f) => f.endsWith('.cpuprofile'));
  if (!directProfile) throw new Error('no CPU profile was written for the direct append');
  const directSummary = summariseCpuProfile(join(directDir, directProfile), 15, direct.windowUs);
  results.push({
    load: 'append without HTTP (CairnLog, requests of 100 × 200 B, 82 in flight)',
    entriesPerSec: direct.entriesPerSec,
    profile: join(directDir, directProfile),
    ...directSummary,
  });
  printProfile(
    ctx,
    `append without HTTP (CairnLog, requests of 100 × 200 B, 82 in flight): ${fmt(direct.entriesPerSec)} entries/s while profiled`,
    directSummary,
  );

  for (const load of loads) {
    const dataDir = load.proofs ? load.proofs.dataDir : freshDir('profile');
    const server = await startServer({ dataDir, logFile: join(ctx.outDir, 'profile-server.log'), cpuProfDir: profDir, timeoutMs: 600_000 });
    let perSec;
    const startUs = Number(process.hrtime.bigint() / 1000n);
    if (load.proofs) {
      const size = load.proofs.meta.entries;
      const paths = Array.from({ length: 4000 }, () => `/v1/proof/inclusion?index=${Math.floor(Math.random() * size)}&size=${size}`);
      perSec = await drive(
        ctx,
        server,
        { paths },
        paths.map((path) => ({ method: 'GET', path })),
        16,
        200,
      );
    } else {
      const headers = { authorization: `Bearer ${server.token}`, 'content-type': load.contentType };
      perSec = await drive(
        ctx,
        server,
        { method: 'POST', headers, body: load.body, path: load.path },
        [{ method: 'POST', path: load.path, headers, body: load.body.toString('base64') }],
        load.concurrency,
        201,
      );
    }
    const endUs = Number(process.hrtime.bigint() / 1000n);
    const { profile } = await server.stop();
    if (!load.proofs) rmSync(dataDir, { recursive: true, force: true });
    if (!profile) throw new Error(`no CPU profile was written for ${load.name}`);
    const summary = summariseCpuProfile(profile, 15, { startUs, endUs });
    results.push({ load: load.name, requestsPerSec: perSec, profile, ...summary });
    printProfile(ctx, `${load.name}: ${fmt(perSec)} requests/s while profiled`, summary);
  }
  return results;
}

/** One profile's split by area and its top functions. */
function printProfile(ctx, title, summary) {
  ctx.report.note(`${title}; ${fmt(summary.busyMs)} ms busy of ${fmt(summary.totalMs)} ms sampled.`);
  ctx.report.table(
    ['area', 'self ms', 'share'],
    summary.areas.slice(0, 8).map((a) => [a.area, fmt(a.selfMs), `${(a.share * 100).toFixed(1)}%`]),
  );
  ctx.report.table(
    ['function (file:line)', 'self ms', 'share'],
    summary.functions.slice(0, 12).map((f) => [f.name, fmt(f.selfMs), `${(f.share * 100).toFixed(1)}%`]),
  );
}

/** Drives one load on the server for the profile's duration; returns requests/s. */
async function drive(ctx, server, wrkRequest, nodeRequests, concurrency, expectStatus) {
  if (ctx.wrk) {
    const script = writeWrkScript(ctx.outDir, wrkRequest.paths ? { paths: wrkRequest.paths } : wrkRequest);
    const url = wrkRequest.paths ? server.url : `${server.url}${wrkRequest.path}`;
    const w = await watchServer(server, () => runWrk({ wrk: ctx.wrk, url, script, connections: concurrency, durationS: ctx.timing.profileS }));
    rmSync(script);
    return w.result.perSec;
  }
  const r = await runSection(LOAD, {
    mode: 'closed',
    url: server.url,
    requests: nodeRequests,
    random: true,
    concurrency,
    warmupMs: 200,
    durationMs: ctx.timing.profileS * 1000,
    expectStatus,
  });
  return r.perSec;
}
