/**
 * The seek-based merge join of posting lists (leapfrog join) behind filtered searches: each list
 * is a cursor that seeks to the candidate index, so the cost follows the shortest list and the
 * results, never the length of the others, and no list is loaded whole. Runs where the index
 * store lives (in the index worker when there is one), so a search costs one message, not one
 * per seek.
 */
import type { PostingCursor, SearchOrder } from './index-store.js';
import type { IndexedField } from './keys.js';

/** One filter of a join: entries whose `field` is `value`. */
export interface JoinFilter {
  field: IndexedField;
  value: string;
}

/**
 * Up to `count` indexes present in every filter's posting list, within [range.start, range.end),
 * from `next` in `order`. Leapfrog: each list seeks to the current candidate; a list that lands
 * further on moves the candidate there and the round starts again; when all land on it, it is a
 * result. Requires at least one filter.
 */
export async function mergeJoin(
  openPostings: (field: IndexedField, value: string, range: { start: number; end: number }, order: SearchOrder) => PostingCursor,
  filters: readonly JoinFilter[],
  range: { start: number; end: number },
  next: number,
  order: SearchOrder,
  count: number,
): Promise<number[]> {
  const out: number[] = [];
  if (range.start >= range.end || filters.length === 0) return out;
  const cursors: PostingCursor[] = filters.map((f) => openPostings(f.field, f.value, range, order));
  const step = order === 'asc' ? 1 : -1;
  try {
    let candidate = next;
    let agreed = 0;
    let i = 0;
    while (out.length < count) {
      const landed = await cursors[i]!.seek(candidate);
      if (landed === undefined) break;
      if (landed === candidate) agreed++;
      else {
        candidate = landed;
        agreed = 1;
      }
      if (agreed === cursors.length) {
        out.push(candidate);
        candidate += step;
        agreed = 0;
      }
      i = (i + 1) % cursors.length;
    }
  } finally {
    await Promise.all(cursors.map((c) => c.close()));
  }
  return out;
}
