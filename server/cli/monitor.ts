/**
 * `cairn monitor --url U --vkey K --state F [--once] [--interval S] [--on-alert CMD] [--json]`
 * (SPEC §7): follows a log's checkpoints and proves, with tiles only, that each new one extends
 * the last one it verified (kept in F). Works on any C2SP tlog-tiles log.
 *
 * F holds the last verified checkpoint note, exactly as the log signed it, replaced atomically
 * (temp file, fsync, rename, fsync of the folder) and only after a successful check: an alert
 * never moves the trusted state. Without F the first checkpoint is trusted on first use.
 *
 * Exit codes: 0 ok (--once) or stopped by SIGINT/SIGTERM; 1 could not check (with --once; in
 * follow mode network errors are reported and retried); 2 usage; 3 bad signature; 4 rollback;
 * 5 fork.
 */
import {
  MonitorAlert,
  TileClient,
  TileError,
  checkLog,
  verifyCheckpointNote,
  type MonitorAlertKind,
  type MonitorOutcome,
  type MonitoredLog,
  type VerifiedCheckpoint,
} from '../../client/index.js';
import { encodeBase64, VerificationError, type VerifierKey } from '../../proofs/index.js';
import { runAlertCommand } from '../tools/alert-command.js';
import { readTextIfExists, writeFileAtomic } from '../tools/atomic-file.js';
import { EXIT_BAD_SIGNATURE, EXIT_FORK, EXIT_ROLLBACK } from '../tools/exit-codes.js';
import { readVerifierKeyOption } from '../tools/verifier-key-option.js';
import { EXIT_OK, UsageError, defineCommand, requireOption, type CommandIo } from './command.js';
import { EXIT_UNWITNESSED, WitnessWatch, parseMaxUnwitnessed } from './monitor-witness.js';
import { parseMaxWriterSkewMs, watchTime } from './monitor-time.js';
import { loadPolicyOption } from './witness-bounds.js';

/** The exit code of each kind of alert. */
export const ALERT_EXIT_CODES: Record<MonitorAlertKind, number> = {
  bad_signature: EXIT_BAD_SIGNATURE,
  rollback: EXIT_ROLLBACK,
  fork: EXIT_FORK,
};

/** Default seconds between two checks in follow mode. */
export const DEFAULT_INTERVAL_SECONDS = 60;

/** Everything runMonitor needs, resolved from the command line. */
export interface MonitorSettings {
  url: string;
  verifierKey: VerifierKey;
  statePath: string;
  once: boolean;
  intervalMs: number;
  onAlert: string | undefined;
  json: boolean;
  token: string | undefined;
  /** The log to read; a TileClient on `url` when absent (tests may pass their own). */
  log?: MonitoredLog;
  /** `--policy`: alert when the newest checkpoint lacks the witness quorum too long (issue 12). */
  witness?: WitnessWatch;
  /** Time checks (issue 15, monitor-time.ts): the log's clock (--check-clock), and writers' with maxWriterSkewMs; off by default (tiles only). */
  time?: { maxWriterSkewMs: number | undefined };
}

/**
 * Runs the monitor: one check with `once`, else a check every interval until `signal` aborts.
 * Returns the exit code (see the file comment). Writes one line per new checkpoint to stdout
 * (a JSON object per line with `json`), alerts and errors to stderr.
 */
export async function runMonitor(settings: MonitorSettings, io: CommandIo, signal?: AbortSignal): Promise<number> {
  const log = settings.log ?? new TileClient(settings.url, { ...(settings.token ? { token: settings.token } : {}), retries: 2 });
  let trusted = await loadState(settings.statePath, settings.verifierKey);
  let reported = false;
  for (;;) {
    const time = new Date();
    try {
      const outcome = await checkLog(log, settings.verifierKey, trusted);
      if (outcome.kind !== 'unchanged') await writeFileAtomic(settings.statePath, outcome.checkpoint.note);
      trusted = outcome.checkpoint;
      const unwitnessed = settings.witness?.observe(outcome.checkpoint.note, outcome.checkpoint.treeSize, time);
      if (unwitnessed !== undefined) return await raiseUnwitnessed(unwitnessed, outcome.checkpoint.treeSize, settings, io, time);
      // Follow mode prints the first outcome and then only what changed.
      if (!reported || outcome.kind !== 'unchanged') io.stdout(formatOutcome(outcome, settings, time));
      reported = true;
      const timeAlert = settings.time && (await watchTime({ ...settings, maxWriterSkewMs: settings.time.maxWriterSkewMs }, io, time));
      if (timeAlert) return timeAlert;
    } catch (err) {
      if (err instanceof MonitorAlert) return raiseAlert(err, settings, io, time);
      if (settings.once || !isRetryable(err)) throw err;
      const message = (err as Error).message;
      if (settings.json) io.stdout(JSON.stringify({ event: 'error', time: time.toISOString(), url: settings.url, message }) + '\n');
      io.stderr(`cairn monitor: ${time.toISOString()} could not check ${settings.url}: ${message}; retrying in ${settings.intervalMs / 1000} s\n`);
    }
    if (settings.once) return EXIT_OK;
    if (!(await sleep(settings.intervalMs, signal))) return EXIT_OK;
  }
}

/** Network and tile read failures are retried in follow mode; anything else is a bug or a file problem. */
function isRetryable(err: unknown): boolean {
  return err instanceof TileError;
}

/** The trusted checkpoint in the state file, verified with the key; undefined when there is no file. */
async function loadState(path: string, key: VerifierKey): Promise<VerifiedCheckpoint | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  try {
    return verifyCheckpointNote(text, key);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw new Error(
      `the state file ${path} does not hold a checkpoint signed with this verifier key (${err.message}). ` +
        'Give each log its own --state file; delete this one only if you mean to trust the log anew.',
      { cause: err },
    );
  }
}

function formatOutcome(outcome: MonitorOutcome, settings: MonitorSettings, time: Date): string {
  const c = outcome.checkpoint;
  const root = encodeBase64(c.rootHash);
  if (settings.json) {
    return (
      JSON.stringify({
        event: outcome.kind,
        time: time.toISOString(),
        url: settings.url,
        origin: c.origin,
        treeSize: c.treeSize,
        rootHash: root,
        ...(outcome.kind === 'consistent' ? { previousTreeSize: outcome.previous.treeSize } : {}),
      }) + '\n'
    );
  }
  const stamp = time.toISOString();
  switch (outcome.kind) {
    case 'first_use':
      return `${stamp} ${c.origin}: trusting on first use: size ${c.treeSize}, root ${root} (saved to ${settings.statePath})\n`;
    case 'unchanged':
      return `${stamp} ${c.origin}: size ${c.treeSize}, root ${root}: unchanged\n`;
    case 'consistent':
      return `${stamp} ${c.origin}: size ${c.treeSize} (+${c.treeSize - outcome.previous.treeSize}), root ${root}: consistent with size ${outcome.previous.treeSize}\n`;
  }
}

/** Reports an alert, runs --on-alert, and returns the alert's exit code. */
async function raiseAlert(alert: MonitorAlert, settings: MonitorSettings, io: CommandIo, time: Date): Promise<number> {
  const json = alert.toJson(settings.url, time);
  if (settings.json) io.stdout(JSON.stringify(json) + '\n');
  io.stderr(`cairn monitor: ALERT ${alert.kind.replace('_', ' ')} at ${settings.url}: ${alert.message}\n`);
  if (alert.trusted !== undefined) io.stderr(`cairn monitor: the last verified checkpoint stays in ${settings.statePath}\n`);
  if (settings.onAlert !== undefined) {
    try {
      const result = await runAlertCommand(settings.onAlert, json, io.stderr);
      if (result.code !== 0) {
        const how = result.timedOut ? 'timed out' : result.code === null ? `was killed by ${String(result.signal)}` : `exited with ${result.code}`;
        io.stderr(`cairn monitor: the --on-alert command ${how}\n`);
      }
    } catch (err) {
      io.stderr(`cairn monitor: could not run the --on-alert command: ${(err as Error).message}\n`);
    }
  }
  return ALERT_EXIT_CODES[alert.kind];
}

/** Reports an `unwitnessed` alert (issue 12) like the others, and returns its exit code. */
async function raiseUnwitnessed(message: string, treeSize: number, settings: MonitorSettings, io: CommandIo, time: Date): Promise<number> {
  const json = { event: 'alert', kind: 'unwitnessed', time: time.toISOString(), url: settings.url, treeSize, message };
  if (settings.json) io.stdout(JSON.stringify(json) + '\n');
  io.stderr(`cairn monitor: ALERT unwitnessed at ${settings.url}: ${message}\n`);
  if (settings.onAlert !== undefined) {
    try {
      await runAlertCommand(settings.onAlert, json, io.stderr);
    } catch (err) {
      io.stderr(`cairn monitor: could not run the --on-alert command: ${(err as Error).message}\n`);
    }
  }
  return EXIT_UNWITNESSED;
}

/** Waits `ms`; false when `signal` aborted (before or during the wait). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds as given to --interval: a positive decimal number up to one day. */
function parseInterval(text: string): number {
  const seconds = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0) || seconds > 86_400) {
    throw new UsageError(`--interval (CAIRN_MONITOR_INTERVAL) must be a number of seconds above 0 and at most 86400, not ${JSON.stringify(text)}`);
  }
  return Math.round(seconds * 1000);
}

/** The `cairn monitor` command. */
export const monitorCommand = defineCommand({
  name: 'monitor',
  summary: "follow a log's checkpoints and prove each new one consistent with the last verified one (tiles only)",
  usage:
    'monitor --url U --vkey K --state F [--once] [--interval S] [--on-alert CMD] [--token T] [--policy FILE [--max-unwitnessed-seconds N]] [--json]\n\n' +
    'Exit codes: 0 ok (or stopped by SIGINT/SIGTERM), 1 could not check (--once; follow mode reports\n' +
    'network errors and retries), 2 usage, 3 bad signature, 4 rollback (a smaller tree), 5 fork (same\n' +
    'size with another root, or a consistency proof that fails). F keeps the last verified checkpoint;\n' +
    'an alert leaves it unchanged. --on-alert runs CMD with `sh -c`, the alert as JSON on stdin.\n' +
    '7 unwitnessed (--policy): the newest checkpoint lacked the quorum for longer than N seconds.',
  options: {
    url: { type: 'string', help: "the log's URL prefix (serves /checkpoint and /tile/...)", env: 'CAIRN_URL', placeholder: 'U' },
    vkey: { type: 'string', help: "the log's verifier key, or a file holding it", env: 'CAIRN_VKEY', placeholder: 'K' },
    state: { type: 'string', help: 'file with the last verified checkpoint (created on first use)', env: 'CAIRN_MONITOR_STATE', placeholder: 'F' },
    once: { type: 'boolean', help: 'check once and exit instead of following', env: 'CAIRN_MONITOR_ONCE' },
    interval: {
      type: 'string',
      help: 'seconds between checks when following',
      env: 'CAIRN_MONITOR_INTERVAL',
      default: String(DEFAULT_INTERVAL_SECONDS),
      placeholder: 'S',
    },
    'on-alert': { type: 'string', help: 'shell command run on an alert, with the alert as JSON on stdin', env: 'CAIRN_ON_ALERT', placeholder: 'CMD' },
    token: { type: 'string', help: 'reader token, for a log that requires one for reads', env: 'CAIRN_TOKEN', placeholder: 'T' },
    policy: {
      type: 'string',
      help: "a tlog-policy file: alert (exit 7) when the newest checkpoint lacks its witnesses' quorum too long",
      env: 'CAIRN_WITNESS_POLICY',
      placeholder: 'FILE',
    },
    'check-clock': {
      type: 'boolean',
      help: 'also read /v1/log of a Cairn log and alert (exit 8) when its clock is not synchronised with NTP',
      env: 'CAIRN_MONITOR_CHECK_CLOCK',
    },
    'max-writer-skew-ms': {
      type: 'string',
      help: "also alert (exit 8) when a writer's clock skew p99 in /v1/submitters exceeds N ms (needs a reader --token; implies --check-clock)",
      env: 'CAIRN_MAX_WRITER_SKEW_MS',
      placeholder: 'N',
    },
    'max-unwitnessed-seconds': {
      type: 'string',
      help: 'with --policy: how long the newest checkpoint may lack the quorum (0: at once)',
      env: 'CAIRN_MAX_UNWITNESSED_SECONDS',
      placeholder: 'N',
    },
  },
  async run(options, _positionals, io) {
    const url = requireOption(monitorCommand, options, 'url');
    const vkey = requireOption(monitorCommand, options, 'vkey');
    const statePath = requireOption(monitorCommand, options, 'state');
    let verifierKey: VerifierKey;
    try {
      verifierKey = await readVerifierKeyOption(vkey);
    } catch (err) {
      throw new UsageError(`--vkey: ${(err as Error).message}`);
    }
    let log: TileClient;
    try {
      log = new TileClient(url, { ...(options.token ? { token: options.token } : {}), retries: 2 });
    } catch (err) {
      throw new UsageError(`--url: ${(err as Error).message}`);
    }
    const settings: MonitorSettings = {
      log,
      url,
      verifierKey,
      statePath,
      once: options.once,
      intervalMs: parseInterval(options.interval ?? String(DEFAULT_INTERVAL_SECONDS)),
      onAlert: options['on-alert'] === '' ? undefined : options['on-alert'],
      json: options.json,
      token: options.token === '' ? undefined : options.token,
    };
    const maxWriterSkewMs = parseMaxWriterSkewMs(options['max-writer-skew-ms']);
    // Off by default: on any tlog-tiles log the monitor reads the checkpoint and tiles only.
    if (options['check-clock'] || maxWriterSkewMs !== undefined) settings.time = { maxWriterSkewMs };
    if (options.policy !== undefined && options.policy !== '') {
      const policy = await loadPolicyOption(options.policy);
      try {
        settings.witness = new WitnessWatch(policy, parseMaxUnwitnessed(options['max-unwitnessed-seconds']), verifierKey);
      } catch (err) {
        if (err instanceof VerificationError) throw new UsageError(`--policy: ${err.message}`);
        throw err;
      }
    } else if (options['max-unwitnessed-seconds'] !== undefined) {
      throw new UsageError('--max-unwitnessed-seconds needs --policy FILE');
    }
    if (settings.once) return runMonitor(settings, io);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runMonitor(settings, io, controller.signal);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
});
