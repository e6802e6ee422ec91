/**
 * The LogStore on PostgreSQL (issue 11): one log of a database (`cairn.logs` row named by the
 * URL's `log` parameter), its objects and indexes in the tables of schema.ts. Open it with
 * `openPostgresStore` (open-postgres-store.ts) or `openStore('postgres://...')`.
 *
 * How it meets the contract of ../store.ts:
 * - `commitRound` is ONE statement, a transaction of its own (`cairn.commit_round`, see
 *   pg-commit-round.ts), whose first step is the head's compare-and-swap (size, note and, when
 *   given, the leader epoch). A stale leader or a writer that lost the race changes nothing, not
 *   even an object (STORE_CONFLICT). The winner holds the head row's lock until the statement
 *   commits, so the round's objects and index rows land with the head or not at all.
 * - `writeObjects` + `commitHead` are the generic two-step path (objects first, then a
 *   transaction with the compare-and-swap and the head rows). Objects written without the
 *   head's lock can overwrite a right-edge tile another writer committed, so processes sharing
 *   a log commit with `commitRound` only; the two steps serve single-writer tools and tests.
 * - Every write is durable when it resolves: PostgreSQL commits with `synchronous_commit` on
 *   (the open warns when it is off).
 */
import type pg from 'pg';
import { StoreError } from '../store-error.js';
import {
  type HeadExpectation,
  type HeadUpdate,
  type IdempotencyRecord,
  type LogIdentity,
  type LogStore,
  type PayloadRecord,
  type RoundObjects,
  type RoundWrite,
  type StoredCheckpoint,
  type StoredCredential,
} from '../store.js';
import { CREDENTIALS_CHANNEL, listenForCredentialChanges, type CredentialListener } from './credential-listener.js';
import { swapHead } from './head.js';
import { commitRoundStatement, headMoved } from './pg-commit-round.js';
import { erasePayloadRows } from './pg-erasure.js';
import { PgPool, type PgDatabase } from './pg-pool.js';
import { PgSnapshot } from './pg-snapshot.js';
import {
  readBundleRows,
  readCheckpointRows,
  readCredentialRows,
  readHeadRow,
  readIdempotencyRow,
  readLeafIndexRow,
  readPayloadRows,
  readTileRows,
} from './pg-reads.js';
import { writeHeadRows, writeObjectRows } from './pg-writes.js';

/** A LogStore on one log of a PostgreSQL database. */
export class PgLogStore implements LogStore {
  /** `cairn.logs.log_id`, once the log exists (looked up again until then: another process may initialise it). */
  #logId: number | undefined;
  /** The head this handle last read or committed: the default expectation of commitRound. */
  #lastSeenHead: StoredCheckpoint | undefined;

  constructor(
    /** The connections (exposed for tests and tools of this driver). */
    readonly db: PgDatabase,
    /** The log's name in `cairn.logs.name`. */
    readonly logName: string,
    /** The URL without its password. */
    readonly location: string,
    /** What an operator should know about the server's settings (synchronous_commit off, ...): print them at start. */
    readonly warnings: readonly string[] = [],
  ) {}

  /** The log's id, or undefined while the database has no log of this name. */
  async logId(): Promise<number | undefined> {
    if (this.#logId === undefined) {
      const rows = await this.db.query<{ log_id: number }>('looking up the log', 'SELECT log_id FROM cairn.logs WHERE name = $1', [this.logName]);
      this.#logId = rows[0]?.log_id;
    }
    return this.#logId;
  }

  private async requireLogId(doing: string): Promise<number> {
    const id = await this.logId();
    if (id === undefined)
      throw new StoreError(
        'STORE_CORRUPT',
        `there is no log named ${JSON.stringify(this.logName)} in ${this.location} (${doing}); start \`cairn serve --store\` on it first`,
      );
    return id;
  }

  async readIdentity(): Promise<LogIdentity | undefined> {
    const rows = await this.db.query<{ identity: string }>('reading the log identity', 'SELECT identity FROM cairn.logs WHERE name = $1', [this.logName]);
    const text = rows[0]?.identity;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as LogIdentity;
    } catch (err) {
      throw new StoreError(
        'STORE_CORRUPT',
        `the identity of log ${JSON.stringify(this.logName)} in ${this.location} is not the JSON Cairn wrote; run \`cairn fsck\``,
        { cause: err },
      );
    }
  }

  async initialise(identity: LogIdentity, emptyCheckpoint: StoredCheckpoint): Promise<void> {
    const logId = await this.db.transaction('initialising the log', async (c) => {
      try {
        const { rows } = await c.query<{ log_id: number }>(
          'INSERT INTO cairn.logs (name, origin, identity, tree_size, checkpoint) VALUES ($1, $2, $3, $4, $5) RETURNING log_id',
          [this.logName, identity.origin, JSON.stringify(identity), emptyCheckpoint.treeSize, emptyCheckpoint.note],
        );
        const id = rows[0]!.log_id;
        await c.query('INSERT INTO cairn.checkpoints (log_id, tree_size, note) VALUES ($1, $2, $3)', [id, emptyCheckpoint.treeSize, emptyCheckpoint.note]);
        return id;
      } catch (err) {
        const e = err as { code?: string; constraint?: string };
        if (e.code !== '23505') throw err;
        const what = e.constraint?.includes('origin')
          ? `a log with the origin ${JSON.stringify(identity.origin)}`
          : `a log named ${JSON.stringify(this.logName)}`;
        throw new StoreError('STORE_CORRUPT', `${this.location} holds ${what} already; use another log name (?log=NAME) or database`, { cause: err });
      }
    });
    this.#logId = logId;
    this.#lastSeenHead = emptyCheckpoint;
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const id = await this.logId();
    const head = id === undefined ? undefined : await readHeadRow(this.db, id);
    this.#lastSeenHead = head;
    return head;
  }

  async checkpointAt(treeSize: number): Promise<StoredCheckpoint | undefined> {
    const id = await this.logId();
    if (id === undefined) return undefined;
    return (await readCheckpointRows(this.db, id, treeSize, 1)).find((c) => c.treeSize === treeSize);
  }

  async listCheckpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const id = await this.logId();
    return id === undefined ? [] : readCheckpointRows(this.db, id, fromSize, limit);
  }

  async readTiles(tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]> {
    const id = await this.logId();
    return id === undefined ? tiles.map(() => undefined) : readTileRows(this.db, id, tiles);
  }

  async readBundles(indexes: readonly number[]): Promise<(Uint8Array | undefined)[]> {
    const id = await this.logId();
    return id === undefined ? indexes.map(() => undefined) : readBundleRows(this.db, id, indexes);
  }

  async readPayload(index: number): Promise<PayloadRecord | undefined> {
    return (await this.readPayloads(index, index + 1))[0];
  }

  async readPayloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
    const id = await this.logId();
    return id === undefined ? new Array<undefined>(Math.max(0, end - start)).fill(undefined) : readPayloadRows(this.db, id, start, end);
  }

  async readLeafIndex(leafHash: Uint8Array): Promise<number | undefined> {
    const id = await this.logId();
    return id === undefined ? undefined : readLeafIndexRow(this.db, id, leafHash);
  }

  async readIdempotency(submitter: string, key: string): Promise<IdempotencyRecord | undefined> {
    const id = await this.logId();
    return id === undefined ? undefined : readIdempotencyRow(this.db, id, submitter, key);
  }

  async writeObjects(objects: RoundObjects): Promise<void> {
    const id = await this.requireLogId("writing a round's objects");
    await this.db.transaction("writing a round's objects", (c) => writeObjectRows(c, id, objects, 'range'));
  }

  /** Erases payloads (issue 14): one transaction, then VACUUM of the chunks' table (pg-erasure.ts). */
  async erasePayloads(indexes: readonly number[]): Promise<number> {
    const id = await this.logId();
    return id === undefined ? 0 : erasePayloadRows(this.db, id, indexes);
  }

  /** The compare-and-swap of the head, first statement of a commit transaction. */
  private async swap(c: pg.ClientBase, logId: number, expected: HeadExpectation, next: StoredCheckpoint): Promise<void> {
    const want = expected.previous;
    if (next.treeSize < want.treeSize)
      throw new StoreError('STORE_CONFLICT', `a head never shrinks: the commit goes from size ${want.treeSize} to ${next.treeSize}`);
    if (
      !(await swapHead(c, logId, { treeSize: want.treeSize, checkpoint: want.note, epoch: expected.epoch }, { treeSize: next.treeSize, checkpoint: next.note }))
    ) {
      throw headMoved(expected);
    }
  }

  async commitHead(update: HeadUpdate, expected: HeadExpectation): Promise<void> {
    const id = await this.requireLogId('committing the head');
    await this.db.transaction('committing the head', async (c) => {
      await this.swap(c, id, expected, update.checkpoint);
      await writeHeadRows(c, id, update);
    });
    this.#lastSeenHead = update.checkpoint;
  }

  async commitRound(round: RoundWrite, expected?: HeadExpectation): Promise<void> {
    const id = await this.requireLogId('committing a round');
    const previous = expected?.previous ?? this.#lastSeenHead ?? (await readHeadRow(this.db, id));
    if (previous === undefined) throw new StoreError('STORE_CORRUPT', `the log in ${this.location} holds no checkpoint to build on; it was not initialised`);
    // One statement, one round trip (pg-commit-round.ts): the compare-and-swap first, and a
    // writer that lost writes nothing, not even an object.
    await commitRoundStatement(this.db, id, round, { previous, ...(expected?.epoch === undefined ? {} : { epoch: expected.epoch }) });
    this.#lastSeenHead = round.checkpoint;
  }

  async checkWritable(): Promise<void> {
    const id = await this.logId();
    await this.db.transaction('checking that the store takes writes', async (c) => {
      if (id !== undefined) {
        await c.query('INSERT INTO cairn.write_probes (log_id, probed_at) VALUES ($1, now()) ON CONFLICT (log_id) DO UPDATE SET probed_at = now()', [id]);
      } else {
        // No log row to probe yet: a standby or a read-only server says so here.
        const { rows } = await c.query<{ ro: boolean }>(`SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS ro`);
        if (rows[0]?.ro === true) throw Object.assign(new Error('the server is read-only'), { code: '25006' });
      }
    });
  }

  listCredentials(): Promise<StoredCredential[]> {
    return readCredentialRows(this.db);
  }

  async putCredential(credential: StoredCredential): Promise<void> {
    await this.db.transaction('writing a credential', async (c) => {
      await c.query(
        `INSERT INTO cairn.credentials (id, name, role, secret_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, secret_hash = EXCLUDED.secret_hash,
           created_at = EXCLUDED.created_at, revoked_at = EXCLUDED.revoked_at`,
        [credential.id, credential.name, credential.role, credential.secretHash, credential.createdAt, credential.revokedAt ?? null],
      );
      // Delivered at COMMIT to every process listening (their credential registries reload).
      await c.query('SELECT pg_notify($1, $2)', [CREDENTIALS_CHANNEL, credential.id]);
    });
  }

  /**
   * Calls `onChange` whenever another process may have changed the credentials (a notification,
   * or a reconnection of the listening session): the caller reloads them. See credential-listener.ts.
   */
  watchCredentials(onChange: () => void, onError?: (err: unknown) => void): CredentialListener {
    return listenForCredentialChanges(this.db.connectionString, onChange, onError);
  }

  /**
   * A read-only view of this log as it is now (pg-snapshot.ts): its reads all see one instant,
   * whatever other processes commit meanwhile; its writes fail. Close it before this handle.
   */
  async snapshot(): Promise<PgLogStore> {
    if (!(this.db instanceof PgPool)) throw new StoreError('STORE_UNAVAILABLE', 'a snapshot cannot be taken of a snapshot');
    if (this.db.closed) throw new StoreError('STORE_CLOSED', 'the store was closed (taking a snapshot)');
    return new PgLogStore(await PgSnapshot.open(this.db), this.logName, this.location, this.warnings);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
