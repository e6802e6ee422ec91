/**
 * Binary encodings of the store's own records (never seen outside the server):
 *
 * payload chunk (one per round): u32 count, then per entry: 32-byte nonce, u32 payload length,
 * payload bytes. Entry i of the chunk is log entry firstIndex + i. An erased entry (issue 14) is
 * 32 zero bytes, u32 0xFFFFFFFF, u32 length the payload had: neither payload nor nonce remain.
 *
 * idempotency record: u64 index, u64 treeSize, 32-byte SHA-256 of the payload.
 */
import type { IdempotencyRecord, PayloadRecord } from '../store.js';
import { StoreError, erasedPayload } from '../store.js';

const NONCE_SIZE = 32;
/** The payload length that marks an erased entry (a real payload is far smaller). */
const ERASED_LENGTH = 0xffffffff;

export function encodePayloadChunk(records: readonly PayloadRecord[]): Uint8Array {
  let size = 4;
  for (const r of records) size += NONCE_SIZE + 4 + (r.erased ? 4 : r.payload.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, records.length);
  let o = 4;
  for (const r of records) {
    if (r.erased) {
      // The nonce's place stays zero: nothing of the entry's secret material remains.
      o += NONCE_SIZE;
      view.setUint32(o, ERASED_LENGTH);
      view.setUint32(o + 4, r.erased.size);
      o += 8;
      continue;
    }
    out.set(r.nonce, o);
    o += NONCE_SIZE;
    view.setUint32(o, r.payload.length);
    o += 4;
    out.set(r.payload, o);
    o += r.payload.length;
  }
  return out;
}

/** All records of a chunk. Throws StoreError STORE_CORRUPT on a malformed chunk. */
export function decodePayloadChunk(bytes: Uint8Array): PayloadRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string): never => {
    throw new StoreError('STORE_CORRUPT', `payload chunk is malformed: ${why}`);
  };
  if (bytes.length < 4) corrupt('shorter than its header');
  const count = view.getUint32(0);
  const records: PayloadRecord[] = [];
  let o = 4;
  for (let i = 0; i < count; i++) {
    if (o + NONCE_SIZE + 4 > bytes.length) corrupt(`record ${i} is truncated`);
    const nonce = bytes.subarray(o, o + NONCE_SIZE);
    o += NONCE_SIZE;
    const length = view.getUint32(o);
    o += 4;
    if (length === ERASED_LENGTH) {
      if (o + 4 > bytes.length) corrupt(`erased record ${i} is truncated`);
      records.push(erasedPayload(view.getUint32(o)));
      o += 4;
      continue;
    }
    if (o + length > bytes.length) corrupt(`payload ${i} is truncated`);
    records.push({ nonce, payload: bytes.subarray(o, o + length) });
    o += length;
  }
  if (o !== bytes.length) corrupt('trailing bytes');
  return records;
}

/**
 * Record `k` of a payload chunk (decodePayloadChunk(bytes)[k]) without decoding the others: one
 * payload of a chunk costs a walk over the lengths before it. Undefined when the chunk has no
 * record k. Throws StoreError STORE_CORRUPT when the walk runs off the chunk.
 */
export function decodePayloadRecordAt(bytes: Uint8Array, k: number): PayloadRecord | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string): never => {
    throw new StoreError('STORE_CORRUPT', `payload chunk is malformed: ${why}`);
  };
  if (bytes.length < 4) corrupt('shorter than its header');
  if (k < 0 || k >= view.getUint32(0)) return undefined;
  let o = 4;
  for (let i = 0; ; i++) {
    if (o + NONCE_SIZE + 4 > bytes.length) corrupt(`record ${i} is truncated`);
    const length = view.getUint32(o + NONCE_SIZE);
    const size = length === ERASED_LENGTH ? 4 : length;
    if (o + NONCE_SIZE + 4 + size > bytes.length) corrupt(`record ${i} is truncated`);
    if (i === k) {
      const at = o + NONCE_SIZE + 4;
      return length === ERASED_LENGTH
        ? erasedPayload(view.getUint32(at))
        : { nonce: bytes.subarray(o, o + NONCE_SIZE), payload: bytes.subarray(at, at + length) };
    }
    o += NONCE_SIZE + 4 + size;
  }
}

export function encodeIdempotencyRecord(r: IdempotencyRecord): Uint8Array {
  const out = new Uint8Array(16 + 32);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(r.index / 2 ** 32));
  view.setUint32(4, r.index % 2 ** 32);
  view.setUint32(8, Math.floor(r.treeSize / 2 ** 32));
  view.setUint32(12, r.treeSize % 2 ** 32);
  out.set(r.payloadDigest, 16);
  return out;
}

export function decodeIdempotencyRecord(bytes: Uint8Array): IdempotencyRecord {
  if (bytes.length !== 48) throw new StoreError('STORE_CORRUPT', `idempotency record has ${bytes.length} bytes, expected 48`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    index: view.getUint32(0) * 2 ** 32 + view.getUint32(4),
    treeSize: view.getUint32(8) * 2 ** 32 + view.getUint32(12),
    payloadDigest: bytes.slice(16, 48),
  };
}
