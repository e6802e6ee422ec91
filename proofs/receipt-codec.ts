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
 *
 * The receipt of an entry whose payload was erased (SPEC §4.4, §5.9) has no `payload` and no
 * `nonce` but `erased: {"record": K}` (K: the index of the erasure record); in protobuf, empty
 * payload and nonce and the `erased` message set. It proves the leaf, not the payload.
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

/**
 * The receipt of an entry whose payload was erased (SPEC §4.4): the fields of ReceiptJson but
 * `payload` and `nonce`, and `erased.record`, the index of the erasure record (the server's claim:
 * verifyReceipt checks only that it comes after the entry).
 */
export interface ErasedReceiptJson {
  index: number;
  leafHash: string;
  timestamp: string;
  treeSize: number;
  entry: string;
  erased: { record: number };
  proof: string;
}

/** Either receipt: with its payload, or of an erased entry. */
export type AnyReceiptJson = ReceiptJson | ErasedReceiptJson;

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

/** The parts of the receipt of an erased entry: ReceiptParts without payload and nonce, with the erasure record's index. */
export type ErasedReceiptParts = Omit<ReceiptParts, 'payload' | 'nonce'> & { erased: { record: number } };

const ERASED_FIELDS = ['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'erased', 'proof'] as const;
const ERASED_FIELD_SET: ReadonlySet<string> = new Set(ERASED_FIELDS);

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
 * proof hashes). ErasedReceiptParts give the receipt of an erased entry (no payload, no nonce,
 * `erased`; its record must be a safe integer above `index`).
 */
export function buildReceipt(parts: ReceiptParts, encode?: (bytes: Uint8Array) => string): ReceiptJson;
export function buildReceipt(parts: ErasedReceiptParts, encode?: (bytes: Uint8Array) => string): ErasedReceiptJson;
export function buildReceipt(parts: ReceiptParts | ErasedReceiptParts, encode?: (bytes: Uint8Array) => string): AnyReceiptJson;
export function buildReceipt(parts: ReceiptParts | ErasedReceiptParts, encode: (bytes: Uint8Array) => string = encodeBase64): AnyReceiptJson {
  checkParts(parts);
  const { index, treeSize } = parts;
  const head = { index, leafHash: encode(parts.leafHash), timestamp: formatTimestamp(parts.timestamp), treeSize, entry: encode(parts.entry) };
  const proof = formatTlogProof({ index, hashes: parts.inclusion, checkpoint: parts.checkpoint }, encode);
  if ('erased' in parts) return { ...head, erased: { record: parts.erased.record }, proof };
  return { ...head, payload: encode(parts.payload), nonce: encode(parts.nonce), proof };
}

/**
 * The protobuf `cairn.v1.Receipt` bytes of a receipt (for `Accept: application/x-protobuf`):
 * of a JSON receipt, which must have the SPEC §4 shape with valid encodings (otherwise throws
 * VerificationError MALFORMED_RECEIPT), or of the server's `ReceiptParts`, taken as bytes with
 * no base64 round trip (the requirements of `buildReceipt`; otherwise INVALID_ARGUMENT).
 * The receipt of an erased entry has empty payload and nonce and `erased` set. Checks no
 * signature or hash.
 */
export function receiptToProto(r: AnyReceiptJson | ReceiptParts | ErasedReceiptParts): Uint8Array {
  let message: cairn.v1.Receipt.$Properties;
  if (typeof r === 'object' && r !== null && r.leafHash instanceof Uint8Array) {
    const parts = r as ReceiptParts | ErasedReceiptParts;
    checkParts(parts);
    message = {
      index: parts.index,
      leafHash: parts.leafHash,
      timestamp: toProtoUint64(parts.timestamp),
      treeSize: parts.treeSize,
      entry: parts.entry,
      ...('erased' in parts ? { erased: { record: parts.erased.record } } : { payload: parts.payload, nonce: parts.nonce }),
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
      ...(fields.erased !== undefined ? { erased: { record: fields.erased.record } } : { payload: fields.payload, nonce: fields.nonce }),
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
 * no duplicates), index and treeSize at most 2^53-1, fields within their size limits, and with
 * `erased` set an empty payload and nonce and a record above the index; throws
 * VerificationError MALFORMED_RECEIPT otherwise. Checks no signature or hash.
 */
export function receiptFromProto(bytes: Uint8Array): AnyReceiptJson {
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
  if (message.proof.length > MAX_TLOG_PROOF_SIZE) fail('MALFORMED_RECEIPT', `receipt proof is longer than ${MAX_TLOG_PROOF_SIZE} characters`);
  const head = { index, leafHash: encodeBase64(message.leafHash), timestamp: formatTimestamp(timestamp), treeSize, entry: encodeBase64(message.entry) };
  if (message.erased != null) {
    if (message.payload.length > 0 || message.nonce.length > 0) fail('MALFORMED_RECEIPT', 'the receipt of an erased entry carries no payload and no nonce');
    const record = safeNumber(message.erased.record ?? 0, 'erased.record');
    checkRecord(record, index);
    return { ...head, erased: { record }, proof: message.proof };
  }
  checkLength(message.payload.length, 'payload', 0, MAX_PAYLOAD_SIZE);
  checkLength(message.nonce.length, 'nonce', NONCE_SIZE, NONCE_SIZE);
  return { ...head, payload: encodeBase64(message.payload), nonce: encodeBase64(message.nonce), proof: message.proof };
}

/** An erasure record comes after the entry it erases (it can only erase committed entries). */
function checkRecord(record: number, index: number): void {
  if (record <= index) fail('MALFORMED_RECEIPT', `receipt says entry ${index} was erased by entry ${record}, which does not come after it`);
}

/** A JSON receipt whose shape and encodings were checked, with its fields decoded. */
export interface DecodedReceiptJson {
  /** A plain copy of the fields, as checked (the eight SPEC §4 fields, or those of an erased entry's receipt). */
  json: AnyReceiptJson;
  /** payload and nonce are empty, and `erased` set, in the receipt of an erased entry. */
  fields: { leafHash: Uint8Array; timestamp: bigint; entry: Uint8Array; payload: Uint8Array; nonce: Uint8Array; erased?: { record: number } };
}

/**
 * Checks a JSON receipt's shape (exactly the eight SPEC §4 fields, or for an erased entry
 * `erased` instead of `payload` and `nonce`, each of its JSON type) and decodes its base64 and
 * time fields, capping each length before decoding. Throws VerificationError MALFORMED_RECEIPT.
 * Checks no signature, hash or proof (verifyReceipt does).
 */
export function decodeReceiptJson(value: unknown): DecodedReceiptJson {
  const json = checkShape(value);
  return { json, fields: decodeFields(json) };
}

/** Exactly the SPEC §4 fields, each of its JSON type; MALFORMED_RECEIPT otherwise. */
function checkShape(value: unknown): AnyReceiptJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('MALFORMED_RECEIPT', 'receipt must be a JSON object');
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, 'erased')) return checkErasedShape(record);
  checkMembers(record, FIELDS, FIELD_SET, (key) => `receipt has an unknown field ${JSON.stringify(key)}`);
  // A plain copy: what was checked is what gets used, whatever the caller's object does later.
  const r = record as unknown as ReceiptJson;
  return { ...headOf(r), payload: r.payload, nonce: r.nonce, proof: r.proof };
}

/** A copy of the leading fields every receipt has, in their order. */
function headOf(r: AnyReceiptJson): Pick<ReceiptJson, 'index' | 'leafHash' | 'timestamp' | 'treeSize' | 'entry'> {
  return { index: r.index, leafHash: r.leafHash, timestamp: r.timestamp, treeSize: r.treeSize, entry: r.entry };
}

/** The receipt of an erased entry: exactly its seven fields, `erased` being `{"record": K}` with index < K. */
function checkErasedShape(record: Record<string, unknown>): ErasedReceiptJson {
  checkMembers(record, ERASED_FIELDS, ERASED_FIELD_SET, (key) =>
    key === 'payload' || key === 'nonce' ? `the receipt of an erased entry carries no ${key}` : `receipt has an unknown field ${JSON.stringify(key)}`,
  );
  const erased = record['erased'];
  if (typeof erased !== 'object' || erased === null || Array.isArray(erased) || Object.keys(erased).length !== 1 || !Object.hasOwn(erased, 'record')) {
    fail('MALFORMED_RECEIPT', 'receipt erased must be {"record": <index of the erasure record>}');
  }
  const k = (erased as { record: unknown }).record;
  checkSafeField(k, 'erased.record');
  const r = record as unknown as ErasedReceiptJson;
  checkRecord(k as number, r.index);
  return { ...headOf(r), erased: { record: k as number }, proof: r.proof };
}

/** Exactly the members `fields` (none other, each present), index and treeSize integers, the others but `erased` strings. */
function checkMembers(record: Record<string, unknown>, fields: readonly string[], allowed: ReadonlySet<string>, unknown: (key: string) => string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.has(key)) fail('MALFORMED_RECEIPT', unknown(key));
  }
  for (const key of fields) {
    if (!Object.hasOwn(record, key)) fail('MALFORMED_RECEIPT', `receipt has no ${key} field`);
  }
  for (const key of fields) {
    if (key === 'index' || key === 'treeSize') checkSafeField(record[key], key);
    else if (key !== 'erased' && typeof record[key] !== 'string') fail('MALFORMED_RECEIPT', `receipt ${key} must be a string`);
  }
}

function checkSafeField(n: unknown, what: string): void {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail('MALFORMED_RECEIPT', `receipt ${what} must be an integer in [0, 2^53-1]`);
}

type DecodedFields = DecodedReceiptJson['fields'];

/** Decodes the base64 and time fields, capping each length before decoding. */
function decodeFields(r: AnyReceiptJson): DecodedFields {
  let timestamp: bigint;
  try {
    timestamp = parseTimestamp(r.timestamp);
  } catch (cause) {
    fail('MALFORMED_RECEIPT', `receipt timestamp: ${(cause as Error).message}`, cause);
  }
  if (r.proof.length > MAX_TLOG_PROOF_SIZE) fail('MALFORMED_RECEIPT', `receipt proof is longer than ${MAX_TLOG_PROOF_SIZE} characters`);
  const leafHash = decodeField(r.leafHash, 'leafHash', HASH_SIZE, HASH_SIZE);
  const entry = decodeField(r.entry, 'entry', 0, MAX_ENTRY_SIZE);
  if ('erased' in r) return { leafHash, timestamp, entry, payload: new Uint8Array(0), nonce: new Uint8Array(0), erased: { record: r.erased.record } };
  return {
    leafHash,
    timestamp,
    entry,
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
function checkParts(parts: ReceiptParts | ErasedReceiptParts): void {
  if (typeof parts !== 'object' || parts === null) fail('INVALID_ARGUMENT', 'receipt parts must be an object');
  const { index, treeSize } = parts;
  if (!Number.isSafeInteger(treeSize) || treeSize < 1) fail('INVALID_ARGUMENT', 'treeSize must be a safe integer >= 1');
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) fail('INVALID_ARGUMENT', 'index must be a safe integer in [0, treeSize)');
  checkBytes(parts.entry, 'entry', 0, MAX_ENTRY_SIZE);
  checkBytes(parts.leafHash, 'leafHash', HASH_SIZE, HASH_SIZE);
  if ('erased' in parts) {
    const record = parts.erased?.record;
    if (!Number.isSafeInteger(record) || (record as number) <= index) fail('INVALID_ARGUMENT', 'erased.record must be a safe integer above index');
    return;
  }
  checkBytes(parts.payload, 'payload', 0, MAX_PAYLOAD_SIZE);
  checkBytes(parts.nonce, 'nonce', NONCE_SIZE, NONCE_SIZE);
}
