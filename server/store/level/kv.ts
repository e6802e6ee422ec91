/**
 * The ordered key-value interface under the key-layout store (kv-log-store.ts): LevelDB in
 * production (level-kv.ts), a sorted in-memory map with fault injection in tests
 * (../memory/memory-kv.ts). Keys and values are bytes; keys sort bytewise.
 */

/** Options of one batch. */
export interface KvBatchOptions {
  /** Resolve only once the batch is durable (fsync). */
  sync: boolean;
  /** Keys to delete in the same atomic batch, before the puts (a key both deleted and put ends put). */
  deletes?: readonly Uint8Array[];
}

/** One key to set. */
export interface KvPut {
  key: Uint8Array;
  value: Uint8Array;
}

/** A key range: bounds, direction and a limit, as LevelDB iterators take them. */
export interface KvRange {
  gte?: Uint8Array;
  lt?: Uint8Array;
  lte?: Uint8Array;
  reverse?: boolean;
  limit?: number;
}

/** An ordered key-value store with atomic batches. */
export interface KeyValue {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  /** Applies the deletes and puts atomically; with `sync` it resolves only once they are durable (fsync). */
  batch(puts: readonly KvPut[], options: KvBatchOptions): Promise<void>;
  /** Entries in the range, in key order (or reverse). */
  iterate(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]>;
  /**
   * For each of `targets` (any order), the entry with the greatest key <= it and >= `gte`, or
   * undefined: one iterator seeking from target to target instead of one iterator each (a
   * search's scattered payloads). Optional: without it a driver is read one `iterate` per target.
   */
  floorEntries?(targets: readonly Uint8Array[], gte: Uint8Array): Promise<([Uint8Array, Uint8Array] | undefined)[]>;
  /**
   * Rewrites the files holding keys gte <= k < lt so that overwritten and deleted values are
   * gone from disk (LevelDB's compactRange); absent where nothing lingers (memory).
   */
  compact?(range: { gte: Uint8Array; lt: Uint8Array }): Promise<void>;
  close(): Promise<void>;
}
