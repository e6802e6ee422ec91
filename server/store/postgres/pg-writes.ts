/**
 * The statements that write a round to PostgreSQL (issue 11): objects (tiles, bundles, payload
 * chunks) and head rows (checkpoint by size, idempotency, leaf index), each kind as ONE
 * multi-row statement whatever the round's size: a VALUES list for the few large objects (sent
 * in binary), `unnest` of arrays for the per-entry rows. The caller runs them
 * inside a transaction (pg-log-store.ts): after the head's compare-and-swap for a round commit.
 */
import type pg from 'pg';
import { StoreError } from '../store-error.js';
import type { HeadUpdate, RoundObjects } from '../store.js';
import { PG_PAYLOAD_CHUNK, payloadChunks } from '../level/payload-chunks.js';
import { encodePayloadChunk } from '../level/records.js';

/**
 * `($2, $3), ($4, $5), ...`: `rows` rows of `columns` parameters from `$first` on. Large byte
 * values go as parameters of their own, which pg sends in binary; inside an array they would
 * travel as hex text, twice their size, encoded and decoded on both ends.
 */
function valuesList(rows: number, columns: number, first: number, casts: readonly string[]): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) cells.push(`$${first + r * columns + c}${casts[c] ?? ''}`);
    out.push(`($1, ${cells.join(', ')})`);
  }
  return out.join(', ');
}

/** 32-byte digests back to back (one binary parameter). Throws RangeError on another length. */
export function concatDigests(digests: readonly Uint8Array[]): Buffer {
  const out = Buffer.allocUnsafe(32 * digests.length);
  digests.forEach((d, i) => {
    if (d.length !== 32) throw new RangeError(`a payload digest has 32 bytes, not ${d.length}`);
    out.set(d, 32 * i);
  });
  return out;
}

/** The leaf index key of a leaf hash: its first 8 bytes as a signed int8, as decimal text. */
export function leafPrefix(leafHash: Uint8Array): string {
  if (leafHash.length < 8) throw new RangeError('a leaf hash has 32 bytes');
  return new DataView(leafHash.buffer, leafHash.byteOffset, 8).getBigInt64(0).toString();
}

/**
 * Which stored payload chunks a write replaces: `range` those starting inside the written
 * entries (writeObjects: nothing else may be touched without the head's lock), `after` every
 * chunk from the first written entry on (a round commit, after its compare-and-swap: everything
 * beyond the head is left over from writes that never committed).
 */
export type StaleChunks = 'range' | 'after';

/**
 * Writes a round's objects: tiles and bundles replace an earlier (narrower, or uncommitted)
 * version of themselves; payload chunks replace the stale chunks named by `stale`.
 */
export async function writeObjectRows(client: pg.ClientBase, logId: number, objects: RoundObjects, stale: StaleChunks): Promise<void> {
  const { tiles, bundles, payloads } = objects;
  if (tiles.length > 0) {
    await client.query(
      `INSERT INTO cairn.tiles (log_id, level, idx, width, hashes) VALUES ${valuesList(tiles.length, 4, 2, ['::int2', '::int8', '::int2', '::bytea'])}
       ON CONFLICT (log_id, level, idx) DO UPDATE SET width = EXCLUDED.width, hashes = EXCLUDED.hashes`,
      [logId, ...tiles.flatMap((t) => [t.level, t.index, t.width, t.hashes])],
    );
  }
  if (bundles.length > 0) {
    await client.query(
      `INSERT INTO cairn.bundles (log_id, idx, width, bytes) VALUES ${valuesList(bundles.length, 3, 2, ['::int8', '::int2', '::bytea'])}
       ON CONFLICT (log_id, idx) DO UPDATE SET width = EXCLUDED.width, bytes = EXCLUDED.bytes`,
      [logId, ...bundles.flatMap((b) => [b.index, b.width, b.bytes])],
    );
  }
  if (payloads.records.length === 0) return;
  const first = payloads.firstIndex;
  // Deleting first keeps one rule for every leftover: a chunk of an uncommitted write that
  // started at another index than this write's chunks would otherwise shadow part of them.
  if (stale === 'after') {
    await client.query('DELETE FROM cairn.payload_chunks WHERE log_id = $1 AND first_index >= $2', [logId, first]);
  } else {
    await client.query('DELETE FROM cairn.payload_chunks WHERE log_id = $1 AND first_index >= $2 AND first_index < $3', [
      logId,
      first,
      first + payloads.records.length,
    ]);
  }
  const chunks = payloadChunks(first, payloads.records, PG_PAYLOAD_CHUNK);
  await client.query(`INSERT INTO cairn.payload_chunks (log_id, first_index, chunk) VALUES ${valuesList(chunks.length, 2, 2, ['::int8', '::bytea'])}`, [
    logId,
    ...chunks.flatMap((c) => [c.firstIndex, encodePayloadChunk(c.records)]),
  ]);
}

/**
 * Writes the head rows of a round other than the head itself: the checkpoint by size, the
 * idempotency records, the leaf index. Rejects with STORE_CONFLICT when an idempotency key is
 * stored already (another writer used it: the caller's transaction must roll back).
 */
export async function writeHeadRows(client: pg.ClientBase, logId: number, update: HeadUpdate): Promise<void> {
  const cp = update.checkpoint;
  // A checkpoint of the same size replaces its row, so checkpointAt(head size) is the head.
  await client.query(
    `INSERT INTO cairn.checkpoints (log_id, tree_size, note) VALUES ($1, $2, $3)
     ON CONFLICT (log_id, tree_size) DO UPDATE SET note = EXCLUDED.note, committed_at = now()`,
    [logId, cp.treeSize, cp.note],
  );
  const idem = update.idempotency;
  if (idem.length > 0) {
    // A savepoint would cost a round trip per commit; the caller rolls the transaction back.
    try {
      await client.query(
        // The digests travel as one binary parameter, cut into 32-byte rows by the server.
        `INSERT INTO cairn.idempotency (log_id, submitter, key, entry_index, tree_size, payload_digest)
         SELECT $1, s, k, i, t, substring($6::bytea FROM ((o - 1) * 32 + 1)::int4 FOR 32)
           FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[]) WITH ORDINALITY AS a(s, k, i, t, o)`,
        [
          logId,
          idem.map((i) => i.submitter),
          idem.map((i) => i.key),
          idem.map((i) => i.record.index),
          idem.map((i) => i.record.treeSize),
          concatDigests(idem.map((i) => i.record.payloadDigest)),
        ],
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new StoreError('STORE_CONFLICT', 'an idempotency key of the round is stored already (another writer committed it); reload and retry', {
          cause: err,
        });
      }
      throw err;
    }
  }
  const { firstIndex, hashes } = update.leafHashes;
  if (hashes.length > 0) {
    // A row per leaf; readers take the later index of a prefix two leaves share.
    await client.query('INSERT INTO cairn.leaf_index (log_id, prefix, entry_index) SELECT $1, * FROM unnest($2::int8[], $3::int8[])', [
      logId,
      hashes.map(leafPrefix),
      hashes.map((_, i) => firstIndex + i),
    ]);
  }
}
