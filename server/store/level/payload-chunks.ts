/**
 * How a round's payloads are cut into chunks (key `p` of keys.ts, one value per chunk, records.ts
 * encoding). The writer (kv-log-store.ts) and fsck (fsck-payload-chunks.ts) share the one rule,
 * so fsck can tell a round boundary from a cut inside a round.
 */
import type { PayloadRecord } from '../store.js';

/**
 * Payloads of a chunk at most (bytes), unless one payload alone is larger. Reading one payload
 * reads its whole chunk, so chunks are kept small: a round of thousands of large events must not
 * make a single read decode hundreds of megabytes.
 */
export const PAYLOAD_CHUNK_BYTES = 64 * 1024;
/** Entries in a chunk at most. */
export const PAYLOAD_CHUNK_ENTRIES = 256;

/**
 * True when a chunk of `count` entries holding `bytes` payload bytes is full for a next payload
 * of `nextBytes`: the round's next entry starts a new chunk.
 */
export function chunkIsFull(count: number, bytes: number, nextBytes: number): boolean {
  return count >= PAYLOAD_CHUNK_ENTRIES || (count > 0 && bytes + nextBytes > PAYLOAD_CHUNK_BYTES);
}

/** A round's payloads cut into chunks of consecutive entries (see PAYLOAD_CHUNK_BYTES). */
export function payloadChunks(firstIndex: number, records: readonly PayloadRecord[]): { firstIndex: number; records: PayloadRecord[] }[] {
  const chunks: { firstIndex: number; records: PayloadRecord[] }[] = [];
  let current: { firstIndex: number; records: PayloadRecord[] } | undefined;
  let bytes = 0;
  records.forEach((r, i) => {
    if (current === undefined || chunkIsFull(current.records.length, bytes, r.payload.length)) {
      current = { firstIndex: firstIndex + i, records: [] };
      chunks.push(current);
      bytes = 0;
    }
    current.records.push(r);
    bytes += r.payload.length;
  });
  return chunks;
}
