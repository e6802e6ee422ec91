/**
 * The retention sweeper (issue 14): erases payloads older than their retention rule
 * (retention-rules.ts) as recorded erasures of batches (SystemLog.eraseExpired), skipping held
 * entries and the log's own records. Each run logs one `retention_sweep` line and feeds the
 * caller's `onRun` (the metric). Idempotent and crash-safe by construction: what a run erased is
 * recorded first, a crashed erasure is finished by the next start, and a run skips what is gone.
 *
 * Only the process that sequences the log sweeps (`SweptLog.sequencing`): a follower of a shared
 * PostgreSQL log skips its runs (one `retention_sweep_skipped` line when it starts following),
 * since its erasure records would be refused; the leader's records reach it through the log.
 *
 * Entries are recorded in time order, so a run stops at the first entry younger than the
 * shortest rule; `#from` remembers the first entry that may still expire (a held or younger
 * one), and a change that can make older entries erasable (a release, new rules) starts over.
 */
import { decodeLogEntry } from '../../proofs/index.js';
import type { Logger } from '../logger.js';
import { maxAgeNs } from './retention-rules.js';
import type { SystemLog, SystemLogHost } from './system-log.js';

/** Entries per erasure record written by the sweeper. */
export const RETENTION_BATCH = 1000;
const SCAN = 1024;

/** What one run did. */
export interface SweepReport {
  /** Entries whose payloads this run erased. */
  erased: number;
  /** Erasure records it appended. */
  batches: number;
  ms: number;
  /** Set when the run did nothing because this process follows (no log line, no metric). */
  skipped?: true;
}

/** Options of the sweeper. */
export interface SweeperOptions {
  /** The default age limit of every entry no rule names (`--retention-days`), in seconds. */
  defaultMaxAgeSeconds?: number;
  /** The time now, ns since the epoch (tests move it). */
  now?: () => bigint;
  logger?: Logger;
  onRun?: (report: SweepReport) => void;
}

/** What the sweeper reads of the log: the system log's host, and whether it sequences now (CairnLog.sequencing). */
export type SweptLog = SystemLogHost & { readonly sequencing: boolean };

/** Sweeps one log; `runOnce` for a single pass, `start` for one every `intervalMs`. */
export class RetentionSweeper {
  #from = 0;
  #generation = -1;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepReport> | undefined;
  #skipping = false;

  constructor(
    private readonly log: SweptLog,
    private readonly system: SystemLog,
    private readonly options: SweeperOptions = {},
  ) {}

  private now(): bigint {
    return this.options.now?.() ?? BigInt(Date.now()) * 1_000_000n;
  }

  /** One pass (a pass already running is joined, never doubled). */
  runOnce(): Promise<SweepReport> {
    this.#running ??= this.sweep().finally(() => (this.#running = undefined));
    return this.#running;
  }

  private async sweep(): Promise<SweepReport> {
    const started = performance.now();
    if (!this.log.sequencing) {
      if (!this.#skipping) this.options.logger?.('retention_sweep_skipped', { reason: 'this process follows; the leader of the shared log sweeps' });
      this.#skipping = true;
      return { erased: 0, batches: 0, ms: 0, skipped: true };
    }
    this.#skipping = false;
    const state = this.system.state;
    if (state.generation !== this.#generation) {
      this.#from = 0;
      this.#generation = state.generation;
    }
    const rules = state.retention()?.rules ?? [];
    const ages = [...rules.map((r) => r.maxAgeSeconds), ...(this.options.defaultMaxAgeSeconds !== undefined ? [this.options.defaultMaxAgeSeconds] : [])];
    const report: SweepReport = { erased: 0, batches: 0, ms: 0 };
    if (ages.length > 0) {
      const now = this.now();
      const youngest = now - BigInt(Math.min(...ages)) * 1_000_000_000n;
      const size = this.log.committedSize;
      let batch: number[] = [];
      let firstKept: number | undefined;
      const flush = async () => {
        if (batch.length === 0) return;
        const done = await this.system.eraseExpired(batch, 'retention: the payloads are older than their retention rule');
        if (done) {
          report.erased += done.indexes.length;
          report.batches++;
        }
        // Held entries stay erasable later (after a release): the generation bump restarts.
        batch = [];
      };
      scan: for (let start = this.#from; start < size; start += SCAN) {
        const leaves = await this.log.leaves(start, Math.min(size, start + SCAN));
        for (const [i, leaf] of leaves.entries()) {
          const index = start + i;
          const e = decodeLogEntry(leaf);
          if (e.timestamp > youngest) {
            firstKept ??= index;
            break scan;
          }
          if (state.isSystemRecord(index) || state.erasureOf(index) !== undefined) continue;
          const age = maxAgeNs(rules, e, this.options.defaultMaxAgeSeconds);
          if (age === undefined || e.timestamp + age > now) {
            firstKept ??= index;
            continue;
          }
          batch.push(index);
          if (batch.length >= RETENTION_BATCH) await flush();
        }
      }
      await flush();
      this.#from = firstKept ?? size;
    }
    report.ms = Math.round((performance.now() - started) * 1000) / 1000;
    this.options.logger?.('retention_sweep', { erased: report.erased, batches: report.batches, ms: report.ms });
    this.options.onRun?.(report);
    return report;
  }

  /** Runs a pass now and then every `intervalMs` until `stop`; a failed pass is logged and retried next time. */
  start(intervalMs: number): void {
    const tick = () => {
      this.runOnce()
        .catch((err: unknown) => this.options.logger?.('retention_sweep_failed', { error: (err as Error).message }))
        .finally(() => {
          if (this.#timer !== undefined) this.#timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.#timer = setTimeout(tick, 0).unref();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }
}
