/**
 * The LogStore over any KeyValue (key layout in keys.ts). `openLevelStore` gives the production
 * store on a LevelDB folder; tests use `new KvLogStore(new MemoryKv())` to inject faults.
 */
import { utf8 } from '../../merkle/index.js';
import {
  IDENTITY_KEY,
  WRITE_PROBE_KEY,
  PREFIX_CHECKPOINT,
  PREFIX_CREDENTIAL,
  PREFIX_PAYLOAD,
  bundleKey,
  checkpointKey,
  credentialKey,
  idempotencyKey,
  encodeU64,
  keyNumber,
  leafHashKey,
  payloadKey,
  prefixRange,
  tileKey,
} from './keys.js';
import type { KeyValue, KvPut } from './kv.js';
import { LevelKv } from './level-kv.js';
import { decodeIdempotencyRecord, decodePayloadChunk, encodeIdempotencyRecord, encodePayloadChunk } from './records.js';
import {
  StoreError,
  type IdempotencyRecord,
  type LogIdentity,
  type LogStore,
  type PayloadRecord,
  type RoundWrite,
  type StoredCheckpoint,
  type StoredCredential,
} from './store.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Maps a storage error to a StoreError whose message an operator can act on. */
export function toStoreError(err: unknown, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  // level wraps open failures: LEVEL_DATABASE_NOT_OPEN with the real reason as the cause.
  const code = e?.cause?.code ?? e?.code;
  const text = `${e?.message ?? String(err)} ${e?.cause?.message ?? ''}`;
  if (code === 'LEVEL_LOCKED') {
    return new StoreError('STORE_LOCKED', `the data folder is in use by another process (${doing}); run one server per data folder`, { cause: err });
  }
  if (/ENOSPC|No space left/i.test(text)) {
    return new StoreError('STORE_FULL', `the disk is full (${doing}); free some space and the log continues by itself`, { cause: err });
  }
  if (code === 'LEVEL_DATABASE_NOT_OPEN') {
    return new StoreError('STORE_CLOSED', `the store is closed (${doing})`, { cause: err });
  }
  return new StoreError('STORE_UNAVAILABLE', `storage failed while ${doing}: ${e?.message ?? String(err)}`, { cause: err });
}

/** Opens the production store on the LevelDB folder `dir`. STORE_LOCKED when another process holds it. */
export async function openLevelStore(dir: string, options: { createIfMissing?: boolean } = {}): Promise<KvLogStore> {
  try {
    return new KvLogStore(await LevelKv.open(dir, options.createIfMissing ?? true), dir);
  } catch (err) {
    throw toStoreError(err, `opening ${dir}`);
  }
}

/**
 * Payloads of a chunk at most (bytes), unless one payload alone is larger. Reading one payload
 * reads its whole chunk, so chunks are kept small: a round of thousands of large events must not
 * make a single read decode hundreds of megabytes.
 */
export const PAYLOAD_CHUNK_BYTES = 64 * 1024;
/** Entries in a chunk at most. */
export const PAYLOAD_CHUNK_ENTRIES = 256;

/**
 * True when a chunk of `count` entries holding `bytes` payload bytes is full for a next payload
 * of `nextBytes`: the round's next entry starts a new chunk. The one rule of payloadChunks, which
 * fsck reads back to tell a round boundary from a cut inside a round (fsck/payload-cursor.ts).
 */
export function chunkIsFull(count: number, bytes: number, nextBytes: number): boolean {
  return count >= PAYLOAD_CHUNK_ENTRIES || (count > 0 && bytes + nextBytes > PAYLOAD_CHUNK_BYTES);
}

/** A round's payloads cut into chunks of consecutive entries (see PAYLOAD_CHUNK_BYTES). */
export function payloadChunks(firstIndex: number, records: readonly PayloadRecord[]): { firstIndex: number; records: PayloadRecord[] }[] {
  const chunks: { firstIndex: number; records: PayloadRecord[] }[] = [];
  let current: { firstIndex: number; records: PayloadRecord[] } | undefined;
  let bytes = 0;
  records.forEach((r, i) => {
    if (current === undefined || chunkIsFull(current.records.length, bytes, r.payload.length)) {
      current = { firstIndex: firstIndex + i, records: [] };
      chunks.push(current);
      bytes = 0;
    }
    current.records.push(r);
    bytes += r.payload.length;
  });
  return chunks;
}

/** The batch of one round. Exported for tests that check what a round writes. */
export function roundPuts(round: RoundWrite): KvPut[] {
  const puts: KvPut[] = [];
  for (const t of round.tiles) puts.push({ key: tileKey(t.level, t.index), value: t.hashes });
  for (const b of round.bundles) puts.push({ key: bundleKey(b.index), value: b.bytes });
  for (const chunk of payloadChunks(round.payloads.firstIndex, round.payloads.records)) {
    puts.push({ key: payloadKey(chunk.firstIndex), value: encodePayloadChunk(chunk.records) });
  }
  for (const i of round.idempotency) {
    puts.push({ key: idempotencyKey(i.submitter, i.key), value: encodeIdempotencyRecord(i.record) });
  }
  round.leafHashes.forEach((h, i) => puts.push({ key: leafHashKey(h), value: encodeU64(round.payloads.firstIndex + i) }));
  puts.push({ key: checkpointKey(round.checkpoint.treeSize), value: utf8(round.checkpoint.note) });
  return puts;
}

/** A LogStore over a KeyValue. */
export class KvLogStore implements LogStore {
  constructor(
    /** The key-value store underneath; exposed for fsck and tamper tests. */
    readonly kv: KeyValue,
    readonly location = 'memory',
  ) {}

  private async guard<T>(doing: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw toStoreError(err, doing);
    }
  }

  private async first(range: Parameters<KeyValue['iterate']>[0]): Promise<[Uint8Array, Uint8Array] | undefined> {
    for await (const entry of this.kv.iterate({ ...range, limit: 1 })) return entry;
    return undefined;
  }

  readIdentity(): Promise<LogIdentity | undefined> {
    return this.guard('reading the log identity', async () => {
      const v = await this.kv.get(IDENTITY_KEY);
      return v === undefined ? undefined : (JSON.parse(decoder.decode(v)) as LogIdentity);
    });
  }

  initialise(identity: LogIdentity, emptyCheckpoint: StoredCheckpoint): Promise<void> {
    return this.guard('initialising the data folder', async () => {
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
    });
  }

  latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.guard('reading the latest checkpoint', async () => {
      const e = await this.first({ ...prefixRange(PREFIX_CHECKPOINT), reverse: true });
      return e === undefined ? undefined : { treeSize: keyNumber(e[0]), note: decoder.decode(e[1]) };
    });
  }

  checkpointAt(treeSize: number): Promise<StoredCheckpoint | undefined> {
    return this.guard('reading a checkpoint', async () => {
      const v = await this.kv.get(checkpointKey(treeSize));
      return v === undefined ? undefined : { treeSize, note: decoder.decode(v) };
    });
  }

  listCheckpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]> {
    return this.guard('listing checkpoints', async () => {
      const out: StoredCheckpoint[] = [];
      const range = { gte: checkpointKey(fromSize), lt: prefixRange(PREFIX_CHECKPOINT).lt, limit };
      for await (const [k, v] of this.kv.iterate(range)) out.push({ treeSize: keyNumber(k), note: decoder.decode(v) });
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

  readPayloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
    return this.guard('reading payloads', async () => {
      const out: (PayloadRecord | undefined)[] = new Array(Math.max(0, end - start)).fill(undefined);
      if (end <= start) return out;
      const first = await this.first({ gte: prefixRange(PREFIX_PAYLOAD).gte, lte: payloadKey(start), reverse: true });
      const from = first === undefined ? payloadKey(start) : first[0];
      // Each chunk is decoded once, whatever the number of entries asked from it.
      for await (const [k, v] of this.kv.iterate({ gte: from, lt: payloadKey(end) })) {
        const chunkStart = keyNumber(k);
        decodePayloadChunk(v).forEach((record, i) => {
          const index = chunkStart + i;
          if (index >= start && index < end) out[index - start] = record;
        });
      }
      return out;
    });
  }

  readLeafIndex(leafHash: Uint8Array): Promise<number | undefined> {
    return this.guard('reading the hash index', async () => {
      const v = await this.kv.get(leafHashKey(leafHash));
      return v === undefined || v.length !== 8 ? undefined : keyNumber(v);
    });
  }

  readIdempotency(submitter: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.guard('reading an idempotency key', async () => {
      const v = await this.kv.get(idempotencyKey(submitter, key));
      return v === undefined ? undefined : decodeIdempotencyRecord(v);
    });
  }

  checkWritable(): Promise<void> {
    return this.guard('checking that the store takes writes', () =>
      this.kv.batch([{ key: WRITE_PROBE_KEY, value: utf8(new Date().toISOString()) }], { sync: true }),
    );
  }

  commitRound(round: RoundWrite): Promise<void> {
    return this.guard('committing a round', () => this.kv.batch(roundPuts(round), { sync: true }));
  }

  listCredentials(): Promise<StoredCredential[]> {
    return this.guard('reading credentials', async () => {
      const out: StoredCredential[] = [];
      for await (const [, v] of this.kv.iterate(prefixRange(PREFIX_CREDENTIAL))) {
        out.push(JSON.parse(decoder.decode(v)) as StoredCredential);
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

  close(): Promise<void> {
    return this.guard('closing the store', () => this.kv.close());
  }
}
