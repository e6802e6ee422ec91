/**
 * How a round's payloads are cut into chunks (key `p` of keys.ts, one value per chunk, records.ts
 * encoding; one row each in PostgreSQL). The writers and fsck (fsck-payload-chunks.ts) share the
 * one rule, so fsck can tell a round boundary from a cut inside a round.
 */
import type { PayloadRecord } from '../store.js';

/**
 * A chunk holds at most `entries` entries and `bytes` payload bytes, unless one payload alone is
 * larger. Reading one payload reads its whole chunk.
 */
export interface PayloadChunkLimits {
  readonly bytes: number;
  readonly entries: number;
}

/**
 * The key-value stores (LevelDB, memory): 4 KiB or 32 entries. A search's results are scattered
 * over the log and each reads its whole chunk: 100 results of ~200-byte events read ~0.4 MB
 * instead of ~3.4 MB with 64 KiB chunks (issue 13), and LevelDB's reads, copies and the garbage
 * collections they trigger shrink with it. Ranges (stream, export, the index follower) read on
 * from chunk to chunk and hardly notice.
 */
export const KV_PAYLOAD_CHUNK: PayloadChunkLimits = { bytes: 4 * 1024, entries: 32 };

/** PostgreSQL: a row per chunk, so larger chunks and fewer rows per round (issue 11's batch rate). */
export const PG_PAYLOAD_CHUNK: PayloadChunkLimits = { bytes: 64 * 1024, entries: 256 };

/**
 * The most entries a chunk of any store holds, including LevelDB stores written before 4 KiB
 * chunks (64 KiB or 256 entries): the window of the payload directory (payload-directory.ts).
 */
export const MAX_PAYLOAD_CHUNK_ENTRIES = 256;

/**
 * True when a chunk of `count` entries holding `bytes` payload bytes is full for a next payload
 * of `nextBytes` under `limits`: the round's next entry starts a new chunk.
 */
export function chunkIsFull(count: number, bytes: number, nextBytes: number, limits: PayloadChunkLimits): boolean {
  return count >= limits.entries || (count > 0 && bytes + nextBytes > limits.bytes);
}

/** A round's payloads cut into chunks of consecutive entries under `limits`. */
export function payloadChunks(
  firstIndex: number,
  records: readonly PayloadRecord[],
  limits: PayloadChunkLimits,
): { firstIndex: number; records: PayloadRecord[] }[] {
  const chunks: { firstIndex: number; records: PayloadRecord[] }[] = [];
  let current: { firstIndex: number; records: PayloadRecord[] } | undefined;
  let bytes = 0;
  records.forEach((r, i) => {
    if (current === undefined || chunkIsFull(current.records.length, bytes, r.payload.length, limits)) {
      current = { firstIndex: firstIndex + i, records: [] };
      chunks.push(current);
      bytes = 0;
    }
    current.records.push(r);
    bytes += r.payload.length;
  });
  return chunks;
}
