/**
 * The read statements of the PostgreSQL driver: each read call of the store is ONE statement,
 * whatever the number of tiles, bundles or payloads it asks for (the HTTP read path asks for
 * many at once). bytea values come back as plain Uint8Arrays, as the other drivers return them.
 */
import { StoreError } from '../store-error.js';
import type { IdempotencyRecord, PayloadRecord, StoredCheckpoint, StoredCredential } from '../store.js';
import { decodePayloadChunk } from '../level/records.js';
import { leafPrefix } from './pg-writes.js';
import type { PgDatabase } from './pg-pool.js';

/** A Buffer from pg as a plain Uint8Array over the same bytes. */
function bytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Tiles by (level, index), in the order asked; undefined where absent. */
export async function readTileRows(db: PgDatabase, logId: number, tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]> {
  const out: (Uint8Array | undefined)[] = new Array(tiles.length).fill(undefined);
  if (tiles.length === 0) return out;
  const rows = await db.query<{ ord: string; hashes: Buffer }>(
    'reading tiles',
    `SELECT a.ord, t.hashes FROM unnest($2::int2[], $3::int8[]) WITH ORDINALITY AS a(level, idx, ord)
       JOIN cairn.tiles t ON t.log_id = $1 AND t.level = a.level AND t.idx = a.idx`,
    [logId, tiles.map((t) => t.level), tiles.map((t) => t.index)],
  );
  for (const r of rows) out[Number(r.ord) - 1] = bytes(r.hashes);
  return out;
}

/** Entry bundles by index, in the order asked; undefined where absent. */
export async function readBundleRows(db: PgDatabase, logId: number, indexes: readonly number[]): Promise<(Uint8Array | undefined)[]> {
  const out: (Uint8Array | undefined)[] = new Array(indexes.length).fill(undefined);
  if (indexes.length === 0) return out;
  const rows = await db.query<{ ord: string; bytes: Buffer }>(
    'reading entry bundles',
    `SELECT a.ord, b.bytes FROM unnest($2::int8[]) WITH ORDINALITY AS a(idx, ord)
       JOIN cairn.bundles b ON b.log_id = $1 AND b.idx = a.idx`,
    [logId, indexes],
  );
  for (const r of rows) out[Number(r.ord) - 1] = bytes(r.bytes);
  return out;
}

/**
 * Payloads of entries start <= i < end: the chunk holding `start` (the last one starting at or
 * before it) and every chunk starting before `end`, in one statement; each chunk decoded once.
 */
export async function readPayloadRows(db: PgDatabase, logId: number, start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
  const out: (PayloadRecord | undefined)[] = new Array(Math.max(0, end - start)).fill(undefined);
  if (end <= start) return out;
  const rows = await db.query<{ first_index: string; chunk: Buffer }>(
    'reading payloads',
    `SELECT first_index, chunk FROM cairn.payload_chunks
      WHERE log_id = $1 AND first_index < $3
        AND first_index >= coalesce((SELECT max(first_index) FROM cairn.payload_chunks WHERE log_id = $1 AND first_index <= $2), $2)
      ORDER BY first_index`,
    [logId, start, end],
  );
  for (const r of rows) {
    const chunkStart = Number(r.first_index);
    decodePayloadChunk(bytes(r.chunk)).forEach((record, i) => {
      const index = chunkStart + i;
      // A later chunk supersedes an earlier one where they overlap (never within a committed log).
      if (index >= start && index < end) out[index - start] = record;
    });
  }
  return out;
}

/** The index of the leaf whose hash starts like `leafHash`, if any. */
export async function readLeafIndexRow(db: PgDatabase, logId: number, leafHash: Uint8Array): Promise<number | undefined> {
  const rows = await db.query<{ entry_index: string }>(
    'reading the hash index', // Two leaves may share a prefix (8 bytes): the later one is the index's answer.
    'SELECT entry_index FROM cairn.leaf_index WHERE prefix = $2 AND log_id = $1 ORDER BY entry_index DESC LIMIT 1',
    [logId, leafPrefix(leafHash)],
  );
  return rows[0] === undefined ? undefined : Number(rows[0].entry_index);
}

/** The idempotency record of (submitter, key), if any. */
export async function readIdempotencyRow(db: PgDatabase, logId: number, submitter: string, key: string): Promise<IdempotencyRecord | undefined> {
  const rows = await db.query<{ entry_index: string; tree_size: string; payload_digest: Buffer }>(
    'reading an idempotency key',
    'SELECT entry_index, tree_size, payload_digest FROM cairn.idempotency WHERE log_id = $1 AND submitter = $2 AND key = $3',
    [logId, submitter, key],
  );
  const r = rows[0];
  return r === undefined ? undefined : { index: Number(r.entry_index), treeSize: Number(r.tree_size), payloadDigest: bytes(r.payload_digest) };
}

/** The head (latest checkpoint) as the head row holds it. */
export async function readHeadRow(db: PgDatabase, logId: number): Promise<StoredCheckpoint | undefined> {
  const rows = await db.query<{ tree_size: string; checkpoint: string }>(
    'reading the latest checkpoint',
    'SELECT tree_size, checkpoint FROM cairn.logs WHERE log_id = $1',
    [logId],
  );
  const r = rows[0];
  return r === undefined ? undefined : { treeSize: Number(r.tree_size), note: r.checkpoint };
}

/** Checkpoints with treeSize >= fromSize, increasing, at most `limit`. */
export async function readCheckpointRows(db: PgDatabase, logId: number, fromSize: number, limit: number): Promise<StoredCheckpoint[]> {
  const rows = await db.query<{ tree_size: string; note: string }>(
    'listing checkpoints',
    'SELECT tree_size, note FROM cairn.checkpoints WHERE log_id = $1 AND tree_size >= $2 ORDER BY tree_size LIMIT $3',
    [logId, fromSize, Math.max(0, limit)],
  );
  return rows.map((r) => ({ treeSize: Number(r.tree_size), note: r.note }));
}

/** Every credential of the database. */
export async function readCredentialRows(db: PgDatabase): Promise<StoredCredential[]> {
  const rows = await db.query<{ id: string; name: string; role: string; secret_hash: string; created_at: string; revoked_at: string | null }>(
    'reading credentials',
    'SELECT id, name, role, secret_hash, created_at, revoked_at FROM cairn.credentials ORDER BY created_at, id',
  );
  return rows.map((r) => {
    if (r.role !== 'writer' && r.role !== 'reader' && r.role !== 'admin')
      throw new StoreError('STORE_CORRUPT', `credential ${r.id} has the role ${JSON.stringify(r.role)}; run \`cairn fsck\``);
    return {
      id: r.id,
      name: r.name,
      role: r.role,
      secretHash: r.secret_hash,
      createdAt: r.created_at,
      ...(r.revoked_at === null ? {} : { revokedAt: r.revoked_at }),
    };
  });
}
