/**
 * The rounds, pipelined across the commit (issue 17): round N+1 is built while round N's synced
 * batch is being written, so the thread works through the fsync instead of waiting for it.
 *
 * At most three rounds are in flight, each in one stage:
 * - `ready`: built from the state round N will leave (leaves, tiles, the consistency guard), NOT
 *   signed; it waits for N's commit. It is built ahead only once `pipelineMinEntries` wait (a
 *   few entries are cheap to build and would waste an fsync on a small round);
 * - `committing`: signed (only now: its predecessor is committed) and its one atomic batch being
 *   written; one commit at a time, in round order;
 * - answering: committed rounds publish their checkpoint and answer their requests, in round
 *   order (a chain of promises), while the next round commits; a commit starts only while at
 *   most one earlier round is still being answered, so a slow publisher holds the rounds back
 *   (publisher.ts) instead of piling up rounds that wait for their answers.
 *
 * Safety:
 * - a round is signed only once every earlier round is committed, and its commit starts only
 *   then, with the committed checkpoint as the cluster's expectation;
 * - receipts go out only after the round and every earlier one committed (commits are serial);
 * - when round N's commit fails, the ready round N+1, built on N, is discarded: never signed,
 *   committed, published or answered. Its requests go back to the front of the pool (their
 *   idempotency keys stay in flight: they are still waiting), and the next round reloads the
 *   state from the store before it builds anything; while the store fails, they are refused
 *   with STORE_FAILED, the store's 503.
 *
 * Failures are SequencerError codes; a round never throws.
 */
import { randomBytes } from 'node:crypto';
import type { LogState, SignedTreeHead } from '../state/index.js';
import type { LogClock } from './clock.js';
import { SequencerError } from './errors.js';
import { notLeading, type LeaderGate } from './leader-gate.js';
import type { PendingGroup, PendingPool } from './pending.js';
import type { StoreRecovery } from './recovery.js';
import { RoundPacer } from './round-pacer.js';
import { buildUnsignedRound, roundReceipts, signRound, type PreparedRound } from './round.js';
import type { CommitEvent, Receipt, SequencerLimits, SequencerOptions } from './types.js';

/** What the pipeline shares with its sequencer (sequencer.ts). */
export interface PipelineHost {
  readonly options: SequencerOptions;
  readonly limits: SequencerLimits;
  readonly clock: LogClock;
  readonly pool: PendingPool;
  readonly recovery: StoreRecovery;
  readonly cluster: LeaderGate;
  readonly commitListeners: ReadonlySet<(event: CommitEvent) => void>;
  /** The committed state. */
  state(): LogState;
  /** Adopts a newly committed state. */
  committed(state: LogState): void;
  /** Sets the sequencer broken (an invariant failed): it refuses appends until restarted. */
  breakDown(err: Error): void;
  /** Publishes a committed checkpoint (publisher.ts). */
  publish(signed: SignedTreeHead): Promise<SignedTreeHead>;
  /** Takes a round's idempotency keys out of flight. */
  settle(groups: readonly PendingGroup[], committed: boolean): void;
}

/** One round on its way through the pipeline. */
interface Round {
  groups: PendingGroup[];
  prepared: PreparedRound;
  started: number;
}

/** The rounds of one sequencer. */
export class RoundPipeline {
  private ready: Round | undefined;
  private committing: Round | undefined;
  private answering = 0;
  /** Publications and answers, in round order. */
  private answers: Promise<void> = Promise.resolve();
  private building = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private readonly pacer: RoundPacer;

  constructor(private readonly host: PipelineHost) {
    this.pacer = new RoundPacer(host.limits.roundPaceMs, host.limits.roundPaceBusyShare);
  }

  /** True when no round is scheduled, built, committing or answering. */
  get idle(): boolean {
    return !this.building && !this.scheduled && this.ready === undefined && this.committing === undefined && this.answering === 0;
  }

  /** Resolves when the pipeline is idle and the pool is empty (or at once). */
  drained(): Promise<void> {
    if (this.idle && this.host.pool.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves when no round is in flight, whatever waits in the pool (on close, after the pool was refused). */
  async settled(): Promise<void> {
    while (!this.idle) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  /**
   * Builds the next round soon: after `batchDelayMs` when the log is idle, after the rest of the
   * round pace when rounds follow each other on a busy loop (round-pacer.ts), else on the next
   * turn of the event loop.
   */
  schedule(): void {
    if (this.scheduled || this.building) return;
    this.scheduled = true;
    const run = (): void => {
      this.scheduled = false;
      void this.buildNext();
    };
    // The batch delay lets requests join a round when the log is idle; behind a commit they join anyway.
    if (this.limits.batchDelayMs > 0 && this.committing === undefined && this.answering === 0) setTimeout(run, this.limits.batchDelayMs);
    else {
      // Only a round that would start its commit now is paced (behind a commit, buildNext decides), and not a full one.
      const pace = this.committing === undefined && this.host.pool.entries < this.limits.pipelineMinEntries ? this.pacer.wait() : 0;
      if (pace >= 0.5) setTimeout(run, pace);
      else setImmediate(run);
    }
  }

  private get limits(): SequencerLimits {
    return this.host.limits;
  }

  private wakeIdle(): void {
    if (!this.idle) return;
    if (this.host.pool.size > 0) {
      this.schedule();
      return;
    }
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Builds one round from the pool, one ahead of the round committing at most. Never throws. */
  private async buildNext(): Promise<void> {
    if (this.building || this.ready !== undefined || this.host.pool.size === 0) return this.wakeIdle();
    // Behind a commit, only a round worth overlapping is built ahead; the commit's end builds the rest.
    if (this.committing !== undefined && this.host.pool.entries < this.limits.pipelineMinEntries) return;
    this.building = true;
    try {
      const { host } = this;
      // After a failed commit (nothing is committing then): the state comes back from the store first.
      if (this.committing === undefined && host.recovery.needed) {
        try {
          await host.recovery.reload();
        } catch (err) {
          const groups = host.pool.take(this.limits.maxRoundEntries);
          this.fail(groups, performance.now(), storeFailed(err));
          return;
        }
      }
      const groups = host.pool.take(this.limits.maxRoundEntries);
      if (groups.length === 0) return;
      const started = performance.now();
      this.pacer.taken(started);
      if (host.cluster.following) return this.fail(groups, started, notLeading());
      const entries = groups.flatMap((g) => g.entries);
      let prepared: PreparedRound;
      try {
        prepared = buildUnsignedRound({
          before: this.committing?.prepared.state ?? host.state(),
          entries,
          timestamps: host.clock.take(entries.length),
          // Read once per round, right where the timestamps are taken (issue 15, policy `flag`).
          clockUnsynchronized: host.options.clockUnsynchronized?.() === true,
          nonces: new Uint8Array(randomBytes(32 * entries.length)),
          origin: host.options.origin,
          signer: host.options.signer,
        });
      } catch (err) {
        return this.refuseToSign(groups, started, err);
      }
      this.ready = { groups, prepared, started };
      this.startCommit();
    } finally {
      this.building = false;
      if (this.ready === undefined && this.host.pool.size > 0) this.schedule();
      else this.wakeIdle();
    }
  }

  /** An invariant failed: stop appending rather than sign anything doubtful. */
  private refuseToSign(groups: PendingGroup[], started: number, err: unknown): void {
    this.host.breakDown(err as Error);
    this.fail(groups, started, new SequencerError('REFUSED_TO_SIGN', (err as Error).message, { cause: err }));
  }

  /** Signs the ready round and starts its commit, when no other commit runs. */
  private startCommit(): void {
    const round = this.ready;
    // A slow publisher holds the rounds back: at most two rounds wait for their answers while one commits.
    if (round === undefined || this.committing !== undefined || this.answering > 1) return;
    this.ready = undefined;
    const { host } = this;
    if (host.cluster.following) return this.fail(round.groups, round.started, notLeading());
    try {
      round.prepared = signRound(round.prepared, host.options);
    } catch (err) {
      return this.refuseToSign(round.groups, round.started, err);
    }
    this.committing = round;
    const commitStarted = performance.now();
    host.options.store.commitRound(round.prepared.write, host.cluster.expectation(host.state().checkpoint)).then(
      () => this.committed(round, performance.now() - commitStarted),
      (err: unknown) => this.commitFailed(round, err, performance.now() - commitStarted),
    );
    // The next round is built while this one commits.
    if (host.pool.size > 0) this.schedule();
  }

  private committed(round: Round, commitMs: number): void {
    const { host } = this;
    this.committing = undefined;
    host.committed(round.prepared.state);
    const { prepared } = round;
    const entries = { first: prepared.write.payloads.firstIndex, leaves: prepared.leaves, payloads: prepared.payloads };
    for (const listener of host.commitListeners) listener({ state: prepared.state, fullTiles: prepared.fullTiles, entries });
    // The next round's fsync overlaps this round's publication and answers.
    this.startCommit();
    this.answering++;
    this.answers = this.answers.then(async () => {
      await this.answer(round, commitMs);
      this.answering--;
      this.startCommit();
      this.wakeIdle();
    });
    if (this.ready === undefined && host.pool.size > 0) this.schedule();
  }

  private commitFailed(round: Round, err: unknown, commitMs: number): void {
    const { host } = this;
    this.committing = undefined;
    // The round may or may not be on disk: acknowledge nothing and reload before the next round.
    host.recovery.commitFailed();
    host.cluster.commitFailed(err);
    this.fail(round.groups, round.started, new SequencerError('COMMIT_UNCERTAIN', (err as Error).message, { cause: err }), commitMs);
    // The round built on it is thrown away unsigned; its requests wait for a round on the reloaded state.
    const discarded = this.ready;
    this.ready = undefined;
    if (discarded !== undefined) host.pool.putBack(discarded.groups);
    this.schedule();
    this.wakeIdle();
  }

  /** Publishes a committed round and answers its requests. Never throws. */
  private async answer(round: Round, commitMs: number): Promise<void> {
    const { prepared, groups } = round;
    let all: Receipt[];
    try {
      const published = await this.host.publish(prepared.state.checkpoint);
      // A publisher that returns this very checkpoint (maybe cosigned) gives the receipts its note.
      const note = published.treeSize === prepared.state.checkpoint.treeSize ? published.note : prepared.state.checkpoint.note;
      all = roundReceipts(prepared, note);
    } catch (err) {
      // The round is durable, only its publication or receipts failed: retries with an
      // idempotency key get the entries back from the store.
      const failure = err instanceof SequencerError ? err : new SequencerError('RECEIPTS_FAILED', (err as Error).message, { cause: err });
      return this.fail(groups, round.started, failure, commitMs);
    }
    let offset = 0;
    for (const g of groups) {
      g.resolve(all.slice(offset, offset + g.entries.length));
      offset += g.entries.length;
    }
    this.host.settle(groups, true);
    this.report(groups, round.started, commitMs, undefined, prepared.state.checkpoint.treeSize);
  }

  /** Refuses requests with `err` (taken out of the pool, in no round). */
  refuse(groups: readonly PendingGroup[], err: Error): void {
    this.host.settle(groups, false);
    for (const g of groups) g.reject(err);
  }

  /** Refuses a round's requests with `err` and reports the round. */
  private fail(groups: readonly PendingGroup[], started: number, err: Error, commitMs = 0): void {
    this.refuse(groups, err);
    if (groups.length > 0) this.report(groups, started, commitMs, err);
  }

  /** Reports a round: `treeSize` is the size it made (committed), or the committed size it failed on. */
  private report(groups: readonly PendingGroup[], started: number, commitMs: number, error?: Error, treeSize = this.host.state().checkpoint.treeSize): void {
    this.host.options.onRound?.({
      entries: groups.reduce((n, g) => n + g.entries.length, 0),
      requests: groups.length,
      treeSize,
      ms: performance.now() - started,
      commitMs,
      ...(error ? { error } : {}),
    });
  }
}

/** A store failure before anything of the request was written. */
export function storeFailed(err: unknown): SequencerError {
  return err instanceof SequencerError ? err : new SequencerError('STORE_FAILED', (err as Error).message, { cause: err });
}
