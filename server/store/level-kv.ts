/**
 * KeyValue on an embedded LevelDB folder (`level` 10, binary keys and values). `batch` with
 * `sync: true` is atomic and fsynced before it resolves (see ../shared/TOOLING.md).
 */
import { Level } from 'level';
import type { KeyValue, KvPut, KvRange } from './kv.js';

export class LevelKv implements KeyValue {
  private constructor(private readonly db: Level<Uint8Array, Uint8Array>) {}

  /** Opens `dir`, creating it when `createIfMissing` (the default). Rejects with LEVEL_LOCKED when in use. */
  static async open(dir: string, createIfMissing = true): Promise<LevelKv> {
    const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view', createIfMissing, writeBufferSize: 64 * 1024 * 1024 });
    await db.open();
    return new LevelKv(db);
  }

  get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.db.get(key);
  }

  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return this.db.getMany(keys as Uint8Array[]);
  }

  batch(puts: readonly KvPut[], options: { sync: boolean }): Promise<void> {
    // A chained batch: about 3x cheaper than an array batch for thousands of small puts
    // (measured: 2,500 puts + 750 KB, 10 ms against 33 ms), and just as atomic.
    const batch = this.db.batch();
    for (const p of puts) batch.put(p.key, p.value);
    return batch.write({ sync: options.sync });
  }

  iterate(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    return this.db.iterator(range);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
