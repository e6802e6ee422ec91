/**
 * The node:http load generator (run it as its own process: `node http-load.mjs <json>`). One
 * keep-alive Agent; every request is a plain http.request, its body a prepared Buffer.
 *
 * Modes:
 * - `closed`: `concurrency` clients, each sending its next request when the last answer arrived;
 *   after `warmupMs`, counts the answers that complete in the next `durationMs`, with their
 *   latencies.
 * - `open`: requests are scheduled at `rate` per second, t_i = t0 + i / rate, and sent on
 *   schedule whether or not earlier ones were answered (no coordinated omission); latency runs
 *   from the SCHEDULED time to the last byte of the answer, so a late send counts against the
 *   server too. Requests not answered within `timeoutMs` count as timeouts.
 *
 * Params: {mode, url, requests: [{method, path, headers, body?: base64}] (cycled, or chosen at
 * random with `random: true`), concurrency?, rate?, warmupMs, durationMs, timeoutMs?,
 * expectStatus, keepBodies?: number}
 * Result: {sent, answered, ok, byStatus, errors, timeouts, seconds, perSec, latencyMs: {p50,p95,p99,max,mean},
 * maxSendLagMs, bodies?: string[] (the first `keepBodies` OK answers, for verification)}
 */
import http from 'node:http';
import { reportResult, sectionParams } from './child.mjs';
import { percentiles } from './stats.mjs';

const p = sectionParams();
const base = new URL(p.url);
const templates = p.requests.map((r) => ({
  method: r.method,
  path: r.path,
  headers: { ...(r.headers ?? {}), ...(r.body ? { 'content-length': String(Buffer.from(r.body, 'base64').length) } : {}) },
  body: r.body ? Buffer.from(r.body, 'base64') : undefined,
}));
const agent = new http.Agent({ keepAlive: true, maxSockets: p.mode === 'open' ? 4096 : p.concurrency, scheduling: 'fifo' });

let measuring = false;
let sent = 0;
let answered = 0;
let ok = 0;
let errors = 0;
let timeouts = 0;
const byStatus = {};
const latencies = [];
const bodies = [];
let firstError;
let pick = 0;

function template() {
  if (p.random) return templates[Math.floor(Math.random() * templates.length)];
  const t = templates[pick % templates.length];
  pick += 1;
  return t;
}

/**
 * Sends one request; resolves when it is answered or failed. `start` is when latency starts.
 * `counted`: whether its outcome counts; undefined = it counts when it completes inside the
 * measuring window (closed loop: throughput is completions per second of the window).
 */
function send(start, counted) {
  const t = template();
  return new Promise((resolve) => {
    let done = false;
    const finish = (kind, status, body) => {
      if (done) return;
      done = true;
      if (counted ?? measuring) {
        if (kind === 'answer') {
          answered += 1;
          byStatus[status] = (byStatus[status] ?? 0) + 1;
          if (status === p.expectStatus) {
            ok += 1;
            latencies.push(performance.now() - start);
            if (bodies.length < (p.keepBodies ?? 0)) bodies.push(body);
          } else if (firstError === undefined) firstError = `HTTP ${status}: ${body.slice(0, 300)}`;
        } else if (kind === 'timeout') timeouts += 1;
        else {
          errors += 1;
          firstError ??= body;
        }
      }
      resolve();
    };
    const req = http.request({ host: base.hostname, port: base.port, method: t.method, path: t.path, headers: t.headers, agent }, (res) => {
      const keep = bodies.length < (p.keepBodies ?? 0);
      const chunks = [];
      res.on('data', (c) => {
        if (keep || res.statusCode !== p.expectStatus) chunks.push(c);
      });
      res.on('end', () => finish('answer', res.statusCode, Buffer.concat(chunks).toString('utf8')));
      res.on('error', (e) => finish('error', 0, e.message));
    });
    if (p.timeoutMs) {
      req.setTimeout(p.timeoutMs, () => {
        finish('timeout', 0, 'timeout');
        req.destroy();
      });
    }
    req.on('error', (e) => finish('error', 0, e.message));
    req.end(t.body);
  });
}

let t0;
let seconds;
let maxSendLagMs = 0;
if (p.mode === 'closed') {
  let stop = false;
  const client = async () => {
    while (!stop) {
      if (measuring) sent += 1;
      await send(performance.now(), undefined);
    }
  };
  const clients = Array.from({ length: p.concurrency }, client);
  await new Promise((r) => setTimeout(r, p.warmupMs));
  measuring = true;
  t0 = performance.now();
  await new Promise((r) => setTimeout(r, p.durationMs));
  measuring = false;
  seconds = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(clients);
} else if (p.mode === 'open') {
  const interval = 1000 / p.rate;
  const start = performance.now();
  const warmEnd = start + p.warmupMs;
  const end = warmEnd + p.durationMs;
  const inflight = [];
  let i = 0;
  // The scheduler: each turn sends every request whose time has come, then sleeps until the next
  // one is due (a timer, not a busy loop: the generator must leave the CPU to the server).
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (true) {
        const due = start + i * interval;
        if (due > now || due >= end) break;
        const counted = due >= warmEnd;
        if (counted) {
          sent += 1;
          maxSendLagMs = Math.max(maxSendLagMs, now - due);
        }
        inflight.push(send(due, counted));
        i += 1;
      }
      const due = start + i * interval;
      if (due >= end) resolve();
      else setTimeout(tick, Math.max(0, due - performance.now()));
    };
    tick();
  });
  t0 = warmEnd;
  seconds = p.durationMs / 1000;
  await Promise.all(inflight);
} else {
  throw new Error(`unknown mode ${p.mode}`);
}
agent.destroy();

const pc = percentiles(latencies, [50, 95, 99, 99.9]);
reportResult({
  mode: p.mode,
  concurrency: p.concurrency,
  rate: p.rate,
  sent,
  answered,
  ok,
  byStatus,
  errors,
  timeouts,
  firstError,
  seconds,
  perSec: ok / seconds,
  latencyMs: { ...pc, max: latencies.reduce((a, b) => Math.max(a, b), 0), mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1) },
  maxSendLagMs,
  bodies,
});
