/**
 * The sequencer (after Sunlight): a pending pool and group commit. A round takes whole requests
 * from the pool (at most `maxRoundEntries` entries), assigns indexes and strictly increasing
 * nanosecond timestamps, builds the leaves with fresh nonces, updates the right edge of the
 * tiles, signs the new checkpoint (round.ts), commits everything in ONE synced batch, publishes
 * the checkpoint (publisher.ts), and only then answers every waiting request with a receipt
 * computed from memory. Rounds are pipelined (pipeline.ts): the next round is built while one
 * commits, and signed and committed only once it has.
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
import { loadLogState, type LogState, type SignedTreeHead } from '../state/index.js';
import { LogClock } from './clock.js';
import { SequencerError } from './errors.js';
import { IdempotencyTracker, inflightKey, type Plan } from './idempotency.js';
import { LeaderGate, notLeading } from './leader-gate.js';
import { PendingPool, type PendingEntry, type PendingGroup } from './pending.js';
import { RoundPipeline, storeFailed } from './pipeline.js';
import { IMMEDIATE_PUBLISHER, type CheckpointPublisher } from './publisher.js';
import { StoreRecovery } from './recovery.js';
import { payloadDigest } from './round.js';
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
  private readonly pool = new PendingPool();
  private readonly rounds: RoundPipeline;
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
    this.rounds = new RoundPipeline({
      options,
      limits: this.limits,
      clock: this.clock,
      pool: this.pool,
      recovery: this.recovery,
      cluster: this.cluster,
      commitListeners: this.commitListeners,
      state: () => this.state,
      committed: (s) => (this.state = s),
      breakDown: (err) => (this.broken = err),
      publish: (signed) => this.publish(signed),
      settle: (groups, committed) => this.settle(groups, committed),
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
    return this.pool.entries;
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
    if (this.pool.entries + entries.length > this.limits.maxPendingEntries || this.pool.bytes + bytes > this.limits.maxPendingBytes) {
      throw new SequencerError('POOL_FULL', `${this.pool.entries} entries and ${this.pool.bytes} bytes wait already`);
    }
    const receipts = new Promise<Receipt[]>((resolve, reject) => {
      this.pool.add({ entries, bytes, resolve, reject });
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
    this.rounds.schedule();
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

  private settle(groups: readonly PendingGroup[], committed: boolean): void {
    this.idempotency.settle(
      groups.flatMap((g) => g.entries.flatMap((e) => (e.inflightKey === undefined ? [] : [e.inflightKey]))),
      committed,
    );
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
    // A round built ahead is refused as it would start its commit (pipeline.ts).
    this.rounds.refuse(this.pool.drain(), notLeading(why));
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

  /**
   * Stops taking requests, lets the rounds answer what already waits for up to `graceMs`, then
   * refuses what is left with CLOSED_BEFORE_SEQUENCED. The caller closes the store afterwards.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    this.recovery.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.rounds.drained(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    this.rounds.refuse(this.pool.drain(), new SequencerError('CLOSED_BEFORE_SEQUENCED', 'the log closed before these entries were sequenced'));
    // Rounds that are built or mid-commit finish (or fail) on their own; wait for them.
    await this.rounds.settled();
  }
}
