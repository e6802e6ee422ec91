/**
 * The bodies of `POST /v1/entries/batch` (SPEC §4), parsed strictly into the events to append.
 *
 * JSON: `{"entries": [{"payload": <base64> | "json": <any JSON value>, "contentType": "...",
 * "idempotencyKey": "...", "occurredAt": "RFC 3339"}]}`. Exactly one of `payload` and `json`;
 * no other members; no member twice. A `json` value is stored as the exact bytes it had in the
 * request body (found with json-spans.ts), with content type application/json unless the entry
 * says otherwise.
 *
 * Protobuf: `cairn.v1.AppendRequest` in its canonical encoding (no unknown fields, wrong wire
 * types or repeated scalars), the same rule the receipt codec applies.
 *
 * Every refusal names the entry (`entries[i]...`, and the problem member `entry`). Payloads are
 * counted and measured before anything is appended, so a batch is accepted whole or not at all.
 */
import { cairn } from '../../proto/gen/cairn.js';
import { equalBytes } from '../../merkle/index.js';
import { VerificationError, decodeBase64, fromProtoUint64 } from '../../proofs/index.js';
import type { RequestLimits } from '../config.js';
import { ServerError } from '../errors.js';
import type { AppendInput } from '../sequencer/types.js';
import {
  DEFAULT_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  checkContentType,
  checkIdempotencyKey,
  checkOccurredAt,
  checkPayload,
  member,
  nowNs,
  parseOccurredAt,
  payloadTooLarge,
  refuse,
  type Place,
} from './append-input.js';
import { arrayElements, documentSpan, objectMembers, type MemberSpan } from './json-spans.js';
import { checkAuditEvent } from './event-validation.js';

const ENTRY_MEMBERS: ReadonlySet<string> = new Set(['payload', 'json', 'contentType', 'idempotencyKey', 'occurredAt']);

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function malformed(detail: string, place?: Place): ServerError {
  return place === undefined ? new ServerError('MALFORMED_REQUEST', detail) : refuse('MALFORMED_REQUEST', place, detail);
}

function checkCount(count: number, limits: RequestLimits): void {
  if (count === 0) throw malformed('The batch has no entries; send 1 or more events in "entries".');
  if (count > limits.maxBatchEntries) {
    throw new ServerError(
      'BATCH_TOO_LARGE',
      `The batch has ${count} entries; this log accepts at most ${limits.maxBatchEntries} per request. Split it into smaller batches.`,
      {
        extra: { limit: limits.maxBatchEntries },
      },
    );
  }
}

/** Members by key; refuses a key given twice (JSON.parse would silently keep the last). */
function uniqueMembers(members: readonly MemberSpan[], what: string, place?: Place): Map<string, MemberSpan> {
  const byKey = new Map<string, MemberSpan>();
  for (const m of members) {
    if (byKey.has(m.key)) throw malformed(`${what} has the member ${JSON.stringify(m.key)} twice; give each member once.`, place);
    byKey.set(m.key, m);
  }
  return byKey;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(entry: Record<string, unknown>, key: string, i: number): string | undefined {
  const value = entry[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformed(`entries[${i}].${key} must be a string, not ${typeName(value)}.`, member(i, key));
  return value;
}

/**
 * Parses a JSON batch body into the events to append. Throws MALFORMED_REQUEST (400) for
 * anything malformed, BATCH_TOO_LARGE / PAYLOAD_TOO_LARGE (413) over the limits, and the
 * append-input errors for bad content types, keys and event times.
 */
export function parseBatchJson(body: Uint8Array, limits: RequestLimits, now: bigint = nowNs()): AppendInput[] {
  if (body.length === 0) throw malformed('The request body is empty; send {"entries": [...]}.');
  let text: string;
  try {
    text = utf8Decoder.decode(body);
  } catch {
    throw malformed('The request body is not valid UTF-8; JSON must be sent as UTF-8.');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw malformed(`The request body is not valid JSON (${(err as Error).message}); send {"entries": [...]}.`);
  }
  if (!isObject(doc)) throw malformed(`The request body must be a JSON object {"entries": [...]}, not ${typeName(doc)}.`);

  const top = uniqueMembers(objectMembers(body, documentSpan(body).start), 'The request body');
  for (const key of top.keys()) {
    if (key !== 'entries') throw malformed(`The request body has the unknown member ${JSON.stringify(key.slice(0, 64))}; it takes only "entries".`);
  }
  const entries = doc['entries'];
  if (entries === undefined) throw malformed('The request body has no "entries" member; send {"entries": [...]}.');
  if (!Array.isArray(entries)) throw malformed(`"entries" must be an array, not ${typeName(entries)}.`);
  checkCount(entries.length, limits);

  const spans = arrayElements(body, top.get('entries')!.value.start);
  return entries.map((value: unknown, i) => {
    const place: Place = { where: `entries[${i}]`, entry: i };
    if (!isObject(value)) throw malformed(`entries[${i}] must be an object, not ${typeName(value)}.`, place);
    const members = uniqueMembers(objectMembers(body, spans[i]!.start), `entries[${i}]`, place);
    for (const key of members.keys()) {
      if (!ENTRY_MEMBERS.has(key)) {
        throw malformed(
          `entries[${i}] has the unknown member ${JSON.stringify(key.slice(0, 64))}; an entry takes payload or json, contentType, idempotencyKey, occurredAt.`,
          place,
        );
      }
    }
    const hasPayload = members.has('payload');
    const json = members.get('json');
    if (hasPayload === (json !== undefined)) {
      throw malformed(`entries[${i}] must have exactly one of "payload" (base64 bytes) and "json" (a JSON value).`, place);
    }

    let payload: Uint8Array;
    if (json !== undefined) {
      payload = body.subarray(json.value.start, json.value.end);
    } else {
      const text = optionalString(value, 'payload', i)!;
      // 4 base64 characters carry 3 bytes: refuse an oversized payload before decoding it.
      if (text.length > Math.ceil(limits.maxPayloadBytes / 3) * 4) throw payloadTooLarge(limits, member(i, 'payload'));
      try {
        payload = decodeBase64(text, `entries[${i}].payload`);
      } catch (err) {
        if (!(err instanceof VerificationError)) throw err;
        throw malformed(`entries[${i}].payload must be standard padded base64: ${err.message}.`, member(i, 'payload'));
      }
    }
    checkPayload(payload, limits, member(i, json !== undefined ? 'json' : 'payload'));

    const contentType = optionalString(value, 'contentType', i);
    const key = optionalString(value, 'idempotencyKey', i);
    const occurredAt = optionalString(value, 'occurredAt', i);
    return checkAuditEvent(
      {
        payload,
        contentType:
          contentType === undefined ? (json !== undefined ? JSON_CONTENT_TYPE : DEFAULT_CONTENT_TYPE) : checkContentType(contentType, member(i, 'contentType')),
        occurredAt: occurredAt === undefined ? 0n : parseOccurredAt(occurredAt, limits, member(i, 'occurredAt'), now),
        ...(key === undefined ? {} : { idempotencyKey: checkIdempotencyKey(key, limits, member(i, 'idempotencyKey')) }),
      },
      { where: `entries[${i}]`, entry: i },
    );
  });
}

/**
 * Parses a protobuf `cairn.v1.AppendRequest` body into the events to append. Empty strings
 * mean "not given" (proto3 defaults). Throws as parseBatchJson does.
 */
export function parseBatchProto(body: Uint8Array, limits: RequestLimits, now: bigint = nowNs()): AppendInput[] {
  let request: cairn.v1.AppendRequest;
  try {
    request = cairn.v1.AppendRequest.decode(body);
  } catch (err) {
    throw malformed(`The request body is not a protobuf cairn.v1.AppendRequest (${(err as Error).message}).`);
  }
  // The decoder skips unknown fields and wrong wire types and keeps the last of repeated
  // scalars; re-encoding shows all of them, so no part of the request is silently dropped.
  if (!equalBytes(cairn.v1.AppendRequest.encode(request).finish(), body)) {
    throw malformed(
      'The request body is not the canonical encoding of cairn.v1.AppendRequest (an unknown field, a wrong wire type or a repeated field); encode it with the cairn.proto definitions.',
    );
  }
  checkCount(request.entries.length, limits);
  return request.entries.map((e, i) => {
    // proto3: an absent field is its default.
    const raw = e.payload ?? new Uint8Array(0);
    const contentType = e.contentType ?? '';
    const key = e.idempotencyKey ?? '';
    const payload = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    checkPayload(payload, limits, member(i, 'payload'));
    const occurredAt = fromProtoUint64(e.occurredAt ?? 0);
    if (occurredAt === undefined) throw malformed(`entries[${i}].occurredAt cannot be read exactly.`, member(i, 'occurredAt'));
    return checkAuditEvent(
      {
        payload,
        contentType: contentType === '' ? DEFAULT_CONTENT_TYPE : checkContentType(contentType, member(i, 'contentType')),
        occurredAt: checkOccurredAt(occurredAt, limits, member(i, 'occurredAt'), now),
        ...(key === '' ? {} : { idempotencyKey: checkIdempotencyKey(key, limits, member(i, 'idempotencyKey')) }),
      },
      { where: `entries[${i}]`, entry: i },
    );
  });
}
