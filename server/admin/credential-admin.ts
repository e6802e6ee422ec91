/**
 * Credential management for `cairn token` (SPEC §7) on a data folder, with or without a running
 * server: when the folder's store is free the command opens it itself; when a server holds it
 * (LevelDB's lock), the command asks that server through its admin socket. Either way the
 * operations and their answers are the same (credential-operations.ts).
 *
 * A shared store named by URL (`postgres://`, issue 11) is always opened directly: the database
 * takes writes from any number of processes, and running servers reload their credentials.
 */
import { stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { CredentialRegistry, type CredentialInfo } from '../auth/credentials.js';
import { dataPaths } from '../data-folder.js';
import { isStoreUrl, openStore } from '../store/open-store.js';
import { StoreError, type LogStore } from '../store/store.js';
import { AdminError, adminAddCredential, adminListCredentials, adminRevokeCredential } from './admin-client.js';
import { addCredential, listCredentials, revokeCredential } from './credential-operations.js';
import type { NewCredential, RevokeResult } from './protocol.js';

/** The credentials of one data folder, reached directly or through the running server. */
export interface CredentialAdmin {
  /** `store` when this process opened the store, `server` when a running server does the work. */
  readonly via: 'store' | 'server';
  add(name: string, role: string): Promise<NewCredential>;
  list(): Promise<CredentialInfo[]>;
  revoke(name: string): Promise<RevokeResult>;
  /** Releases the store (direct access); a no-op through the server. */
  close(): Promise<void>;
}

/** How long to keep trying while a server holds the folder but its socket does not answer yet. */
export const ADMIN_CONNECT_WAIT_MS = 5000;
const RETRY_MS = 100;

function noLog(dataDir: string): Error {
  return new Error(`there is no Cairn log in ${dataDir}; start one with \`cairn serve --data ${dataDir}\` first`);
}

function directAdmin(store: LogStore, registry: CredentialRegistry): CredentialAdmin {
  return {
    via: 'store',
    add: (name, role) => addCredential(registry, name, role),
    list: async () => listCredentials(registry),
    revoke: (name) => revokeCredential(registry, name),
    close: () => store.close(),
  };
}

function socketAdmin(socketPath: string): CredentialAdmin {
  return {
    via: 'server',
    add: (name, role) => adminAddCredential(socketPath, name, role),
    list: () => adminListCredentials(socketPath),
    revoke: (name) => adminRevokeCredential(socketPath, name),
    close: async () => undefined,
  };
}

/** The credentials of the log in a shared store (a URL), opened directly. */
async function openSharedStoreAdmin(url: string): Promise<CredentialAdmin> {
  // Never create a store here: a typo in --store must not make an empty log.
  const store = await openStore(url, { createIfMissing: false });
  try {
    if ((await store.readIdentity()) === undefined) {
      throw new Error(`there is no Cairn log in ${store.location}; start one with \`cairn serve --store ${store.location}\` first`);
    }
    return directAdmin(store, await CredentialRegistry.load(store));
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Opens the credentials of the log in `dataDir`, or of the shared store `dataDir` names by URL
 * (`postgres://...`). Throws an Error with an operator's sentence
 * when the folder holds no log, or when another process holds it and no server answers on its
 * admin socket within ADMIN_CONNECT_WAIT_MS (a server starting up gets that long to listen).
 */
export async function openCredentialAdmin(dataDir: string, waitMs = ADMIN_CONNECT_WAIT_MS): Promise<CredentialAdmin> {
  if (isStoreUrl(dataDir)) return openSharedStoreAdmin(dataDir);
  const paths = dataPaths(dataDir);
  // Never create a store here: a typo in --data must not make an empty log.
  if (
    !(await stat(paths.leveldb).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw noLog(dataDir);
  const deadline = Date.now() + waitMs;
  for (;;) {
    let store: LogStore;
    try {
      store = await openStore(dataDir, { createIfMissing: false });
    } catch (err) {
      if (!(err instanceof StoreError && err.code === 'STORE_LOCKED')) throw err;
      // A server (or another `cairn` command) holds the folder: ask the server.
      try {
        const admin = socketAdmin(paths.adminSocket);
        await adminListCredentials(paths.adminSocket);
        return admin;
      } catch (socketErr) {
        if (!(socketErr instanceof AdminError && socketErr.code === 'UNREACHABLE')) throw socketErr;
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `the data folder ${dataDir} is in use by another process, but no server answers on its admin socket ` +
            `${paths.adminSocket}; if a server is starting or stopping, retry in a moment`,
        );
      }
      // Between the lock and the socket a server is starting (or stopping): try both again.
      await delay(RETRY_MS);
      continue;
    }
    try {
      if ((await store.readIdentity()) === undefined) throw noLog(dataDir);
      return directAdmin(store, await CredentialRegistry.load(store));
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }
}
