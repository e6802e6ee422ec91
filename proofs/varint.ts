/**
 * Protobuf varints (https://protobuf.dev/programming-guides/encoding/#varints) for the writers
 * that build messages straight into a buffer (the LogEntry leaf, proofs/log-entry.ts; the
 * receipts of an append answer, server/http/receipt-proto.ts): sizes and writes of safe integers
 * and of uint64 bigints, exactly as protobufjs writes them. Browser-safe. Positions are not
 * checked: the caller sized the buffer.
 */

const TWO_32 = 0x1_0000_0000;
const LOW_32_BITS = 0xffffffffn;
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER);

/** Varint length of a safe integer >= 0. */
export function numberSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Varint length of a uint64 (0 <= v < 2^64, unchecked). */
export function uint64Size(v: bigint): number {
  if (v <= MAX_SAFE_BIGINT) return numberSize(Number(v));
  let n = 1;
  while (v >= 128n) {
    v >>= 7n;
    n++;
  }
  return n;
}

/** A varint from 32-bit halves, as protobufjs's writeVarint64 writes it; returns the end. */
export function writeHalves(out: Uint8Array, pos: number, lo: number, hi: number): number {
  while (hi !== 0) {
    out[pos++] = (lo & 127) | 128;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  while (lo > 127) {
    out[pos++] = (lo & 127) | 128;
    lo >>>= 7;
  }
  out[pos++] = lo;
  return pos;
}

/** The varint of a safe integer >= 0 at `pos`; returns the end. */
export function writeNumber(out: Uint8Array, pos: number, v: number): number {
  return writeHalves(out, pos, (v % TWO_32) >>> 0, Math.floor(v / TWO_32) >>> 0);
}

/** The varint of a uint64 (0 <= v < 2^64, unchecked) at `pos`; returns the end. */
export function writeUint64(out: Uint8Array, pos: number, v: bigint): number {
  return v <= MAX_SAFE_BIGINT ? writeNumber(out, pos, Number(v)) : writeHalves(out, pos, Number(v & LOW_32_BITS) >>> 0, Number(v >> 32n) >>> 0);
}
