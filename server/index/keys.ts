/**
 * Key layout of the index store (one LevelDB folder, `<data>/index/`). Keys sort bytewise, so
 * every number is fixed-width big-endian:
 *
 * - `0x00 'p'`                          → u64 position: entries 0..position-1 are indexed
 * - `0x00 'v'`                          → u8 format version (INDEX_FORMAT_VERSION)
 * - `tag u16(len) value u64(index)`     → empty: entry `index` has `value` for the field `tag`
 *
 * The length prefix keeps one value's postings contiguous and apart from every other value's
 * (a value may contain any byte), in index order: a posting list is one key range.
 */
import { IndexError } from './errors.js';

/** The indexed fields (issue 13): filters of search, stream, export and erasure. */
export type IndexedField = 'actor' | 'action' | 'target' | 'submitter';

/** Every indexed field, in tag order. */
export const INDEXED_FIELDS: readonly IndexedField[] = ['actor', 'action', 'target', 'submitter'];

/** Bumped when the layout changes; a store of another version must be rebuilt (reindex). */
export const INDEX_FORMAT_VERSION = 1;

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

/** The posting key of (prefix, index). Requires 0 <= index <= 2^53-1. */
export function postingKey(prefix: Uint8Array, index: number): Uint8Array {
  const out = Buffer.allocUnsafe(prefix.length + 8);
  out.set(prefix, 0);
  out.writeUInt32BE(Math.floor(index / 2 ** 32), prefix.length);
  out.writeUInt32BE(index % 2 ** 32, prefix.length + 4);
  return out;
}

/** The index at the end of a posting key. */
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
