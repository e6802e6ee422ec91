/**
 * The sequencer (after Sunlight): a pending pool and group commit. A round takes whole requests
 * from the pool (at most `maxRoundEntries` entries), assigns indexes and strictly increasing
 * nanosecond timestamps, builds the leaves with fresh nonces, updates the right edge of the
 * tiles, signs the new checkpoint, commits everything in ONE synced batch, and only then answers
 * every waiting request with a receipt computed from memory.
 *
 * What a crash leaves behind, step by step:
 * - before `commitRound` resolves: nothing of the round is acknowledged; on restart the store
 *   holds either the previous state or (an fsync error after the write) the whole round, never
 *   a part of it, because the round is one atomic batch. Clients retry; an idempotency key
 *   returns the original entry if the round did land.
 * - after `commitRound` resolves: the round is durable; receipts are being sent. A client that
 *   did not get its receipt retries with its idempotency key and gets the same receipt.
 *
 * It never signs a checkpoint inconsistent with the last one: each round starts from the
 * committed state (checked to match the last signed checkpoint), appends only, and verifies a
 * consistency proof from the previous checkpoint to the new one before it signs.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AppendedNodes,
  equalBytes,
  hashLeaf,
  type CompactRange,
} from '../../merkle/index.js';
import {
  buildReceipt,
  consistencyProofNodes,
  encodeLogEntry,
  foldProofNodes,
  inclusionProofNodes,
  signCheckpoint,
  verifyConsistency,
  type FoldMemo,
  type NoteSigner,
  type ReceiptJson,
  type VerifierKey,
} from '../../proofs/index.js';
import { ServerError } from '../errors.js';
import { StoreError, type IdempotencyRecord, type LogStore, type PayloadRecord, type RoundWrite } from '../store/store.js';
import { LogClock } from './clock.js';
import { loadLogState, nextEdgeTiles, type LogState } from './log-state.js';

/** One event to append (already validated by the HTTP layer). */
export interface AppendInput {
  payload: Uint8Array;
  contentType: string;
  /** The writer's own time, ns since the epoch; 0n when not given. */
  occurredAt: bigint;
  idempotencyKey?: string;
}

/** The result of one event. */
export interface AppendOutcome {
  receipt: ReceiptJson;
  /** True when an idempotency key returned the receipt of an earlier request (HTTP 200). */
  replayed: boolean;
}

/** Limits of the pool and of a round. */
export interface SequencerLimits {
  /** Entries in one round at most (a request is never split across rounds). */
  maxRoundEntries: number;
  /** Entries waiting at most; beyond, requests get 503 POOL_FULL. */
  maxPendingEntries: number;
  /** Payload bytes waiting at most; beyond, requests get 503 POOL_FULL. */
  maxPendingBytes: number;
  /** When idle, how long a new request waits for others to join its round (0 = next tick). */
  batchDelayMs: number;
}

export const DEFAULT_SEQUENCER_LIMITS: SequencerLimits = {
  maxRoundEntries: 4096,
  maxPendingEntries: 100_000,
  maxPendingBytes: 256 * 1024 * 1024,
  batchDelayMs: 0,
};

/** What a round did, for logs and metrics. */
export interface RoundReport {
  entries: number;
  requests: number;
  treeSize: number;
  /** Wall time of the round, from taking the pool to answering. */
  ms: number;
  /** Time spent in the durable commit. */
  commitMs: number;
  error?: Error;
}

/** Everything the sequencer needs. */
export interface SequencerOptions {
  store: LogStore;
  origin: string;
  signer: NoteSigner;
  verifierKey: VerifierKey;
  limits?: Partial<SequencerLimits>;
  clock?: LogClock;
  /** Rebuilds the receipt of an entry committed earlier (idempotent replays after the fact). */
  rebuildReceipt: (index: number, treeSize: number) => Promise<ReceiptJson>;
  /** Called after every round, committed or failed. */
  onRound?: (report: RoundReport) => void;
  /** Called after a commit with the new state (the read path updates its caches). */
  onCommit?: (state: LogState, fullTiles: readonly { level: number; index: number; hashes: Uint8Array }[]) => void;
}

interface PendingEntry {
  input: AppendInput;
  /** `submitter \0 key` when the entry has an idempotency key. */
  inflightKey: string | undefined;
  digest: Uint8Array | undefined;
}

interface PendingGroup {
  submitter: string;
  entries: PendingEntry[];
  bytes: number;
  resolve: (receipts: ReceiptJson[]) => void;
  reject: (err: Error) => void;
}

interface Inflight {
  digest: Uint8Array;
  receipt: Promise<ReceiptJson>;
}

type Plan =
  | { kind: 'new'; position: number }
  | { kind: 'inflight'; receipt: Promise<ReceiptJson> }
  | { kind: 'stored'; record: IdempotencyRecord }
  | { kind: 'same-request'; of: number };

/** Standard base64 with node's native encoder (proofs/ has a browser-safe one). */
function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

function commitment(nonce: Uint8Array, payload: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(nonce).update(payload).digest());
}

/**
 * Maps a store failure to the 503 the client sees. `afterCommit` is true when the round's own
 * commit failed: an fsync can fail after the write reached the disk (store.ts), so the entry
 * may be there; otherwise the store refused before anything of this request was written.
 */
function unavailable(err: unknown, afterCommit = false): ServerError {
  if (err instanceof ServerError) return err;
  if (err instanceof StoreError && err.code === 'STORE_FULL') {
    return new ServerError('STORE_FULL', 'The log could not store the entry because its disk is full; nothing was appended. Retry later.', { cause: err, retryAfter: 5 });
  }
  if (!afterCommit) {
    return new ServerError('STORE_UNAVAILABLE', 'The log cannot write to its store at the moment; nothing was appended. Retry later.', { cause: err, retryAfter: 1 });
  }
  return new ServerError(
    'STORE_UNAVAILABLE',
    'The log could not store the entry durably, so it was not acknowledged, but it may be in the log. Retry with the same Idempotency-Key: that returns the entry if it landed, and appends it once if not.',
    { cause: err, retryAfter: 1 },
  );
}

/** The pending pool and the rounds. Create with `Sequencer.start`. */
export class Sequencer {
  private state: LogState;
  private readonly limits: SequencerLimits;
  private readonly clock: LogClock;
  private pool: PendingGroup[] = [];
  private pendingEntries = 0;
  private pendingBytes = 0;
  private readonly inflight = new Map<string, Inflight>();
  private roundRunning = false;
  private roundScheduled = false;
  private idleWaiters: (() => void)[] = [];
  private closing = false;
  /** Set after a failed commit: the next round reloads the state from the store first. */
  private needsReload = false;
  /** Set when an invariant broke: the sequencer refuses every append until restarted. */
  private broken: Error | undefined;
  private reloading: Promise<void> | undefined;
  private recoveryTimer: NodeJS.Timeout | undefined;
  /** Appends between their idempotency look-up and their planning. */
  private lookups = 0;
  /** Keys committed while look-ups were in flight (see `append`). */
  private readonly committedDuringLookups = new Map<string, Inflight>();

  private constructor(
    private readonly options: SequencerOptions,
    state: LogState,
  ) {
    this.state = state;
    this.limits = { ...DEFAULT_SEQUENCER_LIMITS, ...options.limits };
    this.clock = options.clock ?? new LogClock(state.lastTimestamp);
    this.clock.observe(state.lastTimestamp);
  }

  /** Loads the committed state from the store (checking it) and returns a running sequencer. */
  static async start(options: SequencerOptions): Promise<Sequencer> {
    return new Sequencer(options, await loadLogState(options.store, options.verifierKey));
  }

  /** The committed state: the latest checkpoint and the right edge. */
  get committed(): LogState {
    return this.state;
  }

  /** False while the store fails (after a failed commit, until a reload succeeds). */
  get healthy(): boolean {
    return !this.needsReload && this.broken === undefined && !this.closing;
  }

  /** Entries waiting in the pool. */
  get pending(): number {
    return this.pendingEntries;
  }

  /**
   * Appends the events of one request, all in the same round. Resolves once they are durable
   * and covered by a signed checkpoint. Throws ServerError: POOL_FULL, SHUTTING_DOWN,
   * IDEMPOTENCY_CONFLICT, STORE_UNAVAILABLE, STORE_FULL.
   * Requires 1 <= inputs.length <= maxRoundEntries (the HTTP layer caps batches).
   */
  async append(submitter: string, inputs: readonly AppendInput[]): Promise<AppendOutcome[]> {
    if (inputs.length === 0 || inputs.length > this.limits.maxRoundEntries) {
      throw new ServerError('BATCH_TOO_LARGE', `A request holds 1 to ${this.limits.maxRoundEntries} entries; split the batch.`);
    }
    const digests = inputs.map((i) => (i.idempotencyKey === undefined ? undefined : sha256(i.payload)));
    this.refuseIfClosed();
    // After a failed commit, replays must see what did land: reload first (a round would too).
    if (this.needsReload) await this.reload().catch((err: unknown) => Promise.reject(unavailable(err)));
    // While look-ups are in flight, committed keys stay visible in `committedDuringLookups`: a
    // look-up that started before a commit may not see that commit's keys in the store.
    this.lookups++;
    let fresh: Promise<ReceiptJson[]> | undefined;
    let plans: Plan[];
    try {
      // Without keys there is nothing to look up: plan and enqueue in this tick.
      const stored = digests.some((d) => d !== undefined) ? await this.lookUpKeys(submitter, inputs) : [];
      this.refuseIfClosed();
      plans = this.plan(submitter, inputs, digests, stored);
      fresh = this.enqueue(submitter, inputs, digests, plans);
    } finally {
      if (--this.lookups === 0) this.committedDuringLookups.clear();
    }
    return this.await(plans, fresh);
  }

  private refuseIfClosed(): void {
    if (this.closing) throw new ServerError('SHUTTING_DOWN', 'The log is shutting down; retry in a few seconds.', { retryAfter: 2 });
    if (this.broken) throw new ServerError('INTERNAL', `The log stopped appending after an internal check failed: ${this.broken.message}. The operator must restart it.`);
  }

  private async lookUpKeys(submitter: string, inputs: readonly AppendInput[]): Promise<(IdempotencyRecord | undefined)[]> {
    try {
      return await Promise.all(
        inputs.map((i) =>
          i.idempotencyKey === undefined || this.inflight.has(`${submitter}\0${i.idempotencyKey}`) || this.committedDuringLookups.has(`${submitter}\0${i.idempotencyKey}`)
            ? undefined
            : this.options.store.readIdempotency(submitter, i.idempotencyKey),
        ),
      );
    } catch (err) {
      throw unavailable(err);
    }
  }

  /** Decides, synchronously, what each input becomes. Throws IDEMPOTENCY_CONFLICT before anything is queued. */
  private plan(
    submitter: string,
    inputs: readonly AppendInput[],
    digests: readonly (Uint8Array | undefined)[],
    stored: readonly (IdempotencyRecord | undefined)[],
  ): Plan[] {
    const firstInRequest = new Map<string, number>();
    let position = 0;
    return inputs.map((input, j): Plan => {
      if (input.idempotencyKey === undefined) return { kind: 'new', position: position++ };
      const k = `${submitter}\0${input.idempotencyKey}`;
      const digest = digests[j]!;
      const conflict = (with_: Uint8Array): void => {
        if (!equalBytes(with_, digest)) {
          throw new ServerError(
            'IDEMPOTENCY_CONFLICT',
            `The Idempotency-Key ${JSON.stringify(input.idempotencyKey)} was already used for a different payload; use a new key for a new event.`,
            { extra: { entry: j } },
          );
        }
      };
      const earlier = firstInRequest.get(k);
      if (earlier !== undefined) {
        conflict(digests[earlier]!);
        return { kind: 'same-request', of: earlier };
      }
      firstInRequest.set(k, j);
      const flying = this.inflight.get(k) ?? this.committedDuringLookups.get(k);
      if (flying) {
        conflict(flying.digest);
        return { kind: 'inflight', receipt: flying.receipt };
      }
      const record = stored[j];
      if (record) {
        conflict(record.payloadDigest);
        return { kind: 'stored', record };
      }
      return { kind: 'new', position: position++ };
    });
  }

  /** Puts the new entries of a request in the pool (all or none). */
  private enqueue(
    submitter: string,
    inputs: readonly AppendInput[],
    digests: readonly (Uint8Array | undefined)[],
    plans: readonly Plan[],
  ): Promise<ReceiptJson[]> | undefined {
    const entries: PendingEntry[] = [];
    let bytes = 0;
    plans.forEach((p, j) => {
      if (p.kind !== 'new') return;
      const input = inputs[j]!;
      entries.push({
        input,
        inflightKey: input.idempotencyKey === undefined ? undefined : `${submitter}\0${input.idempotencyKey}`,
        digest: digests[j],
      });
      bytes += input.payload.length;
    });
    if (entries.length === 0) return undefined;
    if (this.pendingEntries + entries.length > this.limits.maxPendingEntries || this.pendingBytes + bytes > this.limits.maxPendingBytes) {
      throw new ServerError('POOL_FULL', 'The log has too many entries waiting to be sequenced; nothing was appended. Retry after the delay in Retry-After.', {
        retryAfter: 1,
      });
    }
    const receipts = new Promise<ReceiptJson[]>((resolve, reject) => {
      this.pool.push({ submitter, entries, bytes, resolve, reject });
    });
    // Other requests with the same key wait for this one; they see its failure too.
    receipts.catch(() => undefined);
    entries.forEach((e, i) => {
      if (e.inflightKey === undefined) return;
      const receipt = receipts.then((r) => r[i]!);
      receipt.catch(() => undefined); // awaited only if a retry with the same key comes
      this.inflight.set(e.inflightKey, { digest: e.digest!, receipt });
    });
    this.pendingEntries += entries.length;
    this.pendingBytes += bytes;
    this.scheduleRound();
    return receipts;
  }

  private async await(plans: readonly Plan[], fresh: Promise<ReceiptJson[]> | undefined): Promise<AppendOutcome[]> {
    const freshReceipts = fresh ? await fresh : [];
    const outcomes: AppendOutcome[] = [];
    for (const p of plans) {
      switch (p.kind) {
        case 'new':
          outcomes.push({ receipt: freshReceipts[p.position]!, replayed: false });
          break;
        case 'inflight':
          outcomes.push({ receipt: await p.receipt, replayed: true });
          break;
        case 'stored':
          try {
            outcomes.push({ receipt: await this.options.rebuildReceipt(p.record.index, p.record.treeSize), replayed: true });
          } catch (err) {
            throw unavailable(err);
          }
          break;
        case 'same-request':
          outcomes.push({ receipt: outcomes[p.of]!.receipt, replayed: true });
          break;
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

  /** Takes the round's keys out of flight; after a commit, keeps them visible to running look-ups. */
  private finish(groups: readonly PendingGroup[], committed: boolean): void {
    for (const g of groups) {
      for (const e of g.entries) {
        if (e.inflightKey === undefined) continue;
        const flying = this.inflight.get(e.inflightKey);
        this.inflight.delete(e.inflightKey);
        if (committed && flying && this.lookups > 0) this.committedDuringLookups.set(e.inflightKey, flying);
      }
    }
  }

  private fail(groups: readonly PendingGroup[], err: Error): void {
    this.finish(groups, false);
    for (const g of groups) g.reject(err);
  }

  /**
   * Reloads the committed state from the store after a failed commit (one reload at a time;
   * rounds and appends that need it share it). Throws the store's error while it still fails.
   */
  private reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        // First a synced write: ready means the store takes writes again (and a LevelDB store
        // reopens itself on that write, so the state below is read after the reopen).
        await this.options.store.checkWritable();
        this.state = await loadLogState(this.options.store, this.options.verifierKey);
        this.clock.observe(this.state.lastTimestamp);
        this.needsReload = false;
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /**
   * Retries the reload in the background until the store answers again, so the log becomes
   * ready (and idempotent replays of the failed round work) without waiting for new appends.
   */
  private scheduleRecovery(delayMs = 250): void {
    if (this.recoveryTimer !== undefined || this.closing) return;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = undefined;
      if (!this.needsReload || this.closing) return;
      this.reload().catch(() => this.scheduleRecovery(Math.min(delayMs * 2, 5000)));
    }, delayMs);
    this.recoveryTimer.unref();
  }

  /** One round. Never throws: failures reject the round's requests. */
  private async runRound(groups: PendingGroup[]): Promise<void> {
    const started = performance.now();
    const entryCount = groups.reduce((n, g) => n + g.entries.length, 0);
    const report = (commitMs: number, error?: Error): void =>
      this.options.onRound?.({ entries: entryCount, requests: groups.length, treeSize: this.state.checkpoint.treeSize, ms: performance.now() - started, commitMs, ...(error ? { error } : {}) });

    if (this.needsReload) {
      try {
        await this.reload();
      } catch (err) {
        const e = unavailable(err);
        this.fail(groups, e);
        report(0, e);
        return;
      }
    }

    let prepared: PreparedRound;
    try {
      prepared = this.prepareRound(this.state, groups, entryCount);
    } catch (err) {
      // An invariant failed: stop appending rather than sign anything doubtful.
      this.broken = err as Error;
      const e = new ServerError('INTERNAL', `The log refused to sign a new checkpoint: ${(err as Error).message}`, { cause: err });
      this.fail(groups, e);
      report(0, e);
      return;
    }

    const commitStarted = performance.now();
    try {
      await this.options.store.commitRound(prepared.write);
    } catch (err) {
      // The round may or may not be on disk: acknowledge nothing and reload before the next round.
      this.needsReload = true;
      this.scheduleRecovery();
      const e = unavailable(err, true);
      this.fail(groups, e);
      report(performance.now() - commitStarted, e);
      return;
    }
    const commitMs = performance.now() - commitStarted;

    this.state = prepared.state;
    this.options.onCommit?.(prepared.state, prepared.fullTiles);

    let all: ReceiptJson[];
    try {
      all = this.roundReceipts(prepared);
    } catch (err) {
      // The round is durable, only its receipts failed (a bug): retries with an idempotency
      // key get them rebuilt from the store.
      const e = new ServerError('INTERNAL', `The entries were stored but their receipts could not be built: ${(err as Error).message}. Retry with the same Idempotency-Key.`, { cause: err });
      this.fail(groups, e);
      report(commitMs, e);
      return;
    }
    let offset = 0;
    for (const g of groups) {
      const receipts = all.slice(offset, offset + g.entries.length);
      offset += g.entries.length;
      g.resolve(receipts);
    }
    this.finish(groups, true);
    report(commitMs);
  }

  /** Builds a round from the committed state: pure apart from the clock and the random nonces. */
  private prepareRound(before: LogState, groups: readonly PendingGroup[], k: number): PreparedRound {
    const oldSize = before.checkpoint.treeSize;
    const oldRoot = before.checkpoint.rootHash;
    if (before.compact.size !== oldSize || !equalBytes(before.compact.root(), oldRoot)) {
      throw new Error(`the in-memory tree (size ${before.compact.size}) does not match the last signed checkpoint (size ${oldSize})`);
    }
    const timestamps = this.clock.take(k);
    const nonces = new Uint8Array(randomBytes(32 * k));
    const leaves: Uint8Array[] = new Array(k);
    const leafHashes: Uint8Array[] = new Array(k);
    const payloads: PayloadRecord[] = new Array(k);
    const idempotency: RoundWrite['idempotency'][number][] = [];
    const treeSize = oldSize + k;
    let i = 0;
    for (const g of groups) {
      for (const e of g.entries) {
        const nonce = nonces.subarray(32 * i, 32 * i + 32);
        const leaf = encodeLogEntry({
          timestamp: timestamps[i]!,
          submitter: g.submitter,
          contentType: e.input.contentType,
          commitment: commitment(nonce, e.input.payload),
          payloadSize: e.input.payload.length,
          occurredAt: e.input.occurredAt,
        });
        leaves[i] = leaf;
        leafHashes[i] = hashLeaf(leaf);
        payloads[i] = { payload: e.input.payload, nonce };
        if (e.input.idempotencyKey !== undefined) {
          idempotency.push({
            submitter: g.submitter,
            key: e.input.idempotencyKey,
            record: { index: oldSize + i, treeSize, payloadDigest: e.digest! },
          });
        }
        i++;
      }
    }

    const appended = new AppendedNodes(before.compact, leafHashes);
    const compact: CompactRange = before.compact.clone();
    compact.appendMany(leafHashes);
    const tiles = before.tiles.clone();
    const changedTiles = tiles.append(leafHashes);
    const bundles = before.bundles.clone();
    const changedBundles = bundles.append(leaves);
    const rootHash = compact.root();

    // The guard of SPEC §6.2: prove the new tree extends the last signed one before signing it.
    if (oldSize > 0) {
      const plan = consistencyProofNodes(oldSize, treeSize);
      verifyConsistency(oldSize, treeSize, oldRoot, rootHash, foldProofNodes(plan, appended.hashes(plan.ids)));
    }
    const note = signCheckpoint({ origin: this.options.origin, treeSize, rootHash }, this.options.signer);

    const lastBundle = changedBundles[changedBundles.length - 1];
    const state: LogState = {
      checkpoint: { treeSize, rootHash, note },
      compact,
      tiles,
      bundles,
      edgeTiles: nextEdgeTiles(before.edgeTiles, changedTiles),
      edgeBundle: lastBundle !== undefined && lastBundle.width < 256 ? lastBundle : undefined,
      lastTimestamp: timestamps[k - 1]!,
    };
    return {
      write: {
        tiles: changedTiles,
        bundles: changedBundles,
        payloads: { firstIndex: oldSize, records: payloads },
        idempotency,
        leafHashes,
        checkpoint: { treeSize, note },
      },
      state,
      appended,
      leaves,
      leafHashes,
      timestamps,
      payloads,
      fullTiles: changedTiles.filter((t) => t.width === 256),
    };
  }

  /**
   * The receipts of a committed round, from memory: every inclusion proof comes from the
   * round's AppendedNodes, against the round's new checkpoint.
   */
  private roundReceipts(round: PreparedRound): ReceiptJson[] {
    const { appended, leaves, leafHashes, timestamps, payloads } = round;
    const { treeSize, note } = round.state.checkpoint;
    const oldSize = appended.startSize;
    const k = leaves.length;
    // The proofs of one round share most of their nodes: fold and base64-encode each shared
    // hash once (the arrays AppendedNodes returns are shared, so identity is a safe key).
    const folds: FoldMemo = new Map();
    const encoded = new WeakMap<Uint8Array, string>();
    const encode = (bytes: Uint8Array): string => {
      if (bytes.length !== 32) return base64(bytes);
      let text = encoded.get(bytes);
      if (text === undefined) {
        text = base64(bytes);
        encoded.set(bytes, text);
      }
      return text;
    };
    const receipts: ReceiptJson[] = new Array(k);
    for (let j = 0; j < k; j++) {
      const index = oldSize + j;
      const plan = inclusionProofNodes(index, treeSize);
      receipts[j] = buildReceipt({
        index,
        entry: leaves[j]!,
        leafHash: leafHashes[j]!,
        timestamp: timestamps[j]!,
        payload: payloads[j]!.payload,
        nonce: payloads[j]!.nonce,
        inclusion: foldProofNodes(plan, appended.hashes(plan.ids), folds),
        checkpoint: note,
        treeSize,
      }, encode);
    }
    return receipts;
  }

  /** Resolves when no round is running and the pool is empty. */
  private idle(): Promise<void> {
    if (!this.roundRunning && !this.roundScheduled && this.pool.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking requests, lets the rounds answer what already waits for up to `graceMs`, then
   * refuses what is left with SHUTTING_DOWN. The caller closes the store afterwards.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    clearTimeout(this.recoveryTimer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    const left = this.pool.splice(0);
    this.pendingEntries = 0;
    this.pendingBytes = 0;
    this.fail(left, new ServerError('SHUTTING_DOWN', 'The log shut down before this entry was sequenced; nothing was appended. Retry.', { retryAfter: 2 }));
    // A round that is mid-commit finishes (or fails) on its own; wait for it.
    while (this.roundRunning) await new Promise<void>((r) => this.idleWaiters.push(r));
  }
}

interface PreparedRound {
  write: RoundWrite;
  state: LogState;
  appended: AppendedNodes;
  leaves: Uint8Array[];
  leafHashes: Uint8Array[];
  timestamps: bigint[];
  payloads: PayloadRecord[];
  fullTiles: { level: number; index: number; hashes: Uint8Array }[];
}
