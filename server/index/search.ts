/**
 * The query engine of `GET /v1/events`, the stream's filters and `cairn export` (issue 13):
 * filters actor, action, target and submitter (AND of those given), an index range given as
 * indexes or RFC 3339 times, order, limit and an authenticated cursor. Answers the indexes of the
 * matching entries; the HTTP layer turns them into receipts against one checkpoint.
 *
 * Filtered searches walk the posting lists with a seek-based merge join (merge-join.ts), run by
 * the index store where it lives (the index worker when there is one).
 * An unfiltered search is a contiguous range of indexes (issue 13 §6) and reads no index at all.
 */
import { createHash } from 'node:crypto';
import { MAX_INDEXED_VALUE_BYTES, parseTimestamp } from '../../proofs/index.js';
import { openCursor, sealCursor } from './cursor.js';
import type { EntrySource } from './entry-source.js';
import { IndexError } from './errors.js';
import type { IndexStore, SearchOrder } from './index-store.js';
import { INDEXED_FIELDS, type IndexedField } from './keys.js';
import { findIndexAtTime } from './time-lookup.js';

/** `limit` when none is given, and its maximum (issue 13). */
export const DEFAULT_SEARCH_LIMIT = 100;
export const MAX_SEARCH_LIMIT = 1000;
/** How long a cursor stays valid by default: 1 hour. */
export const DEFAULT_CURSOR_TTL_MS = 60 * 60 * 1000;

/** One end of a range: an entry index or an instant (ns since the epoch). */
export type RangeBound = { index: number } | { time: bigint };

/** A search. Every member is optional; `since` and `until` are inclusive. */
export interface SearchQuery {
  actor?: string;
  action?: string;
  target?: string;
  submitter?: string;
  since?: RangeBound;
  until?: RangeBound;
  /** Default 'desc' (newest first). */
  order?: SearchOrder;
  /** 1..MAX_SEARCH_LIMIT, default DEFAULT_SEARCH_LIMIT. */
  limit?: number;
  /** The `next` of an earlier answer to the same query. */
  cursor?: string;
}

/** What a search reads. */
export interface SearchContext {
  store: IndexStore;
  source: Pick<EntrySource, 'readLeaves' | 'committedSize'>;
  /** The size of the checkpoint the answer is proved against: no result reaches it. */
  treeSize: number;
  /** The follower's indexedSize: filtered results stop there (requires <= the store's position). */
  indexedSize: number;
  /** The per-log secret that authenticates cursors (>= 32 bytes). */
  cursorKey: Uint8Array;
  /** Clock for cursor expiry (ms since the epoch). Default Date.now. */
  now?: () => number;
  cursorTtlMs?: number;
}

/** The answer. */
export interface SearchResult {
  /** Matching entry indexes, in the query's order, at most `limit`. */
  indexes: number[];
  /** The cursor for the next page, or null when this page ends the search. */
  next: string | null;
  /** The index range [start, end) the search covers (all pages). Unfiltered: exactly the results' range. */
  range: { start: number; end: number };
  /**
   * The checkpoint size this search is answered against: `context.treeSize` on a first page,
   * the first page's on every later one (carried in the cursor), so all pages share one.
   */
  treeSize: number;
}

/**
 * Parses a `since`/`until` parameter: a canonical decimal entry index, or an RFC 3339 time.
 * Throws IndexError INVALID_RANGE naming the parameter otherwise.
 */
export function parseRangeBound(text: string, name: 'since' | 'until'): RangeBound {
  if (/^(0|[1-9][0-9]{0,15})$/.test(text)) {
    const index = Number(text);
    if (Number.isSafeInteger(index)) return { index };
  }
  try {
    return { time: parseTimestamp(text) };
  } catch (cause) {
    throw new IndexError(
      'INVALID_RANGE',
      `${name} must be an entry index (e.g. 1234) or an RFC 3339 time (e.g. 2026-11-26T14:00:00Z), got ${JSON.stringify(text.slice(0, 64))}`,
      { cause },
    );
  }
}

/**
 * Runs one page of a search. Throws IndexError: INVALID_FILTER, INVALID_RANGE (since > until),
 * INVALID_LIMIT, INVALID_ORDER, INVALID_CURSOR, CURSOR_EXPIRED, CURSOR_MISMATCH.
 */
export async function searchEvents(query: SearchQuery, context: SearchContext): Promise<SearchResult> {
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new IndexError('INVALID_ORDER', 'order must be asc or desc');
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new IndexError('INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  }
  const filters = filtersOf(query);
  checkBounds(query.since, query.until);
  const digest = queryDigest(filters, query.since, query.until, order);
  // Filtered results can only come from what the follower has indexed; no result reaches past
  // the checkpoint the answer proves against.
  const now = (context.now ?? Date.now)();
  let treeSize = context.treeSize;
  let range: { start: number; end: number };
  let next: number;
  if (query.cursor !== undefined) {
    const position = openCursor(query.cursor, context.cursorKey, digest, now);
    // Later pages stay on the first page's checkpoint (never one the log does not have yet).
    if (position.treeSize !== undefined) treeSize = Math.min(position.treeSize, context.treeSize);
    const coverage = filters.length > 0 ? Math.min(treeSize, context.indexedSize) : treeSize;
    range = { start: position.start, end: Math.min(position.end, coverage) };
    next = position.next;
  } else {
    const coverage = filters.length > 0 ? Math.min(treeSize, context.indexedSize) : treeSize;
    range = await resolveRange(query.since, query.until, context, coverage);
    next = order === 'asc' ? range.start : range.end - 1;
  }

  const found = filters.length === 0 ? contiguous(range, next, order, limit + 1) : await context.store.joinPostings(filters, range, next, order, limit + 1);
  const more = found.length > limit;
  const indexes = more ? found.slice(0, limit) : found;
  const nextCursor = more
    ? sealCursor(
        { query: digest, start: range.start, end: range.end, next: found[limit]!, treeSize },
        context.cursorKey,
        now + (context.cursorTtlMs ?? DEFAULT_CURSOR_TTL_MS),
      )
    : null;
  return { indexes, next: nextCursor, range, treeSize };
}

/** The given filters, checked. */
function filtersOf(query: SearchQuery): { field: IndexedField; value: string }[] {
  const out: { field: IndexedField; value: string }[] = [];
  for (const field of INDEXED_FIELDS) {
    const value = query[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value, 'utf8') > MAX_INDEXED_VALUE_BYTES) {
      throw new IndexError('INVALID_FILTER', `${field} must be a non-empty string of at most ${MAX_INDEXED_VALUE_BYTES} UTF-8 bytes`);
    }
    out.push({ field, value });
  }
  return out;
}

/** Refuses since > until when both are of one kind (a mixed pair resolves to an empty range instead). */
function checkBounds(since: RangeBound | undefined, until: RangeBound | undefined): void {
  if (since === undefined || until === undefined) return;
  for (const [name, b] of [
    ['since', since],
    ['until', until],
  ] as const) {
    if ('index' in b ? !Number.isSafeInteger(b.index) || b.index < 0 : typeof b.time !== 'bigint' || b.time < 0n) {
      throw new IndexError('INVALID_RANGE', `${name} must be an entry index >= 0 or a time`);
    }
  }
  const inverted = 'index' in since && 'index' in until ? since.index > until.index : 'time' in since && 'time' in until ? since.time > until.time : false;
  if (inverted) throw new IndexError('INVALID_RANGE', 'since is after until: swap them, or leave one out');
}

/**
 * The canonical form of what a cursor is bound to (times as ns, so two spellings of one instant
 * are one query), hashed.
 */
function queryDigest(
  filters: readonly { field: IndexedField; value: string }[],
  since: RangeBound | undefined,
  until: RangeBound | undefined,
  order: SearchOrder,
): string {
  const bound = (b: RangeBound | undefined): string | null => (b === undefined ? null : 'index' in b ? `i${b.index}` : `t${b.time}`);
  const canonical = JSON.stringify([filters.map((f) => [f.field, f.value]), bound(since), bound(until), order]);
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

/** [start, end) of the bounds within [0, coverage); times by binary search (O(log n) leaf reads). */
async function resolveRange(
  since: RangeBound | undefined,
  until: RangeBound | undefined,
  context: SearchContext,
  coverage: number,
): Promise<{ start: number; end: number }> {
  // Times are searched over the whole checkpoint's leaves (all readable), then clamped.
  const start = since === undefined ? 0 : 'index' in since ? since.index : await findIndexAtTime(since.time, context.source, context.treeSize);
  const end = until === undefined ? coverage : 'index' in until ? until.index + 1 : await findIndexAtTime(until.time + 1n, context.source, context.treeSize);
  const clampedEnd = Math.min(end, coverage);
  return { start: Math.min(start, clampedEnd), end: clampedEnd };
}

function contiguous(range: { start: number; end: number }, next: number, order: SearchOrder, count: number): number[] {
  const out: number[] = [];
  if (order === 'asc') for (let i = Math.max(next, range.start); i < range.end && out.length < count; i++) out.push(i);
  else for (let i = Math.min(next, range.end - 1); i >= range.start && out.length < count; i--) out.push(i);
  return out;
}
