/**
 * Opens the LevelDB driver on one folder: the KeyValue of level-kv.ts under the key layout of
 * kv-log-store.ts. LevelDB's lock makes this process the folder's only user (STORE_LOCKED for a
 * second one), so the driver is always the leader and its compare-and-swap is checked in process.
 */
import { KvLogStore } from './kv-log-store.js';
import { LevelKv } from './level-kv.js';
import { toStoreError } from './level-errors.js';

/**
 * Opens the store in the LevelDB folder `dir`, creating the folder when `createIfMissing` (the
 * default). Rejects with StoreError STORE_LOCKED when another process holds it.
 */
export async function openLevelStore(dir: string, options: { createIfMissing?: boolean } = {}): Promise<KvLogStore> {
  try {
    return new KvLogStore(await LevelKv.open(dir, options.createIfMissing ?? true), dir);
  } catch (err) {
    throw toStoreError(err, `opening ${dir}`);
  }
}
