/**
 * Opening a log whose store several processes share (issue 11: `cairn serve --store
 * postgres://...`): the store (its schema created or migrated), provisioning under the
 * database's provisioning lock so that on an empty log exactly one process makes the identity
 * and the `default` token (and prints the first-start block), then the log itself.
 *
 * The signing key comes from the operator's key file, which every process of the log is given:
 * it is never written to the database (a generated key would exist on one machine only).
 */
import { CairnLog, type OpenHooks } from '../cairn-log.js';
import { provisionLog } from '../provision.js';
import type { SequencerLimits } from '../sequencer/types.js';
import { openStore, storeCoordination, storeWarnings, type StoreCoordination } from '../store/open-store.js';
import { StoreError } from '../store/store.js';

/** Where the shared log is and how to sign for it. */
export interface SharedLogSettings {
  /** The store URL (`postgres://USER@HOST/DB[?log=NAME]`). */
  store: string;
  /** The operator's signer key file (required: the same key on every process). */
  keyFile: string;
  origin?: string;
  sequencerLimits?: Partial<SequencerLimits>;
}

/** An opened shared log. */
export interface SharedLog {
  log: CairnLog;
  coordination: StoreCoordination;
  /** Settings of the database under which acknowledged rounds could be lost: print them at start. */
  warnings: readonly string[];
  /** The store's location without its password (for messages and the first-start block). */
  location: string;
}

/**
 * Opens, provisions and loads the log at `settings.store`. Throws StoreError when the database
 * cannot be reached, LogOpenError for a wrong origin or key; closes what it opened first.
 */
export async function openSharedLog(settings: SharedLogSettings, hooks: Omit<OpenHooks, 'store'> = {}): Promise<SharedLog> {
  const store = await openStore(settings.store);
  const location = (store as { location?: unknown }).location;
  const where = typeof location === 'string' ? location : 'the database';
  try {
    const coordination = storeCoordination(store);
    if (coordination === undefined) throw new StoreError('STORE_UNAVAILABLE', `${where} cannot be shared by several processes; use a postgres:// URL`);
    const provisioned = await coordination.exclusively(() =>
      provisionLog({
        store,
        keyFile: settings.keyFile,
        // Never used: with a key file given, provisioning reads it and generates nothing.
        generatedKeyFile: settings.keyFile,
        where,
        ...(settings.origin !== undefined ? { origin: settings.origin } : {}),
      }),
    );
    const log = await CairnLog.load({ ...hooks, store, provisioned, ...(settings.sequencerLimits ? { sequencerLimits: settings.sequencerLimits } : {}) });
    await log.startErasures().catch(async (err: unknown) => {
      await log.close().catch(() => undefined);
      throw err;
    });
    return { log, coordination, warnings: storeWarnings(store), location: where };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
