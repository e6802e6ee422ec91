/**
 * The documented JSON audit event (docs/events.md): what Cairn indexes and, for
 * `Content-Type: application/vnd.cairn.event+json`, what it validates before appending.
 *
 * ```json
 * {"actor": "svc-billing" | {"id": "svc-billing", ...},
 *  "action": "invoice.delete",
 *  "target": "invoice/42" | {"id": "invoice/42", ...},
 *  "outcome": "success" | {"id": "success", ...},
 *  "occurred_at": "2026-11-26T16:56:52Z",            (optional, RFC 3339)
 *  "source": {"ip": "203.0.113.7", "service": "api"}, (optional)
 *  "context": {...}}                                  (optional, free form)
 * ```
 *
 * Two readers with different duties:
 * - `extractIndexFields` is lenient: any JSON entry is looked at, and whatever indexable field it
 *   has in the documented shape is returned; anything else is skipped, never an error (an entry
 *   is already in the log when the index follower sees it).
 * - `validateAuditEvent` is strict: the writer asked for validation, so the first missing or
 *   mistyped field is named in an AuditEventError (the server answers 422 and appends nothing).
 *
 * Browser-safe: no node: imports.
 */
import { CodedError } from '../merkle/index.js';
import { parseTimestamp } from './time.js';

/** The content type with which a writer asks the log to validate the event shape. */
export const AUDIT_EVENT_CONTENT_TYPE = 'application/vnd.cairn.event+json';

/**
 * The longest indexable value, in UTF-8 bytes: a longer id is not indexed (and refused by
 * validation). Keeps index keys small; ids are names, not documents.
 */
export const MAX_INDEXED_VALUE_BYTES = 1024;

/** An actor, target or outcome: a string id, or an object with a string `id` and other members. */
export type AuditEventRef = string | { id: string; [member: string]: unknown };

/** A valid audit event (docs/events.md). */
export interface AuditEvent {
  actor: AuditEventRef;
  action: string;
  target: AuditEventRef;
  outcome: AuditEventRef;
  /** RFC 3339. */
  occurred_at?: string;
  source?: { ip?: string; service?: string; [member: string]: unknown };
  context?: Record<string, unknown>;
}

/** The indexable fields of an entry: the ids of actor and target, the action, the outcome's id. */
export interface IndexFields {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
}

/** Why an event failed validation. */
export type AuditEventErrorCode = 'MALFORMED_JSON' | 'NOT_AN_OBJECT' | 'MISSING_FIELD' | 'INVALID_FIELD';

/** Thrown by `validateAuditEvent` and `parseAuditEvent`; `field` names the offending field. */
export class AuditEventError extends CodedError<AuditEventErrorCode> {
  override readonly name = 'AuditEventError';
  constructor(
    code: AuditEventErrorCode,
    /** The field path, e.g. `actor`, `actor.id`, `source.ip`; `''` for the whole event. */
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

const REF_FIELDS = ['actor', 'target', 'outcome'] as const;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * True for JSON media types: `application/json` and any `application/<x>+json` (parameters
 * such as `charset` ignored, case-insensitive), `application/vnd.cairn.event+json` included.
 */
export function isJsonContentType(contentType: string): boolean {
  // A log holds few distinct content types: the index asks about each entry's.
  let json = jsonTypes.get(contentType);
  if (json === undefined) {
    const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
    json = essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json'));
    if (jsonTypes.size >= 256) jsonTypes.clear();
    jsonTypes.set(contentType, json);
  }
  return json;
}

const jsonTypes = new Map<string, boolean>();

/**
 * The indexable fields of one payload, or undefined when there are none: the content type is
 * not JSON, the bytes are not UTF-8 JSON, the value is not a JSON object, or it has none of
 * actor, action, target, outcome in the documented shape. A field of the wrong type, an empty
 * id or one longer than MAX_INDEXED_VALUE_BYTES is left out; the others are still returned.
 * Never throws.
 */
export function extractIndexFields(payload: Uint8Array, contentType: string): IndexFields | undefined {
  if (!(payload instanceof Uint8Array) || typeof contentType !== 'string' || !isJsonContentType(contentType)) return undefined;
  // Cheap pre-check: a JSON object starts with `{` after optional whitespace.
  let first = 0;
  while (first < payload.length && (payload[first] === 0x20 || payload[first] === 0x09 || payload[first] === 0x0a || payload[first] === 0x0d)) first++;
  if (payload[first] !== 0x7b) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(utf8Strict.decode(payload));
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const fields: IndexFields = {};
  for (const name of REF_FIELDS) {
    const id = refId(value[name]);
    if (id !== undefined && indexable(id)) fields[name] = id;
  }
  const action = value['action'];
  if (typeof action === 'string' && indexable(action)) fields.action = action;
  return Object.keys(fields).length === 0 ? undefined : fields;
}

/**
 * Checks that `value` (already parsed JSON) is an AuditEvent and returns it typed. Throws
 * AuditEventError naming the first offending field, in this order: actor, action, target,
 * outcome, occurred_at, source (then source.ip, source.service), context.
 */
export function validateAuditEvent(value: unknown): AuditEvent {
  if (!isPlainObject(value)) {
    throw new AuditEventError('NOT_AN_OBJECT', '', 'the event must be a JSON object with actor, action, target and outcome');
  }
  checkRef(value, 'actor');
  checkString('action', value['action'], true);
  checkRef(value, 'target');
  checkRef(value, 'outcome');
  const occurredAt = value['occurred_at'];
  if (occurredAt !== undefined) {
    if (typeof occurredAt !== 'string') invalid('occurred_at', 'must be an RFC 3339 string');
    try {
      parseTimestamp(occurredAt);
    } catch (cause) {
      throw new AuditEventError(
        'INVALID_FIELD',
        'occurred_at',
        `occurred_at must be an RFC 3339 time such as 2026-11-26T16:56:52Z, got ${JSON.stringify(occurredAt).slice(0, 80)}`,
        { cause },
      );
    }
  }
  const source = value['source'];
  if (source !== undefined) {
    if (!isPlainObject(source)) invalid('source', 'must be an object with optional string members ip and service');
    checkString('source.ip', source['ip'], false);
    checkString('source.service', source['service'], false);
  }
  if (value['context'] !== undefined && !isPlainObject(value['context'])) invalid('context', 'must be a JSON object');
  return value as unknown as AuditEvent;
}

/**
 * Parses payload bytes (UTF-8 JSON) and validates them as an AuditEvent. Throws AuditEventError
 * MALFORMED_JSON when the bytes are not UTF-8 JSON, otherwise as `validateAuditEvent`.
 */
export function parseAuditEvent(payload: Uint8Array): AuditEvent {
  let value: unknown;
  try {
    value = JSON.parse(utf8Strict.decode(payload));
  } catch (cause) {
    throw new AuditEventError('MALFORMED_JSON', '', 'the event is not UTF-8 JSON', { cause });
  }
  return validateAuditEvent(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isPlainObject(value) && typeof value['id'] === 'string') return value['id'];
  return undefined;
}

function indexable(value: string): boolean {
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: most ids need no encoding to be measured.
  return (
    value.length > 0 &&
    (value.length * 3 <= MAX_INDEXED_VALUE_BYTES || (value.length <= MAX_INDEXED_VALUE_BYTES && utf8.encode(value).length <= MAX_INDEXED_VALUE_BYTES))
  );
}

function invalid(field: string, what: string): never {
  throw new AuditEventError('INVALID_FIELD', field, `${field} ${what}`);
}

function checkRef(event: Record<string, unknown>, field: (typeof REF_FIELDS)[number]): void {
  const value = event[field];
  if (value === undefined) throw new AuditEventError('MISSING_FIELD', field, `${field} is missing: give a string id or an object with a string "id"`);
  if (typeof value === 'string') {
    checkString(field, value, true);
    return;
  }
  if (!isPlainObject(value)) invalid(field, 'must be a string id or an object with a string "id"');
  if (value['id'] === undefined) throw new AuditEventError('MISSING_FIELD', `${field}.id`, `${field}.id is missing: an object ${field} needs a string "id"`);
  checkString(`${field}.id`, value['id'], true);
}

function checkString(field: string, value: unknown, required: boolean): void {
  if (value === undefined) {
    if (required) throw new AuditEventError('MISSING_FIELD', field, `${field} is missing: give a non-empty string`);
    return;
  }
  if (typeof value !== 'string') invalid(field, `must be a string, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  if (value.length === 0) invalid(field, 'must not be empty');
  if (!indexable(value) && required) invalid(field, `must be at most ${MAX_INDEXED_VALUE_BYTES} UTF-8 bytes`);
}
