/**
 * The clock monitor (issue 15): checks the log's own wall clock against NTP servers by SNTP, at
 * start and every interval (64 s by default), and keeps a status the log acts on.
 *
 * Each round queries every server at once. A source counts while it has answered in the last
 * `staleRounds` (3) rounds: a timeout or an unreachable server keeps its last sample for that
 * long, while an answer that says the server itself is not to be trusted (kiss-o'-death, leap 3,
 * stratum 16, malformed) drops its sample at once. The usable samples are combined by median
 * (clock-snapshot.ts). Rounds run at a fixed rate from the start (a slow round does not push
 * later ones back), and a round never overlaps the next: the timeout must be below the interval.
 *
 * Events:
 * - `change` (snapshot, previous: ClockStatus | null): after the first round (previous null) and
 *   whenever a round changes the status. The log appends a clock system entry and writes a
 *   `clock` log line on it.
 * - `heartbeat` (snapshot): every heartbeatMs (an hour) while servers are configured; the log
 *   appends a clock system entry.
 * - `round` (snapshot): after every round (metrics, tests).
 * - `error` (err): a listener above threw; the monitor goes on.
 */
import { EventEmitter } from 'node:events';
import { ClockError, TRANSIENT_CLOCK_ERRORS } from './clock-error.js';
import { combineSources, formatInstant, nsToMs, type ClockSnapshot, type ClockSourceSnapshot, type ClockStatus, type SourceSample } from './clock-snapshot.js';
import type { NtpServerAddress } from './ntp-server-address.js';
import { querySntp, type SntpResult, type WallClock } from './sntp-client.js';

/** Defaults of issue 15. */
export const DEFAULT_CLOCK_MONITOR = {
  maxOffsetMs: 250,
  intervalMs: 64_000,
  timeoutMs: 5_000,
  heartbeatMs: 3_600_000,
  staleRounds: 3,
} as const;

/** How to build a ClockMonitor. */
export interface ClockMonitorOptions {
  /** The NTP servers; none = status `unchecked`, no queries, no heartbeat. */
  servers: readonly NtpServerAddress[];
  /** The clock being checked: the log's own wall clock (the one that stamps entries). */
  wall: WallClock;
  /** Bound on |median offset|, ms, an integer >= 1 (default 250). */
  maxOffsetMs?: number;
  /** Between rounds, ms (default 64 000). */
  intervalMs?: number;
  /** One query's limit, ms; below intervalMs (default 5 000, or half the interval if smaller). */
  timeoutMs?: number;
  /** Between heartbeats, ms (default one hour). */
  heartbeatMs?: number;
  /** Rounds without a usable answer after which a source no longer counts (default 3). */
  staleRounds?: number;
}

interface SourceState {
  server: NtpServerAddress;
  last: SntpResult | undefined;
  /** Rounds since `last` was received (0 = this round). */
  missed: number;
  error: string | null;
}

/** Watches the log's clock; see the file comment. Call start() once and stop() at shutdown. */
export class ClockMonitor extends EventEmitter {
  /** Resolves with the first snapshot once the first round has finished (at once when unchecked). */
  readonly ready: Promise<ClockSnapshot>;
  private readonly options: Required<Omit<ClockMonitorOptions, 'servers' | 'wall'>>;
  private readonly sources: SourceState[];
  private readonly wall: WallClock;
  private current: ClockSnapshot;
  private resolveReady!: (snapshot: ClockSnapshot) => void;
  private roundTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<ClockSnapshot> | undefined;
  private started = false;
  private stopped = false;
  private rounds = 0;
  private firstRoundAt = 0;

  /** Throws ClockError INVALID_CONFIG on a bad setting (a sentence naming it). */
  constructor(options: ClockMonitorOptions) {
    super();
    const intervalMs = options.intervalMs ?? DEFAULT_CLOCK_MONITOR.intervalMs;
    this.options = {
      maxOffsetMs: options.maxOffsetMs ?? DEFAULT_CLOCK_MONITOR.maxOffsetMs,
      intervalMs,
      timeoutMs: options.timeoutMs ?? Math.min(DEFAULT_CLOCK_MONITOR.timeoutMs, Math.floor(intervalMs / 2)),
      heartbeatMs: options.heartbeatMs ?? DEFAULT_CLOCK_MONITOR.heartbeatMs,
      staleRounds: options.staleRounds ?? DEFAULT_CLOCK_MONITOR.staleRounds,
    };
    for (const [name, value] of Object.entries(this.options)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new ClockError('INVALID_CONFIG', `clock monitor ${name} must be a whole number >= 1, not ${value}`);
    }
    if (this.options.timeoutMs >= intervalMs) {
      throw new ClockError(
        'INVALID_CONFIG',
        `clock monitor timeoutMs (${this.options.timeoutMs}) must be below intervalMs (${intervalMs}) so rounds never overlap`,
      );
    }
    this.wall = options.wall;
    this.sources = options.servers.map((server) => ({ server, last: undefined, missed: 0, error: null }));
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.current =
      this.sources.length === 0
        ? this.build('unchecked', 'no NTP server is configured (--ntp-server): the clock is not checked', null)
        : this.build('unsynchronized', 'the clock has not been checked yet', null);
  }

  /** The latest snapshot (a fresh copy). */
  snapshot(): ClockSnapshot {
    return structuredClone(this.current);
  }

  /** The latest status. */
  get status(): ClockStatus {
    return this.current.status;
  }

  /** Runs the first round now and then every interval; returns `ready`. Idempotent. */
  start(): Promise<ClockSnapshot> {
    if (this.started || this.stopped) return this.ready;
    this.started = true;
    if (this.sources.length === 0) {
      this.resolveReady(this.snapshot());
      return this.ready;
    }
    this.firstRoundAt = performance.now();
    this.tick();
    this.heartbeatTimer = setInterval(() => this.safely(() => this.emit('heartbeat', this.snapshot())), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    return this.ready;
  }

  /** Runs a round now (or joins the one in flight) and returns its snapshot. */
  checkNow(): Promise<ClockSnapshot> {
    if (this.sources.length === 0) return Promise.resolve(this.snapshot());
    this.inFlight ??= this.round().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Stops the timers and waits for a round in flight; no event follows. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.roundTimer);
    clearInterval(this.heartbeatTimer);
    await this.inFlight?.catch(() => undefined);
  }

  /** One scheduled round, then the timer for the next. */
  private tick(): void {
    void this.checkNow()
      // Resolving twice is a no-op: only the first scheduled round resolves `ready`, and only
      // once that round has finished (so a checkNow() after `ready` runs a fresh round).
      .then((snapshot) => this.resolveReady(snapshot))
      .finally(() => {
        if (this.stopped) return;
        // Fixed rate: the next multiple of the interval since the first round that is still ahead.
        const elapsed = performance.now() - this.firstRoundAt;
        const next = (Math.floor(elapsed / this.options.intervalMs) + 1) * this.options.intervalMs;
        this.roundTimer = setTimeout(() => this.tick(), next - elapsed);
        this.roundTimer.unref();
      });
  }

  private async round(): Promise<ClockSnapshot> {
    const timeoutMs = this.options.timeoutMs;
    const results = await Promise.allSettled(this.sources.map((s) => querySntp(s.server, { timeoutMs, wall: this.wall })));
    results.forEach((result, i) => this.record(this.sources[i]!, result));
    const samples: SourceSample[] = this.usableSources().map((s) => ({ offsetNs: s.last!.offsetNs, delayNs: s.last!.delayNs, stratum: s.last!.reply.stratum }));
    const combined = combineSources(samples, BigInt(this.options.maxOffsetMs) * 1_000_000n, this.options.staleRounds);
    const previous = this.rounds === 0 ? null : this.current.status;
    this.rounds += 1;
    this.current = this.build(combined.status, combined.reason, this.wall(), combined);
    if (this.stopped) return this.snapshot();
    this.safely(() => this.emit('round', this.snapshot()));
    if (previous !== this.current.status) this.safely(() => this.emit('change', this.snapshot(), previous));
    return this.snapshot();
  }

  private record(source: SourceState, result: PromiseSettledResult<SntpResult>): void {
    if (result.status === 'fulfilled') {
      source.last = result.value;
      source.missed = 0;
      source.error = null;
      return;
    }
    const err: unknown = result.reason;
    source.error = err instanceof Error ? err.message : String(err);
    source.missed += 1;
    // A server that says it is unsynchronised, refuses us, or answers nonsense is not trusted
    // for the rounds it would otherwise keep its old sample.
    if (!(err instanceof ClockError && TRANSIENT_CLOCK_ERRORS.has(err.code))) source.last = undefined;
  }

  private usableSources(): SourceState[] {
    return this.sources.filter((s) => s.last !== undefined && s.missed < this.options.staleRounds);
  }

  private build(
    status: ClockStatus,
    reason: string,
    checkedAtNs: bigint | null,
    combined?: { offsetNs: bigint | null; delayNs: bigint | null; stratum: number | null },
  ): ClockSnapshot {
    const usable = new Set(this.usableSources());
    const sources: ClockSourceSnapshot[] = this.sources.map((s) => ({
      server: s.server.label,
      usable: usable.has(s),
      offsetMs: s.last ? nsToMs(s.last.offsetNs) : null,
      rttMs: s.last ? nsToMs(s.last.delayNs) : null,
      stratum: s.last?.reply.stratum ?? null,
      leap: s.last?.reply.leap ?? null,
      transmitTime: formatInstant(s.last?.transmitTimeNs),
      lastOk: formatInstant(s.last?.t4Ns),
      error: s.error,
    }));
    return {
      status,
      reason,
      offsetMs: combined?.offsetNs != null ? nsToMs(combined.offsetNs) : null,
      rttMs: combined?.delayNs != null ? nsToMs(combined.delayNs) : null,
      stratum: combined?.stratum ?? null,
      maxOffsetMs: this.options.maxOffsetMs,
      sources,
      checkedAt: formatInstant(checkedAtNs),
    };
  }

  /** Emits without letting a throwing listener stop the monitor. */
  private safely(emit: () => void): void {
    try {
      emit();
    } catch (err) {
      if (this.listenerCount('error') > 0) this.emit('error', err);
      else process.emitWarning(`clock monitor listener failed: ${(err as Error).message}`);
    }
  }
}
