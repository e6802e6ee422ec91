/**
 * What CairnClient (cairn-client.ts) takes and returns (SPEC §8): its options, and the verified
 * (or, where the caller asked, unverified) results of its calls.
 *
 * Browser-safe: types only.
 */
import type { AnyReceiptJson, Checkpoint, ReceiptJson, VerifiedReceipt, VerifierKey } from '../proofs/index.js';
import type { AppendEvent } from './events.js';
import type { LogEntryRecord } from './responses.js';
import type { RetryEvent } from './transport.js';

/** Options of `new CairnClient(baseUrl, options)`. */
export interface CairnClientOptions {
  /** A bearer token: a writer token to append, a reader token to read payloads or a closed log. */
  token?: string;
  /** The log's verifier key string `<name>+<key id>+<base64 key>` (SPEC §2), or a parsed one. */
  verifierKey?: string | VerifierKey;
  /** Without a verifierKey, take the one GET /v1/log announces, once (see the file comment). */
  trustOnFirstUse?: boolean;
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Time limit of one attempt, connection to last byte, in ms (default 30 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3; 0 disables retries). */
  retries?: number;
  /** First backoff step in ms, doubled per retry, with full jitter (default 250). */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts in ms; a longer Retry-After ends the retries (default 30 000). */
  maxRetryDelayMs?: number;
  /** Largest response body accepted, in bytes (default: the largest receipt, about 86 MiB). */
  maxResponseBytes?: number;
  /** Told about every retry before the client waits (for logs and metrics). */
  onRetry?: (event: RetryEvent) => void;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call, retries and waits included (CairnRequestError ABORTED). */
  signal?: AbortSignal;
}

/** Options of `append`: the event's metadata (see AppendEvent) and the call's. */
export interface AppendOptions extends Omit<AppendEvent, 'payload'>, CallOptions {
  /** false: return the receipt without verifying it (default true). */
  verify?: boolean;
}

/** A checkpoint whose signature the client verified, with its signed note. */
export interface SignedCheckpoint extends Checkpoint {
  /** The signed note, verbatim. */
  note: string;
}

/** A receipt as the server sent it, and what verifying it proved. */
export interface AppendedEvent {
  /** Exactly the server's receipt object: save `JSON.stringify(receipt)` as the evidence. */
  receipt: ReceiptJson;
  /** What verifyReceipt proved (index, time, submitter, checkpoint, ...). */
  verified: VerifiedReceipt;
}

/**
 * A receipt returned with `verify: false`: as the server sent it, so the replay of a key whose
 * payload was erased since is the erased receipt (issue 14; `'erased' in receipt`).
 */
export interface UnverifiedEvent {
  receipt: AnyReceiptJson;
  verified: undefined;
}

/** The answer of a single append: 201 for a new entry, 200 for a replay of its idempotency key. */
export type AppendResult<E> = E & {
  /** True when the log had this idempotency key already: this is the original receipt. */
  replayed: boolean;
};

/** An inclusion proof (RFC 9162 §2.1.3). */
export interface InclusionProof {
  index: number;
  treeSize: number;
  leafHash: Uint8Array;
  hashes: Uint8Array[];
  /** The checkpoint the proof was verified against; undefined when the proof is unverified. */
  checkpoint: SignedCheckpoint | undefined;
}

/** A consistency proof (RFC 9162 §2.1.4). */
export interface ConsistencyProof {
  from: number;
  to: number;
  hashes: Uint8Array[];
  /** The two checkpoints the proof was verified against; undefined when it is unverified. */
  checkpoints: { from: SignedCheckpoint; to: SignedCheckpoint } | undefined;
}

/** GET /v1/entries/<index>: the leaf, and its inclusion proof in the server's latest checkpoint. */
export interface EntryWithProof extends LogEntryRecord {
  proof: { treeSize: number; hashes: Uint8Array[] };
  /** The checkpoint the inclusion proof was verified against; undefined with `verify: false`. */
  checkpoint: SignedCheckpoint | undefined;
  /** The server's checkpoint note, verbatim. */
  checkpointNote: string;
}

/** GET /v1/entries?start=&end=: a range of leaves, each checked against its leaf hash. */
export interface EntryRange {
  start: number;
  /** One past the last entry returned: the server truncates large ranges (never an error). */
  end: number;
  entries: LogEntryRecord[];
}
