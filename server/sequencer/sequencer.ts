/**
 * The sequencer (after Sunlight): a pending pool and group commit. A round takes whole requests
 * from the pool (at most `maxRoundEntries` entries), assigns indexes and strictly increasing
 * nanosecond timestamps, builds the leaves with fresh nonces, updates the right edge of the
 * tiles, signs the new checkpoint (round.ts), commits everything in ONE synced batch, publishes
 * the checkpoint (publisher.ts), and only then answers every waiting request with a receipt
 * computed from memory.
 *
 * What a crash leaves behind, step by step:
 * - before `commitRound` resolves: nothing of the round is acknowledged; on restart the store
 *   holds either the previous state or (an fsync error after the write) the whole round, never
 *   a part of it, because the round is one atomic batch. Clients retry; an idempotency key
 *   returns the original entry if the round did land.
 * - after `commitRound` resolves: the round is durable; it is being published and answered. A
 *   client that did not get its receipt retries with its idempotency key and gets the same
 *   entry back.
 *
 * It never signs a checkpoint inconsistent with the last one: each round starts from the
 * committed state (checked to match the last signed checkpoint), appends only, and verifies a
 * consistency proof from the previous checkpoint to the new one before it signs.
 *
 * Failures are SequencerError codes (errors.ts); the HTTP layer words them.
 */
import { randomBytes } from 'node:crypto';
import { loadLogState, type LogState, type SignedTreeHead } from '../state/index.js';
import { LogClock } from './clock.js';
import { SequencerError } from './errors.js';
import { IdempotencyTracker, inflightKey, type Plan } from './idempotency.js';
import { LeaderGate, notLeading } from './leader-gate.js';
import type { PendingEntry, PendingGroup } from './pending.js';
import { IMMEDIATE_PUBLISHER, type CheckpointPublisher } from './publisher.js';
import { StoreRecovery } from './recovery.js';
import { buildRound, payloadDigest, roundReceipts, type PreparedRound } from './round.js';
import {
  DEFAULT_SEQUENCER_LIMITS,
  type AppendInput,
  type CommitEvent,
  type Receipt,
  type SequencedOutcome,
  type SequencerLimits,
  type SequencerOptions,
} from './types.js';

// The write side's vocabulary, for importers of this file.
export { DEFAULT_SEQUENCER_LIMITS, type AppendInput, type AppendOutcome, type CommitEvent, type Receipt, type RoundReport } from './types.js';
export type { SequencedOutcome, SequencerLimits, SequencerOptions } from './types.js';

/** The pending pool and the rounds. Create with `Sequencer.start`. */
export class Sequencer {
  private state: LogState;
  private published: SignedTreeHead;
  private readonly limits: SequencerLimits;
  private readonly clock: LogClock;
  private readonly publisher: CheckpointPublisher;
  private readonly idempotency: IdempotencyTracker;
  private readonly commitListeners = new Set<(event: CommitEvent) => void>();
  private pool: PendingGroup[] = [];
  private pendingEntries = 0;
  private pendingBytes = 0;
  private roundRunning = false;
  private roundScheduled = false;
  private idleWaiters: (() => void)[] = [];
  private closing = false;
  /** After a failed commit: the next round (or append) reloads the state from the store first. */
  private readonly recovery: StoreRecovery;
  /** Set when an invariant broke: the sequencer refuses every append until restarted. */
  private broken: Error | undefined;
  /** Whether this process sequences a shared log, and its fencing epoch (issue 11; leader-gate.ts). */
  readonly cluster = new LeaderGate();

  private constructor(
    private readonly options: SequencerOptions,
    state: LogState,
    published: SignedTreeHead,
  ) {
    this.state = state;
    this.published = published;
    this.limits = { ...DEFAULT_SEQUENCER_LIMITS, ...options.limits };
    this.clock = options.clock ?? new LogClock(state.lastTimestamp);
    this.clock.observe(state.lastTimestamp);
    this.publisher = options.publisher ?? IMMEDIATE_PUBLISHER;
    this.idempotency = new IdempotencyTracker(options.store);
    this.recovery = new StoreRecovery(options.store, options.verifierKey, async (loaded) => {
      this.state = loaded;
      this.clock.observe(loaded.lastTimestamp);
      // A failed commit may have landed: what landed is published now.
      await this.publish(loaded.checkpoint);
    });
  }

  /** Loads the committed state from the store (checking it), publishes it, and returns a running sequencer. */
  static async start(options: SequencerOptions): Promise<Sequencer> {
    const state = await loadLogState(options.store, options.verifierKey);
    const published = await (options.publisher ?? IMMEDIATE_PUBLISHER).publish(state.checkpoint);
    return new Sequencer(options, state, published);
  }

  /** The committed state: the latest signed checkpoint and the right edge. */
  get committed(): LogState {
    return this.state;
  }

  /** The latest published checkpoint (publisher.ts): what the log shows as its latest. */
  get latest(): SignedTreeHead {
    return this.published;
  }

  /** False while the store fails (after a failed commit, until a reload succeeds). */
  get healthy(): boolean {
    return !this.recovery.needed && this.broken === undefined && !this.closing;
  }

  /** Entries waiting in the pool. */
  get pending(): number {
    return this.pendingEntries;
  }

  /** Calls `listener` after every committed round, before its requests are answered. Returns the unsubscribe function. */
  onCommit(listener: (event: CommitEvent) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /**
   * Appends the events of one request, all in the same round. Resolves once they are durable,
   * covered by a signed checkpoint and published. Rejects with SequencerError: BATCH_TOO_LARGE,
   * POOL_FULL, SHUTTING_DOWN, CLOSED_BEFORE_SEQUENCED, IDEMPOTENCY_CONFLICT, BROKEN,
   * REFUSED_TO_SIGN, RECEIPTS_FAILED, STORE_FAILED, COMMIT_UNCERTAIN (or the publisher's error).
   * Requires 1 <= inputs.length <= maxRoundEntries (the HTTP layer caps batches).
   */
  async append(submitter: string, inputs: readonly AppendInput[]): Promise<SequencedOutcome[]> {
    if (inputs.length === 0 || inputs.length > this.limits.maxRoundEntries) {
      throw new SequencerError('BATCH_TOO_LARGE', `a request of ${inputs.length} entries`, { details: { limit: this.limits.maxRoundEntries } });
    }
    const digests = inputs.map((i) => (i.idempotencyKey === undefined ? undefined : payloadDigest(i.payload)));
    this.refuseIfClosed();
    // After a failed commit, replays must see what did land: reload first (a round would too).
    if (this.recovery.needed) await this.recovery.reload().catch((err: unknown) => Promise.reject(storeFailed(err)));
    let plans: Plan[] = [];
    const fresh = await this.idempotency.during(async () => {
      // Without keys there is nothing to look up: plan and enqueue in this tick.
      const stored = digests.some((d) => d !== undefined) ? await this.idempotency.lookUp(submitter, inputs) : [];
      this.refuseIfClosed();
      plans = this.idempotency.plan(submitter, inputs, digests, stored);
      // Returned in an object: an awaited promise here would wait for the round.
      return { receipts: this.enqueue(submitter, inputs, digests, plans) };
    });
    return this.outcomes(plans, fresh.receipts);
  }

  private refuseIfClosed(): void {
    if (this.closing) throw new SequencerError('SHUTTING_DOWN', 'the log is closing');
    if (this.broken) throw new SequencerError('BROKEN', this.broken.message, { cause: this.broken });
    this.cluster.refuseUnlessLeading();
  }

  /** Puts the new entries of a request in the pool (all or none). */
  private enqueue(
    submitter: string,
    inputs: readonly AppendInput[],
    digests: readonly (Uint8Array | undefined)[],
    plans: readonly Plan[],
  ): Promise<Receipt[]> | undefined {
    const entries: PendingEntry[] = [];
    let bytes = 0;
    plans.forEach((p, j) => {
      if (p.kind !== 'new') return;
      const input = inputs[j]!;
      entries.push({
        submitter,
        input,
        inflightKey: input.idempotencyKey === undefined ? undefined : inflightKey(submitter, input.idempotencyKey),
        digest: digests[j],
      });
      bytes += input.payload.length;
    });
    if (entries.length === 0) return undefined;
    if (this.pendingEntries + entries.length > this.limits.maxPendingEntries || this.pendingBytes + bytes > this.limits.maxPendingBytes) {
      throw new SequencerError('POOL_FULL', `${this.pendingEntries} entries and ${this.pendingBytes} bytes wait already`);
    }
    const receipts = new Promise<Receipt[]>((resolve, reject) => {
      this.pool.push({ entries, bytes, resolve, reject });
    });
    // Other requests with the same key wait for this one; they see its failure too.
    receipts.catch(() => undefined);
    entries.forEach((e, i) => {
      if (e.inflightKey !== undefined)
        this.idempotency.track(
          e.inflightKey,
          e.digest!,
          receipts.then((r) => r[i]!),
        );
    });
    this.pendingEntries += entries.length;
    this.pendingBytes += bytes;
    this.scheduleRound();
    return receipts;
  }

  private async outcomes(plans: readonly Plan[], fresh: Promise<Receipt[]> | undefined): Promise<SequencedOutcome[]> {
    const freshReceipts = fresh ? await fresh : [];
    const outcomes: SequencedOutcome[] = [];
    for (const p of plans) {
      switch (p.kind) {
        case 'new':
          outcomes.push({ kind: 'appended', receipt: freshReceipts[p.position]! });
          break;
        case 'inflight':
          outcomes.push({ kind: 'replayed', receipt: await p.receipt });
          break;
        case 'stored':
          outcomes.push({ kind: 'stored', index: p.record.index, treeSize: p.record.treeSize });
          break;
        case 'same-request': {
          const first = outcomes[p.of]!;
          outcomes.push(first.kind === 'stored' ? first : { kind: 'replayed', receipt: first.receipt });
          break;
        }
      }
    }
    return outcomes;
  }

  private scheduleRound(): void {
    if (this.roundRunning || this.roundScheduled) return;
    this.roundScheduled = true;
    const run = (): void => {
      this.roundScheduled = false;
      void this.runRounds();
    };
    if (this.limits.batchDelayMs > 0) setTimeout(run, this.limits.batchDelayMs);
    else setImmediate(run);
  }

  private async runRounds(): Promise<void> {
    if (this.roundRunning) return;
    this.roundRunning = true;
    try {
      while (this.pool.length > 0) await this.runRound(this.takeGroups());
    } finally {
      this.roundRunning = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private takeGroups(): PendingGroup[] {
    const groups: PendingGroup[] = [];
    let count = 0;
    while (this.pool.length > 0 && count + this.pool[0]!.entries.length <= this.limits.maxRoundEntries) {
      const g = this.pool.shift()!;
      groups.push(g);
      count += g.entries.length;
      this.pendingEntries -= g.entries.length;
      this.pendingBytes -= g.bytes;
    }
    return groups;
  }

  private settle(groups: readonly PendingGroup[], committed: boolean): void {
    this.idempotency.settle(
      groups.flatMap((g) => g.entries.flatMap((e) => (e.inflightKey === undefined ? [] : [e.inflightKey]))),
      committed,
    );
  }

  private fail(groups: readonly PendingGroup[], err: Error): void {
    this.settle(groups, false);
    for (const g of groups) g.reject(err);
  }

  /** One round. Never throws: failures reject the round's requests. */
  private async runRound(groups: PendingGroup[]): Promise<void> {
    const started = performance.now();
    const entries = groups.flatMap((g) => g.entries);
    const report = (commitMs: number, error?: Error): void =>
      this.options.onRound?.({
        entries: entries.length,
        requests: groups.length,
        treeSize: this.state.checkpoint.treeSize,
        ms: performance.now() - started,
        commitMs,
        ...(error ? { error } : {}),
      });
    const failRound = (err: Error, commitMs = 0): void => {
      this.fail(groups, err);
      report(commitMs, err);
    };

    if (this.cluster.following) return failRound(notLeading());
    if (this.recovery.needed) {
      try {
        await this.recovery.reload();
      } catch (err) {
        return failRound(storeFailed(err));
      }
    }

    let prepared: PreparedRound;
    try {
      prepared = buildRound({
        before: this.state,
        entries,
        timestamps: this.clock.take(entries.length),
        // Read once per round, right where the timestamps are taken (issue 15, policy `flag`).
        clockUnsynchronized: this.options.clockUnsynchronized?.() === true,
        nonces: new Uint8Array(randomBytes(32 * entries.length)),
        origin: this.options.origin,
        signer: this.options.signer,
      });
    } catch (err) {
      // An invariant failed: stop appending rather than sign anything doubtful.
      this.broken = err as Error;
      return failRound(new SequencerError('REFUSED_TO_SIGN', (err as Error).message, { cause: err }));
    }

    const commitStarted = performance.now();
    try {
      await this.options.store.commitRound(prepared.write, this.cluster.expectation(this.state.checkpoint));
    } catch (err) {
      // The round may or may not be on disk: acknowledge nothing and reload before the next round.
      this.recovery.commitFailed();
      this.cluster.commitFailed(err);
      return failRound(new SequencerError('COMMIT_UNCERTAIN', (err as Error).message, { cause: err }), performance.now() - commitStarted);
    }
    const commitMs = performance.now() - commitStarted;

    this.state = prepared.state;
    for (const listener of this.commitListeners) listener({ state: prepared.state, fullTiles: prepared.fullTiles });

    let all: Receipt[];
    try {
      const published = await this.publish(prepared.state.checkpoint);
      // A publisher that returns this very checkpoint (maybe cosigned) gives the receipts its note.
      const note = published.treeSize === prepared.state.checkpoint.treeSize ? published.note : prepared.state.checkpoint.note;
      all = roundReceipts(prepared, note);
    } catch (err) {
      // The round is durable, only its publication or receipts failed: retries with an
      // idempotency key get the entries back from the store.
      return failRound(err instanceof SequencerError ? err : new SequencerError('RECEIPTS_FAILED', (err as Error).message, { cause: err }), commitMs);
    }
    let offset = 0;
    for (const g of groups) {
      g.resolve(all.slice(offset, offset + g.entries.length));
      offset += g.entries.length;
    }
    this.settle(groups, true);
    report(commitMs);
  }

  /** Publishes a committed checkpoint; the latest published size never goes down. */
  private async publish(signed: SignedTreeHead): Promise<SignedTreeHead> {
    const published = await this.publisher.publish(signed);
    if (published.treeSize >= this.published.treeSize) this.published = published;
    return published;
  }

  /** Cluster mode (server/cluster/): reloads the committed state from the store, then leads in `epoch`. */
  async lead(epoch: number): Promise<void> {
    await this.recovery.reload();
    this.cluster.lead(epoch);
  }

  /** Cluster mode: stops sequencing; what waits in the pool is refused with a retryable 503. */
  follow(why?: string): void {
    this.cluster.follow();
    const left = this.pool.splice(0);
    this.pendingEntries = 0;
    this.pendingBytes = 0;
    this.fail(left, notLeading(why));
  }

  /** Cluster mode, following: adopts a newer committed state read from the store. Resolves true when it moved. */
  async refresh(): Promise<boolean> {
    if (this.recovery.needed) await this.recovery.reload(); // a commit failed before stepping down
    const loaded = await loadLogState(this.options.store, this.options.verifierKey);
    if (!this.cluster.following || loaded.checkpoint.treeSize <= this.state.checkpoint.treeSize) return false;
    this.state = loaded;
    this.clock.observe(loaded.lastTimestamp);
    await this.publish(loaded.checkpoint);
    for (const listener of this.commitListeners) listener({ state: loaded, fullTiles: [] });
    return true;
  }

  /** Resolves when no round is running and the pool is empty. */
  private idle(): Promise<void> {
    if (!this.roundRunning && !this.roundScheduled && this.pool.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking requests, lets the rounds answer what already waits for up to `graceMs`, then
   * refuses what is left with CLOSED_BEFORE_SEQUENCED. The caller closes the store afterwards.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    this.recovery.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    const left = this.pool.splice(0);
    this.pendingEntries = 0;
    this.pendingBytes = 0;
    this.fail(left, new SequencerError('CLOSED_BEFORE_SEQUENCED', 'the log closed before these entries were sequenced'));
    // A round that is mid-commit finishes (or fails) on its own; wait for it.
    while (this.roundRunning) await new Promise<void>((r) => this.idleWaiters.push(r));
  }
}

/** A store failure before anything of the request was written. */
function storeFailed(err: unknown): SequencerError {
  return err instanceof SequencerError ? err : new SequencerError('STORE_FAILED', (err as Error).message, { cause: err });
}
