/**
 * Time ranges without a time index: the log assigns timestamps that strictly increase with the
 * index (SPEC §3), so the first entry at or after a time is a binary search over the leaves.
 */
import { decodeLogEntry } from '../../proofs/index.js';
import type { EntrySource } from './entry-source.js';

/**
 * The smallest index i < size whose timestamp is >= `time` (ns since the epoch), or `size` when
 * every entry is older. Reads at most ceil(log2(size + 1)) leaves, one per step, so O(log n):
 * about 24 reads at 10M entries. `size` defaults to the committed size; requires
 * 0 <= size <= committedSize(). The first entry strictly after `time` is findIndexAtTime(time + 1n).
 */
export async function findIndexAtTime(
  time: bigint,
  source: Pick<EntrySource, 'readLeaves' | 'committedSize'>,
  size: number = source.committedSize(),
): Promise<number> {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    // Not (lo + hi) >>> 1: indexes may exceed 2^31.
    const mid = lo + Math.floor((hi - lo) / 2);
    const [leaf] = await source.readLeaves(mid, mid + 1);
    if (leaf === undefined) throw new RangeError(`the log returned no leaf for entry ${mid} below size ${size}`);
    if (decodeLogEntry(leaf).timestamp >= time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
