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
 * Otherwise throws VerificationError INVALID_ARGUMENT. On the server's hot path (measured
 * about 450k entries/s on one core): no fromObject, no intermediate message object.
 */
export function encodeLogEntry(e: LogEntry): Uint8Array {
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
  const bytes = encodeFields(e);
  if (bytes.length > MAX_ENTRY_SIZE) {
    fail('INVALID_ARGUMENT', `entry encodes to ${bytes.length} bytes, more than the ${MAX_ENTRY_SIZE} an entry bundle can hold`);
  }
  return bytes;
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

/** Writes the fields without checking them (callers have). */
function encodeFields(e: LogEntry): Uint8Array {
  const written = cairn.v1.LogEntry.encode({
    timestamp: toProtoUint64(e.timestamp),
    submitter: e.submitter,
    contentType: e.contentType,
    commitment: e.commitment,
    payloadSize: e.payloadSize,
    occurredAt: toProtoUint64(e.occurredAt),
    clockUnsynchronized: e.clockUnsynchronized === true,
  }).finish();
  // Node's writer returns a Buffer; Uint8Array is the only bytes type we hand out.
  const out = new Uint8Array(written.length);
  out.set(written);
  return out;
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
