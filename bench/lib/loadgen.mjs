/**
 * The Go open-loop generator (bench/loadgen/main.go, issue 17): wrk2-style constant-rate scheduling
 * at little CPU cost, where node's own generator saturates near 2–4k requests/s on this machine.
 * It takes the parameters of bench/lib/http-load.mjs and answers with the same result fields (plus
 * `generatorCpuSeconds` and `connections`), so a suite can use either.
 *
 * The binary is built from the sources with the Go toolchain (Debian `golang-go`) into
 * bench/out/loadgen/ the first time it is needed and again whenever a source is newer; without Go,
 * `runLoad` falls back to the node generator and says so in the result (`generator: 'node'`,
 * `fallback`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSection } from './child.mjs';
import { OUT, ROOT } from './paths.mjs';

const SOURCE = join(ROOT, 'bench', 'loadgen');
const BINARY = join(OUT, 'loadgen', 'loadgen');
const NODE_LOAD = new URL('./http-load.mjs', import.meta.url);

/** The go binary, or undefined when Go is not installed. */
export function findGo() {
  for (const candidate of ['go', '/usr/bin/go', '/usr/lib/go/bin/go', '/usr/local/go/bin/go']) {
    try {
      execFileSync(candidate, ['version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

let built;

/**
 * The generator's binary, built if missing or older than a source file; undefined without Go.
 * @returns {string | undefined}
 */
export function loadgenBinary() {
  if (built !== undefined) return built || undefined;
  const sources = readdirSync(SOURCE).map((f) => statSync(join(SOURCE, f)).mtimeMs);
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= Math.max(...sources)) return (built = BINARY);
  const go = findGo();
  if (go === undefined) {
    built = '';
    return undefined;
  }
  execFileSync(go, ['build', '-trimpath', '-o', BINARY, '.'], {
    cwd: SOURCE,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOCACHE: process.env.GOCACHE ?? join(OUT, 'go-cache'), GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  return (built = BINARY);
}

/**
 * Runs one load (parameters of http-load.mjs) with the Go generator, or with the node generator
 * when Go is missing. Resolves with the generator's result.
 * @param {object} params
 * @param {{timeoutMs?: number}} [options]
 */
export async function runLoad(params, options = {}) {
  const binary = loadgenBinary();
  if (binary === undefined) {
    const r = await runSection(NODE_LOAD, params, options);
    return {
      ...r,
      generator: 'node',
      fallback: 'Go is not installed (Debian golang-go): the node:http generator measured this, and saturates near 2–4k requests/s',
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-loadgen-'));
  const file = join(dir, 'params.json');
  writeFileSync(file, JSON.stringify(params));
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(binary, [`@${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const line = out.split('\n').find((l) => l.startsWith('RESULT '));
        if (code !== 0 || line === undefined)
          reject(new Error(`loadgen ${code !== null ? `exited with ${code}` : `was killed by ${signal}`}: ${err.slice(-2000)}`));
        else resolve(JSON.parse(line.slice('RESULT '.length)));
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
