/**
 * `npm run chaos` (full: ≥ 20 SIGKILLs) and `npm run chaos -- --short` (3 kills, CI): builds
 * dist/ (unless --no-build), runs the chaos run of run.ts, prints the report and exits 0 when
 * nothing was lost, nothing forked, every check passed and fsck is clean; 1 otherwise; 2 for a
 * bad command line. See options.ts for the flags.
 */
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { killAllServers } from '../test/helpers/cli.js';
import { ChaosUsageError, USAGE, parseChaosArgs, type ChaosOptions } from './options.js';
import { formatReport, passed } from './report.js';
import { runClusterChaos } from './run-cluster.js';
import { runChaos, type ChaosResult } from './run.js';

const ROOT = resolve(import.meta.dirname, '..');

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  let options: ChaosOptions | undefined;
  try {
    options = parseChaosArgs(argv, Date.now() % 2 ** 31);
  } catch (err) {
    if (!(err instanceof ChaosUsageError)) throw err;
    process.stderr.write(`chaos: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === undefined) {
    print(USAGE);
    return 0;
  }
  if (options.build) {
    const t = performance.now();
    // The harness runs ./bin/cairn, i.e. dist/: never a stale build.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    print(`built dist/ in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  print(
    `chaos ${options.mode}: ${options.kills} kills, ${options.writers} writers, load ${options.minLoadMs}-${options.maxLoadMs} ms per cycle, seed ${options.seed}`,
  );

  // Ctrl-C: leave no server behind.
  process.once('SIGINT', () => {
    void killAllServers().then(() => process.exit(130));
  });

  let result: ChaosResult | undefined;
  try {
    result = options.store === 'postgres' ? await runClusterChaos(options, print) : await runChaos(options, print);
  } catch (err) {
    await killAllServers();
    process.stderr.write(`chaos: the run stopped early: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
  for (const line of formatReport(result, options)) print(line);
  const ok = passed(result, options);
  if (ok && options.dataDir === undefined && !options.keep) await rm(result.dataDir, { recursive: true, force: true });
  return ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
