/**
 * Where the payload chunks of committed entries start (issue 13 speed): the key of the chunk
 * holding entry i is the payload key at or below i, which LevelDB can only find by a reverse
 * seek (~60 µs of the calling thread at 1M entries: a merging iterator repositions every level
 * backwards). Once a chunk has been read, or committed by this process (kv-log-store.ts
 * commitRound), its start and count are known, and the next read of any
 * of its entries is a point read of its exact key (`getMany`, on LevelDB's worker threads, ~3×
 * cheaper in CPU and ~7× cheaper on the calling thread).
 *
 * Sound because the chunk holding a committed entry never changes key: a round's chunks are
 * written once, erasure rewrites a chunk under the same key with the same count, and the chunks a
 * failed write left behind lie above the committed size (the next write deletes them before it
 * commits entries there). Readers still check that the chunk they read covers the entry and fall
 * back to the seek when it does not. Bounded: at most `capacity` chunks are remembered (a log of
 * single-entry rounds has one chunk per entry); the oldest-learnt group is forgotten first.
 */
import { MAX_PAYLOAD_CHUNK_ENTRIES } from './payload-chunks.js';

/** Chunks remembered at most (~40 bytes each): 4 KiB chunks of ~200-byte events, ~5M entries. */
const DEFAULT_CAPACITY = 1 << 18;

/** The entry count of a payload chunk (its u32 header, records.ts), 0 when it is shorter than its header. */
export function chunkCount(chunk: Uint8Array): number {
  return chunk.length < 4 ? 0 : new DataView(chunk.buffer, chunk.byteOffset, 4).getUint32(0);
}

/** The starts and counts of payload chunks read so far, by entry index. */
export class PayloadChunkDirectory {
  /** Flat [start, count, start, count, ...] of the chunks whose start falls in each group of MAX_PAYLOAD_CHUNK_ENTRIES indexes. */
  readonly #groups = new Map<number, number[]>();
  #chunks = 0;

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The start of the known chunk holding entry `index`, or undefined when none is known. */
  chunkOf(index: number): number | undefined {
    // A chunk holds at most MAX_PAYLOAD_CHUNK_ENTRIES entries: it starts in index's group or the one before.
    const group = Math.floor(index / MAX_PAYLOAD_CHUNK_ENTRIES);
    return this.#find(group, index) ?? this.#find(group - 1, index);
  }

  /** Remembers that the chunk starting at entry `start` holds `count` entries (count >= 1). */
  learn(start: number, count: number): void {
    if (count < 1) return;
    const group = Math.floor(start / MAX_PAYLOAD_CHUNK_ENTRIES);
    let chunks = this.#groups.get(group);
    if (chunks !== undefined) {
      for (let i = 0; i < chunks.length; i += 2) {
        if (chunks[i] === start) {
          chunks[i + 1] = count;
          return;
        }
      }
    } else {
      while (this.#chunks >= this.capacity && this.#groups.size > 0) {
        const [oldest, forgotten] = this.#groups.entries().next().value as [number, number[]];
        this.#groups.delete(oldest);
        this.#chunks -= forgotten.length / 2;
      }
      chunks = [];
      this.#groups.set(group, chunks);
    }
    chunks.push(start, count);
    this.#chunks++;
  }

  /** Chunks remembered now. */
  get size(): number {
    return this.#chunks;
  }

  #find(group: number, index: number): number | undefined {
    const chunks = this.#groups.get(group);
    if (chunks === undefined) return undefined;
    for (let i = 0; i < chunks.length; i += 2) {
      const start = chunks[i]!;
      if (start <= index && index < start + chunks[i + 1]!) return start;
    }
    return undefined;
  }
}
