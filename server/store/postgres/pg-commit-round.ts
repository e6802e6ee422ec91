/**
 * A round's commit on PostgreSQL as ONE statement (issue 11 speed): `SELECT cairn.commit_round(...)`,
 * the server-side function of migration 3 (schema.ts). Before it, a commit was ten statements in
 * a transaction (BEGIN, the head's compare-and-swap, tiles, bundles, the payload chunks' DELETE and
 * INSERT, checkpoint, idempotency, leaf index, COMMIT), each a round trip that waited for the
 * event loop of a busy server: ~40 ms for a 32-entry round under HTTP load. Now one round trip.
 *
 * The guarantees are the function's: the compare-and-swap comes first and a lost one writes
 * nothing (false: STORE_CONFLICT); a duplicate idempotency key aborts the statement, so nothing
 * of the round lands (23505: STORE_CONFLICT); otherwise everything lands with the head, durably
 * (one transaction, committed with `synchronous_commit` on).
 */
import { StoreError } from '../store-error.js';
import type { HeadExpectation, RoundWrite } from '../store.js';
import { PG_PAYLOAD_CHUNK, payloadChunks } from '../level/payload-chunks.js';
import { encodePayloadChunk } from '../level/records.js';
import type { PgDatabase } from './pg-pool.js';
import { concatDigests, leafPrefix } from './pg-writes.js';

/** The statement (prepared once per connection under this name). */
const COMMIT_ROUND_SQL = `SELECT cairn.commit_round($1, $2, $3, $4, $5, $6,
  $7::int2[], $8::int8[], $9::int2[], $10::int4[], $11::bytea,
  $12::int8[], $13::int2[], $14::int4[], $15::int4[], $16::bytea,
  $17::int8[], $18::int4[], $19::int4[], $20::bytea,
  $21::text[], $22::text[], $23::int8[], $24::int8[], $25::bytea,
  $26::int8[], $27::int8[]) AS committed`;

/** Byte arrays back to back in one Buffer, with each one's 0-based offset and length. */
function concatenated(parts: readonly Uint8Array[]): { bytes: Buffer; offsets: number[]; lengths: number[] } {
  const offsets: number[] = [];
  const lengths: number[] = [];
  let total = 0;
  for (const p of parts) {
    offsets.push(total);
    lengths.push(p.length);
    total += p.length;
  }
  if (total > 0x7fffffff) throw new RangeError(`a round's objects of one kind exceed 2 GiB (${total} bytes)`);
  const bytes = Buffer.allocUnsafe(total);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return { bytes, offsets, lengths };
}

/** The 27 parameters of `cairn.commit_round` for `round` on log `logId`, building on `expected`. */
export function commitRoundParams(logId: number, round: RoundWrite, expected: HeadExpectation): unknown[] {
  const tiles = concatenated(round.tiles.map((t) => t.hashes));
  const bundles = concatenated(round.bundles.map((b) => b.bytes));
  const chunkList = round.payloads.records.length === 0 ? [] : payloadChunks(round.payloads.firstIndex, round.payloads.records, PG_PAYLOAD_CHUNK);
  const chunks = concatenated(chunkList.map((c) => encodePayloadChunk(c.records)));
  const idem = round.idempotency;
  return [
    logId,
    expected.previous.treeSize,
    expected.previous.note,
    expected.epoch ?? null,
    round.checkpoint.treeSize,
    round.checkpoint.note,
    round.tiles.map((t) => t.level),
    round.tiles.map((t) => t.index),
    round.tiles.map((t) => t.width),
    tiles.offsets,
    tiles.bytes,
    round.bundles.map((b) => b.index),
    round.bundles.map((b) => b.width),
    bundles.offsets,
    bundles.lengths,
    bundles.bytes,
    chunkList.map((c) => c.firstIndex),
    chunks.offsets,
    chunks.lengths,
    chunks.bytes,
    idem.map((i) => i.submitter),
    idem.map((i) => i.key),
    idem.map((i) => i.record.index),
    idem.map((i) => i.record.treeSize),
    concatDigests(idem.map((i) => i.record.payloadDigest)),
    // A row per leaf (readers take the later index of a prefix two leaves share).
    round.leafHashes.map(leafPrefix),
    round.leafHashes.map((_, i) => round.payloads.firstIndex + i),
  ];
}

/**
 * Commits `round` on log `logId` in one statement. Resolves once it is durable; rejects with
 * STORE_CONFLICT when the head is not `expected` (size, note, and the leader epoch when given) or
 * an idempotency key of the round is stored already (nothing written either way), and with
 * another StoreError when PostgreSQL fails (outcome unknown on a lost connection).
 * Requires round.checkpoint.treeSize >= expected.previous.treeSize.
 */
export async function commitRoundStatement(db: PgDatabase, logId: number, round: RoundWrite, expected: HeadExpectation): Promise<void> {
  const want = expected.previous;
  if (round.checkpoint.treeSize < want.treeSize) {
    throw new StoreError('STORE_CONFLICT', `a head never shrinks: the commit goes from size ${want.treeSize} to ${round.checkpoint.treeSize}`);
  }
  let rows: { committed: boolean }[];
  try {
    rows = await db.writeStatement<{ committed: boolean }>('committing a round', {
      name: 'cairn_commit_round_v3',
      text: COMMIT_ROUND_SQL,
      values: commitRoundParams(logId, round, expected),
    });
  } catch (err) {
    if ((err as StoreError).cause !== undefined && ((err as StoreError).cause as { code?: string }).code === '23505') {
      throw new StoreError('STORE_CONFLICT', 'an idempotency key of the round is stored already (another writer committed it); reload and retry', {
        cause: err,
      });
    }
    throw err;
  }
  if (rows[0]?.committed !== true) throw headMoved(expected);
}

/** The STORE_CONFLICT of a lost compare-and-swap of the head. */
export function headMoved(expected: HeadExpectation): StoreError {
  return new StoreError(
    'STORE_CONFLICT',
    `the head moved: the commit builds on the checkpoint of size ${expected.previous.treeSize}${expected.epoch === undefined ? '' : ` in leader epoch ${expected.epoch}`}, ` +
      'but the database holds another latest checkpoint or a newer leader; reload and retry',
  );
}
