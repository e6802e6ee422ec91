/**
 * `cairn/client` (SPEC §8): what applications import to check a Cairn log's evidence offline.
 *
 * Every verify function throws a VerificationError (with a stable `code`) on failure and returns
 * the verified value on success; none returns false. Verification never trusts a number the
 * server sent without checking it against a verified checkpoint.
 *
 * Runs unchanged in Node and in browsers: it imports only proofs/ and merkle/ (pure code over
 * @noble and the generated protobuf code), never `node:*` or server/. The HTTP client,
 * CairnClient, uses fetch only, so it runs in browsers too.
 */

// Verifiers (SPEC §8)
export {
  verifyCheckpoint,
  verifyInclusion,
  verifyConsistency,
  verifyReceipt,
  verifyTlogProof,
  verifyCommitment,
  parseVerifierKey,
  VerificationError,
  type VerificationErrorCode,
} from '../proofs/index.js';

// Witnesses: C2SP tlog-cosignature (Ed25519 v1) and tlog-policy
export {
  parseWitnessPolicy,
  checkWitnessPolicy,
  quorumSatisfied,
  policyAllowsLog,
  parseCosignatureVerifierKey,
  verifyCosignatures,
  cosignatureKeyId,
  cosignatureMessage,
  type WitnessPolicy,
  type PolicyLog,
  type PolicyWitness,
  type PolicyGroup,
  type PolicyCosignature,
  type Cosignature,
  type CosignatureVerifierKey,
  type CosignatureOptions,
  type VerifyCheckpointOptions,
  type CosignedCheckpoint,
} from '../proofs/index.js';

// leafHash(bytes) = SHA-256(0x00 || bytes), the RFC 6962 leaf hash.
export { hashLeaf as leafHash, HASH_SIZE, EMPTY_ROOT } from '../merkle/index.js';

// Types of what the verifiers take and return
export type {
  Checkpoint,
  LogEntry,
  ReceiptJson,
  AnyReceiptJson,
  ErasedReceiptJson,
  VerifiedReceipt,
  VerifiedErasedReceipt,
  ReceiptVerifyOptions,
  VerifierKey,
  TlogProof,
} from '../proofs/index.js';

// Helpers
export {
  formatTimestamp,
  parseTimestamp,
  decodeLogEntry,
  parseTlogProof,
  parseCheckpoint,
  computeCommitment,
  encodeBase64,
  decodeBase64,
  receiptFromProto,
  receiptToProto,
  NONCE_SIZE,
} from '../proofs/index.js';

// The HTTP client (SPEC §8): cairn-client.ts, and what its calls take, return and throw
export { CairnClient } from './cairn-client.js';
export type {
  CairnClientOptions,
  CallOptions,
  AppendOptions,
  AppendResult,
  AppendedEvent,
  UnverifiedEvent,
  SignedCheckpoint,
  InclusionProof,
  ConsistencyProof,
  EntryWithProof,
  EntryRange,
} from './client-types.js';
export { type AppendEvent, freshIdempotencyKey } from './events.js';
export { type LogEntryRecord, type LogInfo, type LogLimits } from './responses.js';
// The JSON shapes of the HTTP API, shared with the server's routes (client/wire-types.ts).
export type {
  LimitsJson,
  LogInfoJson,
  ClockJson,
  ClockSourceJson,
  SkewSummaryJson,
  SubmitterJson,
  SubmittersJson,
  LogEntryJson,
  InclusionProofJson,
  ConsistencyProofJson,
  EntrySummaryJson,
  EntryJson,
  EntryListJson,
  SignedCheckpointJson,
  BatchEntryJson,
  BatchRequestJson,
  BatchResponseJson,
  ProblemJson,
  HealthJson,
  ReadyJson,
  EventsPageJson,
  SkippedEntryJson,
} from './wire-types.js';
export { CairnHttpError, CairnRequestError, type CairnRequestErrorCode, type Problem } from './errors.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, parseRetryAfter, retryDelay, isRetryableStatus } from './retry.js';
export { type RetryEvent, readCappedBody } from './transport.js';

// The tlog-tiles client (client/tiles/): tiles over HTTP, tiles authenticated against a verified
// checkpoint, proofs from tiles, and the audit and monitor checks. Works on any C2SP
// tlog-tiles log; `cairn audit`, `cairn monitor` and `cairn fsck` are built on it.
export { TileClient, type TileClientOptions } from './tiles/tile-client.js';
export { TileError, type TileErrorCode } from './tiles/errors.js';
export {
  type HashTileSource,
  type TreeHead,
  nodeHashesFromTiles,
  rootFromTiles,
  consistencyProofFromTiles,
  verifyConsistencyFromTiles,
} from './tiles/tile-proofs.js';
export { TileAuthenticator, hashTilePath } from './tiles/tile-authenticator.js';
export { auditLog, EntryChecker, type AuditOptions, type AuditProgress, type AuditSummary } from './tiles/audit.js';
export {
  checkLog,
  verifyCheckpointNote,
  MonitorAlert,
  type MonitorAlertKind,
  type MonitorOutcome,
  type MonitoredLog,
  type VerifiedCheckpoint,
} from './tiles/monitor-check.js';
export { mapOrdered } from './tiles/parallel.js';
