/**
 * A `postgres://` store location (issue 11): the libpq-style URL the pg client reads, plus
 * Cairn's own parameter `log` (which log of the database this handle serves; default `default`,
 * one log per database). `log` is taken out before the URL reaches the pg client, and the
 * password never appears in messages.
 */
import { StoreError } from '../store-error.js';

/** A parsed store URL. */
export interface PgLocation {
  /** The URL for the pg client, without Cairn's parameters. */
  connectionString: string;
  /** The log's name in `cairn.logs.name`. */
  logName: string;
  /** The URL for messages: the password replaced by `***`. */
  display: string;
}

/** The log name when the URL has no `log` parameter. */
export const DEFAULT_LOG_NAME = 'default';

// Log names appear in URLs and messages: short and printable.
const LOG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True for the schemes the PostgreSQL driver serves. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** `location` with any password replaced by `***`. */
export function redactUrl(location: string): string {
  return location.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1:***@').replace(/([?&]password=)[^&#]*/i, '$1***');
}

/**
 * Parses a `postgres://` or `postgresql://` URL. Requires isPostgresUrl(location). Rejects
 * (STORE_UNAVAILABLE, with a sentence) a `log` parameter that is not a valid name.
 */
export function parsePgLocation(location: string): PgLocation {
  // Not WHATWG URL: `postgres://user@/db?host=/socket/dir` (an empty host) is valid for libpq
  // and pg, but not for URL().
  const q = location.indexOf('?');
  const base = q < 0 ? location : location.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : location.slice(q + 1));
  const logName = params.get('log') ?? DEFAULT_LOG_NAME;
  params.delete('log');
  const display = redactUrl(location);
  if (!LOG_NAME.test(logName)) {
    throw new StoreError('STORE_UNAVAILABLE', `the log name ${JSON.stringify(logName)} in ${display} is not valid: use 1 to 64 letters, digits and . _ -`);
  }
  const rest = params.toString();
  return { connectionString: rest === '' ? base : `${base}?${rest}`, logName, display };
}
