/**
 * Key layout of the index store (one LevelDB folder, `<data>/index/`). Keys sort bytewise, so
 * every number is fixed-width big-endian:
 *
 * - `0x00 'p'`                          → u64 position: entries 0..position-1 are indexed
 * - `0x00 'v'`                          → u8 format version (INDEX_FORMAT_VERSION)
 * - `tag u16(len) value u64(first)`     → a posting block: entry `first` has `value` for the
 *                                         field `tag`, and so has each entry the value lists
 *
 * The length prefix keeps one value's blocks contiguous and apart from every other value's (a
 * value may contain any byte), in index order: a posting list is one key range. A block holds
 * the entries of one value that one chunk indexed (one put per value per chunk, not one per
 * entry), within one aligned span of BLOCK_SPAN indexes: its value is the gaps between
 * consecutive entries as LEB128 varints (empty for a single entry). So a block that may hold an
 * index >= t starts at or after alignDown(t), and one that may hold an index <= t starts at or
 * before t: a cursor finds its place in one seek, in either order.
 */
import { IndexError } from './errors.js';

/** The indexed fields (issue 13): filters of search, stream, export and erasure. */
export type IndexedField = 'actor' | 'action' | 'target' | 'submitter';

/** Every indexed field, in tag order. */
export const INDEXED_FIELDS: readonly IndexedField[] = ['actor', 'action', 'target', 'submitter'];

/** Bumped when the layout changes; a store of another version must be rebuilt (reindex). */
export const INDEX_FORMAT_VERSION = 2;

/** Posting blocks never cross a multiple of this (keys.ts file comment). */
export const BLOCK_SPAN = 4096;

const TAGS: Record<IndexedField, number> = { actor: 1, action: 2, target: 3, submitter: 4 };

export const POSITION_KEY = Uint8Array.of(0x00, 0x70);
export const VERSION_KEY = Uint8Array.of(0x00, 0x76);

/**
 * `tag u16(len) value`: the prefix of every posting of (field, value). Requires value <= 65535
 * UTF-8 bytes. (node Buffers: the follower builds one key per posting, and TextEncoder plus a
 * DataView per key cost several times more.)
 */
export function postingPrefix(field: IndexedField, value: string): Uint8Array {
  const length = Buffer.byteLength(value, 'utf8');
  if (length > 0xffff) throw new IndexError('INVALID_FILTER', `a ${field} value is limited to 65535 UTF-8 bytes`);
  const out = Buffer.allocUnsafe(3 + length);
  out[0] = TAGS[field];
  out.writeUInt16BE(length, 1);
  out.write(value, 3, 'utf8');
  return out;
}

/** The key of the posting block of (prefix) starting at entry `index`. Requires 0 <= index <= 2^53-1. */
export function postingKey(prefix: Uint8Array, index: number): Uint8Array {
  const out = Buffer.allocUnsafe(prefix.length + 8);
  out.set(prefix, 0);
  out.writeUInt32BE(Math.floor(index / 2 ** 32), prefix.length);
  out.writeUInt32BE(index % 2 ** 32, prefix.length + 4);
  return out;
}

/** The first index of a posting block, at the end of its key. */
export function postingIndex(key: Uint8Array): number {
  return readU64(key, key.length - 8);
}

/** An 8-byte big-endian encoding of a safe integer >= 0. */
export function encodeU64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  writeU64(out, 0, value);
  return out;
}

/** Reads an 8-byte big-endian value; throws INDEX_CORRUPT when it is not 8 bytes or not safe. */
export function decodeU64(bytes: Uint8Array, what: string): number {
  if (bytes.length !== 8) throw new IndexError('INDEX_CORRUPT', `the index's ${what} is ${bytes.length} bytes, not 8: run \`cairn reindex\``);
  const value = readU64(bytes, 0);
  if (!Number.isSafeInteger(value)) throw new IndexError('INDEX_CORRUPT', `the index's ${what} is out of range: run \`cairn reindex\``);
  return value;
}

function writeU64(out: Uint8Array, offset: number, value: number): void {
  const high = Math.floor(value / 2 ** 32);
  const low = value % 2 ** 32;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(offset, high);
  view.setUint32(offset + 4, low);
}

function readU64(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(offset) * 2 ** 32 + view.getUint32(offset + 4);
}

/**
 * Appends the block of `indexes[from..to)` (strictly increasing, within one BLOCK_SPAN) to
 * `out` at `offset`: the gaps after the first, as LEB128 varints. Returns the new offset.
 * Requires room for 2 bytes per gap (gaps within a span are below 2^14).
 */
export function writeBlockGaps(out: Uint8Array, offset: number, indexes: readonly number[], from: number, to: number): number {
  let o = offset;
  for (let i = from + 1; i < to; i++) {
    let gap = indexes[i]! - indexes[i - 1]!;
    while (gap >= 0x80) {
      out[o++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    out[o++] = gap;
  }
  return o;
}

/**
 * Calls `each` for every index of the block starting at `first` whose gaps are `gaps`, in
 * increasing order. Throws INDEX_CORRUPT on a truncated varint.
 */
export function forEachBlockIndex(first: number, gaps: Uint8Array, each: (index: number) => void): void {
  let index = first;
  each(index);
  for (let o = 0; o < gaps.length;) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      if (o >= gaps.length || shift > 28) throw new IndexError('INDEX_CORRUPT', 'a posting block of the index is damaged: run `cairn reindex`');
      byte = gaps[o++]!;
      gap |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    index += gap;
    each(index);
  }
}
