/**
 * PostgreSQL failures as StoreErrors (issue 11; scale-out note §4 "error map"). The codes are
 * SQLSTATEs (PostgreSQL manual, appendix A) or the socket errors of node:net.
 */
import { StoreError } from '../store.js';

/** The parts of a pg `DatabaseError` (or a socket error) this module reads. */
interface PgFailure {
  code?: string;
  message?: string;
}

/** SQLSTATEs and socket errors after which the database may come back by itself. */
function isUnavailable(code: string): boolean {
  return (
    code.startsWith('08') || // connection exception
    code === '57P01' || // admin_shutdown (fast or immediate stop)
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now (starting up, recovering)
    code === '25006' || // read_only_sql_transaction (a standby, or default_transaction_read_only)
    code === '53300' || // too_many_connections
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ENOENT' || // no unix socket: the server is not running
    code === 'EPIPE' ||
    code === 'ETIMEDOUT'
  );
}

/** True when `err` says the connection to PostgreSQL is gone (so a pooled client must be dropped). */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as PgFailure | undefined;
  const code = e?.code ?? '';
  return isUnavailable(code) || /Connection terminated|connection is closed|Client has encountered a connection error/i.test(e?.message ?? '');
}

/**
 * Maps an error of the pg client to a StoreError whose message an operator can act on. `doing`
 * names the operation ("committing a round"). StoreErrors pass through unchanged.
 */
export function toStoreError(err: unknown, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as PgFailure | undefined;
  const code = e?.code ?? '';
  const message = e?.message ?? String(err);
  if (code === '53100') {
    return new StoreError('STORE_FULL', `PostgreSQL is out of disk space (${doing}); free some space and the log continues by itself`, { cause: err });
  }
  if (code === '40001' || code === '40P01') {
    // PostgreSQL aborted the whole transaction: nothing of it was applied, as after a lost CAS.
    return new StoreError('STORE_CONFLICT', `PostgreSQL aborted a transaction that raced another one (${doing}): ${message}; reload and retry`, { cause: err });
  }
  if (code === '25006') {
    return new StoreError('STORE_UNAVAILABLE', `PostgreSQL refused a write (${doing}): the server is a read-only standby; point --store at the primary`, {
      cause: err,
    });
  }
  if (isConnectionLoss(err)) {
    return new StoreError('STORE_UNAVAILABLE', `PostgreSQL cannot be reached (${doing}): ${message}; the log reconnects by itself when it returns`, {
      cause: err,
    });
  }
  if (code === '28000' || code === '28P01' || code === '3D000' || code === '42501') {
    // Wrong user or password, no such database, no privilege: an operator has to fix the URL.
    return new StoreError('STORE_UNAVAILABLE', `PostgreSQL refused Cairn (${doing}): ${message}; check the user, password and database in --store`, {
      cause: err,
    });
  }
  return new StoreError('STORE_UNAVAILABLE', `PostgreSQL failed while ${doing}: ${message}`, { cause: err });
}
