/**
 * fsck of idempotency records against the entries, through the store's read interface: each
 * record names an entry of the latest tree, appended by that submitter, whose stored payload has
 * the recorded digest (unless it was erased), and a receipt tree size that holds the entry and whose checkpoint is
 * stored. The driver finds and decodes the records (its layoutFsck) and hands them over in
 * batches; a batch is checked in entry order, so each bundle and each bundle's payloads are
 * read once per batch.
 */
import { createHash } from 'node:crypto';
import { TILE_WIDTH, entryBundleWidth, equalBytes, parseEntryBundle } from '../../../merkle/index.js';
import { decodeLogEntry } from '../../../proofs/index.js';
import type { IdempotencyToCheck } from '../../store/layout-fsck.js';
import { StoreError, type PayloadRecord } from '../../store/store.js';
import type { FsckContext } from './context.js';

/** Checks one batch of decoded idempotency records; see the file comment. */
export async function checkIdempotencyBatch(ctx: FsckContext, batch: readonly IdempotencyToCheck[]): Promise<void> {
  const n = ctx.treeSize;
  const sorted = [...batch].sort((a, b) => a.record.index - b.record.index);
  const sizes = [...new Set(sorted.map((p) => p.record.treeSize).filter((s) => Number.isSafeInteger(s) && s <= n))];
  const stored = await Promise.all(sizes.map((s) => ctx.store.checkpointAt(s)));
  const withCheckpoint = new Set(sizes.filter((_, i) => stored[i] !== undefined));
  const bundles = new BundleWindow(ctx);
  for (const { where, submitter, record } of sorted) {
    const mismatch = (why: string) =>
      ctx.findings.add('IDEMPOTENCY_MISMATCH', where, `the record names entry ${record.index} and tree size ${record.treeSize}, but ${why}`);
    if (record.index >= n) {
      mismatch(`the latest tree has ${n} entries`);
      continue;
    }
    if (record.treeSize <= record.index || record.treeSize > n) {
      mismatch(`a receipt's tree must hold the entry and not exceed the latest tree (size ${n})`);
    } else if (!withCheckpoint.has(record.treeSize)) {
      mismatch(`no checkpoint of size ${record.treeSize} is stored`);
    }
    const { submitter: appendedBy, payload } = await bundles.entry(record.index);
    if (appendedBy !== undefined && appendedBy !== submitter) mismatch(`that entry was appended by ${JSON.stringify(appendedBy)}`);
    // An erased payload (issue 14) has no bytes left to hash: erasures.ts judges whether a record covers it.
    if (
      payload !== undefined &&
      payload.erased === undefined &&
      !equalBytes(new Uint8Array(createHash('sha256').update(payload.payload).digest()), record.payloadDigest)
    ) {
      mismatch("the SHA-256 of that entry's stored payload is not the recorded digest");
    }
  }
}

/** The entries and payloads of one bundle at a time (the last one read is kept). */
class BundleWindow {
  #index = -1;
  #entries: Uint8Array[] | undefined;
  #payloads: (PayloadRecord | undefined)[] = [];

  constructor(private readonly ctx: FsckContext) {}

  /** The entry's submitter and stored payload; undefined where they cannot be read (reported by the entry checks). */
  async entry(index: number): Promise<{ submitter: string | undefined; payload: PayloadRecord | undefined }> {
    const bundle = Math.floor(index / TILE_WIDTH);
    if (bundle !== this.#index) await this.#load(bundle);
    const at = index % TILE_WIDTH;
    const entry = this.#entries?.[at];
    let submitter: string | undefined;
    try {
      submitter = entry === undefined ? undefined : decodeLogEntry(entry).submitter;
    } catch {
      submitter = undefined;
    }
    return { submitter, payload: this.#payloads[at] };
  }

  async #load(bundle: number): Promise<void> {
    this.#index = bundle;
    const width = entryBundleWidth(bundle, this.ctx.treeSize);
    const [bytes] = await this.ctx.store.readBundles([bundle]);
    try {
      this.#entries = bytes === undefined ? undefined : parseEntryBundle(bytes, width);
    } catch {
      this.#entries = undefined;
    }
    try {
      this.#payloads = await this.ctx.store.readPayloads(bundle * TILE_WIDTH, bundle * TILE_WIDTH + width);
    } catch (err) {
      if (!(err instanceof StoreError && err.code === 'STORE_CORRUPT')) throw err;
      this.#payloads = []; // a damaged chunk: reported by the entry checks and the driver
    }
  }
}
