/**
 * The PostgreSQL schema of Cairn's store (issue 11), as an ordered list of migrations. Every
 * table lives in the PostgreSQL schema `cairn`, so Cairn shares a database with other software
 * without name clashes; `cairn.schema_version` records which migrations were applied.
 *
 * Several logs may share one database: every per-log table starts with `log_id`. Credentials are
 * process-wide (every log of a database sees the same ones).
 *
 * | table                 | one row per                          | notes                                            |
 * |-----------------------|--------------------------------------|--------------------------------------------------|
 * | `logs`                | log: identity and HEAD               | the commit point: a round commits by a           |
 * |                       |                                      | compare-and-swap of (tree_size, checkpoint,      |
 * |                       |                                      | epoch) on this row; `epoch` is the leader epoch  |
 * |                       |                                      | (fencing token), bumped by each new leader       |
 * | `checkpoints`         | signed checkpoint, by tree size      | never updated or deleted                         |
 * | `tiles`               | hash tile (level, index)             | widest version; a full one (width 256) is final  |
 * | `bundles`             | entry bundle (index)                 | widest version; a full one (width 256) is final  |
 * | `payload_chunks`      | round's chunk of payloads + nonces   | records.ts encoding; erasable later (retention)  |
 * | `idempotency`         | (submitter, key)                     | index, tree size of the receipt, payload digest  |
 * | `leaf_index`          | first 8 bytes of a leaf hash (int8)  | index of that leaf; the later one on a collision |
 * | `credentials`         | writer, reader or admin credential   | only the SHA-256 of the secret                   |
 * | `write_probes`        | log                                  | `checkWritable` writes here, not the head row    |
 *
 * Numbers are int8 (tree sizes and indexes stay below 2^53); hashes and tiles are bytea.
 * Since version 3 a round commits through the function `cairn.commit_round` (one statement), and
 * `idempotency` and `leaf_index` have no foreign key to `logs` (a check per row was half the cost
 * of a round; only commit_round writes them, after its compare-and-swap matched the log's row),
 * and `leaf_index` is found through a hash index on `prefix`, not a primary key: a prefix two
 * leaves share has two rows, and the later index is the one read.
 */

/** The PostgreSQL schema (namespace) that holds Cairn's tables. */
export const SCHEMA = 'cairn';

/**
 * Advisory-lock class of Cairn (the first int4 of `pg_advisory_lock(int4, int4)`): "CAIR". The
 * second int4 is a log id for leader election (log ids start at 1), or MIGRATION_LOCK_ID.
 */
export const LOCK_CLASS = 0x43414952;
/** The advisory-lock id (within LOCK_CLASS) that serialises migrations of concurrent starts. */
export const MIGRATION_LOCK_ID = 0;

/**
 * `cairn.commit_round(...)` (migration 3): a round's whole commit as ONE statement, so a commit
 * costs one round trip (pg-commit-round.ts packs the parameters). Run as a statement of its own
 * (autocommit), it is one transaction: the head's compare-and-swap first (false, nothing
 * written, when the head moved or a newer leader was elected), then the objects and head rows
 * exactly as pg-writes.ts writes them; any error (a duplicate idempotency key: 23505) rolls the
 * whole round back. Byte objects travel concatenated in one binary parameter each, cut by
 * 0-based offsets; tiles are 32 × width bytes. Frozen once released: change it by a new
 * migration that replaces the function.
 */
const COMMIT_ROUND_V3 = `CREATE FUNCTION cairn.commit_round(
    p_log int4, p_prev_size int8, p_prev_checkpoint text, p_epoch int8, p_size int8, p_checkpoint text,
    p_tile_level int2[], p_tile_idx int8[], p_tile_width int2[], p_tile_off int4[], p_tile_bytes bytea,
    p_bundle_idx int8[], p_bundle_width int2[], p_bundle_off int4[], p_bundle_len int4[], p_bundle_bytes bytea,
    p_chunk_first int8[], p_chunk_off int4[], p_chunk_len int4[], p_chunk_bytes bytea,
    p_idem_submitter text[], p_idem_key text[], p_idem_index int8[], p_idem_tree_size int8[], p_idem_digests bytea,
    p_leaf_prefix int8[], p_leaf_index int8[]
  ) RETURNS boolean LANGUAGE plpgsql AS $fn$
  BEGIN
    UPDATE cairn.logs SET tree_size = p_size, checkpoint = p_checkpoint, committed_at = now()
     WHERE log_id = p_log AND tree_size = p_prev_size AND checkpoint = p_prev_checkpoint
       AND (p_epoch IS NULL OR epoch = p_epoch OR epoch = 0);
    IF NOT FOUND THEN
      RETURN false;
    END IF;
    INSERT INTO cairn.tiles (log_id, level, idx, width, hashes)
      SELECT p_log, l, i, w, substring(p_tile_bytes FROM o + 1 FOR 32 * w)
        FROM unnest(p_tile_level, p_tile_idx, p_tile_width, p_tile_off) AS a(l, i, w, o)
      ON CONFLICT (log_id, level, idx) DO UPDATE SET width = EXCLUDED.width, hashes = EXCLUDED.hashes;
    INSERT INTO cairn.bundles (log_id, idx, width, bytes)
      SELECT p_log, i, w, substring(p_bundle_bytes FROM o + 1 FOR n)
        FROM unnest(p_bundle_idx, p_bundle_width, p_bundle_off, p_bundle_len) AS a(i, w, o, n)
      ON CONFLICT (log_id, idx) DO UPDATE SET width = EXCLUDED.width, bytes = EXCLUDED.bytes;
    IF cardinality(p_chunk_first) > 0 THEN
      -- Everything from the round's first entry on is left over from writes that never committed.
      DELETE FROM cairn.payload_chunks WHERE log_id = p_log AND first_index >= p_chunk_first[1];
      INSERT INTO cairn.payload_chunks (log_id, first_index, chunk)
        SELECT p_log, f, substring(p_chunk_bytes FROM o + 1 FOR n)
          FROM unnest(p_chunk_first, p_chunk_off, p_chunk_len) AS a(f, o, n);
    END IF;
    INSERT INTO cairn.checkpoints (log_id, tree_size, note) VALUES (p_log, p_size, p_checkpoint)
      ON CONFLICT (log_id, tree_size) DO UPDATE SET note = EXCLUDED.note, committed_at = now();
    INSERT INTO cairn.idempotency (log_id, submitter, key, entry_index, tree_size, payload_digest)
      SELECT p_log, s, k, i, t, substring(p_idem_digests FROM (n - 1)::int4 * 32 + 1 FOR 32)
        FROM unnest(p_idem_submitter, p_idem_key, p_idem_index, p_idem_tree_size) WITH ORDINALITY AS a(s, k, i, t, n);
    INSERT INTO cairn.leaf_index (log_id, prefix, entry_index)
      SELECT p_log, x, i FROM unnest(p_leaf_prefix, p_leaf_index) AS a(x, i);
    RETURN true;
  END
  $fn$`;

/** One step of the schema: applied once, in order, inside the start's migration transaction. */
export interface Migration {
  /** 1, 2, 3, ...: the value `schema_version` holds once this step is applied. */
  version: number;
  /** What the step changes, recorded in `schema_version`. */
  description: string;
  /** SQL statements, run in order. */
  statements: readonly string[];
}

/** Every migration this server knows, in order. Append only: never edit a released step. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'logs with their head, checkpoints, tiles, bundles, payload chunks, idempotency, leaf index, credentials',
    statements: [
      `CREATE TABLE cairn.logs (
         log_id       int4 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         name         text NOT NULL UNIQUE,
         origin       text NOT NULL UNIQUE,
         identity     text NOT NULL,
         tree_size    int8 NOT NULL CHECK (tree_size >= 0),
         checkpoint   text NOT NULL,
         epoch        int8 NOT NULL DEFAULT 0,
         leader       text,
         leader_since timestamptz,
         committed_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE cairn.checkpoints (
         log_id       int4 NOT NULL REFERENCES cairn.logs,
         tree_size    int8 NOT NULL CHECK (tree_size >= 0),
         note         text NOT NULL,
         committed_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (log_id, tree_size)
       )`,
      `CREATE TABLE cairn.tiles (
         log_id int4 NOT NULL REFERENCES cairn.logs,
         level  int2 NOT NULL CHECK (level >= 0),
         idx    int8 NOT NULL CHECK (idx >= 0),
         width  int2 NOT NULL CHECK (width BETWEEN 1 AND 256),
         hashes bytea NOT NULL CHECK (octet_length(hashes) = 32 * width),
         PRIMARY KEY (log_id, level, idx)
       )`,
      `CREATE TABLE cairn.bundles (
         log_id int4 NOT NULL REFERENCES cairn.logs,
         idx    int8 NOT NULL CHECK (idx >= 0),
         width  int2 NOT NULL CHECK (width BETWEEN 1 AND 256),
         bytes  bytea NOT NULL,
         PRIMARY KEY (log_id, idx)
       )`,
      `CREATE TABLE cairn.payload_chunks (
         log_id      int4 NOT NULL REFERENCES cairn.logs,
         first_index int8 NOT NULL CHECK (first_index >= 0),
         chunk       bytea NOT NULL,
         PRIMARY KEY (log_id, first_index)
       )`,
      `CREATE TABLE cairn.idempotency (
         log_id         int4 NOT NULL REFERENCES cairn.logs,
         submitter      text NOT NULL,
         key            text NOT NULL,
         entry_index    int8 NOT NULL CHECK (entry_index >= 0),
         tree_size      int8 NOT NULL CHECK (tree_size > entry_index),
         payload_digest bytea NOT NULL CHECK (octet_length(payload_digest) = 32),
         PRIMARY KEY (log_id, submitter, key)
       )`,
      `CREATE TABLE cairn.leaf_index (
         log_id      int4 NOT NULL REFERENCES cairn.logs,
         prefix      int8 NOT NULL,
         entry_index int8 NOT NULL CHECK (entry_index >= 0),
         PRIMARY KEY (log_id, prefix)
       )`,
      `CREATE TABLE cairn.credentials (
         id          text PRIMARY KEY,
         name        text NOT NULL,
         role        text NOT NULL CHECK (role IN ('writer', 'reader')),
         secret_hash text NOT NULL,
         created_at  text NOT NULL,
         revoked_at  text
       )`,
      `CREATE TABLE cairn.write_probes (
         log_id    int4 PRIMARY KEY REFERENCES cairn.logs,
         probed_at timestamptz NOT NULL
       )`,
    ],
  },
  {
    version: 2,
    description: 'credentials may have the admin role (issue 14: retention, holds, erasure)',
    statements: [
      `ALTER TABLE cairn.credentials DROP CONSTRAINT credentials_role_check`,
      `ALTER TABLE cairn.credentials ADD CONSTRAINT credentials_role_check CHECK (role IN ('writer', 'reader', 'admin'))`,
    ],
  },
  {
    version: 3,
    description:
      "cairn.commit_round (a round's commit in one statement); no per-row foreign-key checks on the per-entry indexes; the leaf index by hash; lz4 for payloads",
    statements: [
      COMMIT_ROUND_V3,
      // A foreign-key check is a trigger and a query per inserted row: half of a round's time in
      // the two per-entry tables. Their rows are written by commit_round only, after its
      // compare-and-swap matched the log's row, and logs are never deleted.
      `ALTER TABLE cairn.idempotency DROP CONSTRAINT idempotency_log_id_fkey`,
      `ALTER TABLE cairn.leaf_index DROP CONSTRAINT leaf_index_log_id_fkey`,
      // The leaf index by a hash index on the prefix instead of a unique B-tree with ON CONFLICT:
      // about half the cost per row (random 64-bit keys). A prefix shared by two leaves (a
      // collision of 8 bytes) keeps both rows; readers take the later index, as before.
      `ALTER TABLE cairn.leaf_index DROP CONSTRAINT leaf_index_pkey`,
      `CREATE INDEX leaf_index_prefix ON cairn.leaf_index USING hash (prefix)`,
      // The default pglz tries hard on every large value (a payload chunk of random-looking
      // bytes cost 8 ms per 1,000 entries); lz4 gives up fast. A server built without lz4 keeps pglz.
      `DO $do$ BEGIN
         ALTER TABLE cairn.payload_chunks ALTER COLUMN chunk SET COMPRESSION lz4;
         ALTER TABLE cairn.bundles ALTER COLUMN bytes SET COMPRESSION lz4;
       EXCEPTION WHEN feature_not_supported THEN NULL;
       END $do$`,
      // Hashes never compress: the right-edge tile, rewritten every round, is not even tried.
      `ALTER TABLE cairn.tiles ALTER COLUMN hashes SET STORAGE EXTERNAL`,
    ],
  },
];

/** The schema version this server writes and reads: the last migration's. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
