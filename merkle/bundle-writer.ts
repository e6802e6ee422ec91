/**
 * C2SP tlog-tiles entry bundles (c2sp.org/tlog-tiles, "Log entries"): the log's entries in
 * groups of 256, laid out like level-0 tiles, each entry as a big-endian uint16 length followed
 * by its bytes. BundleWriter keeps the bundle that is still filling and reports, for each batch
 * of appended entries, the bundles that changed.
 */
import { MerkleError } from './errors.js';
import { checkSize } from './node-id.js';
import { TILE_WIDTH } from './tile.js';

/** The largest entry a bundle can hold: its length is written as a uint16. */
export const MAX_ENTRY_SIZE = 65535;

const LENGTH_PREFIX = 2;

/** An entry bundle whose contents changed, with its whole current contents. */
export interface ChangedBundle {
  index: number;
  /** 1..256; 256 means the bundle is full and will never change again. */
  width: number;
  /** The encoded bundle (see encodeEntryBundle). A fresh array owned by the caller. */
  bytes: Uint8Array;
}

/**
 * Encodes 1..256 entries (each at most MAX_ENTRY_SIZE bytes) as one bundle: for each entry a
 * big-endian uint16 length, then its bytes. Throws MerkleError INVALID_ARGUMENT otherwise.
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > TILE_WIDTH) {
    throw new MerkleError('INVALID_ARGUMENT', `an entry bundle holds 1 to ${TILE_WIDTH} entries`);
  }
  checkEntries(entries);
  let length = 0;
  for (const entry of entries) length += LENGTH_PREFIX + entry.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const entry of entries) offset = writeEntry(out, offset, entry);
  return out;
}

/**
 * Parses an encoded bundle into its entries. Strict: at least one and at most 256 entries,
 * no truncated length or entry, no trailing bytes, and exactly `expectedWidth` entries when
 * given (an integer in 1..256). Throws MerkleError INVALID_ARGUMENT saying what is wrong. The
 * entries are views into `bytes` (no copy): the exact bytes that were hashed.
 */
export function parseEntryBundle(bytes: Uint8Array, expectedWidth?: number): Uint8Array[] {
  if (!(bytes instanceof Uint8Array)) throw new MerkleError('INVALID_ARGUMENT', 'entry bundle must be a Uint8Array');
  if (expectedWidth !== undefined && (!Number.isInteger(expectedWidth) || expectedWidth < 1 || expectedWidth > TILE_WIDTH)) {
    throw new MerkleError('INVALID_ARGUMENT', `expectedWidth must be an integer in [1, ${TILE_WIDTH}], got ${String(expectedWidth)}`);
  }
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (entries.length === TILE_WIDTH) {
      throw new MerkleError('INVALID_ARGUMENT', `entry bundle has bytes after its ${TILE_WIDTH}th entry`);
    }
    if (offset + LENGTH_PREFIX > bytes.length) {
      throw new MerkleError('INVALID_ARGUMENT', `entry bundle is truncated: entry ${entries.length} has a partial length prefix`);
    }
    const length = bytes[offset]! * 256 + bytes[offset + 1]!;
    offset += LENGTH_PREFIX;
    if (offset + length > bytes.length) {
      throw new MerkleError('INVALID_ARGUMENT', `entry bundle is truncated: entry ${entries.length} needs ${length} bytes, ${bytes.length - offset} remain`);
    }
    entries.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (entries.length === 0) throw new MerkleError('INVALID_ARGUMENT', 'entry bundle is empty');
  if (expectedWidth !== undefined && entries.length !== expectedWidth) {
    throw new MerkleError('INVALID_ARGUMENT', `entry bundle has ${entries.length} entries, expected ${expectedWidth}`);
  }
  return entries;
}

/** The bundle that is still filling, kept encoded, so a change costs one copy. */
export class BundleWriter {
  #treeSize: number;
  #buffer: Uint8Array;
  #used: number;

  private constructor(treeSize: number, buffer: Uint8Array, used: number) {
    this.#treeSize = treeSize;
    this.#buffer = buffer;
    this.#used = used;
  }

  /** The writer of an empty log. */
  static empty(): BundleWriter {
    return new BundleWriter(0, new Uint8Array(4096), 0);
  }

  /**
   * A writer that continues a log of size treeSize. When treeSize is not a multiple of 256,
   * `partialBundle` must be the encoded partial bundle of width treeSize mod 256; otherwise it
   * must be absent. Throws MerkleError INVALID_ARGUMENT on a mismatch or a malformed bundle.
   * The bytes are copied.
   */
  static restore(treeSize: number, partialBundle?: Uint8Array): BundleWriter {
    checkSize(treeSize, 'treeSize');
    const width = treeSize % TILE_WIDTH;
    if (width === 0) {
      if (partialBundle !== undefined) {
        throw new MerkleError('INVALID_ARGUMENT', `a tree of size ${treeSize} has no partial entry bundle, but one was given`);
      }
      return new BundleWriter(treeSize, new Uint8Array(4096), 0);
    }
    if (partialBundle === undefined) {
      throw new MerkleError('INVALID_ARGUMENT', `a tree of size ${treeSize} needs its partial entry bundle (width ${width})`);
    }
    parseEntryBundle(partialBundle, width);
    const buffer = new Uint8Array(Math.max(4096, partialBundle.length * 2));
    buffer.set(partialBundle);
    return new BundleWriter(treeSize, buffer, partialBundle.length);
  }

  /** The number of entries appended so far. */
  get treeSize(): number {
    return this.#treeSize;
  }

  /**
   * Appends entries (each at most MAX_ENTRY_SIZE bytes) and returns every bundle whose
   * contents changed, by index, each with its full current contents: the bundles that filled
   * up (width 256) and the partial bundle that grew. Validates everything first: on a
   * MerkleError INVALID_ARGUMENT nothing has changed.
   */
  append(entries: readonly Uint8Array[]): ChangedBundle[] {
    if (!Array.isArray(entries)) throw new MerkleError('INVALID_ARGUMENT', 'entries must be an array');
    checkEntries(entries);
    if (!Number.isSafeInteger(this.#treeSize + entries.length)) {
      throw new MerkleError('INVALID_ARGUMENT', 'the log would grow beyond 2^53-1 entries');
    }
    const changed: ChangedBundle[] = [];
    for (const entry of entries) {
      this.#reserve(LENGTH_PREFIX + entry.length);
      this.#used = writeEntry(this.#buffer, this.#used, entry);
      this.#treeSize++;
      if (this.#treeSize % TILE_WIDTH === 0) {
        changed.push({ index: this.#treeSize / TILE_WIDTH - 1, width: TILE_WIDTH, bytes: this.#buffer.slice(0, this.#used) });
        this.#used = 0;
      }
    }
    const width = this.#treeSize % TILE_WIDTH;
    // Only report the partial bundle if this batch added to it.
    if (width > 0 && entries.length > 0) {
      changed.push({ index: Math.floor(this.#treeSize / TILE_WIDTH), width, bytes: this.#buffer.slice(0, this.#used) });
    }
    return changed;
  }

  /** An independent copy: appending to one does not change the other. */
  clone(): BundleWriter {
    return new BundleWriter(this.#treeSize, this.#buffer.slice(), this.#used);
  }

  // Grows the buffer geometrically so that a bundle of n bytes costs O(n) copying overall.
  #reserve(extra: number): void {
    const needed = this.#used + extra;
    if (needed <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
    grown.set(this.#buffer.subarray(0, this.#used));
    this.#buffer = grown;
  }
}

function checkEntries(entries: readonly Uint8Array[]): void {
  entries.forEach((entry, i) => {
    if (!(entry instanceof Uint8Array)) throw new MerkleError('INVALID_ARGUMENT', `entries[${i}] must be a Uint8Array`);
    if (entry.length > MAX_ENTRY_SIZE) {
      throw new MerkleError('INVALID_ARGUMENT', `entries[${i}] is ${entry.length} bytes; an entry bundle holds at most ${MAX_ENTRY_SIZE}`);
    }
  });
}

function writeEntry(out: Uint8Array, offset: number, entry: Uint8Array): number {
  out[offset] = Math.floor(entry.length / 256);
  out[offset + 1] = entry.length % 256;
  out.set(entry, offset + LENGTH_PREFIX);
  return offset + LENGTH_PREFIX + entry.length;
}
