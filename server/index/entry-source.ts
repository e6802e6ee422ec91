/**
 * What the index follower and the search engine read from the log: committed leaves and
 * payloads, and a signal after each commit. The log (server/cairn-log.ts) adapts to it; tests adapt a
 * real CairnLog through its reader and its onRound hook.
 *
 * Contract: `committedSize()` never decreases while a source is open; every index below it has
 * a leaf that never changes. `readLeaves`/`readPayloads` require 0 <= start <= end <=
 * committedSize(). A payload is undefined when it is absent (erased, issue 14): its entry is then
 * indexed by submitter only.
 */

/** The part of a stored payload record the index needs (structurally a store PayloadRecord). */
export interface SourcePayload {
  payload: Uint8Array;
}

/**
 * A committed round's entries as the sequencer built them (structurally the commit event's
 * CommittedEntries): the follower indexes them without reading them back from the store.
 */
export interface SourceEntries {
  /** The index of the first entry. */
  first: number;
  /** The leaves of entries first.., in order. */
  leaves: readonly Uint8Array[];
  /** Their payloads, in order (never erased: just committed). */
  payloads: readonly SourcePayload[];
}

/** The committed log, as the index sees it. */
export interface EntrySource {
  /** The committed tree size (entries 0..size-1 are readable). */
  committedSize(): number;
  /** The leaf bytes (LogEntry encodings, SPEC §3) of entries start <= i < end, in order. */
  readLeaves(start: number, end: number): Promise<Uint8Array[]>;
  /** The payloads of entries start <= i < end, in order, undefined where absent. */
  readPayloads(start: number, end: number): Promise<(SourcePayload | undefined)[]>;
  /**
   * Calls `listener(treeSize, entries)` after every durable commit (never before the entries are
   * readable), with the round's entries when this process committed them (undefined when the
   * log only learned of the new size, e.g. a follower of a shared log). Returns the function
   * that unsubscribes. Listeners must not modify the entries.
   */
  onCommit(listener: (treeSize: number, entries?: SourceEntries) => void): () => void;
  /**
   * Whether entry `index` is known to be erased (issue 14): the follower then indexes it by
   * submitter only, even from a copy of its payload (erasure-purge.ts). Absent: never.
   */
  isErased?(index: number): boolean;
  /** Every erasure record known so far, ascending: its index and the entries it erased (erasure-purge.ts). */
  erasures?(): readonly (readonly [record: number, indexes: readonly number[]])[];
  /** How many erasure records are known so far (never decreases): tested before `erasures`, which copies them all. */
  erasureCount?(): number;
}
