/**
 * The log's storage, behind one narrow interface (after Sunlight's `LockBackend`/`Backend`).
 *
 * Durability contract:
 * - `commitRound` writes everything one sequencing round changed (tiles, entry bundles, payload
 *   chunk, idempotency records, the new signed checkpoint) as ONE atomic batch, and resolves
 *   only once that batch is durable (fsync). After it resolves, a crash, `kill -9` or power loss
 *   cannot lose any of it.
 * - If `commitRound` rejects, the round may or may not be on disk (an fsync can fail after the
 *   write reached the log). The caller must acknowledge nothing from that round and reload its
 *   state from the store (`latestCheckpoint` and the tiles) before it writes again.
 * - Every read sees a state that some committed round left behind; the data read is always
 *   covered by the latest stored checkpoint, never ahead of it.
 * - Nothing here edits or deletes a leaf: there is no method to do it.
 *
 * One process owns a data folder at a time (LevelDB's lock); a second open fails with
 * StoreError STORE_LOCKED.
 */
import type { ChangedBundle, ChangedTile } from '../../merkle/index.js';

/** Who this log is. Written once, when the folder is initialised. */
export interface LogIdentity {
  origin: string;
  verifierKey: string;
  createdAt: string;
}

/** One signed checkpoint, as stored. */
export interface StoredCheckpoint {
  treeSize: number;
  note: string;
}

/** The payload and nonce of one entry (SPEC §3), kept beside the tree. */
export interface PayloadRecord {
  payload: Uint8Array;
  nonce: Uint8Array;
}

/** What an idempotency key stands for: the entry it made and the checkpoint of its receipt. */
export interface IdempotencyRecord {
  index: number;
  /** The tree size of the checkpoint in the original receipt. */
  treeSize: number;
  /** SHA-256 of the payload, to tell a retry from a different request reusing the key. */
  payloadDigest: Uint8Array;
}

/** A writer or reader credential. Only the SHA-256 of the secret is stored. */
export interface StoredCredential {
  id: string;
  name: string;
  role: 'writer' | 'reader';
  secretHash: string;
  createdAt: string;
  revokedAt?: string;
}

/** Everything one sequencing round changed. */
export interface RoundWrite {
  tiles: readonly ChangedTile[];
  bundles: readonly ChangedBundle[];
  /** Payloads of the round's entries, in index order, starting at `firstIndex`. */
  payloads: { firstIndex: number; records: readonly PayloadRecord[] };
  idempotency: readonly { submitter: string; key: string; record: IdempotencyRecord }[];
  /** Leaf hashes of the round's entries, in index order from `payloads.firstIndex` (the hash index). */
  leafHashes: readonly Uint8Array[];
  checkpoint: StoredCheckpoint;
}

/** Reason codes of storage failures; the HTTP layer maps them to 503 problems. */
export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_FULL' | 'STORE_LOCKED' | 'STORE_CORRUPT' | 'STORE_CLOSED';

/** Thrown by every store method that fails; `cause` holds the underlying error. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The storage interface of the log. See the file comment for the durability contract. */
export interface LogStore {
  /** The identity of the log in this folder, or undefined for a new folder. */
  readIdentity(): Promise<LogIdentity | undefined>;
  /**
   * Initialises a new folder: the identity and the signed checkpoint of the empty tree, in one
   * durable batch. Requires an empty store.
   */
  initialise(identity: LogIdentity, emptyCheckpoint: StoredCheckpoint): Promise<void>;

  /** The latest signed checkpoint (the one with the largest tree size). */
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** The checkpoint signed at exactly this tree size, if the log signed one. */
  checkpointAt(treeSize: number): Promise<StoredCheckpoint | undefined>;
  /** Stored checkpoints with treeSize >= fromSize in increasing order (fsck, monitors). */
  listCheckpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]>;

  /** The stored contents of hash tiles (the widest version), undefined where absent. */
  readTiles(tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]>;
  /** The stored contents of entry bundles (the widest version), undefined where absent. */
  readBundles(indexes: readonly number[]): Promise<(Uint8Array | undefined)[]>;
  /** The payload and nonce of entry `index`, or undefined when absent (never written, or erased). */
  readPayload(index: number): Promise<PayloadRecord | undefined>;
  /** The payloads of entries start <= i < end, in order (undefined where absent). */
  readPayloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]>;
  /**
   * Indexes whose leaf hash starts with the first 8 bytes of `leafHash` (the hash index). The
   * caller checks the full hash against the entry; a collision of 8-byte prefixes (about 3 in a
   * million at 10M entries, and writers cannot choose leaf hashes) leaves only the later index.
   */
  readLeafIndex(leafHash: Uint8Array): Promise<number | undefined>;
  /** The record of an idempotency key of one submitter. */
  readIdempotency(submitter: string, key: string): Promise<IdempotencyRecord | undefined>;

  /**
   * Writes and syncs a small marker (no log data): resolves once the store takes durable writes
   * again after a failure, rejects while it does not. The sequencer calls it before it reports
   * itself ready after a failed commit.
   */
  checkWritable(): Promise<void>;

  /** Writes one round atomically and durably. See the durability contract above. */
  commitRound(round: RoundWrite): Promise<void>;

  /** Every credential, revoked ones included. */
  listCredentials(): Promise<StoredCredential[]>;
  /** Adds or replaces a credential (by id), durably. */
  putCredential(credential: StoredCredential): Promise<void>;

  /** Closes the store; later calls fail with STORE_CLOSED. */
  close(): Promise<void>;
}
