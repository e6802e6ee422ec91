/**
 * What waits in the sequencer's pool (sequencer.ts): whole requests, each answered with its
 * receipts or refused as one.
 */
import type { Receipt } from './types.js';
import type { RoundEntry } from './round.js';

/** One entry waiting to be sequenced. */
export interface PendingEntry extends RoundEntry {
  /** `inflightKey(submitter, key)` when the entry has an idempotency key. */
  inflightKey: string | undefined;
}

/** One request's entries, answered together. */
export interface PendingGroup {
  entries: PendingEntry[];
  bytes: number;
  resolve: (receipts: Receipt[]) => void;
  reject: (err: Error) => void;
}

/**
 * The pool: whole requests in arrival order, with their entry and byte counts (the limits of
 * `SequencerLimits` are checked against them).
 */
export class PendingPool {
  private groups: PendingGroup[] = [];
  /** Entries waiting. */
  entries = 0;
  /** Payload bytes waiting. */
  bytes = 0;

  /** Requests waiting. */
  get size(): number {
    return this.groups.length;
  }

  /** Adds a request at the end. */
  add(group: PendingGroup): void {
    this.groups.push(group);
    this.entries += group.entries.length;
    this.bytes += group.bytes;
  }

  /** Takes whole requests from the front, at most `maxEntries` entries in all (a request is never split). */
  take(maxEntries: number): PendingGroup[] {
    let n = 0;
    let count = 0;
    let bytes = 0;
    while (n < this.groups.length && count + this.groups[n]!.entries.length <= maxEntries) {
      count += this.groups[n]!.entries.length;
      bytes += this.groups[n]!.bytes;
      n++;
    }
    this.entries -= count;
    this.bytes -= bytes;
    return this.groups.splice(0, n);
  }

  /** Puts taken requests back at the front, in their order (a round that was built but never committed). */
  putBack(groups: readonly PendingGroup[]): void {
    this.groups.unshift(...groups);
    for (const g of groups) {
      this.entries += g.entries.length;
      this.bytes += g.bytes;
    }
  }

  /** Takes every waiting request. */
  drain(): PendingGroup[] {
    this.entries = 0;
    this.bytes = 0;
    return this.groups.splice(0);
  }
}
