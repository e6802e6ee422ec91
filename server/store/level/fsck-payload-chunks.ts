/**
 * fsck of the stored payload chunks (key `p` of keys.ts: one or more chunks per round, keyed by
 * the index of their first entry), in key order, one chunk in memory at a time. Reports chunks
 * that do not decode, overlap the previous one or reach beyond the tree, and round boundaries
 * without their checkpoint: a round's payloads are cut into chunks only when a chunk is full
 * (payload-chunks.ts), so a chunk that starts right after one that was not full starts a round,
 * and the round before it ended with a signed checkpoint of that size. Chunks written before the
 * limits were 4 KiB (64 KiB or 256 entries) count as full when they were full then, and also
 * when they were not but pass today's limits: such a round boundary goes unchecked, never falsely
 * reported.
 */
import { toHex } from '../../../merkle/index.js';
import type { LayoutFsckContext } from '../layout-fsck.js';
import type { PayloadRecord } from '../store.js';
import { storedNumber } from './fsck-layout.js';
import { PREFIX_PAYLOAD, checkpointKey } from './keys.js';
import type { KvLogStore } from './kv-log-store.js';
import { KV_PAYLOAD_CHUNK, chunkIsFull } from './payload-chunks.js';
import { decodePayloadChunk } from './records.js';

/** Walks every payload chunk; see the file comment. */
export async function checkPayloadChunks(store: KvLogStore, ctx: LayoutFsckContext): Promise<void> {
  const n = ctx.treeSize;
  let previous: PayloadRecord[] | undefined;
  let end = 0;
  for await (const [key, value] of store.scan(PREFIX_PAYLOAD)) {
    const first = storedNumber(key, 9);
    if (first === undefined) {
      ctx.report('MALFORMED_RECORD', `payload chunk key ${toHex(key)}`, 'a payload chunk key that is not the prefix and a u64 index below 2^53');
      continue;
    }
    const where = `payload chunk ${first}`;
    let records: PayloadRecord[];
    try {
      records = decodePayloadChunk(value);
    } catch (err) {
      ctx.report('PAYLOAD_MALFORMED', where, `the payloads of the round starting at entry ${first} cannot be read: ${(err as Error).message}`);
      continue;
    }
    if (first < end) ctx.report('PAYLOAD_MALFORMED', where, `the chunk starts at entry ${first}, inside the previous chunk (which ends before ${end})`);
    if (first + records.length > n) {
      ctx.report('BEYOND_TREE', where, `the chunk holds payloads of entries ${first} to ${first + records.length - 1}, beyond the latest tree (size ${n})`);
    }
    if (first === end && first <= n && startsRound(previous, records) && (await store.kv.get(checkpointKey(first))) === undefined) {
      ctx.report(
        'CHECKPOINT_MISSING',
        `checkpoint ${first}`,
        `a round starts at entry ${first} (payload chunk ${first}), so the round before it was signed as checkpoint ${first}, but the store no longer holds that checkpoint`,
      );
    }
    end = Math.max(end, first + records.length);
    previous = records;
  }
}

/** True when a chunk following `previous` (right after it) starts a round: `previous` was not full. */
function startsRound(previous: readonly PayloadRecord[] | undefined, records: readonly PayloadRecord[]): boolean {
  if (previous === undefined) return true;
  // An erased entry counts with the size it had when the chunk was cut.
  const bytes = previous.reduce((sum, r) => sum + (r.erased ? r.erased.size : r.payload.length), 0);
  // A full chunk was cut inside a round, where no checkpoint was signed.
  const next = records[0];
  return !chunkIsFull(previous.length, bytes, next === undefined ? 0 : next.erased ? next.erased.size : next.payload.length, KV_PAYLOAD_CHUNK);
}
