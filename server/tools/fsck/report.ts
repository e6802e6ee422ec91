/**
 * What `cairn fsck` found: each problem with a stable code, the place in the store it concerns
 * (`entry 17`, `tile 0/3`, `checkpoint 300`, ...) and a sentence for the operator; plus what
 * was checked, and the checks that could not run because of an earlier problem.
 */

/** Every kind of problem fsck reports. */
export type FsckProblemCode =
  | 'IDENTITY_MISSING' // no `m` identity record: the folder was never initialised, or it was lost
  | 'IDENTITY_MALFORMED' // the identity is not the JSON the server wrote, or its key does not parse
  | 'NO_CHECKPOINT' // no signed checkpoint at all
  | 'CHECKPOINT_INVALID' // a stored note that does not verify with the identity's key
  | 'CHECKPOINT_SIZE' // a note whose tree size is not the size under its key
  | 'CHECKPOINT_MISSING' // a round boundary (payload chunks) without the checkpoint signed there
  | 'CHECKPOINT_INCONSISTENT' // a checkpoint the latest one does not extend
  | 'ROOT_MISMATCH' // the tiles do not give the latest checkpoint's root
  | 'TILE_MISSING' // a tile the latest tree needs is absent
  | 'TILE_WIDTH' // a tile of the wrong length for the latest tree
  | 'TILE_MISMATCH' // a full tile whose root is not its hash in the tile above
  | 'BUNDLE_MISSING' // an entry bundle the latest tree needs is absent
  | 'BUNDLE_MALFORMED' // an entry bundle that does not parse, or holds the wrong number of entries
  | 'ENTRY_MISMATCH' // an entry that does not hash to its leaf hash
  | 'ENTRY_MALFORMED' // a leaf that is not a LogEntry
  | 'TIMESTAMP_ORDER' // timestamps that do not strictly increase
  | 'PAYLOAD_MALFORMED' // a payload chunk that does not decode, or overlaps another
  | 'PAYLOAD_MISSING' // entries without a stored payload that no erasure record covers (issue 14)
  | 'ERASURE_UNFINISHED' // a payload still stored although an erasure record lists it (an interrupted erasure)
  | 'ERASURE_RECORD_MALFORMED' // an erasure record that does not parse, or lists an entry not before it
  | 'PAYLOAD_SIZE' // a payload whose length is not the entry's payload_size
  | 'COMMITMENT_MISMATCH' // a stored payload and nonce that do not open the entry's commitment
  | 'IDEMPOTENCY_MISMATCH' // an idempotency record that does not match the entry it names
  | 'HASH_INDEX_MISSING' // a leaf absent from the hash index
  | 'HASH_INDEX_MISMATCH' // a hash index record that names the wrong leaf
  | 'CREDENTIAL_MALFORMED' // a credential record that is not the JSON the server wrote
  | 'BEYOND_TREE' // data the latest checkpoint does not cover (a wider tile, a later bundle...)
  | 'MALFORMED_RECORD' // a key or a value of the wrong shape (length, encoding)
  | 'UNKNOWN_KEY'; // a key no part of Cairn writes

/** One problem. */
export interface FsckProblem {
  code: FsckProblemCode;
  /** Where: `entry 17`, `tile 0/3`, `bundle 1`, `checkpoint 300`, `payload chunk 256`, ... */
  where: string;
  message: string;
}

/** Counts of what was checked. */
export interface FsckCounts {
  checkpoints: number;
  tiles: number;
  bundles: number;
  entries: number;
  payloads: number;
  idempotencyRecords: number;
  hashIndex: number;
  credentials: number;
}

/** Keeps at most this many problems in memory; the rest are counted. */
export const MAX_KEPT_PROBLEMS = 1000;

/** Collects problems and counts, O(1) memory beyond the first MAX_KEPT_PROBLEMS problems. */
export class FsckFindings {
  readonly problems: FsckProblem[] = [];
  problemCount = 0;
  /** Checks skipped because an earlier problem made them meaningless. */
  readonly skipped: string[] = [];
  readonly counts: FsckCounts = { checkpoints: 0, tiles: 0, bundles: 0, entries: 0, payloads: 0, idempotencyRecords: 0, hashIndex: 0, credentials: 0 };
  /** Called with each new problem (to print it as soon as it is found). */
  onProblem: ((problem: FsckProblem) => void) | undefined;

  /** Records a problem. */
  add(code: FsckProblemCode, where: string, message: string): void {
    this.problemCount++;
    const problem = { code, where, message };
    if (this.problems.length < MAX_KEPT_PROBLEMS) this.problems.push(problem);
    this.onProblem?.(problem);
  }

  /** Records a check that could not run. */
  skip(why: string): void {
    this.skipped.push(why);
  }
}
