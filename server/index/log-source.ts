/**
 * The EntrySource over a running CairnLog (issue 13 part 2): its committed size, leaves,
 * payloads and commit signal. The one place that knows both the log's facade and the index's
 * view of it.
 */
import type { CairnLog } from '../cairn-log.js';
import type { EntrySource } from './entry-source.js';

/** The part of CairnLog the index reads. */
export type IndexedLog = Pick<CairnLog, 'committedSize' | 'leaves' | 'leavesAt' | 'payloads' | 'sequencer' | 'erasureOf'> & {
  readonly erasures?: { readonly state: { erasures(): [number, readonly number[]][]; readonly erasureCount: number } } | undefined;
};

/**
 * The EntrySource of `log`. The commit listener is called inside the sequencer's commit; the
 * follower defers its work to a later turn (follower.ts), so a commit never waits for it.
 */
export function logSource(log: IndexedLog): EntrySource {
  return {
    committedSize: () => log.committedSize,
    // One leaf (a time lookup's step) walks its bundle only up to the entry; a range parses it.
    readLeaves: (start, end) => (end - start === 1 ? log.leavesAt([start]) : log.leaves(start, end)),
    // An erased payload (issue 14) reads as a marker record: to the index it is absent.
    readPayloads: async (start, end) =>
      (await log.payloads(start, end)).map((p) => (p === undefined || ('erased' in p && p.erased !== undefined) ? undefined : p)),
    onCommit: (listener) => log.sequencer.onCommit((event) => listener(log.committedSize, event.entries)),
    isErased: (index) => log.erasureOf(index) !== undefined,
    // Started after the index (runtime.ts): none known until then.
    erasures: () => log.erasures?.state.erasures().sort((a, b) => a[0] - b[0]) ?? [],
    erasureCount: () => log.erasures?.state.erasureCount ?? 0,
  };
}
