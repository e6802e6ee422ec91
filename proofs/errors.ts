/**
 * The one error class of the proofs area (and of everything the client verifies).
 *
 * Every parser and verifier in proofs/ throws a VerificationError and never returns `false`
 * (house style, after sigstore-js `packages/verify`). The `code` is stable: scripts, the CLI's
 * exit messages and the server's problem catalogue key on it.
 */
import { CodedError } from '../merkle/index.js';

/** Every reason a parse or a verification can fail. */
export type VerificationErrorCode =
  // inputs of the wrong type, length or range (a programming error or hostile input)
  | 'INVALID_ARGUMENT'
  // base64, decimal and other encodings
  | 'MALFORMED_ENCODING'
  // signed notes (C2SP signed-note)
  | 'MALFORMED_NOTE'
  | 'MALFORMED_KEY'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'NO_SIGNATURE'
  // checkpoints (C2SP tlog-checkpoint)
  | 'MALFORMED_CHECKPOINT'
  | 'ORIGIN_MISMATCH'
  // Merkle proofs (RFC 9162 §2.1.3.2, §2.1.4.2)
  | 'MALFORMED_PROOF'
  | 'INDEX_OUT_OF_RANGE'
  | 'SIZE_MISMATCH'
  | 'INCLUSION_FAILED'
  | 'CONSISTENCY_FAILED'
  | 'ROOT_MISMATCH'
  // receipts (C2SP tlog-proof plus the Cairn receipt object, SPEC §4)
  | 'MALFORMED_RECEIPT'
  | 'MALFORMED_ENTRY'
  | 'LEAF_HASH_MISMATCH'
  | 'COMMITMENT_MISMATCH'
  | 'FIELD_MISMATCH'
  // the receipt of an erased entry, where its payload was needed (verifyReceipt without allowErased)
  | 'PAYLOAD_ERASED'
  // witnesses (C2SP tlog-cosignature, tlog-policy)
  | 'BAD_COSIGNATURE'
  | 'MALFORMED_POLICY'
  | 'POLICY_NOT_SATISFIED';

/** Thrown by every parser and verifier in proofs/ and client/. */
export class VerificationError extends CodedError<VerificationErrorCode> {
  override readonly name = 'VerificationError';
}

/** Shorthand for `throw new VerificationError(code, message)` in expression position. */
export function fail(code: VerificationErrorCode, message: string, cause?: unknown): never {
  throw new VerificationError(code, message, cause === undefined ? undefined : { cause });
}
