/**
 * KeyValue in memory, for tests, with fault injection: the next commits can fail before
 * anything is applied, fail after everything is applied (an fsync error after the write), or
 * fail with ENOSPC; reads can fail too. Mocks only what cannot be produced otherwise: real
 * LevelDB is used everywhere else.
 */
import type { KeyValue, KvBatchOptions, KvPut, KvRange } from '../level/kv.js';

/** What the next injected fault does. */
export type KvFault =
  | { kind: 'fail-before-write'; error?: Error } // nothing is applied
  | { kind: 'fail-after-write'; error?: Error } // everything is applied, but the call rejects
  | { kind: 'disk-full' }; // nothing is applied, ENOSPC

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function hex(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex');
}

/** A sorted in-memory KeyValue with the faults above; `reopen()` plays a restart. */
export class MemoryKv implements KeyValue {
  private readonly map = new Map<string, { key: Uint8Array; value: Uint8Array }>();
  private writeFaults: KvFault[] = [];
  private readFault: Error | undefined;
  private persistentWriteFault: KvFault | undefined;
  private closed = false;
  /** Number of batches applied, for tests. */
  batches = 0;

  /** The next `count` batches fail as `fault` says. */
  failNextBatches(fault: KvFault, count = 1): void {
    for (let i = 0; i < count; i++) this.writeFaults.push(fault);
  }

  /** Every batch fails as `fault` says until `clearFaults()`. */
  failAllBatches(fault: KvFault): void {
    this.persistentWriteFault = fault;
  }

  /** Every read fails with `error` until `clearFaults()`. */
  failReads(error: Error): void {
    this.readFault = error;
  }

  clearFaults(): void {
    this.writeFaults = [];
    this.persistentWriteFault = undefined;
    this.readFault = undefined;
  }

  private checkRead(): void {
    if (this.closed) throw Object.assign(new Error('Database is not open'), { code: 'LEVEL_DATABASE_NOT_OPEN' });
    if (this.readFault) throw this.readFault;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.checkRead();
    return this.map.get(hex(key))?.value.slice();
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.checkRead();
    return keys.map((k) => this.map.get(hex(k))?.value.slice());
  }

  async batch(puts: readonly KvPut[], options: KvBatchOptions): Promise<void> {
    if (this.closed) throw Object.assign(new Error('Database is not open'), { code: 'LEVEL_DATABASE_NOT_OPEN' });
    const fault = this.writeFaults.shift() ?? this.persistentWriteFault;
    if (fault?.kind === 'disk-full') {
      throw Object.assign(new Error('IO error: /data/000005.log: No space left on device'), { code: 'LEVEL_IO_ERROR' });
    }
    if (fault?.kind === 'fail-before-write') throw fault.error ?? new Error('injected write failure');
    for (const key of options.deletes ?? []) this.map.delete(hex(key));
    for (const p of puts) this.map.set(hex(p.key), { key: p.key.slice(), value: p.value.slice() });
    this.batches++;
    if (fault?.kind === 'fail-after-write') throw fault.error ?? new Error('injected fsync failure after write');
  }

  async *iterate(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    this.checkRead();
    let entries = [...this.map.values()].filter(
      (e) =>
        (range.gte === undefined || compare(e.key, range.gte) >= 0) &&
        (range.lt === undefined || compare(e.key, range.lt) < 0) &&
        (range.lte === undefined || compare(e.key, range.lte) <= 0),
    );
    entries.sort((a, b) => compare(a.key, b.key));
    if (range.reverse) entries = entries.reverse();
    if (range.limit !== undefined && range.limit >= 0) entries = entries.slice(0, range.limit);
    for (const e of entries) yield [e.key.slice(), e.value.slice()];
  }

  /** Overwrites one value without any check (tamper tests). */
  unsafeSet(key: Uint8Array, value: Uint8Array): void {
    this.map.set(hex(key), { key: key.slice(), value: value.slice() });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Opens the same contents again, as a restarted process would find them on disk. */
  reopen(): this {
    this.closed = false;
    this.clearFaults();
    return this;
  }
}
