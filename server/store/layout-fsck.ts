/**
 * The driver's part of `cairn fsck` (server/tools/fsck/): checks that depend on how a driver lays
 * the log out (keys, raw records, indexes it keeps) and that the store's read interface cannot
 * see. fsck checks identity, tiles, entries and checkpoints through the read interface first,
 * then runs the driver's hook once with this context. A driver without one (LogStore.layoutFsck
 * absent) gets only the checks through the read interface.
 */
import type { IdempotencyRecord } from './store.js';

/** The problems a driver's checks may report (a subset of fsck's codes, server/tools/fsck/report.ts). */
export type LayoutProblemCode =
  | 'MALFORMED_RECORD' // a key or value of the wrong shape
  | 'BEYOND_TREE' // a stored object or record beyond the latest checkpoint
  | 'UNKNOWN_KEY' // a key no part of Cairn writes
  | 'CREDENTIAL_MALFORMED' // a credential that is not the record the server writes
  | 'HASH_INDEX_MISMATCH' // a hash index record that names the wrong leaf
  | 'PAYLOAD_MALFORMED' // a payload chunk that does not decode or overlaps another
  | 'CHECKPOINT_MISSING'; // a round boundary without the checkpoint signed there

/** What fsck counts from the driver's records. */
export type LayoutCount = 'idempotencyRecords' | 'hashIndex' | 'credentials';

/** One idempotency record as the driver decoded it, for fsck's check against the entries. */
export interface IdempotencyToCheck {
  /** Where, in fsck's words: `idempotency key <submitter>/<key>`. */
  where: string;
  /** The submitter named by the record's key; undefined when it does not decode. */
  submitter: string | undefined;
  record: IdempotencyRecord;
}

/** What fsck hands the driver's checks. */
export interface LayoutFsckContext {
  /** The tree of the latest checkpoint: everything is checked against it. */
  readonly treeSize: number;
  /** Reports one problem. */
  report(code: LayoutProblemCode, where: string, message: string): void;
  /** Counts one checked record. */
  count(what: LayoutCount): void;
  /** The authenticated leaf hash of entry `index`, undefined when its tile cannot be authenticated. */
  leafHashAt(index: number): Promise<Uint8Array | undefined>;
  /**
   * What the walk through the entries learned of the hash index: how many leaves found a record
   * naming them, and the record prefixes (hex) already reported.
   */
  readonly hashIndex: { readonly found: number; readonly reported: ReadonlySet<string> };
  /**
   * Checks decoded idempotency records against the entries and checkpoints (entry in the tree,
   * appended by that submitter, payload digest, receipt checkpoint stored). Batches of a few
   * hundred keep memory flat.
   */
  checkIdempotencyRecords(records: readonly IdempotencyToCheck[]): Promise<void>;
}

/** A driver's fsck hook. */
export interface LayoutFsck {
  /** Runs every check of the driver's layout; throws only when the store cannot be read (StoreError). */
  check(ctx: LayoutFsckContext): Promise<void>;
}
