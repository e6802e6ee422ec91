/**
 * `cairn/client` (SPEC §8): what applications import to check a Cairn log's evidence offline.
 *
 * Every verify function throws a VerificationError (with a stable `code`) on failure and returns
 * the verified value on success; none returns false. Verification never trusts a number the
 * server sent without checking it against a verified checkpoint.
 *
 * Runs unchanged in Node and in browsers: it imports only proofs/ and merkle/ (pure code over
 * @noble and the generated protobuf code), never `node:*` or server/. The HTTP client
 * (CairnClient) comes with a later issue.
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

// leafHash(bytes) = SHA-256(0x00 || bytes), the RFC 6962 leaf hash.
export { hashLeaf as leafHash, HASH_SIZE, EMPTY_ROOT } from '../merkle/index.js';

// Types of what the verifiers take and return
export type {
  Checkpoint,
  LogEntry,
  ReceiptJson,
  VerifiedReceipt,
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
