/**
 * What the clock monitor knows, as plain JSON-ready data (issue 15): the status, the combined
 * offset, and each source's last answer. `/v1/log` serves it as `clock`, the metrics read it,
 * and clock-evidence.ts turns it into a system entry. `combineSources` is the pure decision.
 */
import { formatTimestamp } from '../../proofs/index.js';
import type { LeapIndicator } from './sntp-packet.js';

/**
 * - `synchronized`: at least one source answered in the last 3 rounds and the median of their
 *   offsets is within the bound;
 * - `unsynchronized`: the median offset exceeds the bound, no source answered in the last 3
 *   rounds, or the first round has not finished yet;
 * - `unchecked`: no NTP server is configured; nobody checks the clock.
 */
export type ClockStatus = 'synchronized' | 'unsynchronized' | 'unchecked';

/** One configured server and what it last said. Times are RFC 3339 with nanoseconds. */
export interface ClockSourceSnapshot {
  /** The server as configured, canonical `host:port` or `[v6]:port`. */
  server: string;
  /** Whether this source counts in the median now (answered in the last 3 rounds). */
  usable: boolean;
  /** The server's clock minus ours at its last usable answer, ms (to the µs); null if none. */
  offsetMs: number | null;
  /** Round-trip delay of that exchange, ms (to the µs). */
  rttMs: number | null;
  stratum: number | null;
  leap: LeapIndicator | null;
  /** The server's transmit timestamp (T3) of that answer. */
  transmitTime: string | null;
  /** Our clock when that answer arrived (T4). */
  lastOk: string | null;
  /** Why the latest query failed; null when it succeeded. */
  error: string | null;
}

/** The monitor's view after its latest round. */
export interface ClockSnapshot {
  status: ClockStatus;
  /** A sentence saying why the status is what it is. */
  reason: string;
  /** The median of the usable sources' offsets, ms (to the µs); null when none is usable. */
  offsetMs: number | null;
  /** The median of their round-trip delays, ms. */
  rttMs: number | null;
  /** The lowest stratum among them (our clock would be one more). */
  stratum: number | null;
  /** The bound on |offsetMs| (--max-clock-offset-ms). */
  maxOffsetMs: number;
  sources: ClockSourceSnapshot[];
  /** Our clock when the latest round finished; null before the first. */
  checkedAt: string | null;
}

/** One source's usable sample, exact. */
export interface SourceSample {
  offsetNs: bigint;
  delayNs: bigint;
  stratum: number;
}

/** The outcome of combining the usable samples. */
export interface CombinedClock {
  status: 'synchronized' | 'unsynchronized';
  reason: string;
  offsetNs: bigint | null;
  delayNs: bigint | null;
  stratum: number | null;
}

/**
 * Combines the usable samples (issue 15): the median offset (mean of the two middle values for
 * an even count) against `maxOffsetNs`. With 3 or more sources one liar cannot move the median
 * past the honest ones; with 2, a liar drags the median halfway, so a large lie turns the status
 * unsynchronized (never a false "synchronized" unless both agree). Requires maxOffsetNs >= 0.
 */
export function combineSources(samples: readonly SourceSample[], maxOffsetNs: bigint, staleRounds: number): CombinedClock {
  if (samples.length === 0) {
    return {
      status: 'unsynchronized',
      reason: `no NTP server gave a usable answer in the last ${staleRounds} rounds`,
      offsetNs: null,
      delayNs: null,
      stratum: null,
    };
  }
  const offsetNs = median(samples.map((s) => s.offsetNs));
  const delayNs = median(samples.map((s) => s.delayNs));
  const stratum = Math.min(...samples.map((s) => s.stratum));
  const magnitude = offsetNs < 0n ? -offsetNs : offsetNs;
  const of = `median offset ${formatMs(offsetNs)} ms of ${samples.length} source${samples.length === 1 ? '' : 's'}`;
  if (magnitude > maxOffsetNs) {
    return { status: 'unsynchronized', reason: `${of} exceeds the bound of ${formatMs(maxOffsetNs)} ms`, offsetNs, delayNs, stratum };
  }
  return { status: 'synchronized', reason: `${of} is within the bound of ${formatMs(maxOffsetNs)} ms`, offsetNs, delayNs, stratum };
}

/** The median of a non-empty list (mean of the two middle values, rounded toward zero, for an even count). */
export function median(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n;
}

/** Nanoseconds as milliseconds rounded to the microsecond (what JSON carries). */
export function nsToMs(ns: bigint): number {
  const us = ns >= 0n ? (ns + 500n) / 1000n : -((-ns + 500n) / 1000n);
  return Number(us) / 1000;
}

/** RFC 3339 with nanoseconds of our clock, or null. */
export function formatInstant(ns: bigint | null | undefined): string | null {
  if (ns === null || ns === undefined || ns < 0n) return null;
  return formatTimestamp(ns);
}

function formatMs(ns: bigint): string {
  return nsToMs(ns).toString();
}
