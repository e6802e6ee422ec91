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
