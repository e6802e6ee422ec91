/**
 * fsck of the idempotency records (key `i` of keys.ts: submitter, NUL, key -> entry index,
 * receipt tree size, SHA-256 of the payload): each names an entry of the latest tree, appended
 * by that submitter, whose stored payload has the recorded digest, and a receipt tree size that
 * holds the entry and whose checkpoint is stored.
 *
 * Records are sorted by submitter and key, not by entry, so they are checked in batches sorted
 * by entry index: the bundles and payload chunks a batch needs are then read once each.
 */
import { createHash } from 'node:crypto';
import { TILE_WIDTH, entryBundleWidth, equalBytes, parseEntryBundle, toHex } from '../../../merkle/index.js';
import { decodeLogEntry } from '../../../proofs/index.js';
import { PREFIX_IDEMPOTENCY, bundleKey, checkpointKey, payloadKey } from '../../store/keys.js';
import { decodeIdempotencyRecord } from '../../store/records.js';
import type { IdempotencyRecord } from '../../store/store.js';
import { storedNumber, utf8Text, type FsckContext } from './context.js';

const BATCH_SIZE = 512;

interface Pending {
  where: string;
  submitter: string | undefined;
  record: IdempotencyRecord;
}

/** Checks every idempotency record; see the file comment. */
export async function checkIdempotencyRecords(ctx: FsckContext): Promise<void> {
  const lookups = { bundles: new BundleSubmitters(ctx), payloads: new PayloadLookup(ctx) };
  let batch: Pending[] = [];
  for await (const [key, value] of ctx.store.scan(PREFIX_IDEMPOTENCY)) {
    ctx.findings.counts.idempotencyRecords++;
    const { name, submitter } = describeKey(key);
    const where = `idempotency key ${name}`;
    let record: IdempotencyRecord;
    try {
      record = decodeIdempotencyRecord(value);
    } catch (err) {
      ctx.findings.add('MALFORMED_RECORD', where, (err as Error).message);
      continue;
    }
    batch.push({ where, submitter, record });
    if (batch.length === BATCH_SIZE) {
      await checkBatch(ctx, batch, lookups);
      batch = [];
    }
  }
  if (batch.length > 0) await checkBatch(ctx, batch, lookups);
}

async function checkBatch(ctx: FsckContext, batch: Pending[], lookups: { bundles: BundleSubmitters; payloads: PayloadLookup }): Promise<void> {
  const n = ctx.treeSize;
  batch.sort((a, b) => a.record.index - b.record.index);
  const sizes = [...new Set(batch.map((p) => p.record.treeSize).filter((s) => Number.isSafeInteger(s) && s <= n))];
  const stored = await ctx.store.kv.getMany(sizes.map((s) => checkpointKey(s)));
  const withCheckpoint = new Set(sizes.filter((_, i) => stored[i] !== undefined));
  for (const { where, submitter, record } of batch) {
    const mismatch = (why: string) => ctx.findings.add('IDEMPOTENCY_MISMATCH', where, `the record names entry ${record.index} and tree size ${record.treeSize}, but ${why}`);
    if (record.index >= n) {
      mismatch(`the latest tree has ${n} entries`);
      continue;
    }
    if (record.treeSize <= record.index || record.treeSize > n) {
      mismatch(`a receipt's tree must hold the entry and not exceed the latest tree (size ${n})`);
    } else if (!withCheckpoint.has(record.treeSize)) {
      mismatch(`no checkpoint of size ${record.treeSize} is stored`);
    }
    const appendedBy = await lookups.bundles.submitterOf(record.index);
    if (appendedBy !== undefined && appendedBy !== submitter) mismatch(`that entry was appended by ${JSON.stringify(appendedBy)}`);
    const payload = await lookups.payloads.payloadOf(record.index);
    if (payload !== undefined && !equalBytes(new Uint8Array(createHash('sha256').update(payload).digest()), record.payloadDigest)) {
      mismatch('the SHA-256 of that entry\'s stored payload is not the recorded digest');
    }
  }
}

/** `submitter/key` of an idempotency key (`i` submitter 0x00 key), readable, and the submitter. */
function describeKey(key: Uint8Array): { name: string; submitter: string | undefined } {
  const nul = key.indexOf(0, 1);
  if (nul < 0) return { name: toHex(key.subarray(1)), submitter: undefined };
  const submitter = utf8Text(key.subarray(1, nul));
  return { name: `${submitter ?? '?'}/${utf8Text(key.subarray(nul + 1)) ?? '?'}`, submitter };
}

/** The submitter of an entry, reading its bundle (the last one read is kept). */
class BundleSubmitters {
  #index = -1;
  #entries: Uint8Array[] | undefined;

  constructor(private readonly ctx: FsckContext) {}

  /** The entry's submitter, or undefined when its bundle or the entry cannot be read (reported elsewhere). */
  async submitterOf(index: number): Promise<string | undefined> {
    const bundle = Math.floor(index / TILE_WIDTH);
    if (bundle !== this.#index) {
      this.#index = bundle;
      const bytes = await this.ctx.store.kv.get(bundleKey(bundle));
      try {
        this.#entries = bytes === undefined ? undefined : parseEntryBundle(bytes, entryBundleWidth(bundle, this.ctx.treeSize));
      } catch {
        this.#entries = undefined;
      }
    }
    const entry = this.#entries?.[index % TILE_WIDTH];
    if (entry === undefined) return undefined;
    try {
      return decodeLogEntry(entry).submitter;
    } catch {
      return undefined;
    }
  }
}

/**
 * The stored payload of an entry. The chunk of the last round looked up is kept with the
 * offsets of its records (records.ts layout: u32 count, then nonce, u32 length, payload).
 */
class PayloadLookup {
  #first = -1;
  #chunk: Uint8Array | undefined;
  #offsets: number[] = [];

  constructor(private readonly ctx: FsckContext) {}

  /** The payload of entry `index`, or undefined when none is stored or its chunk is malformed (reported elsewhere). */
  async payloadOf(index: number): Promise<Uint8Array | undefined> {
    if (this.#chunk === undefined || index < this.#first || index >= this.#first + this.#offsets.length) {
      // The chunk of the round that holds the entry starts at or before it.
      this.#chunk = undefined;
      this.#offsets = [];
      for await (const [key, value] of this.ctx.store.kv.iterate({ gte: payloadKey(0), lte: payloadKey(index), reverse: true, limit: 1 })) {
        const first = storedNumber(key, 9);
        if (first === undefined) break; // a malformed key: reported by the entry checks
        this.#first = first;
        this.#chunk = value;
        this.#offsets = recordOffsets(value);
      }
    }
    const offset = this.#offsets[index - this.#first];
    if (this.#chunk === undefined || offset === undefined) return undefined;
    const view = new DataView(this.#chunk.buffer, this.#chunk.byteOffset, this.#chunk.byteLength);
    const length = view.getUint32(offset + 32);
    return this.#chunk.subarray(offset + 36, offset + 36 + length);
  }
}

/** The offset of each record of a payload chunk; empty when the chunk is malformed. */
function recordOffsets(chunk: Uint8Array): number[] {
  if (chunk.length < 4) return [];
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const count = view.getUint32(0);
  const offsets: number[] = [];
  let o = 4;
  for (let i = 0; i < count; i++) {
    if (o + 36 > chunk.length) return [];
    const length = view.getUint32(o + 32);
    if (o + 36 + length > chunk.length) return [];
    offsets.push(o);
    o += 36 + length;
  }
  return o === chunk.length ? offsets : [];
}
