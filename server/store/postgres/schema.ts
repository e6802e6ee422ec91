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
];

/** The schema version this server writes and reads: the last migration's. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
