/**
 * Runs `cairn serve` in its own process for the HTTP benchmarks, exactly as an operator starts
 * it (`node --max-semi-space-size=64 dist/server/cli/main.js`, the flags of ./bin/cairn), with
 * stdout (one JSON log line per request and per round) going straight to a file so reading it
 * costs the benchmark nothing. Optionally under `node --cpu-prof`.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CAIRN_BIN } from './paths.mjs';
import { processCpuMs, processMemory } from './system.mjs';

/** Server processes started and not yet exited, so a failing run can end them. */
const running = new Set();

/** Kills (SIGKILL) every server this process started that is still running. */
export function killAllServers() {
  for (const child of running) child.kill('SIGKILL');
}

/** Node flags ./bin/cairn runs with (its shebang line). */
function launcherNodeFlags() {
  const first = readFileSync(CAIRN_BIN, 'utf8').split('\n')[0] ?? '';
  return first.split(/\s+/).filter((w) => w.startsWith('--'));
}

/**
 * A running `cairn serve`: its URL, verifier key and (on a new folder) the default writer token.
 * @typedef {{url: string, pid: number, verifierKey: string, token: string | undefined, logFile: string,
 *   memory(): {rss: number, peakRss: number}, stop(): Promise<{code: number | null, profile: string | undefined}>}} BenchServer
 */

/**
 * Starts `cairn serve --data <dataDir> --port 0 --json [extraArgs]` and waits for its `listening`
 * line (at most `timeoutMs`).
 * @param {{dataDir: string, logFile: string, extraArgs?: string[], cpuProfDir?: string, timeoutMs?: number}} o
 * @returns {Promise<BenchServer>}
 */
export async function startServer(o) {
  const nodeArgs = [...launcherNodeFlags()];
  if (o.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`);
  const out = openSync(o.logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, CAIRN_BIN, 'serve', '--data', o.dataDir, '--port', '0', '--json', ...(o.extraArgs ?? [])], {
    stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  let listening;
  while (listening === undefined) {
    if (child.exitCode !== null) throw new Error(`cairn serve exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`cairn serve did not start listening in time: ${stderr.slice(-2000)}`);
    }
    const line = readFileSync(o.logFile, 'utf8')
      .split('\n')
      .find((l) => l.includes('"event":"listening"'));
    if (line) listening = JSON.parse(line);
    else await new Promise((r) => setTimeout(r, 50));
  }
  const first = /^\{"firstStart".*$/m.exec(stderr);
  const token = first ? JSON.parse(first[0]).firstStart.token : undefined;

  return {
    url: listening.url,
    pid: child.pid,
    verifierKey: listening.verifierKey,
    token,
    logFile: o.logFile,
    memory: () => processMemory(child.pid),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      let profile;
      if (o.cpuProfDir) {
        const name = readdirSync(o.cpuProfDir).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${child.pid}.`));
        profile = name ? join(o.cpuProfDir, name) : undefined;
      }
      return { code, profile };
    },
  };
}

/**
 * What the server did while `work` ran: its CPU use (share of one core), and the rounds its log
 * lines report (count, mean entries, mean commit time).
 * @template T
 * @param {BenchServer} server
 * @param {() => Promise<T>} work
 * @returns {Promise<{result: T, server: {cpuShare: number, rounds: number, meanRoundEntries: number, meanRoundMs: number, meanCommitMs: number}}>}
 */
export async function watchServer(server, work) {
  const cpu0 = processCpuMs(server.pid);
  const off0 = statSync(server.logFile).size;
  const t0 = performance.now();
  const result = await work();
  const wall = performance.now() - t0;
  const cpu1 = processCpuMs(server.pid);
  const off1 = statSync(server.logFile).size;
  let rounds = 0;
  let entries = 0;
  let ms = 0;
  let commitMs = 0;
  if (off1 > off0) {
    const fd = openSync(server.logFile, 'r');
    const buf = Buffer.alloc(off1 - off0);
    readSync(fd, buf, 0, buf.length, off0);
    closeSync(fd);
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line.includes('"event":"round"')) continue;
      try {
        const r = JSON.parse(line);
        rounds += 1;
        entries += r.entries;
        ms += r.ms;
        commitMs += r.commitMs;
      } catch {
        // a line cut at the window's edge
      }
    }
  }
  return {
    result,
    server: {
      cpuShare: (cpu1 - cpu0) / wall,
      rounds,
      meanRoundEntries: rounds ? entries / rounds : 0,
      meanRoundMs: rounds ? ms / rounds : 0,
      meanCommitMs: rounds ? commitMs / rounds : 0,
    },
  };
}
