/**
 * The index store's LevelDB instance, which a purge closes and opens again (erasure-purge.ts):
 * LevelDB's own files keep keys a purge deleted (issue 14 "erased bytes leave the data folder").
 * The MANIFEST names each table's smallest and largest key and is rewritten only at open (a fresh
 * snapshot of the live tables, the old MANIFEST deleted); the info LOG names the key where a
 * manual compaction larger than a table stops ("will stop at"). So after a purge's compaction
 * the database is closed, LOG and LOG.old deleted (LevelDB keeps them for diagnostics only), and
 * the database opened again, which writes a new MANIFEST.
 *
 * Meanwhile the store's other operations wait: each runs inside `use`, and a reopen starts once
 * the operations in progress end, while later ones queue behind it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Level } from 'level';

export type Db = Level<Uint8Array, Uint8Array>;

/** Opens the index's LevelDB in `dir` (binary keys and values). Rejects as Level's open does (LEVEL_LOCKED...). */
export async function openIndexDb(dir: string): Promise<Db> {
  const db: Db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
  await db.open();
  return db;
}

export class LevelHandle {
  #db: Db;
  /** Operations in progress (inside `use`). */
  #active = 0;
  /** Set while a reopen waits or runs: operations wait for it. */
  #reopening: Promise<void> | undefined;
  /** Resolves the reopen's wait when the last operation in progress ends. */
  #drained: (() => void) | undefined;

  constructor(
    private readonly dir: string,
    db: Db,
  ) {
    this.#db = db;
  }

  /** The database now. Outside `use`, only for what cannot overlap a reopen (open, close). */
  get db(): Db {
    return this.#db;
  }

  /** Runs `fn` on the database, after a reopen that waits or runs, and before the next one starts. */
  async use<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    while (this.#reopening !== undefined) await this.#reopening;
    this.#active++;
    try {
      return await fn(this.#db);
    } finally {
      this.#active--;
      if (this.#active === 0) this.#drained?.();
    }
  }

  /**
   * Closes the database once the operations in progress end, deletes LevelDB's info LOG and
   * LOG.old, and opens it again; operations that arrive meanwhile wait. Requires no call from
   * inside `use` (it would wait for itself). Rejects when the database cannot be opened again
   * (the store is then unusable: its operations reject as Level's do on a closed database).
   */
  reopen(): Promise<void> {
    const previous = this.#reopening;
    const run = async (): Promise<void> => {
      await previous?.catch(() => undefined);
      if (this.#active > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
      this.#drained = undefined;
      await this.#db.close();
      await Promise.all(['LOG', 'LOG.old'].map((name) => rm(join(this.dir, name), { force: true })));
      this.#db = await openIndexDb(this.dir);
    };
    const reopening: Promise<void> = run().finally(() => {
      if (this.#reopening === reopening) this.#reopening = undefined;
    });
    this.#reopening = reopening;
    return reopening;
  }

  /** Closes the database, after a reopen that waits or runs. */
  async close(): Promise<void> {
    while (this.#reopening !== undefined) await this.#reopening.catch(() => undefined);
    await this.#db.close();
  }
}
