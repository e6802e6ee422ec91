/**
 * Erasures and legal holds of one log (issue 14): the state derived from the log's own records
 * (erasure-state.ts), and the operations that append those records and act on them.
 *
 * Crash rule of an erasure: the record is appended and committed FIRST, then the payloads are
 * erased (ObjectStore.erasePayloads, one durable write). A crash before the record commits
 * leaves neither; a crash after it leaves the record with payloads still present, and `start`
 * (every process start) finds such records and finishes them before the log serves. A payload
 * is never gone without a record.
 *
 * The state follows the log (issue 14 on several processes, issue 17): every committed round,
 * this process's or another's that a follower loads, starts a catch-up in the background, so
 * `erasureOf` knows an erasure once its record is committed, on every process. A catch-up reads
 * the new leaves and decodes only those whose submitter is `cairn` (leaf-submitter.ts); the
 * position it reached is saved with the snapshot only after every record before it was applied,
 * so after a crash the start reads on from the durable position and finds every record.
 *
 * Test-only fault hook: with the environment variable CAIRN_TEST_FAULT=erasure-after-record the
 * process kills itself (SIGKILL) right after an erasure record commits and before the payloads
 * are erased, so tests can hit that moment with a real process (test/erasure/).
 */
import type { AppendInput, AppendOutcome, Receipt } from '../sequencer/types.js';
import type { LogStore, PayloadRecord } from '../store/store.js';
import { ServerError } from '../errors.js';
import { decodeLogEntry } from '../../proofs/index.js';
import { RETENTION_CONTENT_TYPE, type RetentionRule } from './retention-rules.js';
import { readErasureSnapshot, writeErasureSnapshot } from './erasure-snapshot.js';
import { ErasureState, matchesFilter, type EntryFacts, type HoldState } from './erasure-state.js';
import { leafSubmitterIs } from './leaf-submitter.js';
import {
  ERASURE_CONTENT_TYPE,
  HOLD_CONTENT_TYPE,
  RELEASE_CONTENT_TYPE,
  SYSTEM_SUBMITTER,
  encodeRecord,
  type EntryFilter,
  type ErasureRecord,
  type HoldRecord,
} from './system-records.js';

/** What the system log needs of a log (CairnLog has it all). */
export interface SystemLogHost {
  readonly committedSize: number;
  readonly store: LogStore;
  leaves(start: number, end: number): Promise<Uint8Array[]>;
  payloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]>;
  append(submitter: string, inputs: readonly AppendInput[]): Promise<AppendOutcome[]>;
  /** Calls the listener after every committed round (the sequencer's commit event); the state then catches up. */
  readonly sequencer?: { onCommit(listener: () => void): () => void };
}

/** Which entries an erasure or hold means: explicit indexes or a filter, and why. */
export interface EntrySelection {
  indexes?: readonly number[];
  filter?: EntryFilter;
  reason: string;
}

/** What an erasure did. */
export interface ErasureOutcome {
  /** The receipt of the erasure record. */
  receipt: Receipt;
  /** The entries it erased. */
  indexes: number[];
}

/** Entries one erasure record lists at most (the record must stay a small entry). */
export const MAX_ERASURE_INDEXES = 10_000;
/** Leaves read per batch while scanning. */
const SCAN_BATCH = 1024;
const SYSTEM_SUBMITTER_BYTES = new TextEncoder().encode(SYSTEM_SUBMITTER);

/** Erasures and holds of one log; see the file comment. */
export class SystemLog {
  #scannedTo = 0;
  /** The first erasure record whose erasure failed in this process: the snapshot stays below it. */
  #pendingFrom: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Catch-ups run one after the other (each reads on from where the last stopped). */
  #scans: Promise<void> = Promise.resolve();
  /** The background catch-up after commits, while one runs; `#again` asks it for one more pass. */
  #following: Promise<void> | undefined;
  #again = false;
  #unsubscribe: (() => void) | undefined;

  private constructor(
    private readonly log: SystemLogHost,
    /** The derived state (read it; records change it). */
    readonly state: ErasureState,
    /** Where the snapshot lives (erasure-snapshot.ts), if anywhere. */
    private readonly snapshotFile: string | undefined,
  ) {}

  /**
   * Derives the state from the log's records (after the snapshot in `snapshotFile`, if one is
   * there), then finishes erasures a crash interrupted (records whose payloads are still
   * there), and saves a snapshot. Call once, before serving.
   */
  static async start(log: SystemLogHost, snapshotFile?: string): Promise<SystemLog> {
    const snapshot = snapshotFile === undefined ? undefined : await readErasureSnapshot(snapshotFile, log.committedSize);
    const system = new SystemLog(log, snapshot?.state ?? new ErasureState(), snapshotFile);
    const from = snapshot?.scannedTo ?? 0;
    system.#scannedTo = from;
    await system.catchUp();
    await system.finishPending(from);
    system.#pendingFrom = undefined;
    await system.saveSnapshot();
    system.#unsubscribe = log.sequencer?.onCommit(() => system.follow());
    return system;
  }

  /** Starts a background catch-up after a commit (one at a time; commits meanwhile ask for one more pass). */
  private follow(): void {
    if (this.#following !== undefined) {
      this.#again = true;
      return;
    }
    this.#following = (async () => {
      do {
        this.#again = false;
        // A failed read (the store is down) is retried at the next commit; operations catch up first anyway.
        await this.catchUp().catch(() => undefined);
      } while (this.#again);
    })().finally(() => (this.#following = undefined));
  }

  /** Saves the snapshot: every record before the scanned size is applied and finished. */
  async saveSnapshot(): Promise<void> {
    if (this.snapshotFile === undefined) return;
    await writeErasureSnapshot(this.snapshotFile, Math.min(this.#scannedTo, this.#pendingFrom ?? Infinity), this.state);
  }

  /** Applies the records committed since the last operation, finishes any unfinished erasure, saves the snapshot (at close). */
  close(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    return this.exclusive(async () => {
      await this.#following;
      await this.catchUp();
      if (this.#pendingFrom === undefined) return;
      await this.finishPending(this.#pendingFrom);
      this.#pendingFrom = undefined;
    });
  }

  /** The index of the erasure record that erased entry `index`, if one did (search, export, reads). */
  erasureOf(index: number): number | undefined {
    return this.state.erasureOf(index);
  }

  /** Runs `f` after every operation queued before it (one admin operation at a time), then saves the snapshot. */
  private exclusive<T>(f: () => Promise<T>): Promise<T> {
    const g = async () => {
      const out = await f();
      await this.saveSnapshot();
      return out;
    };
    const run = this.#queue.then(g, g);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Reads the facts of entries start <= i < end (leaf fields and payload). */
  private async facts(start: number, end: number): Promise<EntryFacts[]> {
    const [leaves, payloads] = await Promise.all([this.log.leaves(start, end), this.log.payloads(start, end)]);
    return leaves.map((leaf, i) => {
      const e = decodeLogEntry(leaf);
      const p = payloads[i];
      return { index: start + i, submitter: e.submitter, contentType: e.contentType, ...(p && !p.erased ? { payload: p.payload } : {}) };
    });
  }

  /** Applies the records committed since the last scan (this process's, other processes', or before a crash). */
  catchUp(): Promise<void> {
    const run = this.#scans.then(() => this.scan());
    this.#scans = run.catch(() => undefined);
    return run;
  }

  /** One catch-up (never two at once: catchUp chains them). Decodes only the leaves of submitter `cairn`. */
  private async scan(): Promise<void> {
    const size = this.log.committedSize;
    for (let start = this.#scannedTo; start < size; start += SCAN_BATCH) {
      const end = Math.min(size, start + SCAN_BATCH);
      const leaves = await this.log.leaves(start, end);
      for (const [i, leaf] of leaves.entries()) {
        if (!leafSubmitterIs(leaf, SYSTEM_SUBMITTER_BYTES)) continue;
        const e = decodeLogEntry(leaf);
        const [p] = await this.log.payloads(start + i, start + i + 1);
        this.state.apply({ index: start + i, submitter: e.submitter, contentType: e.contentType, ...(p && !p.erased ? { payload: p.payload } : {}) });
        // An erasure record is unfinished until this process erased what it lists (or checked it).
        if (e.contentType === ERASURE_CONTENT_TYPE) this.#pendingFrom ??= start + i;
      }
      this.#scannedTo = end;
    }
  }

  /**
   * Erases what recorded erasures at or after `from` list but the store still holds (an
   * interrupted erasure; those before `from` finished before the snapshot was saved).
   */
  private async finishPending(from: number): Promise<number> {
    let finished = 0;
    for (const [record, indexes] of this.state.erasures()) {
      if (record < from) continue;
      const present: number[] = [];
      for (const i of indexes) {
        const [p] = await this.log.payloads(i, i + 1);
        if (p !== undefined && !p.erased) present.push(i);
      }
      if (present.length > 0) finished += await this.erasePayloads(present);
    }
    return finished;
  }

  private erasePayloads(indexes: readonly number[]): Promise<number> {
    const store = this.log.store;
    if (!store.erasePayloads) throw new ServerError('INTERNAL', `The store ${store.location} cannot erase payloads yet; this driver lacks erasePayloads.`);
    return store.erasePayloads(indexes);
  }

  /** The entries a selection means, checked: committed, not the log's own records. */
  private async select(selection: EntrySelection): Promise<EntryFacts[]> {
    const size = this.log.committedSize;
    if (selection.indexes !== undefined) {
      const sorted = [...new Set(selection.indexes)].sort((a, b) => a - b);
      const last = sorted[sorted.length - 1];
      if (last !== undefined && last >= size) throw new ServerError('INVALID_PARAMETER', `Entry ${last} does not exist: the log has ${size} entries.`);
      const out: EntryFacts[] = [];
      // Ranges of at most SCAN_BATCH leaves, each covering as many wanted indexes as it can, so
      // a dense selection (a retention batch, every other entry) costs a few range reads.
      for (let i = 0; i < sorted.length;) {
        const first = sorted[i]!;
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1]! < first + SCAN_BATCH) j++;
        const wanted = new Set(sorted.slice(i, j + 1));
        // A sparse group reads its indexes one by one instead of the whole range.
        const facts =
          wanted.size * 8 >= sorted[j]! + 1 - first
            ? (await this.facts(first, sorted[j]! + 1)).filter((f) => wanted.has(f.index))
            : (await Promise.all([...wanted].map((k) => this.facts(k, k + 1)))).flat();
        out.push(...facts);
        i = j + 1;
      }
      return out;
    }
    const filter = selection.filter ?? {};
    const out: EntryFacts[] = [];
    for (let start = 0; start < size; start += SCAN_BATCH) {
      for (const f of await this.facts(start, Math.min(size, start + SCAN_BATCH))) {
        if (!this.state.isSystemRecord(f.index) && matchesFilter(filter, f)) out.push(f);
      }
    }
    return out;
  }

  /** Appends one record of the log's own and returns its receipt. */
  private async appendRecord(contentType: string, payload: Uint8Array): Promise<Receipt> {
    const [outcome] = await this.log.append(SYSTEM_SUBMITTER, [{ payload, contentType, occurredAt: 0n }]);
    const receipt = outcome!.receipt;
    // A record carries no idempotency key, so it is always appended now, never an erased rebuild.
    if ('erased' in receipt) throw new ServerError('INTERNAL', `The log answered the new record ${receipt.index} with an erased receipt.`);
    await this.catchUp();
    return receipt;
  }

  /**
   * Erases the payloads of the selected entries, as a recorded erasure (see the file comment).
   * Refuses (ENTRY_HELD, 409) when a legal hold covers one of them, and (INVALID_PARAMETER)
   * the log's own records, more than MAX_ERASURE_INDEXES entries, or a selection with nothing
   * left to erase. Entries erased before are left out of the record.
   */
  erase(selection: EntrySelection, by: string): Promise<ErasureOutcome> {
    return this.exclusive(async () => {
      await this.catchUp();
      const chosen = await this.select(selection);
      const todo: number[] = [];
      for (const f of chosen) {
        if (this.state.isSystemRecord(f.index)) {
          throw new ServerError('INVALID_PARAMETER', `Entry ${f.index} is one of the log's own records (erasures, holds); it cannot be erased.`);
        }
        if (this.state.erasureOf(f.index) !== undefined || f.payload === undefined) continue;
        const hold = this.state.holdOf(f);
        if (hold) {
          throw new ServerError(
            'ENTRY_HELD',
            `Entry ${f.index} is under legal hold ${hold.id} (${JSON.stringify(hold.reason)}); release the hold before erasing it.`,
            {
              extra: { hold: hold.id, index: f.index },
            },
          );
        }
        todo.push(f.index);
      }
      if (todo.length === 0)
        throw new ServerError('INVALID_PARAMETER', 'Nothing to erase: no selected entry has a payload left (none matched, or all were erased before).');
      if (todo.length > MAX_ERASURE_INDEXES) {
        throw new ServerError(
          'INVALID_PARAMETER',
          `The selection holds ${todo.length} entries; erase at most ${MAX_ERASURE_INDEXES} per request (narrow it, or send several).`,
        );
      }
      // The filter is not recorded: its value (an actor, a target) would name, for ever and
      // beside the indexes, the person whose data is erased. The indexes are what it matched.
      return this.recordAndErase({ indexes: todo, by, reason: selection.reason });
    });
  }

  /** The crash-safe sequence: the record committed first, then the payloads erased. */
  private async recordAndErase(record: ErasureRecord): Promise<ErasureOutcome> {
    const receipt = await this.appendRecord(ERASURE_CONTENT_TYPE, encodeRecord(record));
    // Test-only: die between the record and the erasure (see the file comment).
    if (process.env['CAIRN_TEST_FAULT'] === 'erasure-after-record') process.kill(process.pid, 'SIGKILL');
    // Until the erasure is done, no snapshot may claim this record finished (catchUp marked it).
    await this.erasePayloads(record.indexes);
    if (this.#pendingFrom === receipt.index) this.#pendingFrom = undefined;
    return { receipt, indexes: record.indexes };
  }

  /**
   * The retention sweeper's erasure (retention-sweeper.ts): erases those of `indexes` that still
   * have a payload and are neither held nor the log's own records, as one recorded erasure by
   * `retention`. Resolves with undefined when none is left.
   */
  eraseExpired(indexes: readonly number[], reason: string): Promise<ErasureOutcome | undefined> {
    return this.exclusive(async () => {
      await this.catchUp();
      const todo: number[] = [];
      for (const f of await this.select({ indexes, reason })) {
        if (this.state.isSystemRecord(f.index) || this.state.erasureOf(f.index) !== undefined || f.payload === undefined) continue;
        if (this.state.holdOf(f) === undefined) todo.push(f.index);
      }
      return todo.length === 0 ? undefined : this.recordAndErase({ indexes: todo, by: 'retention', reason });
    });
  }

  /** Records a new retention rule set (the whole set, replacing the one before). */
  setRetention(rules: RetentionRule[], by: string, reason: string): Promise<Receipt> {
    return this.exclusive(async () => {
      const payload = new TextEncoder().encode(JSON.stringify({ rules, by, reason }));
      return this.appendRecord(RETENTION_CONTENT_TYPE, payload);
    });
  }

  /** Places a legal hold on the selected entries (indexes, or a filter that also holds later entries). */
  hold(selection: EntrySelection, by: string): Promise<{ receipt: Receipt; hold: HoldState }> {
    return this.exclusive(async () => {
      await this.catchUp();
      const size = this.log.committedSize;
      for (const i of selection.indexes ?? []) {
        if (i >= size) throw new ServerError('INVALID_PARAMETER', `Entry ${i} does not exist: the log has ${size} entries.`);
      }
      const record: HoldRecord = {
        by,
        reason: selection.reason,
        ...(selection.indexes ? { indexes: [...new Set(selection.indexes)].sort((a, b) => a - b) } : {}),
        ...(selection.filter ? { filter: selection.filter } : {}),
      };
      const receipt = await this.appendRecord(HOLD_CONTENT_TYPE, encodeRecord(record));
      return { receipt, hold: this.state.hold(receipt.index)! };
    });
  }

  /** Releases hold `id` (the index of its record). NOT_FOUND for an unknown or released hold. */
  release(id: number, by: string): Promise<{ receipt: Receipt; hold: HoldState }> {
    return this.exclusive(async () => {
      await this.catchUp();
      const hold = this.state.hold(id);
      if (!hold) throw new ServerError('NOT_FOUND', `There is no legal hold ${id}; GET /v1/holds lists them.`);
      if (hold.releasedBy !== undefined) throw new ServerError('NOT_FOUND', `Legal hold ${id} was released already, by entry ${hold.releasedBy}.`);
      const receipt = await this.appendRecord(RELEASE_CONTENT_TYPE, encodeRecord({ hold: id, by }));
      return { receipt, hold: this.state.hold(id)! };
    });
  }

  /** Every hold, released ones included (after applying records committed meanwhile). */
  async holds(): Promise<HoldState[]> {
    return this.exclusive(async () => {
      await this.catchUp();
      return this.state.holds();
    });
  }
}
