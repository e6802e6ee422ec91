/**
 * The command line of the chaos harness (`npm run chaos -- [flags]`): two presets, full (the
 * default: at least 20 SIGKILLs, a few minutes) and `--short` (3 kills, under a minute, what
 * CI runs), and flags that change one setting of the preset.
 */
import { CodedError } from '../merkle/index.js';

/** Everything one chaos run is configured with. */
export interface ChaosOptions {
  /** How many times the server is SIGKILLed (and restarted). */
  kills: number;
  /** Concurrent writer loops. */
  writers: number;
  /** Each cycle appends for a random time in [minLoadMs, maxLoadMs] before the kill. */
  minLoadMs: number;
  maxLoadMs: number;
  /** Each cycle after the first ends this early (0–150 ms of load) with this probability. */
  earlyKillChance: number;
  /** Seed of the random choices (request kinds, sizes, keys, kill moments). */
  seed: number;
  /** Per check: how many server-made inclusion and consistency proofs to verify at most. */
  proofSample: number;
  /** Per check: how many acknowledged keyed requests to send again (each must replay). */
  replaySample: number;
  /** The data folder; a fresh temp folder when undefined. */
  dataDir: string | undefined;
  /** Keep the temp data folder at the end (it is always kept when the run fails). */
  keep: boolean;
  /** Skip `npm run build` (CI runs the harness right after the tests built dist/). */
  build: boolean;
  /** The preset's name, for the report. */
  mode: 'full' | 'short';
  /**
   * A self-test of the checks: 'rollback' copies the data folder after the first kill and puts
   * that copy back after the second (an operator restoring an old backup), so the run MUST
   * report lost entries and forks and exit 1. Needs at least 2 kills.
   */
  sabotage: 'rollback' | undefined;
  /**
   * 'level' (default): one `cairn serve` on a data folder. 'postgres' (issue 11): three processes
   * on one throwaway PostgreSQL; each kill is of the leader, a follower or PostgreSQL itself
   * (run-cluster.ts).
   */
  store: 'level' | 'postgres';
}

/** The full run: ≥ 20 kills, about three minutes on a 2-core machine. */
export const FULL: ChaosOptions = {
  kills: 20,
  writers: 8,
  minLoadMs: 200,
  maxLoadMs: 5000,
  earlyKillChance: 0.2,
  seed: 0,
  proofSample: 150,
  replaySample: 12,
  dataDir: undefined,
  keep: false,
  build: true,
  mode: 'full',
  sabotage: undefined,
  store: 'level',
};

/** The short run for CI: 3 kills, well under a minute. */
export const SHORT: ChaosOptions = { ...FULL, kills: 3, writers: 6, minLoadMs: 300, maxLoadMs: 2500, proofSample: 80, replaySample: 8, mode: 'short' };

/** A bad command line; main prints the message and the usage and exits 2. */
export class ChaosUsageError extends CodedError<'USAGE'> {
  override readonly name = 'ChaosUsageError';
  /** Requires a message that says what is wrong and what to do; the code is always USAGE. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
  }
}

/** The usage text. */
export const USAGE = `Usage: npm run chaos -- [--short] [options]

Runs ./bin/cairn serve under concurrent appends, SIGKILLs it at random moments, restarts it on
the same folder and checks after every restart that nothing acknowledged was lost and no
history was rewritten; then runs \`cairn fsck\` on the stopped folder.

  --short            3 kills, under a minute (CI); the default is the full run (20 kills)
  --kills N          how many SIGKILLs (full: 20, short: 3)
  --writers N        concurrent writers (full: 8, short: 6)
  --min-load-ms MS   shortest append time before a kill
  --max-load-ms MS   longest append time before a kill
  --seed N           seed of the random choices (default: from the clock, printed)
  --data DIR         data folder (default: a fresh temp folder)
  --keep             keep the temp data folder (always kept when the run fails)
  --no-build         do not run \`npm run build\` first
  --store postgres   three processes on one throwaway PostgreSQL (issue 11); each kill is of the
                     leader, a follower or PostgreSQL, in turn; default: level (one data folder)
  --sabotage-rollback  self-test: restore an old copy of the folder after the 2nd kill; the
                     run must then report lost entries and forks, and exit 1
  --help             this text

Exit status: 0 when every check passed (lost 0, forks 0, fsck clean), 1 otherwise, 2 for a bad
command line.
`;

function positiveInteger(flag: string, value: string | undefined, min: number): number {
  const n = value !== undefined && /^(0|[1-9][0-9]*)$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new ChaosUsageError(`${flag} needs a whole number of at least ${min}, not ${JSON.stringify(value)}`);
  return n;
}

/**
 * Parses the harness's arguments (without node and the script). Returns undefined for --help.
 * Throws ChaosUsageError for an unknown flag or a bad value. `seed` defaults to `defaultSeed`.
 */
export function parseChaosArgs(argv: readonly string[], defaultSeed: number): ChaosOptions | undefined {
  const options: ChaosOptions = { ...(argv.includes('--short') ? SHORT : FULL), seed: defaultSeed };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case '--short':
        break;
      case '--help':
      case '-h':
        return undefined;
      case '--kills':
        options.kills = positiveInteger(flag, value(), 1);
        break;
      case '--writers':
        options.writers = positiveInteger(flag, value(), 1);
        break;
      case '--min-load-ms':
        options.minLoadMs = positiveInteger(flag, value(), 0);
        break;
      case '--max-load-ms':
        options.maxLoadMs = positiveInteger(flag, value(), 1);
        break;
      case '--seed':
        options.seed = positiveInteger(flag, value(), 0);
        break;
      case '--data': {
        const dir = value();
        if (dir === undefined || dir === '') throw new ChaosUsageError('--data needs a folder');
        options.dataDir = dir;
        break;
      }
      case '--keep':
        options.keep = true;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--store': {
        const store = value();
        if (store !== 'level' && store !== 'postgres') throw new ChaosUsageError(`--store needs level or postgres, not ${JSON.stringify(store)}`);
        options.store = store;
        break;
      }
      case '--sabotage-rollback':
        options.sabotage = 'rollback';
        break;
      default:
        throw new ChaosUsageError(`unknown argument ${JSON.stringify(flag)}`);
    }
  }
  if (options.minLoadMs > options.maxLoadMs) throw new ChaosUsageError('--min-load-ms must not exceed --max-load-ms');
  if (options.sabotage !== undefined && options.store === 'postgres')
    throw new ChaosUsageError('--sabotage-rollback works on a data folder only (--store level)');
  if (options.sabotage !== undefined && options.kills < 2) throw new ChaosUsageError('--sabotage-rollback needs at least 2 kills');
  return options;
}
