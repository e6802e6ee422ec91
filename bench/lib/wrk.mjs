/**
 * wrk (https://github.com/wg/wrk, Debian package `wrk`), a load generator in C: it costs the
 * machine far less CPU per request than a node client, which matters when the server and the
 * generator share two cores. Closed loop: `connections` keep-alive connections on one thread.
 * Used beside the node:http generator where it is installed; the suite never needs it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The wrk binary, or undefined when it is not installed. */
export function findWrk() {
  for (const candidate of ['/usr/bin/wrk', '/usr/local/bin/wrk']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch (err) {
      // wrk --version prints its banner and exits 1; only a missing binary is an ENOENT.
      if (err.code !== 'ENOENT' && err.status !== undefined) return candidate;
    }
  }
  return undefined;
}

/** A Lua string literal holding arbitrary bytes (decimal escapes, valid in LuaJIT). */
function luaBytes(bytes) {
  let s = '"';
  for (const b of bytes) s += `\\${b}`;
  return `${s}"`;
}

/**
 * Writes a wrk script: one fixed request (method, headers, body) or GET requests on `paths` chosen
 * at random per request.
 * @param {string} dir
 * @param {{method?: string, headers?: Record<string,string>, body?: Uint8Array, paths?: string[]}} r
 */
export function writeWrkScript(dir, r) {
  const lines = [];
  if (r.paths) {
    lines.push('local paths = {');
    for (const path of r.paths) lines.push(`  ${JSON.stringify(path)},`);
    lines.push('}', 'math.randomseed(12345)', 'request = function()', '  return wrk.format("GET", paths[math.random(#paths)])', 'end');
  } else {
    lines.push(`wrk.method = ${JSON.stringify(r.method ?? 'GET')}`);
    for (const [k, v] of Object.entries(r.headers ?? {})) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
    if (r.body) lines.push(`wrk.body = ${luaBytes(r.body)}`);
  }
  const file = join(dir, `wrk-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function toMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

/**
 * Parses wrk's report.
 * @param {string} out
 */
export function parseWrk(out) {
  const num = (re) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : 0;
  };
  const dist = {};
  for (const m of out.matchAll(/^\s+(50|75|90|99)%\s+(\S+)$/gm)) dist[`p${m[1]}`] = toMs(m[2]);
  const requests = num(/^\s*(\d+) requests in/m);
  const seconds = (() => {
    const m = /requests in ([\d.]+)(ms|s|m)/.exec(out);
    return m ? toMs(`${m[1]}${m[2]}`) / 1000 : NaN;
  })();
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0;
  const timeouts = socket ? Number(socket[4]) : 0;
  const ok = requests - non2xx;
  return {
    requests,
    ok,
    non2xx,
    socketErrors,
    timeouts,
    seconds,
    perSec: ok / seconds,
    latencyMs: { p50: dist.p50, p75: dist.p75, p90: dist.p90, p99: dist.p99, mean: toMs(/Latency\s+(\S+)/.exec(out)?.[1] ?? '') },
  };
}

/**
 * Runs wrk for `durationS` seconds with `connections` connections on one thread.
 * @param {{wrk: string, url: string, script: string, connections: number, durationS: number, timeoutS?: number}} o
 */
export function runWrk(o) {
  const args = ['-t1', `-c${o.connections}`, `-d${o.durationS}s`, `--timeout`, `${o.timeoutS ?? 10}s`, '--latency', '-s', o.script, o.url];
  return new Promise((resolve, reject) => {
    execFile(o.wrk, args, { encoding: 'utf8', timeout: (o.durationS + 60) * 1000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`wrk failed: ${err.message} ${stderr}`));
      else resolve({ ...parseWrk(stdout), raw: stdout });
    });
  });
}
