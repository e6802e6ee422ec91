/**
 * `cairn monitor`'s time checks (issue 15): after each verified checkpoint, the log's clock
 * (`clock` of /v1/log: an `unsynchronized` clock is an alert) and, with `--max-writer-skew-ms N`,
 * each writer's clock (GET /v1/submitters with the reader token: skew p99 beyond N is an alert).
 * An alert is reported like the others (stderr, a JSON line with --json, --on-alert) and ends
 * the monitor with EXIT_TIME. The checks live in server/tools/time-health.ts.
 */
import { runAlertCommand } from '../tools/alert-command.js';
import { checkTimeHealth, TimeHealthError } from '../tools/time-health.js';
import { UsageError, type CommandIo } from './command.js';

/** The exit code of a time alert: the log's clock unsynchronised, or a writer's clock drifting. */
export const EXIT_TIME = 8;

/** What the time checks need of the monitor's settings. */
export interface TimeWatchSettings {
  url: string;
  token: string | undefined;
  json: boolean;
  once: boolean;
  onAlert: string | undefined;
  /** --max-writer-skew-ms; undefined: writers are not checked. */
  maxWriterSkewMs?: number | undefined;
}

/** Parses --max-writer-skew-ms: a whole number of ms from 1 to one day. */
export function parseMaxWriterSkewMs(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = /^[1-9][0-9]{0,7}$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 1 && ms <= 86_400_000))
    throw new UsageError(`--max-writer-skew-ms (CAIRN_MAX_WRITER_SKEW_MS) must be a whole number of ms from 1 to 86400000, not ${JSON.stringify(text)}`);
  return ms;
}

/**
 * Runs the time checks once. Returns EXIT_TIME after reporting an alert, undefined when all is
 * well. A failed /v1/submitters read throws with --once and is reported (then retried) in
 * follow mode.
 */
export async function watchTime(settings: TimeWatchSettings, io: CommandIo, time: Date): Promise<number | undefined> {
  let findings;
  try {
    findings = await checkTimeHealth({ url: settings.url, token: settings.token, maxWriterSkewMs: settings.maxWriterSkewMs });
  } catch (err) {
    if (!(err instanceof TimeHealthError) || settings.once) throw err;
    io.stderr(`cairn monitor: ${time.toISOString()} could not check the writers' clocks at ${settings.url}: ${err.message}; retrying\n`);
    return undefined;
  }
  const alerts = findings.filter((f) => f.severity === 'alert');
  if (alerts.length === 0) return undefined;
  for (const alert of alerts) {
    const json = {
      event: 'alert',
      kind: alert.kind,
      time: time.toISOString(),
      url: settings.url,
      message: alert.message,
      ...(alert.submitter !== undefined ? { submitter: alert.submitter } : {}),
    };
    if (settings.json) io.stdout(JSON.stringify(json) + '\n');
    io.stderr(`cairn monitor: ALERT ${alert.kind.replace('_', ' ')} at ${settings.url}: ${alert.message}\n`);
    if (settings.onAlert !== undefined) {
      try {
        await runAlertCommand(settings.onAlert, json, io.stderr);
      } catch (err) {
        io.stderr(`cairn monitor: could not run the --on-alert command: ${(err as Error).message}\n`);
      }
    }
  }
  return EXIT_TIME;
}
