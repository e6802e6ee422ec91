/**
 * How the runner and its sections talk: every measurement runs in a child process of its own (a
 * fresh heap, its own LevelDB handles), takes its parameters as a JSON file named by its one
 * argument (`@<path>`: request bodies can exceed the argument size limit), and reports one line
 * `RESULT <json>` on stdout. Anything else a child prints is passed through to stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULT = 'RESULT ';

/**
 * Runs `node [nodeArgs] <script> @<params file>` and resolves with the child's RESULT object.
 * Rejects when the child exits non-zero, prints no result, or runs longer than `timeoutMs`.
 * @param {string | URL} script
 * @param {unknown} params
 * @param {{nodeArgs?: string[], timeoutMs?: number}} [options]
 */
export function runSection(script, params, options = {}) {
  const path = script instanceof URL ? fileURLToPath(script) : script;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-params-'));
  const file = join(dir, 'params.json');
  writeFileSync(file, JSON.stringify(params));
  const args = [...(options.nodeArgs ?? []), path, `@${file}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
      process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (code !== 0 || line === undefined) {
        reject(
          new Error(
            `${path} ${code !== null ? `exited with ${code}` : `was killed by ${signal}`}${line === undefined ? ' without a result' : ''}: ${err.slice(-2000)}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line.slice(RESULT.length)));
    });
  });
}

/**
 * In a section: its parameters (argv[2]: `@<file>` holding JSON, or the JSON itself).
 * @returns {any}
 */
export function sectionParams() {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: node <section>.mjs @<params.json> | <json>');
  return JSON.parse(arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg);
}

/**
 * In a section: reports the result (one line) and lets the process end.
 * @param {unknown} result
 */
export function reportResult(result) {
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}
