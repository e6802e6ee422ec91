/**
 * Verifying a receipt (SPEC §4, §6.4, §8): verifyReceipt trusts nothing in it: every number and
 * hash is checked against the signed checkpoint, the inclusion proof, the leaf bytes or the
 * commitment. The formats are in receipt-codec.ts.
 *
 * Browser-safe: no node: imports.
 */
import { equalBytes, hashLeaf } from '../merkle/index.js';
import { verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { verifyCommitment } from './commitment.js';
import { fail } from './errors.js';
import { verifyInclusion } from './inclusion.js';
import { decodeLogEntry, type LogEntry } from './log-entry.js';
import { parseVerifierKey, type VerifierKey } from './note-keys.js';
import { MAX_RECEIPT_JSON_SIZE, decodeReceiptJson, receiptFromProto, type AnyReceiptJson } from './receipt-codec.js';
import { formatTimestamp } from './time.js';
import { checkWitnessPolicy, policyAllowsLog, type PolicyCosignature, type WitnessPolicy } from './witness-policy.js';
import type { CosignatureOptions } from './cosignature.js';
import { parseTlogProof } from './tlog-proof.js';

/** Everything verifyReceipt proved, decoded. */
export interface VerifiedReceipt {
  index: number;
  treeSize: number;
  leafHash: Uint8Array;
  entry: LogEntry;
  /** The leaf bytes, exactly as hashed. */
  entryBytes: Uint8Array;
  payload: Uint8Array;
  nonce: Uint8Array;
  /** The verified checkpoint the inclusion proof leads to. */
  checkpoint: Checkpoint;
  /** The signed checkpoint note, verbatim. */
  checkpointNote: string;
  /** With a policy: the cosignatures checked under it (they meet its quorum); else []. */
  cosignatures: PolicyCosignature[];
  /** Never set here: a receipt with its payload (see VerifiedErasedReceipt). */
  erased?: undefined;
}

/**
 * What verifyReceipt proved of the receipt of an erased entry (with `allowErased`): the leaf is
 * in the signed tree, but no payload can be checked (the leaf still commits to it through the
 * hiding commitment, and the payload and nonce are gone). `erased.record` is the server's claim
 * of which entry recorded the erasure, checked only to come after the entry; to check it, verify
 * that entry's receipt too (an erasure record of submitter `cairn` listing this index).
 */
export interface VerifiedErasedReceipt extends Omit<VerifiedReceipt, 'payload' | 'nonce' | 'erased'> {
  erased: { record: number };
}

/** Options of verifyReceipt. */
export interface ReceiptVerifyOptions extends CosignatureOptions {
  /**
   * A tlog-policy (parseWitnessPolicy): the receipt's checkpoint must also list the log key
   * (when the policy lists logs) and carry cosignatures that meet the quorum
   * (POLICY_NOT_SATISFIED, BAD_COSIGNATURE; docs/witness.md).
   */
  policy?: WitnessPolicy;
  /**
   * Accept the receipt of an erased entry (no payload, `erased: {"record": K}`) and return a
   * VerifiedErasedReceipt. Without it such a receipt, once its signature and inclusion verify,
   * is refused with PAYLOAD_ERASED: it does not prove a payload, which callers of the plain form
   * rely on.
   */
  allowErased?: boolean;
}

/**
 * Verifies a receipt offline with the log's verifier key alone (SPEC §4, §6.4, §8). Accepts the
 * JSON object, its JSON text, or the protobuf bytes.
 *
 * Checks, in this order, each failure with its own code:
 * 1. shape and encodings: size caps first, exactly the eight fields with the right types,
 *    canonical base64, 32-byte leafHash and nonce, RFC 3339 timestamp, a strict tlog-proof
 *    (MALFORMED_RECEIPT);
 * 2. leafHash = hashLeaf(entry) (LEAF_HASH_MISMATCH);
 * 3. the checkpoint's signature by `verifierKey` and its origin (verifyCheckpoint: BAD_SIGNATURE,
 *    UNKNOWN_KEY, ORIGIN_MISMATCH, ...);
 * 4. index and treeSize equal the tlog-proof's index and the signed checkpoint's size
 *    (FIELD_MISMATCH);
 * 5. the inclusion proof of leafHash at index in the signed tree (INCLUSION_FAILED, ...);
 * 6. the entry decodes strictly (MALFORMED_ENTRY) and its timestamp equals the receipt's
 *    (FIELD_MISMATCH);
 * 7. payloadSize = payload length and commitment = SHA-256(nonce || payload)
 *    (COMMITMENT_MISMATCH).
 * With `options.policy`, after 3: the policy accepts the log key and the checkpoint's
 * cosignatures meet its quorum (checkWitnessPolicy; issue 12).
 *
 * The receipt of an erased entry (SPEC §4.4: `erased` instead of `payload` and `nonce`) goes
 * through 1 to 6, 7 being impossible: with `options.allowErased` it returns a
 * VerifiedErasedReceipt, else it throws PAYLOAD_ERASED naming the record.
 * Returns what it proved; throws VerificationError on any failure, never returns false.
 */
export function verifyReceipt(
  receipt: AnyReceiptJson | string | Uint8Array,
  verifierKey: string | VerifierKey,
  options: ReceiptVerifyOptions & { allowErased: true },
): VerifiedReceipt | VerifiedErasedReceipt;
export function verifyReceipt(
  receipt: AnyReceiptJson | string | Uint8Array,
  verifierKey: string | VerifierKey,
  options?: ReceiptVerifyOptions,
): VerifiedReceipt;
export function verifyReceipt(
  receipt: AnyReceiptJson | string | Uint8Array,
  verifierKey: string | VerifierKey,
  options: ReceiptVerifyOptions = {},
): VerifiedReceipt | VerifiedErasedReceipt {
  const { json: r, fields } = decodeReceiptJson(toObject(receipt));
  const proof = parseTlogProof(r.proof);
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;

  if (!equalBytes(hashLeaf(fields.entry), fields.leafHash)) {
    fail('LEAF_HASH_MISMATCH', 'receipt leafHash is not the RFC 6962 leaf hash of its entry bytes');
  }
  const checkpoint = verifyCheckpoint(proof.checkpoint, key);
  const { policy, allowErased, ...cosignatureOptions } = options;
  if (policy !== undefined) policyAllowsLog(policy, key);
  const cosignatures = policy === undefined ? [] : checkWitnessPolicy(proof.checkpoint, policy, cosignatureOptions);
  if (r.index !== proof.index) fail('FIELD_MISMATCH', `receipt index ${r.index} differs from the proof's index ${proof.index}`);
  if (r.treeSize !== checkpoint.treeSize) {
    fail('FIELD_MISMATCH', `receipt treeSize ${r.treeSize} differs from the signed checkpoint's size ${checkpoint.treeSize}`);
  }
  verifyInclusion(fields.leafHash, proof.index, checkpoint.treeSize, proof.hashes, checkpoint.rootHash);

  const entry = decodeLogEntry(fields.entry);
  if (entry.timestamp !== fields.timestamp) {
    fail('FIELD_MISMATCH', `receipt timestamp ${r.timestamp} differs from the entry's ${formatTimestamp(entry.timestamp)}`);
  }
  const proved = { index: proof.index, treeSize: checkpoint.treeSize, leafHash: fields.leafHash, entry, entryBytes: fields.entry };
  if (fields.erased !== undefined) {
    const { record } = fields.erased;
    if (allowErased !== true) {
      fail('PAYLOAD_ERASED', `the receipt of entry ${proof.index} verifies but carries no payload: it was erased by entry ${record}`);
    }
    return { ...proved, erased: { record }, checkpoint, checkpointNote: proof.checkpoint, cosignatures };
  }
  if (entry.payloadSize !== fields.payload.length) {
    fail('COMMITMENT_MISMATCH', `payload is ${fields.payload.length} bytes but the entry commits to ${entry.payloadSize}`);
  }
  verifyCommitment(entry.commitment, fields.nonce, fields.payload);

  return {
    ...proved,
    payload: fields.payload,
    nonce: fields.nonce,
    checkpoint,
    checkpointNote: proof.checkpoint,
    cosignatures,
  };
}

/** JSON text and protobuf bytes to an (unchecked) object, with size caps before parsing. */
function toObject(receipt: AnyReceiptJson | string | Uint8Array): unknown {
  if (typeof receipt === 'string') {
    if (receipt.length > MAX_RECEIPT_JSON_SIZE) fail('MALFORMED_RECEIPT', `receipt JSON is longer than ${MAX_RECEIPT_JSON_SIZE} characters`);
    try {
      return JSON.parse(receipt) as unknown;
    } catch (cause) {
      fail('MALFORMED_RECEIPT', 'receipt is not valid JSON', cause);
    }
  }
  if (receipt instanceof Uint8Array) return receiptFromProto(receipt);
  return receipt;
}
