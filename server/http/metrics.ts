/**
 * Prometheus metrics (SPEC §5 `GET /metrics`, text format via prom-client). Each Metrics object
 * has its own Registry, so two logs (or two tests) in one process never share counters.
 *
 * The CLI makes one with `createMetrics()`, passes `metrics.observeRound` to
 * `CairnLog.open(config, { onRound })`, and gives the same object to `createApp`, which feeds
 * the request counters and attaches the log for the gauges.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { registerClockMetrics } from '../clock/index.js';
import type { ServedLog } from './served-log.js';
import type { EventIndex } from '../index/index.js';
import type { RoundReport } from '../sequencer/types.js';

/** The log's metrics. */
export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type of `render()`'s text. */
  readonly contentType: string;
  /** Records one sequencing round (hook for `CairnLog.open`'s `onRound`). */
  observeRound(report: RoundReport): void;
  /** Records one HTTP request. `route` is the route pattern, never the raw path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Records one entry's writer skew (recorded minus occurred time, s) and whether it was older than --warn-event-age-seconds (issue 15). */
  observeSkew(submitter: string, skewSeconds: number, old: boolean): void;
  /** The log whose tree size and pending entries the gauges report at scrape time. */
  attach(log: ServedLog): void;
  /** The search index whose lag `cairn_index_lag_entries` reports (issue 13). */
  attachIndex(index: Pick<EventIndex, 'lag' | 'indexedSize'>): void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
}

// Rounds take from well under a millisecond (memory) to tens of milliseconds (fsync).
const ROUND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A new set of metrics in a new Registry. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  let log: ServedLog | undefined;
  let index: Pick<EventIndex, 'lag' | 'indexedSize'> | undefined;

  const requests = new Counter({
    name: 'cairn_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const requestDuration = new Histogram({
    name: 'cairn_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, from arrival to the last byte of the response.',
    labelNames: ['method', 'route'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const appended = new Counter({ name: 'cairn_appended_entries_total', help: 'Entries appended and committed.', registers });
  const rounds = new Counter({
    name: 'cairn_rounds_total',
    help: 'Sequencing rounds by result (committed or failed).',
    labelNames: ['result'] as const,
    registers,
  });
  const failedCommits = new Counter({ name: 'cairn_failed_commits_total', help: 'Rounds that failed: nothing of them was acknowledged.', registers });
  const roundDuration = new Histogram({
    name: 'cairn_round_duration_seconds',
    help: 'Wall time of a sequencing round in seconds.',
    buckets: ROUND_BUCKETS,
    registers,
  });
  const commitDuration = new Histogram({
    name: 'cairn_commit_duration_seconds',
    help: 'Time of the durable commit of a round in seconds.',
    buckets: ROUND_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'cairn_tree_size',
    help: 'Size of the tree of the latest signed checkpoint.',
    registers,
    collect() {
      if (log) this.set(log.checkpoint.treeSize);
    },
  });
  new Gauge({
    name: 'cairn_pending_entries',
    help: 'Entries waiting in the pool to be sequenced.',
    registers,
    collect() {
      if (log) this.set(log.pending);
    },
  });
  new Gauge({
    name: 'cairn_ready',
    help: '1 when the log accepts appends, 0 while its store fails or it shuts down.',
    registers,
    collect() {
      if (log) this.set(log.healthy ? 1 : 0);
    },
  });

  registerClockMetrics(registers, () => log?.clock);
  // Negative: the writer's clock is ahead of the log's. Up to a day: late batches, replays of backlogs.
  const writerSkew = new Histogram({
    name: 'cairn_writer_skew_seconds',
    help: "Recorded time minus the writer's occurred_at, per submitter, in seconds (entries with occurred_at).",
    labelNames: ['submitter'] as const,
    buckets: [-60, -1, -0.1, 0, 0.01, 0.1, 0.5, 1, 5, 30, 60, 300, 3600, 86400],
    registers,
  });
  const oldEvents = new Counter({
    name: 'cairn_old_events_total',
    help: 'Entries whose occurred_at was older than --warn-event-age-seconds when recorded, per submitter.',
    labelNames: ['submitter'] as const,
    registers,
  });

  new Gauge({
    name: 'cairn_index_lag_entries',
    help: 'Committed entries the search index has not indexed yet.',
    registers,
    collect() {
      if (index) this.set(index.lag);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    observeRound(report) {
      roundDuration.observe(report.ms / 1000);
      if (report.error) {
        rounds.inc({ result: 'failed' });
        failedCommits.inc();
        return;
      }
      rounds.inc({ result: 'committed' });
      appended.inc(report.entries);
      commitDuration.observe(report.commitMs / 1000);
    },
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      requestDuration.observe({ method, route }, seconds);
    },
    observeSkew(submitter, skewSeconds, old) {
      writerSkew.observe({ submitter }, skewSeconds);
      if (old) oldEvents.inc({ submitter });
    },
    attach(l) {
      log = l;
    },
    attachIndex(i) {
      index = i;
    },
    render() {
      return registry.metrics();
    },
  };
}
