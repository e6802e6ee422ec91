/**
 * Write-to-receipt latency at fixed offered rates, open loop (issue 5, item 2): single appends
 * sent on a schedule whatever the server does, latency from the scheduled send to the receipt.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventSource } from '../lib/events.mjs';
import { loadgenBinary, runLoad } from '../lib/loadgen.mjs';
import { freshDir } from '../lib/paths.mjs';
import { startServer, watchServer } from '../lib/server.mjs';
import { fmt, fmtMiB, fmtMs } from '../lib/stats.mjs';
import { folderBytes } from '../lib/system.mjs';

const RATES = [500, 1000, 2000, 5000, 8000];
const TIMEOUT_MS = 10_000;
/** The Go generator's connection cap: 5,000/s with a 50 ms p99 needs ~250 in flight; past the cap requests queue in the generator (and count). */
const MAX_CONNECTIONS = 1024;

/**
 * @param {import('../run.mjs').Context} ctx
 */
export async function latencySuite(ctx) {
  const { timing } = ctx;
  const generator = loadgenBinary()
    ? `the Go generator bench/loadgen (own process, wrk2-style: hand-written HTTP/1.1 over keep-alive connections, a new connection whenever ` +
      `every open one is busy, up to ${MAX_CONNECTIONS}; its own CPU time is in the table)`
    : 'the node:http generator (Go is not installed; own process, keep-alive Agent, up to 4096 sockets; it saturates near 2–4k requests/s, ' +
      'so the higher rates measure it as much as the server)';
  ctx.report.section(
    'Write-to-receipt latency, open loop (single appends, POST /v1/entries)',
    `a fresh ./bin/cairn serve; ${generator} schedules request i at t0 + i/rate ` +
      `and sends it then whether or not earlier requests were answered (timer-driven, no busy loop); latency = receipt received − SCHEDULED time ` +
      `(so a late send counts too: no coordinated omission); ${timing.latencyWarmupMs} ms warm-up, then ${timing.latencyMs} ms measured per rate; ` +
      `a request unanswered after ${TIMEOUT_MS / 1000} s is a timeout; events of 200 B pseudo-random bytes; default server settings (batch delay 0).`,
  );
  const dataDir = freshDir('latency');
  const server = await startServer({ dataDir, logFile: join(ctx.outDir, 'latency-server.log') });
  const source = new EventSource(200);
  const requests = source.events(0, 64).map((e) => ({
    method: 'POST',
    path: '/v1/entries',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(e).toString('base64'),
  }));
  const rows = [];
  const results = [];
  for (const rate of RATES) {
    const w = await watchServer(server, () =>
      runLoad({
        mode: 'open',
        url: server.url,
        requests,
        rate,
        maxConnections: MAX_CONNECTIONS,
        warmupMs: timing.latencyWarmupMs,
        durationMs: timing.latencyMs,
        timeoutMs: TIMEOUT_MS,
        expectStatus: 201,
      }),
    );
    const r = w.result;
    // Overload (503, timeouts) is a measurement here; a 4xx means the benchmark itself is wrong.
    const clientErrors = Object.keys(r.byStatus).filter((code) => code.startsWith('4'));
    if (clientErrors.length > 0) throw new Error(`open loop at ${rate}/s got ${clientErrors.join(', ')}: ${r.firstError}`);
    const failed = r.sent - r.ok;
    // Over warm-up and measurement (watchServer's window): the open loop sends `rate` requests a second, one entry each.
    const cpuPerRequestUs = (w.server.cpuShare * 1e6) / rate;
    results.push({ rate, ...r, bodies: undefined, server: { ...w.server, cpuPerRequestUs } });
    rows.push([
      fmt(rate),
      fmt(r.ok / r.seconds),
      fmtMs(r.latencyMs.p50),
      fmtMs(r.latencyMs.p95),
      fmtMs(r.latencyMs.p99),
      fmtMs(r.latencyMs.max),
      `${failed} (${r.timeouts} timeouts, ${r.errors} errors, ${r.answered - r.ok} non-201)`,
      fmtMs(r.maxSendLagMs),
      `${fmt(w.server.meanRoundEntries, 1)} / ${fmtMs(w.server.meanCommitMs)}`,
      w.server.cpuShare.toFixed(2),
      // CPU time per request and per round: unlike latency, hardly moved by what else runs on the machine.
      `${fmt(cpuPerRequestUs)} / ${fmt(cpuPerRequestUs * w.server.meanRoundEntries)}`,
      r.generatorCpuSeconds === undefined
        ? `${r.generator ?? 'node'}`
        : `go, ${(r.generatorCpuSeconds / (r.seconds + timing.latencyWarmupMs / 1000)).toFixed(2)}`,
    ]);
  }
  const memory = server.memory();
  const entries = (await (await fetch(`${server.url}/v1/log`)).json()).treeSize;
  await server.stop();
  // Storage when rounds are small (each round stores a signed checkpoint and rewrites the right edge).
  const bytes = folderBytes(join(dataDir, 'leveldb'));
  rmSync(dataDir, { recursive: true, force: true });
  ctx.report.table(
    [
      'offered/s',
      'receipts/s',
      'p50',
      'p95',
      'p99',
      'max',
      'failed',
      'max send lag',
      'round entries / commit',
      'server CPU',
      'server CPU µs per request / per round',
      'generator, CPU',
    ],
    rows,
  );
  ctx.report.note(
    `server RSS after the rates: ${fmtMiB(memory.rss)}. The folder written at these rates (small rounds, ${fmt(entries)} entries) takes ` +
      `${fmt(bytes.allocated / Math.max(1, entries))} B per entry on disk, before LevelDB compaction.`,
  );
  return { rates: results, memory, smallRoundStorage: { entriesApprox: entries, allocatedBytes: bytes.allocated } };
}
