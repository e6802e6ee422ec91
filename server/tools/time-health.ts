/**
 * What `cairn monitor` checks of a Cairn log's time (issue 15), beyond its checkpoints:
 *
 * - the log's own clock, from `clock` of `GET /v1/log`: `unsynchronized` is an alert (the log
 *   stamps entries by a clock off NTP, or cannot check it); `unchecked` is a warning (nobody
 *   checks it); a log without `clock` (another tlog-tiles log, an older Cairn) is not checked;
 * - with `maxWriterSkewMs`, the writers' clocks, from `GET /v1/submitters` (a reader token):
 *   an alert for each submitter whose skew p99 exceeds the bound (either way).
 *
 * Reads over plain fetch with the monitor's token. A /v1/log that cannot be read is not checked;
 * a /v1/submitters that cannot be read (with `maxWriterSkewMs`) is a `TimeHealthError` (the
 * monitor reports it, and retries in follow mode).
 */
import { CodedError } from '../../merkle/index.js';
import type { ClockJson, SubmittersJson } from '../../client/index.js';

/** One finding. `alert`s change the exit status of `--once`; `warning`s are only reported. */
export interface TimeFinding {
  severity: 'alert' | 'warning';
  kind: 'clock_unsynchronized' | 'clock_unchecked' | 'writer_skew';
  message: string;
  /** The submitter, for writer_skew. */
  submitter?: string;
}

/** What the check reads. */
export interface TimeHealthOptions {
  /** The log's URL prefix (serves /v1/log). */
  url: string;
  token?: string | undefined;
  /** Alert on a submitter whose |skew p99| exceeds this (ms); undefined: writers are not checked. */
  maxWriterSkewMs?: number | undefined;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

/** A read of /v1/log or /v1/submitters failed. */
export class TimeHealthError extends CodedError<'READ_FAILED'> {
  override readonly name = 'TimeHealthError';
  /** Requires a message that says what is wrong and what to do; the code is always READ_FAILED. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('READ_FAILED', message, options);
  }
}

async function getJson(url: string, options: TimeHealthOptions): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { Accept: 'application/json', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new TimeHealthError(`GET ${url}: ${(err as Error).message}`, { cause: err });
  }
  const text = await res.text();
  if (!res.ok) return { status: res.status, body: undefined };
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch (err) {
    throw new TimeHealthError(`GET ${url} did not answer JSON`, { cause: err });
  }
}

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** The findings about the clock in a /v1/log `clock` member (pure). */
export function clockFindings(clock: ClockJson | undefined): TimeFinding[] {
  if (clock === undefined) return [];
  if (clock.status === 'unsynchronized') {
    const offset = clock.offsetMs === null ? 'no usable NTP answer' : `offset ${clock.offsetMs} ms, bound ${clock.maxOffsetMs} ms`;
    return [
      {
        severity: 'alert',
        kind: 'clock_unsynchronized',
        message: `the log's clock is not synchronised (${offset}): ${clock.reason}; checked at ${clock.checkedAt ?? 'never'}`,
      },
    ];
  }
  if (clock.status === 'unchecked') {
    return [
      {
        severity: 'warning',
        kind: 'clock_unchecked',
        message: "the log's clock is not checked against NTP (no --ntp-server): its timestamps are the host clock and nothing more",
      },
    ];
  }
  return [];
}

/** The findings about writers whose |skew p99| exceeds `maxSkewMs` (pure). */
export function writerSkewFindings(submitters: SubmittersJson, maxSkewMs: number): TimeFinding[] {
  const out: TimeFinding[] = [];
  for (const s of submitters.submitters) {
    const p99 = s.skewMs?.p99;
    if (p99 === undefined || p99 === null || Math.abs(p99) <= maxSkewMs) continue;
    out.push({
      severity: 'alert',
      kind: 'writer_skew',
      submitter: s.submitter,
      message: `the clock of writer ${JSON.stringify(s.submitter)} drifts: skew p99 ${p99} ms (recorded minus occurred time, ${s.skewMs!.count} entries) exceeds ${maxSkewMs} ms`,
    });
  }
  return out;
}

/** Reads the log's time health; throws TimeHealthError when a needed read fails. */
export async function checkTimeHealth(options: TimeHealthOptions): Promise<TimeFinding[]> {
  // Not a Cairn log, an older one, or unreachable (the checkpoint check reports that): the
  // log's clock is then not checked.
  const info = await getJson(joinUrl(options.url, '/v1/log'), options).catch(() => ({ status: 0, body: undefined }));
  const clock = typeof info.body === 'object' && info.body !== null ? (info.body as { clock?: ClockJson }).clock : undefined;
  const findings = clockFindings(clock);
  if (options.maxWriterSkewMs !== undefined) {
    const url = joinUrl(options.url, '/v1/submitters');
    const res = await getJson(url, options);
    if (res.body === undefined)
      throw new TimeHealthError(`GET ${url} answered ${res.status}; --max-writer-skew-ms needs a Cairn log and a reader token (--token)`);
    findings.push(...writerSkewFindings(res.body as SubmittersJson, options.maxWriterSkewMs));
  }
  return findings;
}
