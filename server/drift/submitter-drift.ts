/**
 * Writers' drift (issue 15): for each submitter, when it was last seen, how many entries it
 * appended, and how far its clock is from the log's: the skew of each entry that carries
 * `occurred_at`, recorded timestamp minus occurred_at (positive: the event was recorded after
 * it occurred, as it should be; a large value is a slow pipeline or a writer clock behind;
 * negative: a writer clock ahead).
 *
 * In memory, since the process started (`since`): a restart starts afresh, since rebuilding
 * from the log would read every leaf. Percentiles come from a bounded reservoir per submitter:
 * the latest RESERVOIR_SIZE skews (a ring), so they describe the writer's recent clock, not its
 * whole history. Entries older than `warnEventAgeNs` (occurred_at that far in the past) are
 * accepted and counted (`--warn-event-age-seconds`).
 */

/** Skews kept per submitter for the percentiles (the most recent ones). */
export const RESERVOIR_SIZE = 1024;

/** Distinct submitters tracked at most; beyond, new names are counted under OVERFLOW_SUBMITTER. */
export const MAX_TRACKED_SUBMITTERS = 10_000;

/** Where submitters beyond MAX_TRACKED_SUBMITTERS are counted. */
export const OVERFLOW_SUBMITTER = '(other)';

/** Skew percentiles of one submitter, ms (to the µs). */
export interface SkewSummary {
  /** Skews in the reservoir (at most RESERVOIR_SIZE). */
  count: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

/** One submitter's record since the process started. */
export interface SubmitterDriftRecord {
  submitter: string;
  /** Entries appended since start (replays not counted). */
  entries: number;
  /** The recorded timestamp of its newest entry, ns. */
  lastSeenNs: bigint;
  /** Entries with occurred_at. */
  withOccurredAt: number;
  /** Entries whose occurred_at lies more than warnEventAgeNs before their timestamp. */
  oldEvents: number;
  /** null when none of its entries carried occurred_at. */
  skewMs: SkewSummary | null;
}

/** How to build a SubmitterDrift. */
export interface SubmitterDriftOptions {
  /** Count entries whose skew exceeds this (ns); undefined: none counted. */
  warnEventAgeNs?: bigint;
  /** Called for each entry with occurred_at (metrics). */
  onSkew?: (submitter: string, skewSeconds: number, old: boolean) => void;
}

interface State {
  entries: number;
  lastSeenNs: bigint;
  withOccurredAt: number;
  oldEvents: number;
  ring: Float64Array;
  /** Next write position in `ring`; the ring holds min(withOccurredAt, size) values. */
  next: number;
}

/** The tracker; see the file comment. */
export class SubmitterDrift {
  /** When tracking started, ns since the epoch. */
  readonly sinceNs: bigint;
  private readonly states = new Map<string, State>();
  private readonly options: SubmitterDriftOptions;

  constructor(options: SubmitterDriftOptions = {}, sinceNs: bigint = BigInt(Date.now()) * 1_000_000n) {
    this.options = options;
    this.sinceNs = sinceNs;
  }

  /** Records one appended entry. `occurredAtNs` 0n = not given. Cheap: O(1). */
  observe(submitter: string, timestampNs: bigint, occurredAtNs: bigint): void {
    const state = this.stateOf(submitter);
    state.entries += 1;
    if (timestampNs > state.lastSeenNs) state.lastSeenNs = timestampNs;
    if (occurredAtNs === 0n) return;
    const skewNs = timestampNs - occurredAtNs;
    const old = this.options.warnEventAgeNs !== undefined && skewNs > this.options.warnEventAgeNs;
    state.withOccurredAt += 1;
    if (old) state.oldEvents += 1;
    state.ring[state.next] = Number(skewNs) / 1e6;
    state.next = (state.next + 1) % RESERVOIR_SIZE;
    this.options.onSkew?.(submitter, Number(skewNs) / 1e9, old);
  }

  /** Every submitter seen since start, by name. */
  list(): SubmitterDriftRecord[] {
    return [...this.states.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([submitter, s]) => ({
        submitter,
        entries: s.entries,
        lastSeenNs: s.lastSeenNs,
        withOccurredAt: s.withOccurredAt,
        oldEvents: s.oldEvents,
        skewMs: summarize(s.ring.subarray(0, Math.min(s.withOccurredAt, RESERVOIR_SIZE))),
      }));
  }

  private stateOf(submitter: string): State {
    let state = this.states.get(submitter);
    if (state === undefined) {
      const name = this.states.size >= MAX_TRACKED_SUBMITTERS ? OVERFLOW_SUBMITTER : submitter;
      state = this.states.get(name);
      if (state === undefined) {
        state = { entries: 0, lastSeenNs: 0n, withOccurredAt: 0, oldEvents: 0, ring: new Float64Array(RESERVOIR_SIZE), next: 0 };
        this.states.set(name, state);
      }
    }
    return state;
  }
}

/** Nearest-rank percentiles of the values (ms), rounded to the µs; null when empty. */
export function summarize(values: Float64Array): SkewSummary | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number): number => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
  return { count: sorted.length, p50: rank(50), p90: rank(90), p99: rank(99), min: round(sorted[0]!), max: round(sorted[sorted.length - 1]!) };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
