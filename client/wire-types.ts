/**
 * The JSON shapes of Cairn's HTTP API (SPEC §4–§5), declared once: the server's routes build
 * them (server/http/routes/), the client reads them (responses.ts, cairn-client.ts), and
 * docs/openapi.json describes them (test/docs/wire-types.test.ts holds the three together).
 *
 * Conventions of the wire: bytes are standard base64 with padding, times RFC 3339 text with up to
 * nanoseconds, sizes and indexes JSON integers (at most 2^53 - 1). The types say what the server
 * sends; the client never trusts them without checking (responses.ts parses every member).
 *
 * Browser-safe: types only.
 */
import type { AnyReceiptJson, ReceiptJson } from '../proofs/index.js';

// The receipt (SPEC §4) is declared beside its verifier, in proofs/receipt.ts.
export type { ReceiptJson };

/** The limits a writer must respect: `limits` of GET /v1/log (schema Limits). */
export interface LimitsJson {
  maxPayloadBytes: number;
  maxBatchEntries: number;
  maxBatchBytes: number;
  maxFutureSkewNs: number;
  maxRangeEntries: number;
  maxIdempotencyKeyLength: number;
}

/** GET /v1/log: who the log is and where it stands (schema LogInfo). */
export interface LogInfoJson {
  origin: string;
  /** `<name>+<key id>+<base64 key>` (SPEC §2). */
  verifierKey: string;
  treeSize: number;
  /** Base64 root hash of the latest checkpoint. */
  rootHash: string;
  /** The latest signed checkpoint note. */
  checkpoint: string;
  limits: LimitsJson;
  /** The latest check of the log's clock against NTP (issue 15); absent from servers before it. */
  clock?: ClockJson;
  /** Entries 0..indexedSize-1 are searchable by filter (issue 13); absent without a search index. */
  indexedSize?: number;
  /** The newest tree size whose cosignatures meet the witness policy's quorum (issue 12); null before one does; absent without witnessing. */
  witnessedSize?: number | null;
}

/** One NTP server as the log last heard it (schema ClockSource; docs/time.md). */
export interface ClockSourceJson {
  /** `host:port` as configured. */
  server: string;
  /** Whether it counts in the median now (answered in the last 3 rounds). */
  usable: boolean;
  /** The server's clock minus the log's, ms (to the µs); null if it never answered. */
  offsetMs: number | null;
  rttMs: number | null;
  stratum: number | null;
  leap: string | null;
  /** The server's transmit timestamp of its last answer (RFC 3339). */
  transmitTime: string | null;
  /** The log's clock when that answer arrived. */
  lastOk: string | null;
  /** Why its latest query failed; null when it succeeded. */
  error: string | null;
}

/** Skew percentiles of one writer, ms: recorded time minus occurred_at over its latest entries (schema SkewSummary). */
export interface SkewSummaryJson {
  /** Skews the percentiles are over (the latest, at most 1024). */
  count: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

/** One writer of GET /v1/submitters (schema Submitter). */
export interface SubmitterJson {
  submitter: string;
  /** Entries appended since `since`. */
  entries: number;
  /** The recorded time of its newest entry. */
  lastSeen: string;
  /** Entries that carried occurred_at. */
  withOccurredAt: number;
  /** Entries older than --warn-event-age-seconds when recorded. */
  oldEvents: number;
  /** null when none of its entries carried occurred_at. */
  skewMs: SkewSummaryJson | null;
}

/** GET /v1/submitters (reader token; schema Submitters): every writer seen since the process started. */
export interface SubmittersJson {
  /** When the server process started counting (the figures are since then). */
  since: string;
  submitters: SubmitterJson[];
}

/** `clock` of GET /v1/log (schema Clock): status `synchronized`, `unsynchronized` or `unchecked`. */
export interface ClockJson {
  status: 'synchronized' | 'unsynchronized' | 'unchecked';
  reason: string;
  /** The median offset of the usable sources, ms; positive = the log is behind. */
  offsetMs: number | null;
  rttMs: number | null;
  stratum: number | null;
  maxOffsetMs: number;
  sources: ClockSourceJson[];
  /** When the latest check finished (the log's clock), or null before the first. */
  checkedAt: string | null;
}

/** The decoded leaf (schema LogEntry): times as RFC 3339 text, occurredAt null when not given. */
export interface LogEntryJson {
  timestamp: string;
  submitter: string;
  contentType: string;
  /** Base64 SHA-256(nonce || payload). */
  commitment: string;
  payloadSize: number;
  occurredAt: string | null;
  /** Present (true) only when the log's clock was not synchronised as it stamped `timestamp` (LogEntry field 7, issue 15). */
  clockUnsynchronized?: boolean;
}

/** GET /v1/proof/inclusion, and `proof` of GET /v1/entries/{index} (schema InclusionProof). */
export interface InclusionProofJson {
  index: number;
  treeSize: number;
  leafHash: string;
  /** Base64 hashes, leaf to root (RFC 9162 §2.1.3). */
  hashes: string[];
}

/** GET /v1/proof/consistency (schema ConsistencyProof). */
export interface ConsistencyProofJson {
  from: number;
  to: number;
  /** Base64 hashes (RFC 9162 §2.1.4); empty when from = 0 or from = to. */
  hashes: string[];
}

/** One entry of GET /v1/entries?start=&end= (schema EntrySummary). */
export interface EntrySummaryJson {
  index: number;
  /** Base64 LogEntry leaf bytes, exactly as hashed. */
  entry: string;
  leafHash: string;
  decoded: LogEntryJson;
  /** Whether `payload` and `nonce` are in this answer (a reader token, or public payloads). */
  payloadAvailable: boolean;
  payload?: string;
  nonce?: string;
  /** Present once the payload was erased (issue 14): `record` is the index of the erasure record. */
  erased?: { record: number };
}

/** GET /v1/entries/{index}: the entry, its inclusion proof and that proof's checkpoint (schema Entry). */
export interface EntryJson extends EntrySummaryJson {
  proof: InclusionProofJson;
  checkpoint: string;
}

/** GET /v1/entries?start=&end= (schema EntryList); `end` is one past the last entry returned. */
export interface EntryListJson {
  start: number;
  end: number;
  entries: EntrySummaryJson[];
}

/** GET /v1/checkpoints/{size} as JSON (schema SignedCheckpoint). */
export interface SignedCheckpointJson {
  treeSize: number;
  /** The signed note. */
  checkpoint: string;
}

/**
 * One event of POST /v1/entries/batch (schema BatchEntry): exactly one of `payload` (base64
 * bytes) and `json` (any JSON value, stored as the exact bytes it has in the request).
 */
export interface BatchEntryJson {
  payload?: string;
  json?: unknown;
  contentType?: string;
  idempotencyKey?: string;
  /** RFC 3339, up to nanoseconds. */
  occurredAt?: string;
}

/** The JSON body of POST /v1/entries/batch (schema BatchRequest). */
export interface BatchRequestJson {
  entries: BatchEntryJson[];
}

/**
 * The JSON answer of POST /v1/entries/batch: receipts in request order (schema BatchResponse).
 * The replay of a key whose payload was erased since answers with the erased receipt (issue 14).
 */
export interface BatchResponseJson {
  receipts: AnyReceiptJson[];
}

/** An entry a search or stream left out (schema SkippedEntry; issue 13). */
export interface SkippedEntryJson {
  index: number;
  /** `payload-erased`: the entry is in the log but its payload is no longer stored. */
  reason: 'payload-erased';
}

/**
 * GET /v1/events: one page of a search (schema EventsPage; issue 13). Every receipt is proved
 * against `checkpoint`; `next` pages on (same filters), null on the last page.
 */
export interface EventsPageJson {
  checkpoint: string;
  events: ReceiptJson[];
  next: string | null;
  /** Present when matching entries were left out (their payload is gone). */
  skipped?: SkippedEntryJson[];
}

/** An RFC 9457 problem as Cairn sends it (schema Problem); `detail` says what to do. */
export interface ProblemJson {
  /** `urn:cairn:problem:<slug>`. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The stable code (server/http/problems.ts), e.g. POOL_FULL. */
  code?: string;
  /** The limit that was exceeded (413). */
  limit?: number;
  /** The position of the refused entry in a batch. */
  entry?: number;
  /** INVALID_EVENT (422): the offending field of the audit event, e.g. `actor.id` (issue 13). */
  field?: string;
  /** INVALID_PARAMETER: the query parameter to change, e.g. `since` or `cursor`. */
  parameter?: string;
  /** A finer code, e.g. CURSOR_EXPIRED or MISSING_FIELD. */
  reason?: string;
}

/** GET /healthz (schema Health). */
export interface HealthJson {
  status: 'ok';
}

/** GET /readyz (schema Ready). */
export interface ReadyJson {
  status: 'ready';
  treeSize: number;
}
