/**
 * The clock discipline of a running log (issue 15): the ClockMonitor, the policy, and what the
 * log does with them.
 *
 * - `refusing`: policy `refuse` and status `unsynchronized`: CairnLog.append answers 503
 *   CLOCK_UNSYNCHRONIZED (clockRefusal below) and /readyz says so;
 * - `unsynchronized`: status `unsynchronized` under either policy: the sequencer stamps every leaf
 *   of the round `clock_unsynchronized` (under `refuse` only the clock's own system entries and
 *   requests already waiting when the status changed are stamped then);
 * - on every `change` and `heartbeat` it appends a clock evidence system entry (submitter `cairn`,
 *   clock-evidence.ts) through the log's system append path, one at a time in event order, and
 *   writes a `clock` log line on every change. Only while the process sequences the log: a
 *   follower of a shared PostgreSQL log stamps no entry, so its clock is not the log's and it
 *   appends no evidence (a `clock_evidence_skipped` line instead; the `clock` line stays); when
 *   it is elected, `leading` appends its latest check at once (a `heartbeat`).
 *
 * Without NTP servers the status is `unchecked`: nothing is refused, flagged or appended.
 */
import { ServerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AppendInput } from '../sequencer/types.js';
import { buildClockEvidence, type ClockEvidenceEvent } from './clock-evidence.js';
import { ClockMonitor } from './clock-monitor.js';
import type { ClockPolicy, ClockSettings } from './clock-options.js';
import type { ClockSnapshot, ClockStatus } from './clock-snapshot.js';
import type { WallClock } from './sntp-client.js';

/** What the log reads of the discipline: CairnLog.open's `clockGate` hook. */
export interface ClockGate {
  /** True while appends are refused (policy refuse, status unsynchronized). */
  readonly refusing: boolean;
  /** True while entries are stamped by an unsynchronized clock (they carry the leaf flag). */
  readonly unsynchronized: boolean;
  /** The monitor's latest snapshot (a copy). */
  snapshot(): ClockSnapshot;
}

/** The log's system append path (CairnLog.appendSystem): never refused by the clock. */
export interface SystemAppender {
  appendSystem(submitter: string, inputs: readonly AppendInput[]): Promise<unknown>;
  /** Whether this process sequences the log now (CairnLog.sequencing): only then its clock stamps entries. */
  readonly sequencing: boolean;
}

/** How to build a ClockDiscipline. */
export interface ClockDisciplineOptions {
  settings: ClockSettings;
  /** The log's own wall clock: the one its LogClock stamps entries with. */
  wall: WallClock;
  /** Between checks (default 64 s). Tests shorten it (`CAIRN_CLOCK_INTERVAL_MS`, docs/time.md). */
  intervalMs?: number;
  /** Between heartbeats (default one hour). */
  heartbeatMs?: number;
}

/** The monitor plus the policy; see the file comment. */
export class ClockDiscipline implements ClockGate {
  readonly monitor: ClockMonitor;
  readonly policy: ClockPolicy;
  private evidence: Promise<void> = Promise.resolve();
  private logger: Logger = () => undefined;
  /** The log the evidence goes to, once started with NTP servers. */
  private log: SystemAppender | undefined;

  /** Throws ClockError INVALID_CONFIG on a bad interval. */
  constructor(options: ClockDisciplineOptions) {
    this.policy = options.settings.policy;
    this.monitor = new ClockMonitor({
      servers: options.settings.servers,
      wall: options.wall,
      maxOffsetMs: options.settings.maxOffsetMs,
      ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    });
  }

  get refusing(): boolean {
    return this.policy === 'refuse' && this.monitor.status === 'unsynchronized';
  }

  get unsynchronized(): boolean {
    return this.monitor.status === 'unsynchronized';
  }

  snapshot(): ClockSnapshot {
    return this.monitor.snapshot();
  }

  /**
   * Starts checking: wires the events to `log` and `logger`, runs the first round, and resolves
   * once it has finished and its evidence entry is durable (so the server reports ready with a
   * known status and the evidence first in line). An evidence append that fails is logged
   * (`clock_evidence_failed`) and does not stop the monitor.
   */
  async start(log: SystemAppender, logger: Logger): Promise<ClockSnapshot> {
    this.logger = logger;
    if (this.monitor.snapshot().sources.length === 0) return this.monitor.start();
    this.log = log;
    this.monitor.on('change', (snapshot: ClockSnapshot, previous: ClockStatus | null) => {
      logger('clock', {
        status: snapshot.status,
        previous,
        reason: snapshot.reason,
        offsetMs: snapshot.offsetMs,
        rttMs: snapshot.rttMs,
        stratum: snapshot.stratum,
        policy: this.policy,
      });
      this.appendEvidence(log, snapshot, 'change', previous);
    });
    this.monitor.on('heartbeat', (snapshot: ClockSnapshot) => this.appendEvidence(log, snapshot, 'heartbeat', null));
    this.monitor.on('error', (err: unknown) => logger('clock_listener_failed', { error: (err as Error).message }));
    const first = await this.monitor.start();
    await this.evidence;
    return first;
  }

  /**
   * This process has just begun to sequence the log (it was elected leader of a shared
   * PostgreSQL log, at start or at a failover): its clock stamps the entries from now on, so the
   * log records its latest check at once, as a `heartbeat` evidence entry, instead of at the
   * next status change or heartbeat (up to an hour away). No-op before `start` and without NTP
   * servers (status `unchecked`). Call after the sequencer leads (`log.sequencing` is true).
   */
  leading(): void {
    if (this.log !== undefined) this.appendEvidence(this.log, this.monitor.snapshot(), 'heartbeat', null);
  }

  /** Resolves once every evidence entry asked for so far has been appended (or failed). */
  settled(): Promise<void> {
    return this.evidence;
  }

  /** Stops the checks and waits for the evidence appends in flight. */
  async stop(): Promise<void> {
    await this.monitor.stop();
    await this.evidence;
  }

  private appendEvidence(log: SystemAppender, snapshot: ClockSnapshot, event: ClockEvidenceEvent, previous: ClockStatus | null): void {
    const entry = buildClockEvidence(snapshot, event, previous);
    // One at a time, so the log holds the evidence in the order the monitor saw it.
    this.evidence = this.evidence.then(async () => {
      if (!log.sequencing) {
        this.logger('clock_evidence_skipped', { event, status: snapshot.status, reason: 'this process follows; only the leader stamps entries' });
        return;
      }
      try {
        await log.appendSystem(entry.submitter, [{ payload: entry.payload, contentType: entry.contentType, occurredAt: 0n }]);
      } catch (err) {
        this.logger('clock_evidence_failed', { event, status: snapshot.status, error: (err as Error).message });
      }
    });
  }
}

/**
 * The 503 of an append while the clock is unsynchronized under policy `refuse` (and of /readyz):
 * says what is wrong and what the operator should check; carries the status and offset.
 */
export function clockRefusal(snapshot: ClockSnapshot): ServerError {
  return new ServerError(
    'CLOCK_UNSYNCHRONIZED',
    `The log's clock is not synchronised (${snapshot.reason}), so it refuses to stamp entries; nothing was appended. ` +
      'Retry later. Operator: check the host time daemon (chrony/ntpd) and the NTP servers given with --ntp-server, or run with --clock-policy flag to accept entries with a clock flag.',
    {
      retryAfter: 10,
      extra: { clock: { status: snapshot.status, offsetMs: snapshot.offsetMs, maxOffsetMs: snapshot.maxOffsetMs, checkedAt: snapshot.checkedAt } },
    },
  );
}

/** The snapshot of a log without a clock discipline (embedded logs, tests): status `unchecked`. */
export function uncheckedClockSnapshot(): ClockSnapshot {
  return {
    status: 'unchecked',
    reason: 'no NTP server is configured (--ntp-server): the clock is not checked',
    offsetMs: null,
    rttMs: null,
    stratum: null,
    maxOffsetMs: 250,
    sources: [],
    checkedAt: null,
  };
}
