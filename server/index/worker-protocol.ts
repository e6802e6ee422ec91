/**
 * The messages between WorkerIndexStore (the calling thread) and the index worker
 * (index-worker.ts), and the packing of a chunk's leaves and payloads into two transferable
 * buffers: a list of subarrays would be cloned with every backing buffer it points into.
 */
import type { SourcePayload } from './entry-source.js';
import type { IndexedChunk, SearchOrder } from './index-store.js';
import type { JoinFilter } from './merge-join.js';

/** A request, numbered by the caller. */
export type WorkerRequest = { id: number } & (
  | { op: 'readPosition' }
  | { op: 'indexEntries'; first: number; position: number; leaves: PackedBytes; payloads: PackedBytes }
  | { op: 'joinPostings'; filters: JoinFilter[]; range: { start: number; end: number }; next: number; order: SearchOrder; count: number }
  | { op: 'readPurged' }
  | { op: 'purge'; indexes: number[]; record: number }
  | { op: 'clear' }
  | { op: 'close' }
);

/** The answer to request `id`. */
export type WorkerReply = { id: number } & ({ ok: true; value: number | number[] | IndexedChunk | undefined } | { ok: false; error: WireError });

/** An error as it crosses threads: enough to rebuild an IndexError or a coded level error. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  causeCode?: string;
}

/** Byte strings in one buffer: item i is bytes[ends[i-1]..ends[i]), absent where present[i] is 0. */
export interface PackedBytes {
  bytes: Uint8Array;
  ends: Uint32Array;
  present: Uint8Array;
}

/** Packs `items` (undefined where absent). Requires a total below 4 GiB. */
export function packBytes(items: readonly (Uint8Array | undefined)[]): PackedBytes {
  let total = 0;
  for (const item of items) total += item?.length ?? 0;
  const bytes = new Uint8Array(total);
  const ends = new Uint32Array(items.length);
  const present = new Uint8Array(items.length);
  let o = 0;
  items.forEach((item, i) => {
    if (item !== undefined) {
      bytes.set(item, o);
      o += item.length;
      present[i] = 1;
    }
    ends[i] = o;
  });
  return { bytes, ends, present };
}

/** The items of packBytes, as views into its buffer. */
export function unpackBytes(packed: PackedBytes): (Uint8Array | undefined)[] {
  const out: (Uint8Array | undefined)[] = new Array(packed.ends.length);
  let o = 0;
  for (let i = 0; i < packed.ends.length; i++) {
    const end = packed.ends[i]!;
    out[i] = packed.present[i] === 1 ? packed.bytes.subarray(o, end) : undefined;
    o = end;
  }
  return out;
}

/** The payloads of a chunk packed (only the bytes the index reads: no nonce). */
export function packPayloads(payloads: readonly (SourcePayload | undefined)[]): PackedBytes {
  return packBytes(payloads.map((p) => p?.payload));
}

/** An error made fit for postMessage. */
export function toWireError(err: unknown): WireError {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof e?.cause?.code === 'string' ? { causeCode: e.cause.code } : {}),
  };
}
