/**
 * Receipts at the edge (SPEC §4): the core hands out receipts as bytes (`Receipt`); the HTTP
 * layer encodes them as JSON or protobuf here, and only here.
 *
 * The receipts of one round share most of their proof hashes (the very same arrays: round.ts),
 * so the JSON encoder memoises the base64 of each 32-byte array by identity, with node's native
 * encoder. Entries go away with the arrays (WeakMap); the core never mutates a hash it handed
 * out.
 */
import { HASH_SIZE } from '../../merkle/index.js';
import { buildReceipt, receiptToProto, type AnyReceiptJson, type ErasedReceiptParts, type ReceiptJson } from '../../proofs/index.js';
import type { Receipt } from '../sequencer/types.js';

const encodedHashes = new WeakMap<Uint8Array, string>();

/** Standard base64 with node's native encoder (proofs/ has a browser-safe one). */
function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** base64, memoised for hashes. */
function encodeMemo(bytes: Uint8Array): string {
  if (bytes.length !== HASH_SIZE) return base64(bytes);
  let text = encodedHashes.get(bytes);
  if (text === undefined) {
    text = base64(bytes);
    encodedHashes.set(bytes, text);
  }
  return text;
}

/**
 * The SPEC §4 JSON receipt (of an erased entry: without payload and nonce, with `erased`). Throws
 * VerificationError INVALID_ARGUMENT on a malformed receipt (a bug).
 */
export function receiptToJson(receipt: Receipt): ReceiptJson;
export function receiptToJson(receipt: Receipt | ErasedReceiptParts): AnyReceiptJson;
export function receiptToJson(receipt: Receipt | ErasedReceiptParts): AnyReceiptJson {
  return buildReceipt(receipt, encodeMemo);
}

/** The protobuf `cairn.v1.Receipt` bytes, straight from the bytes (no base64 round trip). */
export function receiptToProtoBytes(receipt: Receipt | ErasedReceiptParts): Uint8Array {
  return receiptToProto(receipt);
}
