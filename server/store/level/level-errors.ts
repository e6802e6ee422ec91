/**
 * LevelDB's failures in the store's words (StoreError): what an operator reads when the folder
 * is locked, the disk is full or the database closed. Only this driver knows LevelDB's codes.
 */
import { StoreError } from '../store-error.js';

/** Maps a storage error to a StoreError whose message an operator can act on; a StoreError passes through. */
export function toStoreError(err: unknown, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  // level wraps open failures: LEVEL_DATABASE_NOT_OPEN with the real reason as the cause.
  const code = e?.cause?.code ?? e?.code;
  const text = `${e?.message ?? String(err)} ${e?.cause?.message ?? ''}`;
  if (code === 'LEVEL_LOCKED') {
    return new StoreError('STORE_LOCKED', `the data folder is in use by another process (${doing}); run one server per data folder`, { cause: err });
  }
  if (/ENOSPC|No space left/i.test(text)) {
    return new StoreError('STORE_FULL', `the disk is full (${doing}); free some space and the log continues by itself`, { cause: err });
  }
  if (code === 'LEVEL_DATABASE_NOT_OPEN') {
    return new StoreError('STORE_CLOSED', `the store is closed (${doing})`, { cause: err });
  }
  return new StoreError('STORE_UNAVAILABLE', `storage failed while ${doing}: ${e?.message ?? String(err)}`, { cause: err });
}
