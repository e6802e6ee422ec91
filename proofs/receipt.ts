/**
 * The receipt (SPEC §4): what the log answers a writer, self-contained evidence that this exact
 * payload was appended at that index and time by that submitter. Its formats (JSON, protobuf)
 * are in receipt-codec.ts, its verification in receipt-verify.ts; this file names both.
 *
 * Browser-safe: no node: imports.
 */
export {
  MAX_PAYLOAD_SIZE,
  MAX_RECEIPT_JSON_SIZE,
  MAX_RECEIPT_PROTO_SIZE,
  buildReceipt,
  decodeReceiptJson,
  receiptFromProto,
  receiptToProto,
  type AnyReceiptJson,
  type DecodedReceiptJson,
  type ErasedReceiptJson,
  type ErasedReceiptParts,
  type ReceiptJson,
  type ReceiptParts,
} from './receipt-codec.js';
export { verifyReceipt, type ReceiptVerifyOptions, type VerifiedErasedReceipt, type VerifiedReceipt } from './receipt-verify.js';
