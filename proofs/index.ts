/**
 * Public face of proofs/: pure formats and verification (RFC 9162 proofs, C2SP signed-note,
 * tlog-checkpoint and tlog-proof, the Cairn leaf and receipt). Other folders import from here
 * only. Depends on merkle/, proto/gen and @noble/*; no `node:` imports (runs in browsers).
 *
 * Every public name of every file is listed here, by file, so the public API is reviewed in one
 * place (after sigstore-js `packages/verify`).
 */

// errors.ts: the one error class of the area
export { VerificationError, fail, type VerificationErrorCode } from './errors.js';

// encoding.ts: strict base64 and canonical decimals
export { encodeBase64, decodeBase64, parseDecimal } from './encoding.js';

// proof-nodes.ts, inclusion.ts, consistency.ts: RFC 9162 §2.1.3, §2.1.4
export { type ProofNodes, inclusionProofNodes, consistencyProofNodes, foldProofNodes, type FoldMemo, requireSize, requireHash } from './proof-nodes.js';
export { rootFromInclusionProof, verifyInclusion, pathRounds } from './inclusion.js';
export { verifyConsistency } from './consistency.js';

// ed25519.ts, note-keys.ts, note.ts: C2SP signed-note with Ed25519 keys
export {
  ED25519_SEED_SIZE,
  ED25519_PUBLIC_KEY_SIZE,
  ED25519_SIGNATURE_SIZE,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  checkEd25519PublicKey,
} from './ed25519.js';
export {
  ALG_ED25519,
  MAX_KEY_TEXT_LENGTH,
  type NoteSigner,
  type NoteVerifier,
  type VerifierKey,
  type SignerKey,
  checkKeyName,
  keyNameProblem,
  hasLoneSurrogate,
  computeKeyId,
  parseVerifierKey,
  formatVerifierKey,
  parseSignerKey,
  formatSignerKey,
  generateSignerKey,
  verifierKeyOf,
  createSigner,
  createVerifier,
  formatKeyId,
} from './note-keys.js';
export {
  MAX_NOTE_SIZE,
  MAX_NOTE_SIGNATURES,
  SIGNATURE_LINE_PREFIX,
  type NoteSignature,
  type OpenedNote,
  parseNote,
  signNote,
  openNote,
  checkNoteCharacters,
} from './note.js';

// checkpoint.ts: C2SP tlog-checkpoint
export {
  MAX_CHECKPOINT_SIZE,
  type Checkpoint,
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  openCheckpoint,
  verifyCheckpoint,
  type VerifyCheckpointOptions,
  type CosignedCheckpoint,
} from './checkpoint.js';

// cosignature.ts, witness-policy.ts: C2SP tlog-cosignature (Ed25519, v1) and tlog-policy
export {
  ALG_COSIGNATURE_V1,
  COSIGNATURE_V1_SIZE,
  MAX_COSIGNATURE_TIME,
  type CosignatureVerifierKey,
  type Cosignature,
  type Cosigner,
  type CosignatureOptions,
  cosignatureKeyId,
  cosignatureMessage,
  parseCosignatureVerifierKey,
  formatCosignatureVerifierKey,
  createCosigner,
  verifyCosignatures,
} from './cosignature.js';
export {
  MAX_POLICY_SIZE,
  MAX_POLICY_ENTRIES,
  type PolicyLog,
  type PolicyWitness,
  type PolicyGroup,
  type WitnessPolicy,
  type PolicyCosignature,
  parseWitnessPolicy,
  quorumSatisfied,
  checkWitnessPolicy,
  policyAllowsLog,
} from './witness-policy.js';

// log-entry.ts, commitment.ts, time.ts: the leaf (SPEC §3)
export {
  type LogEntry,
  type ProtoUint64,
  type EncodedLogEntries,
  encodeLogEntry,
  encodeLogEntries,
  decodeLogEntry,
  toProtoUint64,
  fromProtoUint64,
} from './log-entry.js';
export { logEntryLayout, type LogEntryLayout } from './log-entry-layout.js';
// varint.ts: protobuf varints for the writers that build messages in one buffer (the leaf, the receipts of an append answer)
export { numberSize, uint64Size, writeHalves, writeNumber, writeUint64 } from './varint.js';
export { NONCE_SIZE, COMMITMENT_SIZE, computeCommitment, verifyCommitment } from './commitment.js';
export { MAX_TIMESTAMP_NS, formatTimestamp, parseTimestamp } from './time.js';

// tlog-proof.ts, receipt.ts (receipt-codec.ts, receipt-verify.ts): C2SP tlog-proof and the receipt (SPEC §4)
export { TLOG_PROOF_HEADER, MAX_TLOG_PROOF_SIZE, MAX_PROOF_HASHES, type TlogProof, formatTlogProof, parseTlogProof, verifyTlogProof } from './tlog-proof.js';
export {
  MAX_PAYLOAD_SIZE,
  MAX_RECEIPT_JSON_SIZE,
  MAX_RECEIPT_PROTO_SIZE,
  type ReceiptJson,
  type ReceiptParts,
  type AnyReceiptJson,
  type ErasedReceiptJson,
  type ErasedReceiptParts,
  type VerifiedReceipt,
  type VerifiedErasedReceipt,
  type ReceiptVerifyOptions,
  type DecodedReceiptJson,
  buildReceipt,
  decodeReceiptJson,
  receiptToProto,
  receiptFromProto,
  verifyReceipt,
} from './receipt.js';
export {
  AUDIT_EVENT_CONTENT_TYPE,
  MAX_INDEXED_VALUE_BYTES,
  AuditEventError,
  type AuditEventErrorCode,
  type AuditEvent,
  type AuditEventRef,
  type IndexFields,
  extractIndexFields,
  isJsonContentType,
  parseAuditEvent,
  validateAuditEvent,
} from './audit-event.js';
