/**
 * The log asks its witnesses (issue 12 part 3; docs/witness.md "The log asks"): a loop beside
 * the sequencer, never inside a round, so appends never wait for a witness and a witness outage
 * never turns an append into an error. Every `intervalMs` it looks at the newest signed
 * checkpoint; when the tree grew since the last round (or `refreshMs` passed, so the times in
 * the cosignatures stay fresh) it asks every witness of the policy in parallel
 * (ask-one-witness.ts), stores the verified lines in one synced batch with the newest size that
 * meets the quorum (cosignature-store.ts), and then shows them (WitnessView).
 */
import { quorumSatisfied, type WitnessPolicy } from '../../proofs/index.js';
import type { Logger } from '../logger.js';
import type { SignedTreeHead } from '../state/index.js';
import { askOneWitness, type WitnessTrack } from './ask-one-witness.js';
import type { CosignatureLines, CosignatureStore } from './cosignature-store.js';
import type { WitnessMetrics } from './witness-metrics.js';
import type { WitnessView } from './witness-view.js';

/** How the loop runs (flags of `cairn serve`, server/witnessing/witness-settings.ts). */
export interface WitnessLoopOptions {
  policy: WitnessPolicy;
  /** `--witness-enforce`: `/checkpoint` serves only checkpoints that meet the quorum. */
  enforce: boolean;
  /** How often the loop looks for a grown tree (default 1000). */
  intervalMs: number;
  /** How long one request to a witness may take (default 5000). */
  timeoutMs: number;
  /** Re-submit an unchanged head after this long, to refresh its times (default 10 min). */
  refreshMs: number;
}

/** What the loop needs of the log. */
export interface WitnessedLog {
  readonly checkpoint: SignedTreeHead;
  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]>;
  checkpointAt(treeSize: number): Promise<{ treeSize: number; note: string } | undefined>;
}

/** The lines of one checkpoint, in memory. */
interface Decorated {
  treeSize: number;
  note: string;
  lines: CosignatureLines;
}

/** The running loop; also the view the routes read. */
export class WitnessLoop implements WitnessView {
  readonly enforce: boolean;
  private readonly tracks: WitnessTrack[];
  private head: Decorated | undefined;
  private witnessed: Decorated | undefined;
  private lastRoundAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly roundListeners = new Set<(treeSize: number) => void>();

  private constructor(
    private readonly log: WitnessedLog,
    private readonly store: CosignatureStore,
    private readonly options: WitnessLoopOptions,
    private readonly logger: Logger,
    private readonly metrics: WitnessMetrics,
  ) {
    this.enforce = options.enforce;
    this.tracks = options.policy.witnesses.map((w) => ({ witness: w, url: w.url!, believed: 0, failing: false }));
  }

  /**
   * Loads what the store holds (the newest witnessed checkpoint, the lines of the current head)
   * and starts the loop. Requires a policy whose witnesses all have URLs (witness-settings.ts).
   */
  static async start(log: WitnessedLog, store: CosignatureStore, options: WitnessLoopOptions, logger: Logger, metrics: WitnessMetrics): Promise<WitnessLoop> {
    const loop = new WitnessLoop(log, store, options, logger, metrics);
    const size = await store.witnessedSize();
    if (size !== undefined) {
      const stored = await log.checkpointAt(size);
      if (stored !== undefined) loop.witnessed = { treeSize: size, note: stored.note, lines: await store.linesAt(size) };
      metrics.witnessed(size);
    }
    const cp = log.checkpoint;
    loop.head = { treeSize: cp.treeSize, note: cp.note, lines: await store.linesAt(cp.treeSize) };
    loop.schedule(0);
    return loop;
  }

  get witnessedSize(): number | undefined {
    return this.witnessed?.treeSize;
  }

  decorate(cp: { treeSize: number; note: string }): string {
    const known = this.head?.treeSize === cp.treeSize ? this.head : this.witnessed?.treeSize === cp.treeSize ? this.witnessed : undefined;
    return known === undefined ? cp.note : withLines(cp.note, known.lines);
  }

  async decorateStored(cp: { treeSize: number; note: string }): Promise<string> {
    if (this.head?.treeSize === cp.treeSize || this.witnessed?.treeSize === cp.treeSize) return this.decorate(cp);
    return withLines(cp.note, await this.store.linesAt(cp.treeSize));
  }

  witnessedCheckpoint(): { treeSize: number; note: string } | undefined {
    const w = this.witnessed;
    return w === undefined ? undefined : { treeSize: w.treeSize, note: withLines(w.note, w.lines) };
  }

  /** Calls `listener(treeSize)` after every finished round (tests and benchmarks). */
  onRound(listener: (treeSize: number) => void): () => void {
    this.roundListeners.add(listener);
    return () => this.roundListeners.delete(listener);
  }

  /** Stops the loop, waits for a round in flight, and closes the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.store.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => this.schedule(this.options.intervalMs));
    }, ms);
    // The loop alone never keeps a process alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const cp = this.log.checkpoint;
    const sameHead = this.head?.treeSize === cp.treeSize;
    const refresh = Date.now() - this.lastRoundAt >= this.options.refreshMs;
    // Same head: ask only the witnesses that have not cosigned it yet (an outage heals), unless
    // it is time to refresh every time.
    const ask = sameHead && !refresh ? this.tracks.filter((t) => this.head!.lines[t.witness.name] === undefined) : this.tracks;
    if (ask.length === 0) return;
    try {
      await this.round(cp, ask);
    } catch (err) {
      // Only the cosignature store can fail here; the next round tries again.
      this.logger('witness_round_failed', { treeSize: cp.treeSize, error: (err as Error).message });
    }
  }

  private async round(cp: SignedTreeHead, ask: readonly WitnessTrack[]): Promise<void> {
    if (ask.length === this.tracks.length) this.lastRoundAt = Date.now();
    const ctx = {
      consistencyProof: (a: number, b: number) => this.log.consistencyProof(a, b),
      logger: this.logger,
      metrics: this.metrics,
      timeoutMs: this.options.timeoutMs,
    };
    const answers = await Promise.all(ask.map((t) => askOneWitness(t, cp, ctx)));
    const lines: CosignatureLines = this.head?.treeSize === cp.treeSize ? { ...this.head.lines } : {};
    answers.forEach((line, i) => {
      if (line !== undefined) lines[ask[i]!.witness.name] = line;
    });
    const meets = quorumSatisfied(this.options.policy, new Set(Object.keys(lines)));
    const advances = meets && cp.treeSize >= (this.witnessed?.treeSize ?? 0) && Object.keys(lines).length > 0;
    if (answers.some((l) => l !== undefined)) await this.store.save(cp.treeSize, lines, advances ? cp.treeSize : undefined);
    const decorated = { treeSize: cp.treeSize, note: cp.note, lines };
    const changed = this.head?.treeSize !== cp.treeSize || answers.some((l) => l !== undefined);
    this.head = decorated;
    if (advances) {
      this.witnessed = decorated;
      this.metrics.witnessed(cp.treeSize);
    }
    // One line per change, not per retry of a witness that is down.
    if (changed) this.logger('witness_round', { treeSize: cp.treeSize, cosigned: Object.keys(lines), witnessedSize: this.witnessed?.treeSize ?? null });
    for (const listener of this.roundListeners) listener(cp.treeSize);
  }
}

/** The note with the stored lines after its own signature lines, in the policy's order. */
function withLines(note: string, lines: CosignatureLines): string {
  return note + Object.values(lines).join('');
}
