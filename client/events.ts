/**
 * What the client sends for an event (SPEC §3, §4): the payload bytes, its content type, the
 * Event-Time, and the idempotency key that makes retries safe.
 *
 * Browser-safe: TextEncoder and crypto.getRandomValues; no node: imports.
 */
import { toHex } from '../merkle/index.js';
import { VerificationError, encodeBase64, fail, formatTimestamp, parseTimestamp } from '../proofs/index.js';
import type { BatchEntryJson, BatchRequestJson } from './wire-types.js';

/** One event to append. */
export interface AppendEvent {
  /** The event exactly as it is to be stored: bytes, or text sent as UTF-8. */
  payload: Uint8Array | string;
  /**
   * The media type written into the leaf. Default: `text/plain; charset=utf-8` for a string,
   * `application/octet-stream` for bytes. Say `application/json` for JSON events.
   */
  contentType?: string;
  /**
   * The key under which the log remembers this event for this credential: sending it again
   * returns the original receipt instead of a new entry. Default: a fresh random key per event
   * (128 bits), which makes the client's own retries safe. Give your own (e.g. your event's
   * id) to make retries across process restarts safe too.
   */
  idempotencyKey?: string;
  /**
   * When the event happened in the writer's world (SPEC §3 occurred_at): nanoseconds since the
   * epoch, a Date, or RFC 3339 text (up to nanoseconds). The log refuses times too far in the
   * future.
   */
  occurredAt?: bigint | Date | string;
}

/** An event ready to send: every default applied, every value checked. */
export interface PreparedEvent {
  payload: Uint8Array;
  contentType: string;
  idempotencyKey: string;
  /** True when the client made the key (so a replay can only be of this very event). */
  freshKey: boolean;
  /** RFC 3339 with nanoseconds, or undefined when not given. */
  eventTime: string | undefined;
  /** occurredAt in ns, 0n when not given (as the leaf stores it). */
  occurredAtNs: bigint;
}

const TEXT_TYPE = 'text/plain; charset=utf-8';
const BYTES_TYPE = 'application/octet-stream';
const ENCODER = new TextEncoder();

/** 128 random bits as 32 hex digits (crypto.getRandomValues works in every browser context). */
export function freshIdempotencyKey(): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Applies the defaults to `event` and checks its types. Throws VerificationError
 * INVALID_ARGUMENT for a payload that is neither bytes nor text, a content type or key that is
 * not printable ASCII, or an occurredAt that is not a valid time. The server checks sizes and
 * the future-skew limit.
 */
export function prepareEvent(event: AppendEvent, what = 'event'): PreparedEvent {
  if (typeof event !== 'object' || event === null) fail('INVALID_ARGUMENT', `${what} must be an object`);
  const { payload } = event;
  let bytes: Uint8Array;
  if (typeof payload === 'string') bytes = ENCODER.encode(payload);
  else if (payload instanceof Uint8Array) bytes = payload;
  else fail('INVALID_ARGUMENT', `${what}.payload must be a Uint8Array or a string`);
  const contentType = event.contentType ?? (typeof payload === 'string' ? TEXT_TYPE : BYTES_TYPE);
  if (typeof contentType !== 'string' || !/^[\x20-\x7e]{1,256}$/.test(contentType)) {
    fail('INVALID_ARGUMENT', `${what}.contentType must be 1 to 256 printable ASCII characters, e.g. application/json`);
  }
  const freshKey = event.idempotencyKey === undefined;
  const idempotencyKey = event.idempotencyKey ?? freshIdempotencyKey();
  if (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]+$/.test(idempotencyKey)) {
    fail('INVALID_ARGUMENT', `${what}.idempotencyKey must be visible ASCII characters without spaces, e.g. a UUID`);
  }
  const occurredAtNs = event.occurredAt === undefined ? 0n : occurredAtToNs(event.occurredAt, what);
  return {
    payload: bytes,
    contentType,
    idempotencyKey,
    freshKey,
    eventTime: event.occurredAt === undefined ? undefined : formatTimestamp(occurredAtNs),
    occurredAtNs,
  };
}

function occurredAtToNs(value: bigint | Date | string, what: string): bigint {
  try {
    if (typeof value === 'bigint') {
      formatTimestamp(value);
      return value;
    }
    if (value instanceof Date) {
      const ms = value.getTime();
      if (!Number.isSafeInteger(ms) || ms < 0) fail('INVALID_ARGUMENT', 'the Date is invalid or before 1970');
      return BigInt(ms) * 1_000_000n;
    }
    if (typeof value === 'string') return parseTimestamp(value);
  } catch (cause) {
    if (!(cause instanceof VerificationError)) throw cause;
    fail('INVALID_ARGUMENT', `${what}.occurredAt: ${cause.message}`, cause);
  }
  fail('INVALID_ARGUMENT', `${what}.occurredAt must be a bigint of nanoseconds, a Date or RFC 3339 text`);
}

/** The JSON body of POST /v1/entries/batch (SPEC §4), payloads as base64 so bytes stay exact. */
export function batchBody(events: readonly PreparedEvent[]): Uint8Array {
  const entries = events.map((e): BatchEntryJson => ({
    payload: encodeBase64(e.payload),
    contentType: e.contentType,
    idempotencyKey: e.idempotencyKey,
    ...(e.eventTime === undefined ? {} : { occurredAt: e.eventTime }),
  }));
  const body: BatchRequestJson = { entries };
  return ENCODER.encode(JSON.stringify(body));
}
