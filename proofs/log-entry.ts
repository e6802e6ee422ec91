/**
 * The leaf codec: `cairn.v1.LogEntry` (SPEC §3) <-> bytes, with uint64 nanoseconds as `bigint`.
 *
 * This is the one place that crosses protobufjs's uint64 trap (TOOLING.md "protobufjs 8"): a
 * bigint given to the generated `encode()` is silently written as 0, and `decode()` returns a
 * `Long` (or a lossy number when long.js is absent). Here every uint64 goes in as explicit
 * {low, high} 32-bit halves, which protobufjs writes exactly with or without long.js, and comes
 * out as an exact bigint.
 *
 * Decoding is strict: the bytes must be the canonical encoding of a valid entry, i.e. exactly what
 * encodeLogEntry writes (fields in order, no defaults written, no unknown fields or wire types,
 * no duplicates, minimal varints, valid UTF-8). One entry has one spelling, so two parties can
 * never decode the same leaf differently, and leaves are hashed and served as stored, never
 * re-encoded.
 *
 * Browser-safe: generated static code over protobufjs/minimal, no node: imports.
 */
import { cairn } from '../proto/gen/cairn.js';
// MAX_ENTRY_SIZE: entry bundles prefix each entry with a uint16 length (C2SP tlog-tiles), so no
// longer leaf could ever be served.
import { MAX_ENTRY_SIZE, equalBytes } from '../merkle/index.js';
import { COMMITMENT_SIZE } from './commitment.js';
import { fail } from './errors.js';
import { numberSize, writeNumber, writeUint64 } from './varint.js';

/** A decoded leaf (SPEC §3). Times are nanoseconds since the Unix epoch, UTC. */
export interface LogEntry {
  /** Recorded time assigned by the log; 1..2^64-1, strictly increasing with the index. */
  timestamp: bigint;
  /** Name of the credential that appended the entry. */
  submitter: string;
  /** The Content-Type the writer sent. */
  contentType: string;
  /** SHA-256(nonce || payload), 32 bytes. */
  commitment: Uint8Array;
  /** Length of the payload in bytes, 0..2^53-1. */
  payloadSize: number;
  /** The writer's own time for the event, 0..2^64-1; 0n = not given. */
  occurredAt: bigint;
  /**
   * True when the log's clock was not synchronised with NTP as it stamped `timestamp` (field 7,
   * clock policy `flag`, docs/time.md). Written only when true, so an unflagged leaf has the
   * bytes it had before the field existed; decodeLogEntry sets it only when the leaf carries it
   * (absent means false).
   */
  clockUnsynchronized?: boolean;
}

const MAX_UINT64 = (1n << 64n) - 1n;
const LOW_32_BITS = 0xffffffffn;

/** A uint64 field value as the generated protobufjs code reads and writes it. */
export type ProtoUint64 = NonNullable<cairn.v1.LogEntry.$Properties['timestamp']>;

// A lone UTF-16 surrogate cannot be written as UTF-8: protobufjs would write bytes that no strict
// decoder (this one included) reads back.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Encodes a LogEntry as protobuf bytes (SPEC §3), the exact bytes the tree hashes.
 *
 * Requires: timestamp a bigint in [1, 2^64-1]; occurredAt a bigint in [0, 2^64-1];
 * payloadSize a safe integer >= 0; commitment a Uint8Array of 32 bytes; submitter and
 * contentType strings without lone surrogates; clockUnsynchronized a boolean or absent (false
 * is not written); the result at most MAX_ENTRY_SIZE bytes.
 * Otherwise throws VerificationError INVALID_ARGUMENT. The server's round encodes its leaves
 * with encodeLogEntries (one buffer per round), the same bytes.
 */
export function encodeLogEntry(e: LogEntry): Uint8Array {
  checkEntry(e);
  return encodeFields(e);
}

/** Leaves encoded side by side in one buffer by `encodeLogEntries`. */
export interface EncodedLogEntries {
  /** All the leaves, each preceded by `reserve` zero bytes. */
  buffer: Uint8Array;
  /** Where record i (its reserved bytes, then its leaf) starts; `offsets[k]` = buffer.length. */
  offsets: Uint32Array;
  /** Leaf i: a view of `buffer`, the exact bytes encodeLogEntry returns for entry i. */
  leaves: Uint8Array[];
}

/**
 * Encodes many LogEntries into ONE buffer (SPEC §3), byte for byte what encodeLogEntry writes
 * for each, with `reserve` zero bytes before every leaf: with reserve 1, record i is
 * 0x00 || leaf, the input of its RFC 6962 leaf hash, hashed in place without a copy. One
 * allocation per batch instead of several per entry (the sequencer's round, issue 17).
 *
 * Requires every entry to satisfy encodeLogEntry's preconditions (checked: throws
 * VerificationError INVALID_ARGUMENT naming the field, and nothing is returned) and
 * 0 <= reserve <= 16.
 */
export function encodeLogEntries(entries: readonly LogEntry[], reserve = 0): EncodedLogEntries {
  if (!Number.isInteger(reserve) || reserve < 0 || reserve > 16) fail('INVALID_ARGUMENT', 'reserve must be an integer in [0, 16]');
  const k = entries.length;
  // Room for each entry at its largest varints: the uint64s' exact lengths are found by writing.
  let room = 0;
  for (let i = 0; i < k; i++) {
    const e = entries[i]!;
    checkEntry(e);
    room += reserve + fieldsRoom(e);
  }
  const buffer = new Uint8Array(room);
  const offsets = new Uint32Array(k + 1);
  const leaves: Uint8Array[] = new Array(k);
  let pos = 0;
  for (let i = 0; i < k; i++) {
    offsets[i] = pos;
    const start = pos + reserve;
    pos = writeFields(buffer, start, entries[i]!);
    checkSize(pos - start);
    leaves[i] = buffer.subarray(start, pos);
  }
  offsets[k] = pos;
  // The room left by shorter varints stays unused at the end.
  return { buffer: buffer.subarray(0, pos), offsets, leaves };
}

/**
 * Decodes leaf bytes into a LogEntry (SPEC §3).
 *
 * Strict: throws VerificationError MALFORMED_ENTRY on input that is not a Uint8Array, longer than
 * MAX_ENTRY_SIZE, truncated or otherwise not protobuf, a field with the wrong wire type, an
 * unknown field, invalid UTF-8, a commitment that is not 32 bytes, a payloadSize above 2^53-1,
 * a timestamp of 0, or any encoding other than the canonical one encodeLogEntry writes (an
 * explicit clock_unsynchronized = false, or a bool varint other than 1, included).
 */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  if (!(bytes instanceof Uint8Array)) fail('MALFORMED_ENTRY', 'entry must be a Uint8Array');
  if (bytes.length > MAX_ENTRY_SIZE) fail('MALFORMED_ENTRY', `entry is ${bytes.length} bytes, more than ${MAX_ENTRY_SIZE}`);
  let message: cairn.v1.LogEntry;
  try {
    message = cairn.v1.LogEntry.decode(bytes);
  } catch (cause) {
    fail('MALFORMED_ENTRY', 'entry is not a protobuf cairn.v1.LogEntry (truncated or malformed)', cause);
  }
  // Set only if someone turned protobufjs's global Reader.discardUnknown off; refused either way.
  if (message.$unknowns !== undefined && message.$unknowns.length > 0) {
    fail('MALFORMED_ENTRY', 'entry has an unknown field or a field with the wrong wire type');
  }
  const timestamp = fromUint64(message.timestamp, 'timestamp');
  if (timestamp === 0n) fail('MALFORMED_ENTRY', 'entry has no timestamp');
  const payloadSize = fromUint64(message.payloadSize, 'payloadSize');
  if (payloadSize > BigInt(Number.MAX_SAFE_INTEGER)) fail('MALFORMED_ENTRY', 'entry payloadSize is larger than 2^53-1');
  if (message.commitment.length !== COMMITMENT_SIZE) {
    fail('MALFORMED_ENTRY', `entry commitment must be ${COMMITMENT_SIZE} bytes, got ${message.commitment.length}`);
  }
  const entry: LogEntry = {
    timestamp,
    submitter: message.submitter,
    contentType: message.contentType,
    // A copy: the decoder may hand out a view of the input (or a Node Buffer).
    commitment: new Uint8Array(message.commitment),
    payloadSize: Number(payloadSize),
    occurredAt: fromUint64(message.occurredAt, 'occurredAt'),
  };
  // Only when set: an unflagged leaf decodes to exactly the object it did before field 7.
  if (message.clockUnsynchronized) entry.clockUnsynchronized = true;
  // The decoder skips unknown fields and wrong wire types, keeps the last of duplicated fields
  // and accepts padded varints: re-encoding exposes all of these at once.
  if (!equalBytes(encodeFields(entry), bytes)) {
    fail('MALFORMED_ENTRY', 'entry is not the canonical encoding (unknown field, wrong wire type, duplicate or out-of-order field, or padded varint)');
  }
  return entry;
}

/** Checks encodeLogEntry's preconditions on `e` (not its encoded size). */
function checkEntry(e: LogEntry): void {
  if (typeof e !== 'object' || e === null) fail('INVALID_ARGUMENT', 'entry must be a LogEntry object');
  checkUint64(e.timestamp, 'timestamp');
  if (e.timestamp === 0n) fail('INVALID_ARGUMENT', 'entry timestamp must not be 0');
  checkUint64(e.occurredAt, 'occurredAt');
  checkString(e.submitter, 'submitter');
  checkString(e.contentType, 'contentType');
  if (!(e.commitment instanceof Uint8Array) || e.commitment.length !== COMMITMENT_SIZE) {
    fail('INVALID_ARGUMENT', `entry commitment must be a Uint8Array of ${COMMITMENT_SIZE} bytes`);
  }
  if (!Number.isSafeInteger(e.payloadSize) || e.payloadSize < 0) {
    fail('INVALID_ARGUMENT', 'entry payloadSize must be a safe integer >= 0');
  }
  if (e.clockUnsynchronized !== undefined && typeof e.clockUnsynchronized !== 'boolean') {
    fail('INVALID_ARGUMENT', 'entry clockUnsynchronized must be a boolean or absent');
  }
}

function checkSize(size: number): void {
  if (size > MAX_ENTRY_SIZE) {
    fail('INVALID_ARGUMENT', `entry encodes to ${size} bytes, more than the ${MAX_ENTRY_SIZE} an entry bundle can hold`);
  }
}

/**
 * Writes the fields without checking them (callers have): the canonical proto3 encoding the
 * generated cairn.v1.LogEntry.encode writes (fields in number order, defaults omitted, minimal
 * varints), by hand so that it can write into a caller's buffer (test/proofs/log-entry-batch
 * checks it against protobufjs byte for byte).
 */
function encodeFields(e: LogEntry): Uint8Array {
  const out = new Uint8Array(fieldsRoom(e));
  const end = writeFields(out, 0, e);
  checkSize(end);
  return out.slice(0, end);
}

/** UTF-8 length of `s`, as protobufjs's util.utf8.length counts it (valid strings: exact UTF-8). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++;
      n += 4;
    } else n += 3;
  }
  return n;
}

/** Writes `s` as UTF-8 at `pos` like protobufjs's util.utf8.write (no allocation); returns the end. */
function writeUtf8(out: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) out[pos++] = c;
    else if (c < 0x800) {
      out[pos++] = (c >> 6) | 0xc0;
      out[pos++] = (c & 0x3f) | 0x80;
    } else if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c = 0x10000 + ((c & 0x03ff) << 10) + (s.charCodeAt(++i) & 0x03ff);
      out[pos++] = (c >> 18) | 0xf0;
      out[pos++] = ((c >> 12) & 0x3f) | 0x80;
      out[pos++] = ((c >> 6) & 0x3f) | 0x80;
      out[pos++] = (c & 0x3f) | 0x80;
    } else {
      out[pos++] = (c >> 12) | 0xe0;
      out[pos++] = ((c >> 6) & 0x3f) | 0x80;
      out[pos++] = (c & 0x3f) | 0x80;
    }
  }
  return pos;
}

/** At least the encoded size of the fields of `e`: exact but for the varints of the uint64 fields, counted at 10 bytes. */
function fieldsRoom(e: LogEntry): number {
  let n = 1 + 10;
  const submitter = utf8Length(e.submitter);
  if (submitter > 0) n += 1 + numberSize(submitter) + submitter;
  const contentType = utf8Length(e.contentType);
  if (contentType > 0) n += 1 + numberSize(contentType) + contentType;
  n += 2 + COMMITMENT_SIZE;
  if (e.payloadSize !== 0) n += 1 + numberSize(e.payloadSize);
  if (e.occurredAt !== 0n) n += 1 + 10;
  if (e.clockUnsynchronized === true) n += 2;
  return n;
}

/** Writes the fields of `e` at `pos` (room checked by the caller); returns the end. */
function writeFields(out: Uint8Array, pos: number, e: LogEntry): number {
  out[pos++] = 0x08; // field 1 timestamp, varint (never 0)
  pos = writeUint64(out, pos, e.timestamp);
  pos = writeString(out, pos, 0x12, e.submitter); // field 2 submitter, length-delimited
  pos = writeString(out, pos, 0x1a, e.contentType); // field 3 content_type
  out[pos++] = 0x22; // field 4 commitment, always 32 bytes
  out[pos++] = COMMITMENT_SIZE;
  out.set(e.commitment, pos);
  pos += COMMITMENT_SIZE;
  if (e.payloadSize !== 0) {
    out[pos++] = 0x28; // field 5 payload_size
    pos = writeNumber(out, pos, e.payloadSize);
  }
  if (e.occurredAt !== 0n) {
    out[pos++] = 0x30; // field 6 occurred_at
    pos = writeUint64(out, pos, e.occurredAt);
  }
  if (e.clockUnsynchronized === true) {
    out[pos++] = 0x38; // field 7 clock_unsynchronized = true
    out[pos++] = 1;
  }
  return pos;
}

/** A string field (omitted when empty, as proto3 omits defaults). */
function writeString(out: Uint8Array, pos: number, tag: number, s: string): number {
  if (s.length === 0) return pos;
  out[pos++] = tag;
  // Short strings (the usual case) have a one-byte length: write them, then the length.
  if (s.length < 32) {
    const end = writeUtf8(out, pos + 1, s);
    out[pos] = end - pos - 1;
    return end;
  }
  pos = writeNumber(out, pos, utf8Length(s));
  return writeUtf8(out, pos, s);
}

/**
 * A uint64 in the form the generated code writes exactly: a number up to 2^53-1, explicit
 * {low, high} 32-bit halves above (protobufjs's util.LongBits.from reads any such object, with or
 * without long.js; a bigint would be written as 0). Requires 0 <= value <= 2^64-1 (unchecked).
 * For the codecs of proofs/ (receipts use it too); not part of the client's API.
 */
export function toProtoUint64(value: bigint): ProtoUint64 {
  if (value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  const halves = { low: Number(value & LOW_32_BITS) | 0, high: Number(value >> 32n) | 0, unsigned: true };
  return halves as unknown as ProtoUint64;
}

/**
 * The exact bigint of a uint64 the generated code decoded (a long.js Long, or a number when
 * long.js is absent; null or undefined, an absent field, is proto3's default 0), or undefined
 * when it was decoded into an inexact number (above 2^53-1 without long.js). For the codecs of
 * proofs/ and server/; not part of the client's API.
 */
export function fromProtoUint64(value: number | { low: number; high: number } | null | undefined): bigint | undefined {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

function fromUint64(value: number | { low: number; high: number }, what: string): bigint {
  const exact = fromProtoUint64(value);
  if (exact === undefined) fail('MALFORMED_ENTRY', `entry ${what} cannot be read exactly`);
  return exact;
}

function checkUint64(value: bigint, what: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_UINT64) {
    fail('INVALID_ARGUMENT', `entry ${what} must be a bigint in [0, 2^64-1]`);
  }
}

function checkString(value: string, what: string): void {
  if (typeof value !== 'string') fail('INVALID_ARGUMENT', `entry ${what} must be a string`);
  if (LONE_SURROGATE.test(value)) fail('INVALID_ARGUMENT', `entry ${what} contains a lone UTF-16 surrogate`);
}
