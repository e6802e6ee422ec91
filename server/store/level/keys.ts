/**
 * The LevelDB key layout. Keys sort bytewise, so every number is fixed-width big-endian and every
 * kind of record has its own one-byte prefix:
 *
 * | key                                   | value                                    |
 * |---------------------------------------|------------------------------------------|
 * | `m` "identity"                        | LogIdentity as JSON                      |
 * | `m` "write-probe"                     | time of the last write check (ISO text)  |
 * | `c` u64 treeSize                      | the signed checkpoint note (UTF-8)       |
 * | `t` u8 level, u64 index               | hash tile, widest version (width·32 B)   |
 * | `b` u64 index                         | entry bundle, widest version             |
 * | `p` u64 firstIndex                    | payload chunk of one round (records.ts)  |
 * | `i` submitter 0x00 key                | idempotency record (records.ts)          |
 * | `a` credential id                     | StoredCredential as JSON                 |
 * | `h` first 8 bytes of a leaf hash      | u64 index of that leaf                   |
 *
 * Partial tiles and bundles are stored under the same key as the full one: each round rewrites
 * the right edge, and a full tile never changes again. A reader asking for width W gets the
 * first W hashes (or entries) of the stored version.
 */
import { utf8 } from '../../../merkle/index.js';

export const PREFIX_IDENTITY = 0x6d; // m
export const PREFIX_CHECKPOINT = 0x63; // c
export const PREFIX_TILE = 0x74; // t
export const PREFIX_BUNDLE = 0x62; // b
export const PREFIX_PAYLOAD = 0x70; // p
export const PREFIX_IDEMPOTENCY = 0x69; // i
export const PREFIX_CREDENTIAL = 0x61; // a
export const PREFIX_LEAF_HASH = 0x68; // h

function withU64(prefix: number, extra: number[], n: number): Uint8Array {
  const key = new Uint8Array(1 + extra.length + 8);
  key[0] = prefix;
  key.set(extra, 1);
  const view = new DataView(key.buffer);
  // Two 32-bit halves: n is a safe integer (< 2^53), so the high half fits.
  view.setUint32(1 + extra.length, Math.floor(n / 2 ** 32));
  view.setUint32(1 + extra.length + 4, n % 2 ** 32);
  return key;
}

/** Reads the u64 that ends a key made by this module. */
export function keyNumber(key: Uint8Array): number {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  return view.getUint32(key.length - 8) * 2 ** 32 + view.getUint32(key.length - 4);
}

export const IDENTITY_KEY = Uint8Array.from([PREFIX_IDENTITY, ...utf8('identity')]);
/** A marker written (synced) to check that the store takes writes again after a failure. */
export const WRITE_PROBE_KEY = Uint8Array.from([PREFIX_IDENTITY, ...utf8('write-probe')]);

export function checkpointKey(treeSize: number): Uint8Array {
  return withU64(PREFIX_CHECKPOINT, [], treeSize);
}

export function tileKey(level: number, index: number): Uint8Array {
  return withU64(PREFIX_TILE, [level], index);
}

export function bundleKey(index: number): Uint8Array {
  return withU64(PREFIX_BUNDLE, [], index);
}

export function payloadKey(firstIndex: number): Uint8Array {
  return withU64(PREFIX_PAYLOAD, [], firstIndex);
}

/** Requires a submitter name without NUL (credential names never contain one). */
export function idempotencyKey(submitter: string, key: string): Uint8Array {
  const s = utf8(submitter);
  const k = utf8(key);
  const out = new Uint8Array(1 + s.length + 1 + k.length);
  out[0] = PREFIX_IDEMPOTENCY;
  out.set(s, 1);
  out[1 + s.length] = 0;
  out.set(k, 2 + s.length);
  return out;
}

export function credentialKey(id: string): Uint8Array {
  return Uint8Array.from([PREFIX_CREDENTIAL, ...utf8(id)]);
}

/** The smallest and the first-after key of a prefix, for range scans. */
export function prefixRange(prefix: number): { gte: Uint8Array; lt: Uint8Array } {
  return { gte: Uint8Array.of(prefix), lt: Uint8Array.of(prefix + 1) };
}

/** Key of the hash index: the first 8 bytes of the leaf hash. */
export function leafHashKey(leafHash: Uint8Array): Uint8Array {
  const key = new Uint8Array(9);
  key[0] = PREFIX_LEAF_HASH;
  key.set(leafHash.subarray(0, 8), 1);
  return key;
}

/** A u64 value (the hash index). */
export function encodeU64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(n / 2 ** 32));
  view.setUint32(4, n % 2 ** 32);
  return out;
}
