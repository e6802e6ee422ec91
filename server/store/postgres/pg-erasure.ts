/**
 * Erasure of payloads in the PostgreSQL store (issue 14, ObjectStore.erasePayloads): each payload
 * chunk holding an entry to erase is rewritten with that entry's payload and nonce replaced by
 * the erased marker (records.ts encoding), all chunks in ONE transaction (after a crash all are
 * erased or none). The rows are locked while they are rewritten, so two erasures, or an erasure
 * and a commit, never lose each other's changes.
 *
 * An UPDATE leaves the old row version (and its TOAST chunks) in the table until VACUUM, so
 * every erasure that changed something then runs VACUUM on the table: the old versions are
 * removed from the table's pages, and no query, dump or replica built from the table sees them.
 * Their bytes can stay in WAL segments until those are recycled, and in backups already taken.
 */
import { erasedPayload } from '../store.js';
import { decodePayloadChunk, encodePayloadChunk } from '../level/records.js';
import type { PgDatabase } from './pg-pool.js';

/**
 * Erases the payloads of `indexes` in log `logId`; resolves with how many entries it erased now
 * (erased or absent ones are skipped). Rejects with a StoreError, having erased nothing, when
 * the transaction fails.
 */
export async function erasePayloadRows(db: PgDatabase, logId: number, indexes: readonly number[]): Promise<number> {
  const wanted = [...new Set(indexes)].sort((a, b) => a - b);
  if (wanted.length === 0) return 0;
  const erased = await db.transaction('erasing payloads', async (c) => {
    // The chunk of each index: the last one starting at or before it.
    const { rows } = await c.query<{ first_index: string; chunk: Buffer }>(
      `SELECT p.first_index, p.chunk
         FROM (SELECT DISTINCT (SELECT max(first_index) FROM cairn.payload_chunks WHERE log_id = $1 AND first_index <= w) AS f
                 FROM unnest($2::int8[]) AS w) AS x
         JOIN cairn.payload_chunks p ON p.log_id = $1 AND p.first_index = x.f
        ORDER BY p.first_index
          FOR UPDATE OF p`,
      [logId, wanted],
    );
    const changed: { first: number; chunk: Uint8Array }[] = [];
    let count = 0;
    for (const row of rows) {
      const first = Number(row.first_index);
      const records = decodePayloadChunk(new Uint8Array(row.chunk.buffer, row.chunk.byteOffset, row.chunk.byteLength));
      let touched = false;
      for (const index of wanted) {
        const record = records[index - first];
        if (index < first || record === undefined || record.erased) continue;
        records[index - first] = erasedPayload(record.payload.length);
        touched = true;
        count++;
      }
      if (touched) changed.push({ first, chunk: encodePayloadChunk(records) });
    }
    if (changed.length === 0) return 0;
    // The chunks as binary parameters of their own (see pg-writes.ts).
    const values = changed.map((_, i) => `($${2 + 2 * i}::int8, $${3 + 2 * i}::bytea)`).join(', ');
    await c.query(`UPDATE cairn.payload_chunks p SET chunk = v.chunk FROM (VALUES ${values}) AS v(f, chunk) WHERE p.log_id = $1 AND p.first_index = v.f`, [
      logId,
      ...changed.flatMap((x) => [x.first, x.chunk]),
    ]);
    return count;
  });
  // Outside the transaction (VACUUM cannot run in one): the old row versions leave the table.
  if (erased > 0) await db.query('removing erased payloads from the table', 'VACUUM cairn.payload_chunks');
  return erased;
}
