/**
 * The LogStore over an ordered KeyValue with the key layout of keys.ts: the LevelDB driver
 * (open-level-store.ts) and the memory driver (../memory/memory-store.ts) are this class over
 * their KeyValue.
 *
 * How it meets the contract of ../store.ts: `commitRound` is ONE synced batch holding the
 * round's objects and its head update, after an in-process compare of the head. The compare and
 * the batch run under a lock per KeyValue, and LevelDB's folder lock keeps other processes out,
 * so the compare-and-swap is exact without epochs. `writeObjects` and `commitHead` are the two
 * halves as separate synced batches (the order of a driver without multi-object atomicity; the
 * conformance suite crashes between them).
 */
import { utf8 } from '../../../merkle/index.js';
import type { LayoutFsck } from '../layout-fsck.js';
import {
  StoreError,
  roundHeadUpdate,
  roundObjects,
  type HeadExpectation,
  type HeadUpdate,
  type IdempotencyRecord,
  type LogIdentity,
  type LogStore,
  type PayloadRecord,
  type RoundObjects,
  type RoundWrite,
  type StoredCheckpoint,
  type StoredCredential,
} from '../store.js';
import { LevelLayoutFsck } from './fsck-layout.js';
import {
  IDENTITY_KEY,
  WRITE_PROBE_KEY,
  PREFIX_CHECKPOINT,
  PREFIX_CREDENTIAL,
  PREFIX_PAYLOAD,
  bundleKey,
  checkpointKey,
  credentialKey,
  encodeU64,
  idempotencyKey,
  keyNumber,
  leafHashKey,
  payloadKey,
  prefixRange,
  tileKey,
} from './keys.js';
import type { KeyValue, KvPut, KvRange } from './kv.js';
import { forgetContents, underLock, type KvState } from './kv-write-lock.js';
import { toStoreError } from './level-errors.js';
import { KV_PAYLOAD_CHUNK, payloadChunks } from './payload-chunks.js';
import { PayloadChunkDirectory, chunkCount } from './payload-directory.js';
import { erasePayloadChunks } from './payload-erasure.js';
import { decodeIdempotencyRecord, decodePayloadChunk, decodePayloadRecordAt, encodeIdempotencyRecord, encodePayloadChunk } from './records.js';

const strict = new TextDecoder('utf-8', { fatal: true });
// Notes decode leniently: a damaged note then fails its signature check, which says more.
const lenient = new TextDecoder('utf-8');

/** The checkpoint key's tree size, or undefined for a key this layout does not write (fsck reports it). */
function checkpointSize(key: Uint8Array): number | undefined {
  if (key.length !== 9) return undefined;
  const n = keyNumber(key);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Ranges of at most this many entries starting in a known chunk are read by point reads, not an iterator. */
const POINT_READ_ENTRIES = 512;

/** The puts of a round's objects; `chunks` gets the [start, count] of each payload chunk. */
function objectPuts(objects: RoundObjects, chunks?: [number, number][]): KvPut[] {
  const puts: KvPut[] = [];
  for (const t of objects.tiles) puts.push({ key: tileKey(t.level, t.index), value: t.hashes });
  for (const b of objects.bundles) puts.push({ key: bundleKey(b.index), value: b.bytes });
  for (const chunk of payloadChunks(objects.payloads.firstIndex, objects.payloads.records, KV_PAYLOAD_CHUNK)) {
    puts.push({ key: payloadKey(chunk.firstIndex), value: encodePayloadChunk(chunk.records) });
    chunks?.push([chunk.firstIndex, chunk.records.length]);
  }
  return puts;
}

/** The puts of a head update: the new checkpoint (the head is the largest), the two indexes. */
function headPuts(update: HeadUpdate): KvPut[] {
  const puts: KvPut[] = [];
  for (const i of update.idempotency) puts.push({ key: idempotencyKey(i.submitter, i.key), value: encodeIdempotencyRecord(i.record) });
  const first = update.leafHashes.firstIndex;
  update.leafHashes.hashes.forEach((h, i) => puts.push({ key: leafHashKey(h), value: encodeU64(first + i) }));
  puts.push({ key: checkpointKey(update.checkpoint.treeSize), value: utf8(update.checkpoint.note) });
  return puts;
}

/** A LogStore over a KeyValue. */
export class KvLogStore implements LogStore {
  /** The head this handle last read or committed: the default expectation of commitRound. */
  #lastSeenHead: StoredCheckpoint | undefined;
  #layoutFsck: LayoutFsck | undefined;
  /** Where the payload chunks read so far start (readPayloadsAt's point reads). */
  readonly #chunks = new PayloadChunkDirectory();

  constructor(
    /** The key-value store underneath; exposed for the driver's fsck and tamper tests. */
    readonly kv: KeyValue,
    readonly location = 'memory',
  ) {
    forgetContents(kv);
  }

  private async guard<T>(doing: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw toStoreError(err, doing);
    }
  }

  private async first(range: KvRange): Promise<[Uint8Array, Uint8Array] | undefined> {
    for await (const entry of this.kv.iterate({ ...range, limit: 1 })) return entry;
    return undefined;
  }

  /** The head as stored now: the well-formed checkpoint key with the largest size. */
  private async storedHead(): Promise<StoredCheckpoint | undefined> {
    for await (const [key, value] of this.kv.iterate({ ...prefixRange(PREFIX_CHECKPOINT), reverse: true })) {
      const treeSize = checkpointSize(key);
      if (treeSize !== undefined) return { treeSize, note: lenient.decode(value) };
    }
    return undefined;
  }

  readIdentity(): Promise<LogIdentity | undefined> {
    return this.guard('reading the log identity', async () => {
      const v = await this.kv.get(IDENTITY_KEY);
      if (v === undefined) return undefined;
      try {
        return JSON.parse(strict.decode(v)) as LogIdentity;
      } catch (err) {
        throw new StoreError('STORE_CORRUPT', `the log identity in ${this.location} is not the JSON the server wrote; run \`cairn fsck\``, { cause: err });
      }
    });
  }

  initialise(identity: LogIdentity, emptyCheckpoint: StoredCheckpoint): Promise<void> {
    return this.guard('initialising the data folder', () =>
      underLock(this.kv, async (state) => {
        if ((await this.first({})) !== undefined) {
          throw new StoreError('STORE_CORRUPT', `the data folder ${this.location} is not empty but has no log identity; use an empty folder`);
        }
        await this.kv.batch(
          [
            { key: IDENTITY_KEY, value: utf8(JSON.stringify(identity)) },
            { key: checkpointKey(emptyCheckpoint.treeSize), value: utf8(emptyCheckpoint.note) },
          ],
          { sync: true },
        );
        state.head = { value: emptyCheckpoint };
        this.#lastSeenHead = emptyCheckpoint;
      }),
    );
  }

  latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.guard('reading the latest checkpoint', async () => {
      const head = await this.storedHead();
      this.#lastSeenHead = head;
      return head;
    });
  }

  checkpointAt(treeSize: number): Promise<StoredCheckpoint | undefined> {
    return this.guard('reading a checkpoint', async () => {
      const v = await this.kv.get(checkpointKey(treeSize));
      return v === undefined ? undefined : { treeSize, note: lenient.decode(v) };
    });
  }

  listCheckpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]> {
    return this.guard('listing checkpoints', async () => {
      const out: StoredCheckpoint[] = [];
      for await (const [k, v] of this.kv.iterate({ gte: checkpointKey(fromSize), lt: prefixRange(PREFIX_CHECKPOINT).lt })) {
        if (out.length >= limit) break;
        const treeSize = checkpointSize(k);
        if (treeSize !== undefined) out.push({ treeSize, note: lenient.decode(v) });
      }
      return out;
    });
  }

  readTiles(tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]> {
    return this.guard('reading tiles', () => this.kv.getMany(tiles.map((t) => tileKey(t.level, t.index))));
  }

  readBundles(indexes: readonly number[]): Promise<(Uint8Array | undefined)[]> {
    return this.guard('reading entry bundles', () => this.kv.getMany(indexes.map(bundleKey)));
  }

  readPayload(index: number): Promise<PayloadRecord | undefined> {
    return this.guard('reading a payload', async () => {
      const e = await this.first({ gte: prefixRange(PREFIX_PAYLOAD).gte, lte: payloadKey(index), reverse: true });
      if (e === undefined) return undefined;
      return decodePayloadChunk(e[1])[index - keyNumber(e[0])];
    });
  }

  /**
   * Scattered payloads of committed entries (a search's results): the chunks the directory knows
   * in one getMany of their exact keys, the others through one seeking iterator (the chunk holding
   * entry i is the payload key <= i), each chunk read once and walked only to the records asked.
   */
  readPayloadsAt(indexes: readonly number[]): Promise<(PayloadRecord | undefined)[]> {
    return this.guard('reading payloads', async () => {
      const out: (PayloadRecord | undefined)[] = new Array(indexes.length).fill(undefined);
      const starts = indexes.map((i) => this.#chunks.chunkOf(i));
      const known = [...new Set(starts.filter((s) => s !== undefined))];
      const values = known.length === 0 ? [] : await this.kv.getMany(known.map(payloadKey));
      const chunks = new Map(known.map((s, j) => [s, values[j]]));
      // Those the directory does not know, or whose chunk does not cover them after all.
      const unknown: number[] = [];
      indexes.forEach((index, k) => {
        const start = starts[k];
        const chunk = start === undefined ? undefined : chunks.get(start);
        const record = chunk === undefined ? undefined : decodePayloadRecordAt(chunk, index - start!);
        if (record === undefined) unknown.push(k);
        else out[k] = record;
      });
      if (unknown.length === 0) return out;
      const gte = prefixRange(PREFIX_PAYLOAD).gte;
      const keys = unknown.map((k) => payloadKey(indexes[k]!));
      const found = this.kv.floorEntries
        ? await this.kv.floorEntries(keys, gte)
        : await Promise.all(keys.map((lte) => this.first({ gte, lte, reverse: true })));
      unknown.forEach((k, j) => {
        const e = found[j];
        if (e === undefined) return;
        const start = keyNumber(e[0]);
        this.#chunks.learn(start, chunkCount(e[1]));
        out[k] = decodePayloadRecordAt(e[1], indexes[k]! - start);
      });
      return out;
    });
  }

  /**
   * The payloads of committed entries start <= i < end: the chunks from the one holding `start`
   * (known from the directory, as after the previous range of a stream, or found by a reverse
   * seek), each decoded once and learnt.
   */
  readPayloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
    return this.guard('reading payloads', async () => {
      if (end <= start) return [];
      const known = this.#chunks.chunkOf(start);
      if (known !== undefined) {
        const out =
          end - start <= POINT_READ_ENTRIES ? await this.readPayloadChunks(known, start, end) : await this.readPayloadRange(payloadKey(known), start, end);
        // A chunk that is not where the directory says (never for committed entries): seek.
        if (out !== undefined && out[0] !== undefined) return out;
      }
      const first = await this.first({ gte: prefixRange(PREFIX_PAYLOAD).gte, lte: payloadKey(start), reverse: true });
      return this.readPayloadRange(first === undefined ? payloadKey(start) : first[0], start, end);
    });
  }

  /**
   * readPayloads by point reads from the chunk starting at entry `first`: the chunks of committed
   * entries tile the indexes, so the next one starts where this one ends (a stream's slice is one
   * or two chunks: no iterator). Undefined when a chunk is not where that says (never for
   * committed entries).
   */
  private async readPayloadChunks(first: number, start: number, end: number): Promise<(PayloadRecord | undefined)[] | undefined> {
    const out: (PayloadRecord | undefined)[] = new Array(end - start).fill(undefined);
    for (let chunkStart = first; chunkStart < end;) {
      const value = await this.kv.get(payloadKey(chunkStart));
      const records = value === undefined ? [] : decodePayloadChunk(value);
      if (records.length === 0) return undefined;
      this.#chunks.learn(chunkStart, records.length);
      records.forEach((record, i) => {
        const index = chunkStart + i;
        if (index >= start && index < end) out[index - start] = record;
      });
      chunkStart += records.length;
    }
    return out;
  }

  /** readPayloads from the chunk key `from` on. */
  private async readPayloadRange(from: Uint8Array, start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
    const out: (PayloadRecord | undefined)[] = new Array(end - start).fill(undefined);
    // Each chunk is decoded once, whatever the number of entries asked from it.
    for await (const [k, v] of this.kv.iterate({ gte: from, lt: payloadKey(end) })) {
      const chunkStart = keyNumber(k);
      const records = decodePayloadChunk(v);
      this.#chunks.learn(chunkStart, records.length);
      records.forEach((record, i) => {
        const index = chunkStart + i;
        if (index >= start && index < end) out[index - start] = record;
      });
    }
    return out;
  }

  readLeafIndex(leafHash: Uint8Array): Promise<number | undefined> {
    return this.guard('reading the hash index', async () => {
      const v = await this.kv.get(leafHashKey(leafHash));
      if (v === undefined) return undefined;
      if (v.length !== 8) throw new StoreError('STORE_CORRUPT', `a hash index record holds ${v.length} bytes, not 8; run \`cairn fsck\``);
      return keyNumber(v);
    });
  }

  readIdempotency(submitter: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.guard('reading an idempotency key', async () => {
      const v = await this.kv.get(idempotencyKey(submitter, key));
      return v === undefined ? undefined : decodeIdempotencyRecord(v);
    });
  }

  /**
   * Payload chunks an earlier, uncommitted write left inside [first, end) under other keys than
   * this write's: deleted in the same batch, so a read of an index there finds this write's chunk.
   * Read only when a chunk at or after `first` may exist (after a crash or a failed write), so a
   * healthy round pays nothing for it. Call under the lock; records the chunks this write leaves.
   */
  private async staleChunks(state: KvState, objects: RoundObjects, puts: readonly KvPut[]): Promise<Uint8Array[]> {
    const { firstIndex, records } = objects.payloads;
    const own = puts.filter((p) => p.key[0] === PREFIX_PAYLOAD).map((p) => keyNumber(p.key));
    if (state.lastChunk === undefined) {
      const last = await this.first({ ...prefixRange(PREFIX_PAYLOAD), reverse: true });
      state.lastChunk = last === undefined ? -1 : keyNumber(last[0]);
    }
    const stale: Uint8Array[] = [];
    if (records.length > 0 && state.lastChunk >= firstIndex) {
      for await (const [key] of this.kv.iterate({ gte: payloadKey(firstIndex), lt: payloadKey(firstIndex + records.length) })) {
        if (!own.includes(keyNumber(key))) stale.push(key);
      }
    }
    // Set before the write: if it fails, underLock forgets it.
    state.lastChunk = Math.max(state.lastChunk, ...own);
    return stale;
  }

  /** Refuses (STORE_CONFLICT) unless the stored head is `expected`'s. Call under the lock. */
  private async compareHead(state: KvState, expected: HeadExpectation): Promise<void> {
    state.head ??= { value: await this.storedHead() };
    const head = state.head.value;
    const want = expected.previous;
    if (head === undefined || head.treeSize !== want.treeSize || head.note !== want.note) {
      const now = head === undefined ? 'no checkpoint' : `the checkpoint of size ${head.treeSize}`;
      throw new StoreError(
        'STORE_CONFLICT',
        `the head moved: the commit builds on the checkpoint of size ${want.treeSize}, but the store holds ${now} as its latest; reload and retry`,
      );
    }
  }

  writeObjects(objects: RoundObjects): Promise<void> {
    return this.guard("writing a round's objects", () =>
      underLock(this.kv, async (state) => {
        const puts = objectPuts(objects);
        await this.kv.batch(puts, { sync: true, deletes: await this.staleChunks(state, objects, puts) });
      }),
    );
  }

  erasePayloads(indexes: readonly number[]): Promise<number> {
    return this.guard('erasing payloads', () => underLock(this.kv, async () => (await erasePayloadChunks(this.kv, indexes)).erased));
  }

  commitHead(update: HeadUpdate, expected: HeadExpectation): Promise<void> {
    return this.guard('committing the head', () =>
      underLock(this.kv, async (state) => {
        await this.compareHead(state, expected);
        await this.kv.batch(headPuts(update), { sync: true });
        state.head = { value: update.checkpoint };
        this.#lastSeenHead = update.checkpoint;
      }),
    );
  }

  commitRound(round: RoundWrite, expected?: HeadExpectation): Promise<void> {
    return this.guard('committing a round', () =>
      underLock(this.kv, async (state) => {
        const previous = expected?.previous ?? this.#lastSeenHead ?? (await this.storedHead());
        if (previous === undefined)
          throw new StoreError('STORE_CORRUPT', `the store in ${this.location} holds no checkpoint to build on; it was not initialised`);
        await this.compareHead(state, { previous });
        const objects = roundObjects(round);
        const chunks: [number, number][] = [];
        const puts = objectPuts(objects, chunks);
        const deletes = await this.staleChunks(state, objects, puts);
        // The LevelDB way of meeting the contract: objects and head in one synced batch.
        await this.kv.batch([...puts, ...headPuts(roundHeadUpdate(round))], { sync: true, deletes });
        state.head = { value: round.checkpoint };
        this.#lastSeenHead = round.checkpoint;
        // Committed, so final (payload-directory.ts): a search of recent entries reads their
        // chunks by their exact keys from the first time.
        for (const [start, count] of chunks) this.#chunks.learn(start, count);
      }),
    );
  }

  checkWritable(): Promise<void> {
    return this.guard('checking that the store takes writes', () =>
      this.kv.batch([{ key: WRITE_PROBE_KEY, value: utf8(new Date().toISOString()) }], { sync: true }),
    );
  }

  listCredentials(): Promise<StoredCredential[]> {
    return this.guard('reading credentials', async () => {
      const out: StoredCredential[] = [];
      for await (const [, v] of this.kv.iterate(prefixRange(PREFIX_CREDENTIAL))) {
        out.push(JSON.parse(strict.decode(v)) as StoredCredential);
      }
      return out;
    });
  }

  putCredential(credential: StoredCredential): Promise<void> {
    return this.guard('writing a credential', () =>
      this.kv.batch([{ key: credentialKey(credential.id), value: utf8(JSON.stringify(credential)) }], { sync: true }),
    );
  }

  /** Every key and value under one prefix of keys.ts, in key order (fsck; not for hot paths). */
  async *scan(prefix: number): AsyncGenerator<[Uint8Array, Uint8Array]> {
    try {
      for await (const entry of this.kv.iterate(prefixRange(prefix))) yield entry;
    } catch (err) {
      throw toStoreError(err, 'scanning the store');
    }
  }

  /** The checks of this key layout for `cairn fsck` (fsck-layout.ts). */
  get layoutFsck(): LayoutFsck {
    this.#layoutFsck ??= new LevelLayoutFsck(this);
    return this.#layoutFsck;
  }

  close(): Promise<void> {
    return this.guard('closing the store', () => this.kv.close());
  }
}
