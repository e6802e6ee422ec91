/**
 * The ordered key-value interface under the log store: LevelDB in production (level-kv.ts), a
 * sorted in-memory map with fault injection in tests (memory-kv.ts). Keys and values are bytes;
 * keys sort bytewise.
 */

export interface KvPut {
  key: Uint8Array;
  value: Uint8Array;
}

export interface KvRange {
  gte?: Uint8Array;
  lt?: Uint8Array;
  lte?: Uint8Array;
  reverse?: boolean;
  limit?: number;
}

export interface KeyValue {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  /** Applies all puts atomically; with `sync` it resolves only once they are durable (fsync). */
  batch(puts: readonly KvPut[], options: { sync: boolean }): Promise<void>;
  /** Entries in the range, in key order (or reverse). */
  iterate(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]>;
  close(): Promise<void>;
}
