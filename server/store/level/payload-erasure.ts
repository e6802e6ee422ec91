/**
 * Erasure of payloads in the LevelDB key layout (issue 14): each payload chunk (key `p`, records.ts)
 * holding an entry to erase is rewritten with that entry's payload and nonce replaced by the
 * erased marker, all chunks in ONE synced batch (after a crash all are erased or none). The old
 * chunk versions would linger in LevelDB's write-ahead log and tables until compaction, so every
 * erasure then compacts the range of the chunks it rewrote: erasure promises the bytes are gone
 * from the data folder, not merely unreadable.
 */
import { erasedPayload, type PayloadRecord } from '../store.js';
import { PREFIX_PAYLOAD, keyNumber, payloadKey, prefixRange } from './keys.js';
import type { KeyValue, KvPut } from './kv.js';
import { decodePayloadChunk, encodePayloadChunk } from './records.js';

/** What one erasure changed. */
export interface ChunkErasure {
  /** Entries erased now (those erased before, or without a payload, are not counted). */
  erased: number;
  /** Payload bytes those entries held. */
  bytes: number;
}

/** The chunk holding `index` (the chunk key at or below it), or undefined. */
async function chunkOf(kv: KeyValue, index: number): Promise<[Uint8Array, Uint8Array] | undefined> {
  for await (const e of kv.iterate({ gte: prefixRange(PREFIX_PAYLOAD).gte, lte: payloadKey(index), reverse: true, limit: 1 })) return e;
  return undefined;
}

/**
 * Rewrites the chunks holding `indexes` with those entries erased, durably, in one batch; then
 * compacts the rewritten chunks' key range (where the KeyValue can). Call under the store's
 * write lock.
 */
export async function erasePayloadChunks(kv: KeyValue, indexes: readonly number[]): Promise<ChunkErasure> {
  const wanted = [...new Set(indexes)].sort((a, b) => a - b);
  const chunks = new Map<number, { key: Uint8Array; records: PayloadRecord[] }>();
  let erased = 0;
  let bytes = 0;
  for (const index of wanted) {
    let chunk: { key: Uint8Array; records: PayloadRecord[] } | undefined;
    for (const c of chunks.values()) {
      const first = keyNumber(c.key);
      if (index >= first && index < first + c.records.length) chunk = c;
    }
    if (chunk === undefined) {
      const found = await chunkOf(kv, index);
      if (found === undefined) continue;
      chunk = { key: found[0], records: decodePayloadChunk(found[1]) };
      chunks.set(keyNumber(found[0]), chunk);
    }
    const at = index - keyNumber(chunk.key);
    const record = chunk.records[at];
    if (record === undefined || record.erased) continue;
    chunk.records[at] = erasedPayload(record.payload.length);
    erased++;
    bytes += record.payload.length;
  }
  if (erased === 0) return { erased, bytes };
  const firsts = [...chunks.keys()];
  const range = { gte: payloadKey(Math.min(...firsts)), lt: payloadKey(Math.max(...firsts) + 1) };
  // The old chunk versions stay in the write-ahead log and older tables until a compaction
  // merges them with the new ones. LevelDB's manual compaction picks the levels to compact
  // before it flushes the memtable, and never rewrites the deepest level holding the range: a
  // chunk whose old and new versions were both still in the memtable would be flushed into one
  // table there and kept whole. So the old versions go into a table first; the new versions,
  // flushed above it, are then merged down into it.
  await kv.compact?.(range);
  const puts: KvPut[] = [...chunks.values()].map((c) => ({ key: c.key, value: encodePayloadChunk(c.records) }));
  await kv.batch(puts, { sync: true });
  await kv.compact?.(range);
  return { erased, bytes };
}
