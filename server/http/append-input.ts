/**
 * The checks every event of an append goes through, single or batch (SPEC §3, §4): payload size,
 * content type, Event-Time / occurredAt, Idempotency-Key. Each failure is a ServerError whose
 * sentence names where the bad value was (a header, or `entries[i].member`) and, in a batch,
 * carries the entry's position as the problem member `entry`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { VerificationError, parseTimestamp } from '../../proofs/index.js';
import type { RequestLimits } from '../config.js';
import { ServerError, type ServerErrorCode } from '../errors.js';
import type { AppendInput } from '../sequencer/types.js';
import { formatBytes } from './body.js';

/** The content type of an event whose writer sent none. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/** The content type of a batch entry given as a `json` member. */
export const JSON_CONTENT_TYPE = 'application/json';
/** Longest content type accepted; it is written into every leaf. */
export const MAX_CONTENT_TYPE_LENGTH = 256;

/** Where a value came from: a header, or a member of batch entry `entry`. */
export interface Place {
  /** How the sentence names it, e.g. "the Event-Time header" or "entries[2].occurredAt". */
  where: string;
  /** The entry's position in a batch. */
  entry?: number;
}

/** A header of a single append. */
export function header(name: string): Place {
  return { where: `the ${name} header` };
}

/** A member of batch entry `i`. */
export function member(i: number, name: string): Place {
  return { where: `entries[${i}].${name}`, entry: i };
}

/** A refusal about a value at `place`, with the entry position as a problem member. */
export function refuse(code: ServerErrorCode, place: Place, detail: string, extra: Record<string, unknown> = {}): ServerError {
  return new ServerError(code, detail, { extra: place.entry === undefined ? extra : { entry: place.entry, ...extra } });
}

/** The 413 of SPEC §3: says the limit and suggests logging a digest of the document. */
export function payloadTooLarge(limits: RequestLimits, place: Place, size?: number): ServerError {
  const what = place.entry === undefined ? 'The payload' : `The payload of ${place.where}`;
  const sizeText = size === undefined ? '' : ` (${size} bytes)`;
  return refuse(
    'PAYLOAD_TOO_LARGE',
    place,
    `${what}${sizeText} is larger than this log's limit of ${formatBytes(limits.maxPayloadBytes)} (${limits.maxPayloadBytes} bytes) per event. ` +
      'Log a digest of the document instead (for example its SHA-256, with its name and size) and keep the document itself in your own storage.',
    { limit: limits.maxPayloadBytes },
  );
}

/** Refuses an empty payload (400) or one above maxPayloadBytes (413). */
export function checkPayload(payload: Uint8Array, limits: RequestLimits, place: Place): void {
  if (payload.length === 0) {
    throw refuse(
      'MALFORMED_REQUEST',
      place,
      `${place.entry === undefined ? 'The request body' : place.where} is empty; an event needs at least one byte of payload.`,
    );
  }
  if (payload.length > limits.maxPayloadBytes) throw payloadTooLarge(limits, place, payload.length);
}

/**
 * A content type as it will be written into the leaf: printable ASCII (spaces allowed), 1 to
 * MAX_CONTENT_TYPE_LENGTH characters. Throws MALFORMED_REQUEST otherwise.
 */
export function checkContentType(value: string, place: Place): string {
  if (value.length === 0 || value.length > MAX_CONTENT_TYPE_LENGTH || !/^[\x20-\x7e]+$/.test(value)) {
    throw refuse(
      'MALFORMED_REQUEST',
      place,
      `${capital(place.where)} must be a media type of 1 to ${MAX_CONTENT_TYPE_LENGTH} printable ASCII characters, e.g. application/json.`,
    );
  }
  return value;
}

/**
 * An idempotency key: 1 to maxIdempotencyKeyLength visible ASCII characters (no spaces or
 * controls). Throws INVALID_IDEMPOTENCY_KEY otherwise.
 */
export function checkIdempotencyKey(value: string, limits: RequestLimits, place: Place): string {
  const max = limits.maxIdempotencyKeyLength;
  if (value.length === 0 || value.length > max || !/^[\x21-\x7e]+$/.test(value)) {
    throw refuse(
      'INVALID_IDEMPOTENCY_KEY',
      place,
      `${capital(place.where)} must be 1 to ${max} visible ASCII characters (no spaces), e.g. a UUID; reuse it only to retry the same event.`,
    );
  }
  return value;
}

/** The log's idea of now, ns since the epoch, for the future-skew check. */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * Parses an RFC 3339 event time (up to nanoseconds) and refuses one further in the future than
 * maxFutureSkewNs. Throws INVALID_EVENT_TIME or EVENT_TIME_IN_FUTURE.
 */
export function parseOccurredAt(text: string, limits: RequestLimits, place: Place, now: bigint = nowNs()): bigint {
  let ns: bigint;
  try {
    ns = parseTimestamp(text);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw refuse('INVALID_EVENT_TIME', place, `${capital(place.where)} must be an RFC 3339 time such as 2026-01-31T12:00:00.123456789Z: ${err.message}.`);
  }
  return checkOccurredAt(ns, limits, place, now);
}

/** Refuses an event time further in the future than maxFutureSkewNs (0 = not given is fine). */
export function checkOccurredAt(ns: bigint, limits: RequestLimits, place: Place, now: bigint = nowNs()): bigint {
  if (ns > now + limits.maxFutureSkewNs) {
    const seconds = limits.maxFutureSkewNs / 1_000_000_000n;
    throw refuse(
      'EVENT_TIME_IN_FUTURE',
      place,
      `${capital(place.where)} is more than ${seconds} seconds in the future of the log's clock; send the time the event happened (check the writer's clock).`,
    );
  }
  return ns;
}

/** `where` at the start of a sentence: "the X header" -> "The X header"; member paths stay as written. */
function capital(text: string): string {
  return text.startsWith('the ') ? `The ${text.slice(4)}` : text;
}

/**
 * The append a single POST /v1/entries asks for, from its headers (SPEC §4): `Content-Type` (the
 * default when absent), `Event-Time`, `Idempotency-Key`, each checked; the payload is the body.
 * Throws the checks' ServerErrors, in that order (routes/write.ts answers them; fast-append.ts
 * leaves such a request to it).
 */
export function singleAppendHead(headers: IncomingHttpHeaders, limits: RequestLimits): Omit<AppendInput, 'payload'> {
  const contentType = headers['content-type'];
  const eventTime = headers['event-time'];
  const key = headers['idempotency-key'];
  return {
    contentType: contentType === undefined ? DEFAULT_CONTENT_TYPE : checkContentType(contentType, header('Content-Type')),
    occurredAt: typeof eventTime === 'string' ? parseOccurredAt(eventTime, limits, header('Event-Time')) : 0n,
    ...(typeof key === 'string' ? { idempotencyKey: checkIdempotencyKey(key, limits, header('Idempotency-Key')) } : {}),
  };
}
