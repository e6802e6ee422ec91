/**
 * The one way to open a log's store: `openStore(location)`. A location is a data folder today
 * (the LevelDB driver, in `<folder>/leveldb/`); a `postgres://` or `postgresql://` URL will open
 * the PostgreSQL driver (server/store/postgres/, issue 11). Callers get a LogStore (store.ts) and
 * never see which driver they hold.
 */
import { join } from 'node:path';
import { openLevelStore } from './level/open-level-store.js';
import { openPostgresStore } from './postgres/open-postgres-store.js';
import { pgCoordination, type StoreCoordination } from './postgres/pg-coordination.js';
import { isPostgresUrl } from './postgres/pg-location.js';
import { StoreError } from './store-error.js';
import type { LogStore } from './store.js';

/** How to open a store. */
export interface OpenStoreOptions {
  /**
   * Create the store when there is none (the default). `cairn token` and `cairn fsck` pass false:
   * a typo in a location must not make an empty log.
   */
  createIfMissing?: boolean;
}

/** The LevelDB folder inside a data folder. */
export function levelFolder(dataDir: string): string {
  return join(dataDir, 'leveldb');
}

/** True when `location` names a database by URL rather than a data folder. */
export function isStoreUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/**
 * What the operator should read about the store's settings once it is open (a PostgreSQL server
 * with synchronous_commit off, ...): the caller prints each line at start. Empty for LevelDB.
 */
export function storeWarnings(store: LogStore): readonly string[] {
  const w = (store as { warnings?: unknown }).warnings;
  return Array.isArray(w) ? (w as string[]) : [];
}

export type { CoordinatedHead, Leadership, StoreCoordination } from './postgres/pg-coordination.js';

/**
 * How the processes sharing `store` coordinate (issue 11: leader election, the head, one-at-a-time
 * provisioning), or undefined for a store only one process can open (LevelDB): that process
 * always leads.
 */
export function storeCoordination(store: LogStore): StoreCoordination | undefined {
  return pgCoordination(store);
}

/**
 * Opens the store at `location`: a data folder, or a `postgres://` URL (`?log=NAME` picks one
 * of the database's logs; default `default`). Rejects with StoreError: STORE_LOCKED when
 * another process holds a LevelDB folder, STORE_UNAVAILABLE when PostgreSQL cannot be reached
 * and for a URL whose scheme no driver serves.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<LogStore> {
  if (isPostgresUrl(location)) return openPostgresStore(location, options);
  if (isStoreUrl(location)) {
    const scheme = location.slice(0, location.indexOf(':'));
    throw new StoreError('STORE_UNAVAILABLE', `no store driver serves ${scheme}:// locations; give a data folder or a postgres:// URL`);
  }
  return openLevelStore(levelFolder(location), options);
}
