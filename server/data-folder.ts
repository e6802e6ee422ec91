/**
 * The layout of a log's data folder: `<dir>/leveldb/` (the store), `<dir>/signer.key` (the key
 * made on first start, mode 0600, unless the operator passes --key-file), `<dir>/admin.sock`
 * (token commands while the server runs).
 */
import { join } from 'node:path';

/** Paths inside a data folder. */
export function dataPaths(dataDir: string): { leveldb: string; signerKey: string; adminSocket: string } {
  return { leveldb: join(dataDir, 'leveldb'), signerKey: join(dataDir, 'signer.key'), adminSocket: join(dataDir, 'admin.sock') };
}
