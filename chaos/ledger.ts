/**
 * What the chaos run knows, to be checked after every restart: every request and what came of
 * it, every receipt acknowledged, every checkpoint the log ever served (from /checkpoint polls
 * and from receipts), and which entry the log has shown at each index. It counts what the run
 * reports: lost receipts and forks (SPEC §6.1–6.3), and every other failed check.
 */
import { toHex } from '../merkle/index.js';
import type { AnyReceiptJson } from '../client/index.js';
import { AdminLedger } from './admin.js';
import type { PlannedRequest } from './requests.js';

/** A request and what became of it. */
export interface RequestRecord {
  request: PlannedRequest;
  /** The cycle (kills before it was first sent) in which it was first sent. */
  cycle: number;
  attempts: number;
  /** Attempts that got no answer (the server was killed under them). */
  unanswered: number;
  /** Attempts refused with 503 or 429. */
  refused: number;
  /**
   * pending: not settled yet; acked: receipts came; refused: a 503 for an unkeyed request (the
   * log accepted nothing); unanswered: an unkeyed request without an answer (its entries may or
   * may not be in the log, at most once each); failed: an answer that is a failed check.
   */
  state: 'pending' | 'acked' | 'refused' | 'unanswered' | 'failed';
  /** Whether a later attempt was needed after one without an answer (the retried requests). */
  retriedAfterNoAnswer: boolean;
}

/** An acknowledged entry: its receipt, as the writer got it. */
export interface Ack {
  /** As the server sent it: the erased receipt when the entry was erased before the answer (issue 14). */
  receipt: AnyReceiptJson;
  payload: string;
  record: RequestRecord;
  /** Position of the entry in its request. */
  position: number;
  /** The cycle in which the receipt arrived. */
  cycle: number;
  /** Set by the checks once verifyReceipt passed: what it proved. */
  verified?: { index: number; leafHex: string };
}

/** A checkpoint the log served, verified with the verifier key. */
export interface SeenCheckpoint {
  treeSize: number;
  rootHash: Uint8Array;
  rootHex: string;
  note: string;
  /** The cycle in which it was first seen. */
  cycle: number;
  /** Where it was first seen. */
  source: 'poll' | 'receipt' | 'restart';
}

export class Ledger {
  readonly requests: RequestRecord[] = [];
  readonly acks: Ack[] = [];
  /** Each payload of the run, to its request and position. */
  readonly byPayload = new Map<string, { record: RequestRecord; position: number }>();
  /** Every checkpoint served, by tree size. */
  readonly checkpoints = new Map<number, SeenCheckpoint>();
  /** The leaf hash (hex) the log has shown at each index, from receipts and entry walks. */
  readonly leaves = new Map<number, string>();
  /** Receipts whose entry a restarted log did not hold (SPEC §6.1). Counted once each. */
  readonly lost = new Set<Ack>();
  /**
   * Where history was rewritten (SPEC §6.2, §6.3), each place once: `index <i>` (an index that
   * held two entries) or `checkpoint <size>` (a served checkpoint the restarted log contradicts).
   */
  readonly forks = new Set<string>();
  /** Every other failed check, in order. */
  readonly failures: string[] = [];
  checkpointPolls = 0;
  /** What the admin operations (erasures, holds) did and promised (admin.ts). */
  readonly admin = new AdminLedger();

  /** Starts the record of a request (its payloads become searchable). */
  record(request: PlannedRequest, cycle: number): RequestRecord {
    const record: RequestRecord = { request, cycle, attempts: 0, unanswered: 0, refused: 0, state: 'pending', retriedAfterNoAnswer: false };
    this.requests.push(record);
    request.entries.forEach((e, position) => this.byPayload.set(e.payload, { record, position }));
    return record;
  }

  /** The receipts of `record` arrived (one per entry, in order). */
  acknowledged(record: RequestRecord, receipts: readonly AnyReceiptJson[], cycle: number): void {
    if (!Array.isArray(receipts) || receipts.length !== record.request.entries.length) {
      record.state = 'failed';
      this.fail(`request ${record.request.id}: ${record.request.entries.length} entries but ${Array.isArray(receipts) ? receipts.length : 'no'} receipts`);
      return;
    }
    record.state = 'acked';
    receipts.forEach((receipt, position) => this.acks.push({ receipt, payload: record.request.entries[position]!.payload, record, position, cycle }));
  }

  /**
   * Adds a verified checkpoint the log served; two different roots for one tree size are a fork.
   * Returns true when the size was not seen before.
   */
  addCheckpoint(c: Omit<SeenCheckpoint, 'rootHex'>): boolean {
    const rootHex = toHex(c.rootHash);
    const earlier = this.checkpoints.get(c.treeSize);
    if (earlier === undefined) {
      this.checkpoints.set(c.treeSize, { ...c, rootHex });
      return true;
    }
    if (earlier.rootHex !== rootHex) {
      this.fork(
        `checkpoint ${c.treeSize}`,
        `two checkpoints of size ${c.treeSize}: root ${earlier.rootHex} (${earlier.source}, cycle ${earlier.cycle}) and ${rootHex} (${c.source}, cycle ${c.cycle})`,
      );
    }
    return false;
  }

  /** The log showed `leafHex` at `index`; another leaf there before is a fork. */
  noteLeaf(index: number, leafHex: string, where: string): void {
    const earlier = this.leaves.get(index);
    if (earlier === undefined) this.leaves.set(index, leafHex);
    else if (earlier !== leafHex) this.fork(`index ${index}`, `index ${index} holds two entries: leaf ${earlier} before, ${leafHex} ${where}`);
  }

  /** Records evidence of rewritten history at `place` (counted once per place). */
  fork(place: string, message: string): void {
    if (!this.forks.has(place)) {
      this.forks.add(place);
      this.failures.push(`FORK: ${message}`);
    }
  }

  /** Records an acknowledged entry the restarted log does not hold (each once). */
  loseAck(ack: Ack, why: string): void {
    if (!this.lost.has(ack)) {
      this.lost.add(ack);
      this.failures.push(`LOST: entry ${ack.receipt.index} (request ${ack.record.request.id}): ${why}`);
    }
  }

  /** Records any other failed check. */
  fail(message: string): void {
    this.failures.push(message);
  }
}
