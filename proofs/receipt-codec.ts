/**
 * The receipt codec (SPEC §4): the JSON object and the protobuf `cairn.v1.Receipt`, to and from
 * the bytes a server holds (`ReceiptParts`). A receipt wraps a C2SP tlog-proof with the leaf
 * bytes, the payload and the nonce that opens the leaf's commitment:
 *
 * ```json
 * {"index": n, "leafHash": b64, "timestamp": "RFC 3339 with nanoseconds", "treeSize": s,
 *  "entry": b64 leaf bytes, "payload": b64, "nonce": b64, "proof": "<tlog-proof text>"}
 * ```
 *
 * or the protobuf `cairn.v1.Receipt` with the same fields (timestamp as uint64 nanoseconds).
 * Decoding is strict (sizes capped first, canonical encodings only) but checks no signature or
 * hash: receipt-verify.ts does.
 *
 * Browser-safe: no node: imports.
 */
import { cairn } from '../proto/gen/cairn.js';
import { HASH_SIZE, MAX_ENTRY_SIZE, equalBytes } from '../merkle/index.js';
import { NONCE_SIZE } from './commitment.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { VerificationError, fail } from './errors.js';
import { fromProtoUint64, toProtoUint64 } from './log-entry.js';
import { formatTimestamp, parseTimestamp } from './time.js';
import { MAX_TLOG_PROOF_SIZE, formatTlogProof } from './tlog-proof.js';

/** The largest payload a receipt may carry (64 MiB); the server's own limit is lower. */
export const MAX_PAYLOAD_SIZE = 64 * 1024 * 1024;

/** The largest receipt accepted as JSON text (UTF-16 code units): the base64 payload plus 1 MiB. */
export const MAX_RECEIPT_JSON_SIZE = base64Length(MAX_PAYLOAD_SIZE) + 1024 * 1024;

/** The largest receipt accepted as protobuf bytes: the payload plus 1 MiB. */
export const MAX_RECEIPT_PROTO_SIZE = MAX_PAYLOAD_SIZE + 1024 * 1024;

/** The JSON receipt of SPEC §4. Base64 is standard with padding; `proof` is tlog-proof text. */
export interface ReceiptJson {
  index: number;
  leafHash: string;
  timestamp: string;
  treeSize: number;
  entry: string;
  payload: string;
  nonce: string;
  proof: string;
}

/** What the server knows when it answers an append; buildReceipt makes the receipt of it. */
export interface ReceiptParts {
  /** Index of the entry. */
  index: number;
  /** The LogEntry leaf bytes, exactly as hashed. */
  entry: Uint8Array;
  /** hashLeaf(entry). */
  leafHash: Uint8Array;
  /** The entry's timestamp, ns since the epoch. */
  timestamp: bigint;
  /** The payload exactly as sent. */
  payload: Uint8Array;
  /** The 32-byte nonce of the commitment. */
  nonce: Uint8Array;
  /** The inclusion proof of `index` in the tree of `treeSize`, leaf to root. */
  inclusion: Uint8Array[];
  /** The signed checkpoint note of size `treeSize`. */
  checkpoint: string;
  /** Size of the checkpoint's tree. */
  treeSize: number;
}

const FIELDS = ['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'payload', 'nonce', 'proof'] as const;
const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);

/**
 * Makes the SPEC §4 receipt for an appended entry (used by the server once the checkpoint that
 * includes the entry is signed).
 *
 * Requires: 0 <= index < treeSize, both safe integers; entry at most MAX_ENTRY_SIZE bytes;
 * leafHash and nonce 32 bytes; payload at most MAX_PAYLOAD_SIZE bytes; timestamp a uint64;
 * inclusion at most 63 hashes of 32 bytes; checkpoint a signed note. Otherwise throws
 * VerificationError INVALID_ARGUMENT. It does not recompute hashes or check the proof (the
 * server made them; verifyReceipt is the check). `encode` gives the standard base64 of bytes
 * (the server passes a native one that memoizes hashes: the receipts of a round share most
 * proof hashes).
 */
export function buildReceipt(parts: ReceiptParts, encode: (bytes: Uint8Array) => string = encodeBase64): ReceiptJson {
  checkParts(parts);
  const { index, treeSize } = parts;
  return {
    index,
    leafHash: encode(parts.leafHash),
    timestamp: formatTimestamp(parts.timestamp),
    treeSize,
    entry: encode(parts.entry),
    payload: encode(parts.payload),
    nonce: encode(parts.nonce),
    proof: formatTlogProof({ index, hashes: parts.inclusion, checkpoint: parts.checkpoint }, encode),
  };
}

/**
 * The protobuf `cairn.v1.Receipt` bytes of a receipt (for `Accept: application/x-protobuf`):
 * of a JSON receipt, which must have the SPEC §4 shape with valid encodings (otherwise throws
 * VerificationError MALFORMED_RECEIPT), or of the server's `ReceiptParts`, taken as bytes with
 * no base64 round trip (the requirements of `buildReceipt`; otherwise INVALID_ARGUMENT).
 * Checks no signature or hash.
 */
export function receiptToProto(r: ReceiptJson | ReceiptParts): Uint8Array {
  let message: cairn.v1.Receipt.$Properties;
  if (typeof r === 'object' && r !== null && r.leafHash instanceof Uint8Array) {
    const parts = r as ReceiptParts;
    checkParts(parts);
    message = {
      index: parts.index,
      leafHash: parts.leafHash,
      timestamp: toProtoUint64(parts.timestamp),
      treeSize: parts.treeSize,
      entry: parts.entry,
      payload: parts.payload,
      nonce: parts.nonce,
      proof: formatTlogProof({ index: parts.index, hashes: parts.inclusion, checkpoint: parts.checkpoint }),
    };
  } else {
    const { json, fields } = decodeReceiptJson(r);
    message = {
      index: json.index,
      leafHash: fields.leafHash,
      timestamp: toProtoUint64(fields.timestamp),
      treeSize: json.treeSize,
      entry: fields.entry,
      payload: fields.payload,
      nonce: fields.nonce,
      proof: json.proof,
    };
  }
  const written = cairn.v1.Receipt.encode(message).finish();
  // Node's writer returns a Buffer; Uint8Array is the only bytes type we hand out.
  const out = new Uint8Array(written.length);
  out.set(written);
  return out;
}

/**
 * Reads protobuf `cairn.v1.Receipt` bytes back into the JSON receipt. Strict: at most
 * MAX_RECEIPT_PROTO_SIZE bytes, the canonical encoding only (no unknown fields or wire types,
 * no duplicates), index and treeSize at most 2^53-1, fields within their size limits; throws
 * VerificationError MALFORMED_RECEIPT otherwise. Checks no signature or hash.
 */
export function receiptFromProto(bytes: Uint8Array): ReceiptJson {
  if (!(bytes instanceof Uint8Array)) fail('MALFORMED_RECEIPT', 'a protobuf receipt must be a Uint8Array');
  if (bytes.length > MAX_RECEIPT_PROTO_SIZE) fail('MALFORMED_RECEIPT', `a protobuf receipt must be at most ${MAX_RECEIPT_PROTO_SIZE} bytes`);
  let message: cairn.v1.Receipt;
  try {
    message = cairn.v1.Receipt.decode(bytes);
  } catch (cause) {
    fail('MALFORMED_RECEIPT', 'receipt is not a protobuf cairn.v1.Receipt (truncated or malformed)', cause);
  }
  // Set only if someone turned protobufjs's global Reader.discardUnknown off; refused either way.
  if (message.$unknowns !== undefined && message.$unknowns.length > 0) {
    fail('MALFORMED_RECEIPT', 'protobuf receipt has an unknown field or a field with the wrong wire type');
  }
  // The decoder skips unknown fields and wrong wire types and keeps the last of duplicates:
  // re-encoding the decoded message exposes all of them.
  if (!equalBytes(cairn.v1.Receipt.encode(message).finish(), bytes)) {
    fail('MALFORMED_RECEIPT', 'protobuf receipt is not in canonical form (unknown field, wrong wire type or duplicate field)');
  }
  const index = safeNumber(message.index, 'index');
  const treeSize = safeNumber(message.treeSize, 'treeSize');
  const timestamp = fromProtoUint64(message.timestamp);
  if (timestamp === undefined) fail('MALFORMED_RECEIPT', 'receipt timestamp cannot be read exactly');
  checkLength(message.leafHash.length, 'leafHash', HASH_SIZE, HASH_SIZE);
  checkLength(message.entry.length, 'entry', 0, MAX_ENTRY_SIZE);
  checkLength(message.payload.length, 'payload', 0, MAX_PAYLOAD_SIZE);
  checkLength(message.nonce.length, 'nonce', NONCE_SIZE, NONCE_SIZE);
  if (message.proof.length > MAX_TLOG_PROOF_SIZE) fail('MALFORMED_RECEIPT', `receipt proof is longer than ${MAX_TLOG_PROOF_SIZE} characters`);
  return {
    index,
    leafHash: encodeBase64(message.leafHash),
    timestamp: formatTimestamp(timestamp),
    treeSize,
    entry: encodeBase64(message.entry),
    payload: encodeBase64(message.payload),
    nonce: encodeBase64(message.nonce),
    proof: message.proof,
  };
}

/** A JSON receipt whose shape and encodings were checked, with its fields decoded. */
export interface DecodedReceiptJson {
  /** A plain copy of the eight fields, as checked. */
  json: ReceiptJson;
  fields: { leafHash: Uint8Array; timestamp: bigint; entry: Uint8Array; payload: Uint8Array; nonce: Uint8Array };
}

/**
 * Checks a JSON receipt's shape (exactly the eight SPEC §4 fields, each of its JSON type) and
 * decodes its base64 and time fields, capping each length before decoding. Throws
 * VerificationError MALFORMED_RECEIPT. Checks no signature, hash or proof (verifyReceipt does).
 */
export function decodeReceiptJson(value: unknown): DecodedReceiptJson {
  const json = checkShape(value);
  return { json, fields: decodeFields(json) };
}

/** Exactly the eight SPEC §4 fields, each of its JSON type; MALFORMED_RECEIPT otherwise. */
function checkShape(value: unknown): ReceiptJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('MALFORMED_RECEIPT', 'receipt must be a JSON object');
  for (const key of Object.keys(value)) {
    if (!FIELD_SET.has(key)) fail('MALFORMED_RECEIPT', `receipt has an unknown field ${JSON.stringify(key)}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of FIELDS) {
    if (!Object.hasOwn(record, key)) fail('MALFORMED_RECEIPT', `receipt has no ${key} field`);
  }
  for (const key of ['index', 'treeSize'] as const) {
    const n = record[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      fail('MALFORMED_RECEIPT', `receipt ${key} must be an integer in [0, 2^53-1]`);
    }
  }
  for (const key of ['leafHash', 'timestamp', 'entry', 'payload', 'nonce', 'proof'] as const) {
    if (typeof record[key] !== 'string') fail('MALFORMED_RECEIPT', `receipt ${key} must be a string`);
  }
  // A plain copy: what was checked is what gets used, whatever the caller's object does later.
  const r = record as unknown as ReceiptJson;
  return {
    index: r.index,
    leafHash: r.leafHash,
    timestamp: r.timestamp,
    treeSize: r.treeSize,
    entry: r.entry,
    payload: r.payload,
    nonce: r.nonce,
    proof: r.proof,
  };
}

type DecodedFields = DecodedReceiptJson['fields'];

/** Decodes the base64 and time fields, capping each length before decoding. */
function decodeFields(r: ReceiptJson): DecodedFields {
  let timestamp: bigint;
  try {
    timestamp = parseTimestamp(r.timestamp);
  } catch (cause) {
    fail('MALFORMED_RECEIPT', `receipt timestamp: ${(cause as Error).message}`, cause);
  }
  if (r.proof.length > MAX_TLOG_PROOF_SIZE) fail('MALFORMED_RECEIPT', `receipt proof is longer than ${MAX_TLOG_PROOF_SIZE} characters`);
  return {
    leafHash: decodeField(r.leafHash, 'leafHash', HASH_SIZE, HASH_SIZE),
    timestamp,
    entry: decodeField(r.entry, 'entry', 0, MAX_ENTRY_SIZE),
    payload: decodeField(r.payload, 'payload', 0, MAX_PAYLOAD_SIZE),
    nonce: decodeField(r.nonce, 'nonce', NONCE_SIZE, NONCE_SIZE),
  };
}

function decodeField(text: string, what: string, min: number, max: number): Uint8Array {
  if (text.length > base64Length(max)) fail('MALFORMED_RECEIPT', `receipt ${what} is longer than ${max} bytes`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(text, `receipt ${what}`);
  } catch (cause) {
    fail('MALFORMED_RECEIPT', (cause as VerificationError).message, cause);
  }
  checkLength(bytes.length, what, min, max);
  return bytes;
}

function checkLength(length: number, what: string, min: number, max: number): void {
  if (length < min || length > max) {
    fail('MALFORMED_RECEIPT', min === max ? `receipt ${what} must be ${min} bytes, got ${length}` : `receipt ${what} must be at most ${max} bytes`);
  }
}

function safeNumber(value: number | { low: number; high: number }, what: string): number {
  const exact = fromProtoUint64(value);
  if (exact === undefined || exact > BigInt(Number.MAX_SAFE_INTEGER)) fail('MALFORMED_RECEIPT', `receipt ${what} is larger than 2^53-1`);
  return Number(exact);
}

function checkBytes(value: Uint8Array, what: string, min: number, max: number): void {
  if (!(value instanceof Uint8Array) || value.length < min || value.length > max) {
    fail('INVALID_ARGUMENT', min === max ? `${what} must be a Uint8Array of ${min} bytes` : `${what} must be a Uint8Array of at most ${max} bytes`);
  }
}

function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** The requirements of `buildReceipt` on the parts; INVALID_ARGUMENT otherwise. */
function checkParts(parts: ReceiptParts): void {
  if (typeof parts !== 'object' || parts === null) fail('INVALID_ARGUMENT', 'receipt parts must be an object');
  const { index, treeSize } = parts;
  if (!Number.isSafeInteger(treeSize) || treeSize < 1) fail('INVALID_ARGUMENT', 'treeSize must be a safe integer >= 1');
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) fail('INVALID_ARGUMENT', 'index must be a safe integer in [0, treeSize)');
  checkBytes(parts.entry, 'entry', 0, MAX_ENTRY_SIZE);
  checkBytes(parts.leafHash, 'leafHash', HASH_SIZE, HASH_SIZE);
  checkBytes(parts.payload, 'payload', 0, MAX_PAYLOAD_SIZE);
  checkBytes(parts.nonce, 'nonce', NONCE_SIZE, NONCE_SIZE);
}
