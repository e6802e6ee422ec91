/**
 * Append throughput through HTTP (issue 5, item 2): `cairn serve` in its own process on a fresh
 * folder; single appends with N concurrent clients and batch appends of 100 events, each driven
 * by the node:http generator (its own process) and, where installed, by wrk.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSection } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { distUrl, freshDir } from '../lib/paths.mjs';
import { startServer, watchServer } from '../lib/server.mjs';
import { fmt, fmtMiB, fmtMs } from '../lib/stats.mjs';
import { runWrk, writeWrkScript } from '../lib/wrk.mjs';

const LOAD = new URL('../lib/http-load.mjs', import.meta.url);
const BATCH = 100;
const EVENT_BYTES = 200;

/** The request bodies: distinct single events and batches of the same events (JSON and protobuf). */
async function bodies(count) {
  const { cairn } = await import(distUrl('proto/gen/cairn.js'));
  const source = new EventSource(EVENT_BYTES);
  const singles = source.events(0, count).map((e) => Buffer.from(e));
  const json = [];
  const proto = [];
  for (let b = 0; b < Math.max(1, Math.floor(count / 8)); b++) {
    const events = source.events(b * BATCH, BATCH);
    json.push(Buffer.from(JSON.stringify({ entries: events.map((e) => ({ payload: Buffer.from(e).toString('base64') })) })));
    proto.push(Buffer.from(cairn.v1.AppendRequest.encode({ entries: events.map((e) => ({ payload: e, contentType: 'application/octet-stream' })) }).finish()));
  }
  return { singles, json, proto };
}

/**
 * @param {import('../run.mjs').Context} ctx
 */
export async function httpSuite(ctx) {
  const { timing } = ctx;
  const dataDir = freshDir('http');
  const server = await startServer({ dataDir, logFile: join(ctx.outDir, 'http-server.log') });
  const b = await bodies(64);
  const auth = { authorization: `Bearer ${server.token}` };
  const single = { method: 'POST', path: '/v1/entries', headers: { ...auth, 'content-type': 'application/octet-stream' } };
  const kinds = [
    ...[1, 16, 64, 256].map((n) => ({
      name: `single, ${n} client${n > 1 ? 's' : ''}`,
      kind: 'single',
      concurrency: n,
      events: 1,
      requests: b.singles.map((body) => ({ ...single, body })),
    })),
    {
      name: `batch of ${BATCH} (JSON), 16 clients`,
      kind: 'batch-json',
      concurrency: 16,
      events: BATCH,
      requests: b.json.map((body) => ({ method: 'POST', path: '/v1/entries/batch', headers: { ...auth, 'content-type': 'application/json' }, body })),
    },
    {
      name: `batch of ${BATCH} (protobuf), 16 clients`,
      kind: 'batch-proto',
      concurrency: 16,
      events: BATCH,
      requests: b.proto.map((body) => ({
        method: 'POST',
        path: '/v1/entries/batch',
        headers: { ...auth, 'content-type': 'application/x-protobuf', accept: 'application/x-protobuf' },
        body,
      })),
    },
  ];
  ctx.report.section(
    'Append throughput through HTTP (cairn serve in its own process)',
    `./bin/cairn serve --port 0 on a fresh data folder (node --max-semi-space-size=64, default limits, request log lines to a file), one server for all rows in this order. ` +
      `Generators, each in its own process on the same 2 cores: node = node:http with one keep-alive Agent (maxSockets = clients), ` +
      `N clients each sending its next request when its answer arrives (closed loop), ${timing.httpWarmupMs} ms warm-up, then the 201 answers completed in a ${timing.httpMs} ms window; ` +
      `wrk = wrk -t1 -cN (one thread, N keep-alive connections, closed loop, ${timing.wrkS} s, one fixed body), when installed. ` +
      `Events of ${EVENT_BYTES} B pseudo-random bytes; singles as the raw body (application/octet-stream); batches as {"entries":[{"payload":b64}×${BATCH}]} ` +
      `or as a protobuf AppendRequest with Accept: application/x-protobuf. Server CPU = its CPU time / wall time (1.0 = one core); round = mean entries per sequencing round from its log lines.`,
  );
  const rows = [];
  const results = [];
  const receipts = [];
  for (const k of kinds) {
    const wireRequests = k.requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, body: r.body.toString('base64') }));
    const keep = k.kind === 'single' && k.concurrency === 16 ? 200 : k.kind === 'batch-json' ? 2 : 0;
    const node = await watchServer(server, () =>
      runSection(LOAD, {
        mode: 'closed',
        url: server.url,
        requests: wireRequests,
        concurrency: k.concurrency,
        warmupMs: timing.httpWarmupMs,
        durationMs: timing.httpMs,
        expectStatus: 201,
        keepBodies: keep,
        timeoutMs: 30_000,
      }),
    );
    // Errors fail the run; slowness (even no answer inside a short quick window) never does.
    if (node.result.errors > 0 || node.result.timeouts > 0 || node.result.answered !== node.result.ok) {
      throw new Error(
        `${k.name}: ${node.result.answered - node.result.ok} unexpected statuses, ${node.result.errors} errors, ${node.result.timeouts} timeouts: ${node.result.firstError}`,
      );
    }
    if (k.kind === 'single') receipts.push(...node.result.bodies);
    if (k.kind === 'batch-json') {
      for (const text of node.result.bodies) {
        const answer = JSON.parse(text);
        if (answer.receipts.length !== BATCH) throw new Error(`a batch of ${BATCH} returned ${answer.receipts.length} receipts`);
        receipts.push(...answer.receipts.slice(0, 50).map((r) => JSON.stringify(r)));
      }
    }
    let wrk;
    if (ctx.wrk && (!ctx.quick || (k.kind === 'single' && k.concurrency === 16))) {
      const script = writeWrkScript(ctx.outDir, { method: k.requests[0].method, headers: k.requests[0].headers, body: k.requests[0].body });
      wrk = await watchServer(server, () =>
        runWrk({ wrk: ctx.wrk, url: `${server.url}${k.requests[0].path}`, script, connections: k.concurrency, durationS: timing.wrkS }),
      );
      rmSync(script);
      if (wrk.result.non2xx > 0 || wrk.result.socketErrors > 0)
        throw new Error(`${k.name} (wrk): ${wrk.result.non2xx} non-2xx answers, ${wrk.result.socketErrors} socket errors: ${wrk.result.raw}`);
      delete wrk.result.raw;
    }
    const r = {
      name: k.name,
      kind: k.kind,
      concurrency: k.concurrency,
      eventsPerRequest: k.events,
      node: { ...node.result, bodies: undefined, entriesPerSec: node.result.perSec * k.events, server: node.server },
      wrk: wrk && { ...wrk.result, entriesPerSec: wrk.result.perSec * k.events, server: wrk.server },
    };
    r.entriesPerSec = Math.max(r.node.entriesPerSec, r.wrk?.entriesPerSec ?? 0);
    results.push(r);
    const row = (name, g) => [
      k.name,
      name,
      fmt(g.entriesPerSec),
      fmt(g.perSec),
      fmtMs(g.latencyMs.p50),
      fmtMs(g.latencyMs.p99),
      g.server.cpuShare.toFixed(2),
      fmt(g.server.meanRoundEntries),
      String((g.non2xx ?? g.answered - g.ok) + (g.errors ?? g.socketErrors) + g.timeouts),
    ];
    rows.push(row('node:http', r.node));
    if (r.wrk) rows.push(row('wrk', r.wrk));
  }
  const memory = server.memory();
  const stopped = await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  ctx.report.table(['load', 'generator', 'entries/s', 'requests/s', 'p50', 'p99', 'server CPU', 'round entries', 'errors'], rows);
  ctx.report.note(`server RSS after the HTTP rows: ${fmtMiB(memory.rss)} (peak ${fmtMiB(memory.peakRss)}); exit code on SIGTERM ${stopped.code}.`);
  const receiptsFile = join(ctx.outDir, 'receipts.json');
  writeFileSync(receiptsFile, JSON.stringify(receipts));
  return { rows: results, memory, receiptsFile, verifierKey: server.verifierKey };
}
