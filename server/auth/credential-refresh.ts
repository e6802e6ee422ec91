/**
 * Keeps a process's credentials current when other processes change them (issue 11: several
 * servers on one shared store, `cairn token --store` run beside them). A store that can tell of
 * changes (`watchCredentials`: PostgreSQL's LISTEN/NOTIFY) triggers a reload within
 * milliseconds; a periodic reload is the backstop for notifications lost while the database was
 * unreachable. Reloads never overlap: a change during a reload runs one more after it.
 *
 * A store that only one process can open (LevelDB) needs none of this: there the running server
 * performs every change itself (admin socket).
 */
import type { LogStore } from '../store/store.js';
import type { CredentialRegistry } from './credentials.js';

/** How often to reload without a notification (ms). */
export const CREDENTIAL_RELOAD_MS = 5000;

/** A store that can tell of credential changes made by other processes. */
interface WatchableStore {
  watchCredentials(onChange: () => void, onError?: (err: unknown) => void): { close(): Promise<void> };
}

function isWatchable(store: LogStore): store is LogStore & WatchableStore {
  return typeof (store as Partial<WatchableStore>).watchCredentials === 'function';
}

/** Options of startCredentialRefresh. */
export interface CredentialRefreshOptions {
  /** Milliseconds between periodic reloads (default CREDENTIAL_RELOAD_MS). */
  intervalMs?: number;
  /** Called after each successful reload (logs, tests). */
  onReload?: () => void;
  /** Called when a reload or the change listener fails; the old credentials stay in force. */
  onError?: (err: unknown) => void;
}

/** A running refresh. */
export interface CredentialRefresh {
  /** Reloads now (and once more if a reload is running); resolves when the credentials are current. */
  reloadNow(): Promise<void>;
  /** Stops reloading. */
  stop(): Promise<void>;
}

/** Starts reloading `registry` from `store` on every change notification and every `intervalMs`. */
export function startCredentialRefresh(registry: CredentialRegistry, store: LogStore, options: CredentialRefreshOptions = {}): CredentialRefresh {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    do {
      again = false;
      try {
        await registry.reload();
        options.onReload?.();
      } catch (err) {
        options.onError?.(err);
      }
    } while (again && !stopped);
  };

  const reloadNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = runOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => void reloadNow(), options.intervalMs ?? CREDENTIAL_RELOAD_MS);
  timer.unref();
  const listener = isWatchable(store) ? store.watchCredentials(() => void reloadNow(), options.onError) : undefined;

  return {
    reloadNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await listener?.close();
      await running;
    },
  };
}
