/**
 * One log: its store, identity, key, sequencer (write side), reader (read side) and
 * credentials, wired together. A process may hold many: each is loaded from its own store
 * (`CairnLog.load`) after provisioning (provision.ts); `CairnLog.open` does both on a data
 * folder, the way `cairn serve` runs one log.
 *
 * The HTTP routes use the narrow facade below (append, the reads, the latest checkpoint,
 * health), never the sequencer or the reader themselves. The write and read sides never call
 * each other: the reader reads the committed state through a function, and the log feeds it the
 * tiles each round completes through the sequencer's commit event.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hashLeaf } from '../merkle/index.js';
import { decodeLogEntry, parseVerifierKey, type ErasedReceiptParts, type VerifierKey } from '../proofs/index.js';
import type { CredentialRegistry, Principal } from './auth/credentials.js';
import { clockRefusal, uncheckedClockSnapshot, type ClockGate, type ClockSnapshot } from './clock/index.js';
import type { LogConfig } from './config.js';
import { dataPaths } from './data-folder.js';
import { SubmitterDrift, type SubmitterDriftRecord } from './drift/index.js';
import { ServerError } from './errors.js';
import { SystemLog } from './erasure/system-log.js';
import { installNodeSha256 } from './fast-hash.js';
import { provisionLog, type FirstStart, type ProvisionedLog } from './provision.js';
import { LogReader } from './read/log-reader.js';
import type { LogClock } from './sequencer/clock.js';
import { SequencerError } from './sequencer/errors.js';
import type { CheckpointPublisher } from './sequencer/publisher.js';
import { Sequencer } from './sequencer/sequencer.js';
import type { AppendInput, AppendOutcome, Receipt, RoundReport, SequencerLimits } from './sequencer/types.js';
import { createNodeSigner } from './signer.js';
import type { SignedTreeHead } from './state/index.js';
import { openStore } from './store/open-store.js';
import type { WitnessView } from './witnessing/index.js';
import type { LogStore, PayloadRecord, StoredCheckpoint } from './store/store.js';

/** Optional seams of `CairnLog.open` and `CairnLog.load`. */
export interface OpenHooks {
  /** Called after every round (logs, metrics). */
  onRound?: (report: RoundReport) => void;
  /** A store to use instead of LevelDB in `<dataDir>/leveldb` (fault-injection tests). */
  store?: LogStore;
  /** The log's clock (tests of clock steps). */
  clock?: LogClock;
  /** Publishes each signed checkpoint (default: at once; witnesses plug in here). */
  publisher?: CheckpointPublisher;
  /** The clock discipline (issue 15): refuses appends or flags leaves while the clock is off NTP. */
  clockGate?: ClockGate;
  /** The writers' drift tracker (issue 15; default: a new one without metrics). */
  drift?: SubmitterDrift;
}

/** What `CairnLog.load` needs: an open, provisioned store and its provisioning. */
export interface LoadOptions extends Omit<OpenHooks, 'store'> {
  store: LogStore;
  provisioned: ProvisionedLog;
  sequencerLimits?: Partial<SequencerLimits>;
}

/** One log, loaded. */
export class CairnLog {
  readonly origin: string;
  readonly verifierKey: VerifierKey;
  readonly store: LogStore;
  readonly credentials: CredentialRegistry;
  /** Set on the first start of a log: the default writer token, to print once. */
  readonly firstStart: FirstStart | undefined;
  /** The write side (tests and benchmarks; the HTTP layer uses `append`). */
  readonly sequencer: Sequencer;
  /** The read side (tests; the HTTP layer uses the read methods below). */
  readonly reader: LogReader;
  /** Erasures and legal holds (issue 14), once `startErasures` ran. */
  erasures: SystemLog | undefined = undefined;
  /** The witness loop's view (issue 12; server/witnessing/), set by the runtime under --witness-policy. */
  witnessing: WitnessView | undefined = undefined;
  /**
   * Set by the runtime when several processes share the log (issue 11; server/cluster/): why
   * writes are refused now, and a read of the head for an entry not seen yet (catchUpTo).
   */
  cluster: { readonly unready: string | undefined; catchUpTo(index: number): Promise<void> } | undefined = undefined;
  private readonly clockGate: ClockGate | undefined;
  private readonly drift: SubmitterDrift;

  private constructor(store: LogStore, provisioned: ProvisionedLog, sequencer: Sequencer, reader: LogReader, clockGate?: ClockGate, drift?: SubmitterDrift) {
    this.clockGate = clockGate;
    this.drift = drift ?? new SubmitterDrift();
    this.origin = provisioned.identity.origin;
    this.verifierKey = parseVerifierKey(provisioned.identity.verifierKey);
    this.store = store;
    this.credentials = provisioned.credentials;
    this.firstStart = provisioned.firstStart;
    this.sequencer = sequencer;
    this.reader = reader;
  }

  /**
   * Loads a provisioned log from its open store: checks the store against its latest checkpoint
   * and starts the sequencer and the reader. The caller closes the store if this throws.
   */
  static async load(options: LoadOptions): Promise<CairnLog> {
    installNodeSha256();
    const { store, provisioned } = options;
    const sequencer = await Sequencer.start({
      store,
      origin: provisioned.identity.origin,
      signer: createNodeSigner(provisioned.key),
      verifierKey: parseVerifierKey(provisioned.identity.verifierKey),
      ...(options.sequencerLimits ? { limits: options.sequencerLimits } : {}),
      ...(options.onRound ? { onRound: options.onRound } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.publisher ? { publisher: options.publisher } : {}),
      ...(options.clockGate ? { clockUnsynchronized: () => options.clockGate!.unsynchronized } : {}),
    });
    const reader = new LogReader(store, () => sequencer.committed);
    sequencer.onCommit(({ fullTiles }) => reader.cacheTiles(fullTiles));
    return new CairnLog(store, provisioned, sequencer, reader, options.clockGate, options.drift);
  }

  /**
   * Opens the log in `config.dataDir` (LevelDB in `<dataDir>/leveldb`), provisioning an empty
   * folder (key, identity, signed empty checkpoint, `default` writer token), then loads it.
   * Refuses a folder of another origin or key (LogOpenError), and a store whose tiles do not
   * match its latest checkpoint (StoreError STORE_CORRUPT).
   */
  static async open(config: LogConfig, hooks: OpenHooks = {}): Promise<CairnLog> {
    const paths = dataPaths(config.dataDir);
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    const { store: given, ...rest } = hooks;
    const store = given ?? (await openStore(config.dataDir));
    try {
      const provisioned = await provisionLog({
        store,
        generatedKeyFile: paths.signerKey,
        where: config.dataDir,
        ...(config.origin !== undefined ? { origin: config.origin } : {}),
        ...(config.keyFile !== undefined ? { keyFile: config.keyFile } : {}),
      });
      const log = await CairnLog.load({ ...rest, store, provisioned, ...(config.sequencerLimits ? { sequencerLimits: config.sequencerLimits } : {}) });
      await log.startErasures(join(config.dataDir, 'erasure-state.json')).catch(async (err: unknown) => {
        await log.close().catch(() => undefined);
        throw err;
      });
      return log;
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Derives the erasure and hold state from the log's own records and finishes erasures a crash
   * interrupted (issue 14; server/erasure/system-log.ts), reading only the leaves after the
   * snapshot in `snapshotFile` (`open`: `<dataDir>/erasure-state.json`). `open` calls it; a
   * caller of `load` calls it before serving.
   */
  async startErasures(snapshotFile?: string): Promise<SystemLog> {
    this.erasures ??= await SystemLog.start(this, snapshotFile);
    return this.erasures;
  }

  /** The index of the erasure record that erased entry `index`'s payload, if one did (reads, search, export). */
  erasureOf(index: number): number | undefined {
    return this.erasures?.erasureOf(index);
  }

  /**
   * Catches the erasure state up when a payload read (`payloads[i]`, entry `start + i`) is erased
   * but this process knows no record for it: another process of a shared log erased it within the
   * last round this one loaded, and the record is committed before the payload goes, so after the
   * catch-up `erasureOf` names it (issue 14). Resolves at once when nothing needs it.
   */
  async learnErasures(start: number, payloads: readonly (PayloadRecord | undefined)[]): Promise<void> {
    if (payloads.some((p, i) => p?.erased !== undefined && this.erasureOf(start + i) === undefined)) await this.erasures?.catchUp();
  }

  // ---- the facade the HTTP layer uses ----

  /** The latest published checkpoint: what /checkpoint and /v1/log serve. */
  get checkpoint(): SignedTreeHead {
    return this.sequencer.latest;
  }

  /** The committed tree size (tiles and bundles are served up to it). */
  get committedSize(): number {
    return this.reader.treeSize;
  }

  /** False while the store fails, after an internal check failed, or while closing. */
  get healthy(): boolean {
    return this.sequencer.healthy && this.cluster?.unready === undefined;
  }

  /** Why the log is not healthy, as a sentence for /readyz, when the cluster layer knows (issue 11). */
  get unreadyReason(): string | undefined {
    return this.cluster?.unready;
  }

  /** The clock check's latest snapshot (issue 15): what /v1/log serves as `clock`. */
  get clock(): ClockSnapshot {
    return this.clockGate?.snapshot() ?? uncheckedClockSnapshot();
  }

  /** True while appends are refused because the clock is off NTP (policy `refuse`): /readyz is 503. */
  get clockRefusing(): boolean {
    return this.clockGate?.refusing === true;
  }

  /** Each submitter seen since the process started: entries, last seen, skew percentiles (GET /v1/submitters). */
  submitters(): { sinceNs: bigint; submitters: SubmitterDriftRecord[] } {
    return { sinceNs: this.drift.sinceNs, submitters: this.drift.list() };
  }

  /**
   * Whether this process sequences the log now: always alone on its store; on a shared
   * PostgreSQL log only while it leads (issue 11; sequencer/leader-gate.ts). Only the sequencing
   * process appends the log's own entries (retention erasures, clock evidence: only its clock
   * stamps entries); a follower's append would be refused anyway.
   */
  get sequencing(): boolean {
    return !this.sequencer.cluster.following;
  }

  /**
   * Call before answering 404 for entry `index` at or beyond the committed size: a follower of a
   * shared log reads the head first (ClusterNode.catchUpTo), so an entry committed by the leader
   * since the last poll is found. No-op for a log alone on its store. Never rejects.
   */
  async catchUpTo(index: number): Promise<void> {
    if (index >= this.committedSize) await this.cluster?.catchUpTo(index);
  }

  /** Entries waiting to be sequenced. */
  get pending(): number {
    return this.sequencer.pending;
  }

  /** The principal of a bearer token, or undefined when it is unknown or revoked. */
  authenticate(token: string): Principal | undefined {
    return this.credentials.authenticate(token);
  }

  /**
   * Appends the events of one request (SPEC §4), all in one round. Resolves with a receipt per
   * event once they are durable and published; an idempotency key that names an entry
   * committed earlier gets that entry's receipt rebuilt from the store. Rejects with
   * SequencerError (sequencer.ts), or StoreError / ServerError NOT_FOUND from a rebuild, and with
   * ServerError CLOCK_UNSYNCHRONIZED while the clock discipline refuses (issue 15).
   */
  async append(submitter: string, inputs: readonly AppendInput[]): Promise<AppendOutcome[]> {
    if (this.clockGate?.refusing) throw clockRefusal(this.clockGate.snapshot());
    return this.appendSystem(submitter, inputs);
  }

  /**
   * The append path of the log's own system entries (the clock evidence, submitter `cairn`):
   * `append` without the clock's refusal, so the evidence of an unsynchronized clock is logged.
   * Never exposed to HTTP routes (ServedLog has `append` only).
   */
  async appendSystem(submitter: string, inputs: readonly AppendInput[]): Promise<AppendOutcome[]> {
    const sequenced = await this.sequencer.append(submitter, inputs);
    // Writers' drift (issue 15): each new entry once, replays never.
    sequenced.forEach((o, i) => {
      if (o.kind === 'appended') this.drift.observe(submitter, o.receipt.timestamp, inputs[i]!.occurredAt);
    });
    return Promise.all(
      sequenced.map(async (o): Promise<AppendOutcome> => {
        if (o.kind !== 'stored') return { receipt: o.receipt, replayed: o.kind === 'replayed' };
        try {
          return { receipt: await this.receiptOrErased(o.index, o.treeSize), replayed: true };
        } catch (err) {
          if (err instanceof ServerError) throw err;
          throw new SequencerError('STORE_FAILED', `rebuilding the receipt of entry ${o.index}: ${(err as Error).message}`, { cause: err });
        }
      }),
    );
  }

  /** The first `width` hashes of tile level/index, or undefined past the committed tree. */
  hashTile(level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    return this.reader.hashTile(level, index, width);
  }

  /** The leaf hash of entry `index` (from its tile). Requires index < committedSize. */
  leafHash(index: number): Promise<Uint8Array> {
    return this.reader.leafHash(index);
  }

  /** The first `width` entries of entry bundle `index`, or undefined past the committed tree. */
  entryBundle(index: number, width: number): Promise<Uint8Array | undefined> {
    return this.reader.entryBundle(index, width);
  }

  /** The leaf bytes of entries start <= i < end. Requires end <= committedSize. */
  leaves(start: number, end: number): Promise<Uint8Array[]> {
    return this.reader.leaves(start, end);
  }

  /** The inclusion proof of `index` in the tree of `treeSize`. Requires index < treeSize <= committedSize. */
  inclusionProof(index: number, treeSize: number): Promise<Uint8Array[]> {
    return this.reader.inclusionProof(index, treeSize);
  }

  /** The inclusion proofs of `indexes` in the tree of one `treeSize`, sharing their nodes (search, stream, export). */
  inclusionProofs(indexes: readonly number[], treeSize: number): Promise<Uint8Array[][]> {
    return this.reader.inclusionProofs(indexes, treeSize);
  }

  /** The leaf bytes of `indexes` (any order), each entry bundle read once. Requires every index < committedSize. */
  leavesAt(indexes: readonly number[]): Promise<Uint8Array[]> {
    return this.reader.leavesAt(indexes);
  }

  /** The payloads of `indexes` (any order), runs read as ranges (callers check the credential and bound the count). */
  payloadsAt(indexes: readonly number[]): Promise<(PayloadRecord | undefined)[]> {
    return this.reader.payloadsAt(indexes);
  }

  /** The consistency proof from size1 to size2. Requires size1 <= size2 <= committedSize. */
  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return this.reader.consistencyProof(size1, size2);
  }

  /** The checkpoint the log signed at exactly `treeSize`, if any. */
  checkpointAt(treeSize: number): Promise<StoredCheckpoint | undefined> {
    return this.reader.checkpointAt(treeSize);
  }

  /** The index of the leaf with this hash, if the log has it. */
  findLeaf(leafHash: Uint8Array): Promise<number | undefined> {
    return this.reader.findLeaf(leafHash);
  }

  /** The payload and nonce of an entry (callers check the reader credential). */
  payload(index: number): Promise<PayloadRecord | undefined> {
    return this.reader.payload(index);
  }

  /** The payloads of entries start <= i < end (callers check the credential and bound the bytes). */
  payloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
    return this.reader.payloads(start, end);
  }

  /** The receipt of entry `index` against the checkpoint of `treeSize`, as bytes. */
  receipt(index: number, treeSize: number): Promise<Receipt> {
    // An erased payload cannot go into a receipt (issue 14): 410 naming the erasure record.
    const record = this.erasureOf(index);
    if (record !== undefined) {
      return Promise.reject(
        new ServerError(
          'PAYLOAD_ERASED',
          `The payload of entry ${index} was erased by the erasure recorded in entry ${record}; receipts issued before still verify.`,
          {
            extra: { index, record },
          },
        ),
      );
    }
    return this.reader.receipt(index, treeSize);
  }

  /**
   * The receipt of entry `index` at `treeSize`: with its payload, or, once an erasure record K
   * covers it (issue 14; SPEC §4.4, §5.9), without payload and nonce, with `erased.record` K: it
   * still proves the leaf, not the payload. The record is committed before the payload goes, so a
   * payload missing without a known record was erased by another process whose record this one
   * has not read yet: the erasure state catches up first. Requires index < treeSize <= the
   * committed size. Rejects with ServerError NOT_FOUND for a payload missing with no record.
   */
  async receiptOrErased(index: number, treeSize: number): Promise<Receipt | ErasedReceiptParts> {
    let record = this.erasureOf(index);
    if (record === undefined) {
      try {
        return await this.reader.receipt(index, treeSize);
      } catch (err) {
        if (!(err instanceof ServerError)) throw err;
        await this.erasures?.catchUp();
        record = this.erasureOf(index);
        if (record === undefined) throw err;
      }
    }
    const [checkpoint, leaves, inclusion] = await Promise.all([
      this.reader.checkpointAt(treeSize),
      this.reader.leaves(index, index + 1),
      this.reader.inclusionProof(index, treeSize),
    ]);
    const entry = leaves[0];
    if (checkpoint === undefined || entry === undefined)
      throw new ServerError('INTERNAL', `Entry ${index} or the checkpoint at size ${treeSize} is missing from the store.`);
    const erased = { record };
    return { index, entry, leafHash: hashLeaf(entry), timestamp: decodeLogEntry(entry).timestamp, erased, inclusion, checkpoint: checkpoint.note, treeSize };
  }

  /** Finishes the current round, answers or refuses what waits, closes the store. */
  async close(graceMs?: number): Promise<void> {
    await this.sequencer.close(graceMs);
    // The erasure snapshot catches up, so the next start reads few leaves (a failure only costs a longer scan then).
    await this.erasures?.close().catch(() => undefined);
    await this.store.close();
  }
}
