/**
 * The log's storage contract, split by concern (after Sunlight's `Backend` + `LockBackend` and
 * Tessera's object store + sequencer): immutable objects (ObjectStore), the head and its
 * indexes (Coordinator), credentials (CredentialStore). A driver implements all three for one
 * log; `LogStore` is their sum, opened by `openStore` (open-store.ts).
 *
 * The commit point of a round is the head's compare-and-swap (Coordinator.commitHead). A driver
 * without multi-object atomicity commits a round in this order:
 *
 * 1. `writeObjects`: tiles, entry bundles and payload chunks, durable when it resolves. A crash
 *    here or after it leaves objects beyond the latest checkpoint; they are not part of the log.
 *    Readers never look at them (every read is bounded by a checkpoint the reader holds), and
 *    the next round that covers the same positions overwrites them (a right-edge tile or bundle)
 *    or supersedes them (payload chunks: see RoundObjects).
 * 2. `commitHead`: ONE transaction that checks the head is still `expected` (size, note, leader
 *    epoch) and stores the new checkpoint, its checkpoint-by-size, the round's idempotency
 *    records and leaf-hash index records. When it resolves, the round is committed and durable.
 *    A crash before it leaves the previous checkpoint as the head: after a restart the state
 *    equals the previous commit, and the next round's writes succeed.
 * 3. Only then may the caller acknowledge anything of the round (receipts, 201).
 *
 * `commitRound` runs the whole sequence; a driver may do it in one atomic, durable write (the
 * LevelDB driver: one synced batch; the PostgreSQL driver: one transaction), which meets the
 * same contract.
 *
 * If a write rejects with anything but STORE_CONFLICT, it may or may not have landed (an fsync
 * can fail after the write reached the disk): the caller acknowledges nothing and reloads the
 * head (`latestCheckpoint`, the edge tiles) before it writes again. STORE_CONFLICT means nothing
 * was applied.
 *
 * Nothing here edits or deletes a leaf, a tile within the head, or a checkpoint: there is no
 * method to do it. Payload erasure is `ObjectStore.erasePayloads`: payloads and nonces sit
 * beside the tree, so the tree and every proof stay valid without them.
 *
 * Each handle serves one log. A store shared by several logs (one PostgreSQL database) scopes
 * every method by the log it was opened for; credentials may be shared by those logs.
 */
import type { ChangedBundle, ChangedTile } from '../../merkle/index.js';
import type { LayoutFsck } from './layout-fsck.js';

export { StoreError, type StoreErrorCode } from './store-error.js';

/** Who this log is. Written once, when the log is initialised. */
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
  /**
   * Set when the entry's payload was erased (`ObjectStore.erasePayloads`, issue 14): `payload`
   * and `nonce` are then empty, and `size` is the length the payload had (chunking rules).
   */
  erased?: { size: number };
}

/** The marker record an erased entry reads as: no payload, no nonce (issue 14). */
export function erasedPayload(size: number): PayloadRecord {
  return { payload: new Uint8Array(0), nonce: new Uint8Array(0), erased: { size } };
}

/** What an idempotency key stands for: the entry it made and the checkpoint of its receipt. */
export interface IdempotencyRecord {
  index: number;
  /** The tree size of the checkpoint in the original receipt. */
  treeSize: number;
  /** SHA-256 of the payload, to tell a retry from a different request reusing the key. */
  payloadDigest: Uint8Array;
}

/** A writer, reader or admin credential. Only the SHA-256 of the secret is stored. */
export interface StoredCredential {
  id: string;
  name: string;
  role: 'writer' | 'reader' | 'admin';
  secretHash: string;
  createdAt: string;
  revokedAt?: string;
}

/**
 * The immutable objects of one round. Tiles and bundles are the widest version so far of each
 * (a partial one is rewritten by later rounds until it is full). Payloads are those of the
 * round's entries, in index order from `firstIndex`; writing them supersedes any payload stored
 * for an index in [firstIndex, firstIndex + records.length) by an earlier, uncommitted write.
 */
export interface RoundObjects {
  tiles: readonly ChangedTile[];
  bundles: readonly ChangedBundle[];
  payloads: { firstIndex: number; records: readonly PayloadRecord[] };
}

/** What a round changes in the coordinator, committed in one transaction with the head. */
export interface HeadUpdate {
  /** The new latest checkpoint: also stored as the checkpoint of its size. */
  checkpoint: StoredCheckpoint;
  idempotency: readonly { submitter: string; key: string; record: IdempotencyRecord }[];
  /** Leaf hashes of the round's entries, in index order from `firstIndex` (the hash index). */
  leafHashes: { firstIndex: number; hashes: readonly Uint8Array[] };
}

/** Everything one sequencing round changed (RoundObjects + HeadUpdate, in the sequencer's shape). */
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

/**
 * The head a commit builds on: the compare of the compare-and-swap. Equal notes mean the same
 * head (the note holds size and root, signed).
 */
export interface HeadExpectation {
  /** The latest checkpoint the caller built on, exactly as stored. */
  previous: StoredCheckpoint;
  /**
   * The fencing token of the caller's leadership (a leader epoch). Drivers whose store only one
   * process can open (LevelDB's folder lock, memory) have no epochs and ignore it; a shared
   * database refuses a commit whose epoch is not the current one (STORE_CONFLICT).
   */
  epoch?: number;
}

/** Immutable objects: hash tiles, entry bundles, payload chunks. */
export interface ObjectStore {
  /** The stored contents of hash tiles (the widest version), undefined where absent. */
  readTiles(tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]>;
  /** The stored contents of entry bundles (the widest version), undefined where absent. */
  readBundles(indexes: readonly number[]): Promise<(Uint8Array | undefined)[]>;
  /** The payload and nonce of entry `index`, or undefined when absent (never written, or erased). */
  readPayload(index: number): Promise<PayloadRecord | undefined>;
  /** The payloads of entries start <= i < end, in order (undefined where absent). */
  readPayloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]>;
  /**
   * The payload records of scattered `indexes` (any order), as readPayload each would give them,
   * in one pass (a search's results). Optional: the read side reads them one by one without it.
   */
  readPayloadsAt?(indexes: readonly number[]): Promise<(PayloadRecord | undefined)[]>;
  /**
   * Writes a round's objects; resolves once they are durable. Idempotent: writing the same
   * objects again is harmless. Objects beyond the head are not part of the log until a
   * commitHead covers them (see the file comment).
   */
  writeObjects(objects: RoundObjects): Promise<void>;
  /**
   * Erases the payload and nonce of each committed entry in `indexes` (issue 14): afterwards
   * they read as the erased marker (`erasedPayload`), every other payload is unchanged, and no
   * copy of the erased bytes stays in the store's live data (the LevelDB driver compacts the
   * range so its files no longer hold them). One durable write: after a crash either all of
   * `indexes` are erased or none. Idempotent: erased or absent entries are skipped. Resolves
   * with how many entries it erased now. Requires every index to be below the head's size.
   * Optional only while a driver lacks it (the caller then refuses erasure with a message).
   */
  erasePayloads?(indexes: readonly number[]): Promise<number>;
}

/** The head (latest checkpoint, the commit point), checkpoints by size, and the two indexes. */
export interface Coordinator {
  /** The identity of the log, or undefined for a new store. STORE_CORRUPT when it does not decode. */
  readIdentity(): Promise<LogIdentity | undefined>;
  /**
   * Initialises a new log: the identity and the signed checkpoint of the empty tree (the first
   * head), in one durable write. Requires an empty store (STORE_CORRUPT otherwise).
   */
  initialise(identity: LogIdentity, emptyCheckpoint: StoredCheckpoint): Promise<void>;

  /** The head: the latest committed checkpoint (the one with the largest tree size). */
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** The checkpoint signed at exactly this tree size, if the log signed one. */
  checkpointAt(treeSize: number): Promise<StoredCheckpoint | undefined>;
  /** Stored checkpoints with treeSize >= fromSize in increasing order, at most `limit` (fsck, monitors). */
  listCheckpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]>;

  /**
   * Indexes whose leaf hash starts with the first 8 bytes of `leafHash` (the hash index). The
   * caller checks the full hash against the entry; a collision of 8-byte prefixes (about 3 in a
   * million at 10M entries, and writers cannot choose leaf hashes) leaves only the later index.
   */
  readLeafIndex(leafHash: Uint8Array): Promise<number | undefined>;
  /** The record of an idempotency key of one submitter. */
  readIdempotency(submitter: string, key: string): Promise<IdempotencyRecord | undefined>;

  /**
   * The commit point: in one durable transaction, checks that the head is `expected` and makes
   * `update.checkpoint` the head, with its checkpoint-by-size, idempotency and leaf-hash
   * records. Rejects with STORE_CONFLICT, having changed nothing, when the head moved or the
   * epoch is stale. Requires the round's objects to be durable already (writeObjects).
   */
  commitHead(update: HeadUpdate, expected: HeadExpectation): Promise<void>;

  /**
   * Writes and syncs a small marker (no log data): resolves once the store takes durable writes
   * again after a failure, rejects while it does not. The sequencer calls it before it reports
   * itself ready after a failed commit. (A read-only replica rejects it: not writable.)
   */
  checkWritable(): Promise<void>;
}

/** Credentials (process-wide in a shared store: every log of a process sees the same ones). */
export interface CredentialStore {
  /** Every credential, revoked ones included. */
  listCredentials(): Promise<StoredCredential[]>;
  /** Adds or replaces a credential (by id), durably. */
  putCredential(credential: StoredCredential): Promise<void>;
}

/** One log's store: the three concerns, the whole commit, and close. */
export interface LogStore extends ObjectStore, Coordinator, CredentialStore {
  /** Where it lives, for messages (a folder, a URL without its password, `memory`). */
  readonly location: string;
  /**
   * Commits one round: writeObjects, then commitHead (the commit point), or one atomic durable
   * write that does both. Without `expected`, the head this handle last read
   * (`latestCheckpoint`, `initialise`) or committed is the expectation; a handle that never
   * read the head reads it first.
   */
  commitRound(round: RoundWrite, expected?: HeadExpectation): Promise<void>;
  /** Checks of the driver's own layout (keys, raw records), run by `cairn fsck`; absent when it has none. */
  readonly layoutFsck?: LayoutFsck;
  /** Closes the store; later calls fail with STORE_CLOSED. */
  close(): Promise<void>;
}

/** The objects of a round. */
export function roundObjects(round: RoundWrite): RoundObjects {
  return { tiles: round.tiles, bundles: round.bundles, payloads: round.payloads };
}

/** The coordinator's part of a round. */
export function roundHeadUpdate(round: RoundWrite): HeadUpdate {
  return {
    checkpoint: round.checkpoint,
    idempotency: round.idempotency,
    leafHashes: { firstIndex: round.payloads.firstIndex, hashes: round.leafHashes },
  };
}
