/**
 * Search cursors: opaque to clients, authenticated with HMAC-SHA256 under a per-log secret key,
 * so a client can neither forge a position nor reuse one with other filters (issue 13 "a forged
 * or expired cursor" gets a 400).
 *
 * Text: `base64url(body) "." base64url(HMAC-SHA256(key, "cairn-cursor-v1\n" || body))`, where
 * body is the JSON `{"q": <query digest>, "s": start, "e": end, "n": next, "x": expiry (ms)}`,
 * plus `"t": treeSize` when the search is proved against a checkpoint.
 * The MAC is checked (in constant time) before anything in the body is parsed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { IndexError } from './errors.js';

/** Where a paged search stands: the resolved range [start, end) and the next index to examine. */
export interface CursorPosition {
  /** SHA-256 (base64url) of the query's canonical filters and order (search.ts queryDigest). */
  query: string;
  start: number;
  end: number;
  next: number;
  /**
   * The size of the checkpoint the first page was proved against: later pages are proved
   * against the same one, so a paged search (and an export) holds one checkpoint. Optional for
   * callers that page without proofs.
   */
  treeSize?: number;
}

/** Cursor keys are at least this long (bytes). */
export const MIN_CURSOR_KEY_BYTES = 32;
/** A cursor text longer than this is refused before any work. */
export const MAX_CURSOR_LENGTH = 512;

const DOMAIN = 'cairn-cursor-v1\n';

/** Seals a position, valid until `expiresAt` (ms since the epoch). Requires a key of >= 32 bytes. */
export function sealCursor(position: CursorPosition, key: Uint8Array, expiresAt: number): string {
  checkKey(key);
  const body = Buffer.from(
    JSON.stringify({
      q: position.query,
      s: position.start,
      e: position.end,
      n: position.next,
      x: expiresAt,
      ...(position.treeSize === undefined ? {} : { t: position.treeSize }),
    }),
    'utf8',
  );
  return `${body.toString('base64url')}.${mac(key, body).toString('base64url')}`;
}

/**
 * Opens a cursor sealed with `key`. Throws IndexError INVALID_CURSOR (malformed, forged or
 * altered: every such case gets the same message, nothing about which check failed),
 * CURSOR_EXPIRED (genuine but `now` >= its expiry) or CURSOR_MISMATCH (genuine but made for
 * another query than `query`).
 */
export function openCursor(text: string, key: Uint8Array, query: string, now: number): CursorPosition {
  checkKey(key);
  const refuse = (): never => {
    throw new IndexError(
      'INVALID_CURSOR',
      'the cursor is not one this log issued (malformed or altered): pass the `next` value of an earlier answer unchanged, or search again without a cursor',
    );
  };
  if (typeof text !== 'string' || text.length > MAX_CURSOR_LENGTH) refuse();
  const parts = text.split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]!) || !BASE64URL.test(parts[1]!)) refuse();
  const body = Buffer.from(parts[0]!, 'base64url');
  const tag = Buffer.from(parts[1]!, 'base64url');
  // Canonical spellings only: a second spelling of the same bytes would be a second valid cursor.
  if (body.toString('base64url') !== parts[0] || tag.toString('base64url') !== parts[1]) refuse();
  const expected = mac(key, body);
  if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) refuse();
  let fields: unknown;
  try {
    fields = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse();
  }
  if (typeof fields !== 'object' || fields === null) return refuse();
  const { q, s, e, n, x, t } = fields as Record<string, unknown>;
  if (typeof q !== 'string' || !isIndex(s) || !isIndex(e) || !isIndex(n) || !isIndex(x) || (t !== undefined && !isIndex(t))) return refuse();
  if (now >= x) {
    throw new IndexError(
      'CURSOR_EXPIRED',
      `the cursor expired at ${new Date(x).toISOString()}: search again without a cursor (since/until keep the same range)`,
    );
  }
  if (q !== query) {
    throw new IndexError(
      'CURSOR_MISMATCH',
      'the cursor belongs to a search with other filters or another order: repeat the same actor, action, target, submitter, since, until and order with it, or search again without a cursor',
    );
  }
  return { query: q, start: s, end: e, next: n, ...(t === undefined ? {} : { treeSize: t }) };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function mac(key: Uint8Array, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update(DOMAIN).update(body).digest();
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length < MIN_CURSOR_KEY_BYTES)
    throw new RangeError(`the cursor key must be a Uint8Array of at least ${MIN_CURSOR_KEY_BYTES} bytes`);
}
