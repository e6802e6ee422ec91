/**
 * A KeyValue decorator that injects the two write faults of the conformance suite into a real
 * store (LevelDB), where they cannot be produced on demand: a write that fails before anything
 * is applied, and a write that is applied and synced but whose call rejects, as when LevelDB's
 * fsync reports an error after the write reached the log. Everything else goes to the real
 * KeyValue underneath.
 */
import type { KeyValue, KvBatchOptions, KvPut, KvRange } from '../../../server/store/level/kv.js';

/** The fault of the next batch. */
export type WriteFault = 'write-fails' | 'fsync-fails';

/** A KeyValue whose next batch can fail as a WriteFault says. */
export class FaultKv implements KeyValue {
  #next: WriteFault | undefined;

  constructor(private readonly inner: KeyValue) {}

  /** The next batch fails as `fault` says. */
  failNext(fault: WriteFault): void {
    this.#next = fault;
  }

  get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.inner.get(key);
  }

  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return this.inner.getMany(keys);
  }

  async batch(puts: readonly KvPut[], options: KvBatchOptions): Promise<void> {
    const fault = this.#next;
    this.#next = undefined;
    if (fault === 'write-fails') throw Object.assign(new Error('IO error: injected write failure'), { code: 'LEVEL_IO_ERROR' });
    await this.inner.batch(puts, options);
    if (fault === 'fsync-fails') throw Object.assign(new Error('IO error: injected fsync failure after the write'), { code: 'LEVEL_IO_ERROR' });
  }

  iterate(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    return this.inner.iterate(range);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
