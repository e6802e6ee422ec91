/**
 * The JSON audit event (docs/events.md): what the index extracts (lenient, never throws) and
 * what validation for application/vnd.cairn.event+json refuses (strict, naming the field).
 */
import { describe, expect, test } from '@jest/globals';
import { AUDIT_EVENT_CONTENT_TYPE, AuditEventError, extractIndexFields, isJsonContentType, parseAuditEvent, validateAuditEvent } from '../../proofs/index.js';

const utf8 = new TextEncoder();
const bytes = (v: unknown) => utf8.encode(typeof v === 'string' ? v : JSON.stringify(v));
const VALID = {
  actor: { id: 'svc-billing', type: 'service' },
  action: 'invoice.delete',
  target: 'invoice/42',
  outcome: 'success',
  occurred_at: '2026-11-26T16:56:52.123Z',
  source: { ip: '203.0.113.7', service: 'billing-api' },
  context: { reason: 'duplicate' },
};

describe('extractIndexFields', () => {
  test('reads string ids and object ids', () => {
    expect(extractIndexFields(bytes(VALID), 'application/json')).toEqual({
      actor: 'svc-billing',
      action: 'invoice.delete',
      target: 'invoice/42',
      outcome: 'success',
    });
  });

  test('reads application/vnd.cairn.event+json and JSON with parameters, case-insensitively', () => {
    expect(extractIndexFields(bytes(VALID), AUDIT_EVENT_CONTENT_TYPE)?.actor).toBe('svc-billing');
    expect(extractIndexFields(bytes(VALID), 'Application/JSON; charset=utf-8')?.actor).toBe('svc-billing');
  });

  test('returns the fields present when others are missing or mistyped', () => {
    expect(extractIndexFields(bytes({ actor: 'alice', action: 7, target: { name: 'x' } }), 'application/json')).toEqual({ actor: 'alice' });
  });

  test('skips a payload under a non-JSON content type', () => {
    expect(extractIndexFields(bytes(VALID), 'text/plain')).toBeUndefined();
    expect(extractIndexFields(bytes(VALID), 'application/jsonx')).toBeUndefined();
  });

  test('skips a JSON array', () => {
    expect(extractIndexFields(bytes([VALID]), 'application/json')).toBeUndefined();
  });

  test('skips a JSON string, number and null', () => {
    for (const v of ['"alice"', '42', 'null']) expect(extractIndexFields(bytes(v), 'application/json')).toBeUndefined();
  });

  test('skips malformed JSON', () => {
    expect(extractIndexFields(bytes('{"actor": "alice",'), 'application/json')).toBeUndefined();
  });

  test('skips invalid UTF-8', () => {
    expect(extractIndexFields(Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d), 'application/json')).toBeUndefined();
  });

  test('skips an object without any indexable field', () => {
    expect(extractIndexFields(bytes({ hello: 'world' }), 'application/json')).toBeUndefined();
  });

  test('leaves out empty ids and ids over 1024 UTF-8 bytes', () => {
    expect(extractIndexFields(bytes({ actor: '', action: 'a', target: 'é'.repeat(513) }), 'application/json')).toEqual({ action: 'a' });
  });

  test('never throws on hostile input', () => {
    expect(extractIndexFields(new Uint8Array(0), 'application/json')).toBeUndefined();
    expect(extractIndexFields(undefined as unknown as Uint8Array, 'application/json')).toBeUndefined();
    expect(extractIndexFields(bytes('{"actor":"a"}'), undefined as unknown as string)).toBeUndefined();
  });
});

describe('isJsonContentType', () => {
  test('accepts application/json and application/*+json only', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('application/problem+json')).toBe(true);
    expect(isJsonContentType('text/json')).toBe(false);
    expect(isJsonContentType('application/octet-stream')).toBe(false);
  });
});

/** Validation must fail with `code` naming `field`. */
function refused(value: unknown, code: AuditEventError['code'], field: string): void {
  let error: unknown;
  try {
    validateAuditEvent(value);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(AuditEventError);
  expect(error).toMatchObject({ code, field });
  expect((error as Error).message).toContain(field);
}
const without = (field: string) => Object.fromEntries(Object.entries(VALID).filter(([k]) => k !== field));

describe('validateAuditEvent', () => {
  test('accepts the documented event and returns it', () => {
    expect(validateAuditEvent(VALID)).toBe(VALID);
  });

  test('accepts the minimal event of four strings', () => {
    expect(() => validateAuditEvent({ actor: 'a', action: 'b', target: 'c', outcome: 'd' })).not.toThrow();
  });

  test('refuses an array (NOT_AN_OBJECT)', () => {
    expect(() => validateAuditEvent([VALID])).toThrow(expect.objectContaining({ code: 'NOT_AN_OBJECT' }));
  });

  test('refuses null (NOT_AN_OBJECT)', () => {
    expect(() => validateAuditEvent(null)).toThrow(expect.objectContaining({ code: 'NOT_AN_OBJECT' }));
  });

  test('a missing actor is MISSING_FIELD actor', () => refused(without('actor'), 'MISSING_FIELD', 'actor'));
  test('a numeric actor is INVALID_FIELD actor', () => refused({ ...VALID, actor: 7 }, 'INVALID_FIELD', 'actor'));
  test('an empty actor is INVALID_FIELD actor', () => refused({ ...VALID, actor: '' }, 'INVALID_FIELD', 'actor'));
  test('an actor object without id is MISSING_FIELD actor.id', () => refused({ ...VALID, actor: { name: 'x' } }, 'MISSING_FIELD', 'actor.id'));
  test('an actor object with a numeric id is INVALID_FIELD actor.id', () => refused({ ...VALID, actor: { id: 1 } }, 'INVALID_FIELD', 'actor.id'));
  test('an actor array is INVALID_FIELD actor', () => refused({ ...VALID, actor: ['a'] }, 'INVALID_FIELD', 'actor'));

  test('a missing action is MISSING_FIELD action', () => refused(without('action'), 'MISSING_FIELD', 'action'));
  test('an object action is INVALID_FIELD action', () => refused({ ...VALID, action: { id: 'x' } }, 'INVALID_FIELD', 'action'));
  test('an action over 1024 bytes is INVALID_FIELD action', () => refused({ ...VALID, action: 'x'.repeat(1025) }, 'INVALID_FIELD', 'action'));

  test('a missing target is MISSING_FIELD target', () => refused(without('target'), 'MISSING_FIELD', 'target'));
  test('a boolean target is INVALID_FIELD target', () => refused({ ...VALID, target: true }, 'INVALID_FIELD', 'target'));
  test('a target object with an empty id is INVALID_FIELD target.id', () => refused({ ...VALID, target: { id: '' } }, 'INVALID_FIELD', 'target.id'));

  test('a missing outcome is MISSING_FIELD outcome', () => refused(without('outcome'), 'MISSING_FIELD', 'outcome'));
  test('a null outcome is INVALID_FIELD outcome', () => refused({ ...VALID, outcome: null }, 'INVALID_FIELD', 'outcome'));

  test('a numeric occurred_at is INVALID_FIELD occurred_at', () => refused({ ...VALID, occurred_at: 1700000000 }, 'INVALID_FIELD', 'occurred_at'));
  test('a non-RFC 3339 occurred_at is INVALID_FIELD occurred_at', () => refused({ ...VALID, occurred_at: '26/11/2026' }, 'INVALID_FIELD', 'occurred_at'));

  test('a string source is INVALID_FIELD source', () => refused({ ...VALID, source: '1.2.3.4' }, 'INVALID_FIELD', 'source'));
  test('a numeric source.ip is INVALID_FIELD source.ip', () => refused({ ...VALID, source: { ip: 1234 } }, 'INVALID_FIELD', 'source.ip'));
  test('an array source.service is INVALID_FIELD source.service', () => refused({ ...VALID, source: { service: ['a'] } }, 'INVALID_FIELD', 'source.service'));

  test('an array context is INVALID_FIELD context', () => refused({ ...VALID, context: [1] }, 'INVALID_FIELD', 'context'));
  test('a string context is INVALID_FIELD context', () => refused({ ...VALID, context: 'x' }, 'INVALID_FIELD', 'context'));

  test('names the first offending field in document order', () => refused({ action: 1 }, 'MISSING_FIELD', 'actor'));
});

describe('parseAuditEvent', () => {
  test('parses and validates UTF-8 JSON bytes', () => {
    expect(parseAuditEvent(bytes(VALID)).action).toBe('invoice.delete');
  });

  test('refuses malformed JSON (MALFORMED_JSON)', () => {
    expect(() => parseAuditEvent(bytes('{"actor":'))).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
  });

  test('refuses invalid UTF-8 (MALFORMED_JSON)', () => {
    expect(() => parseAuditEvent(Uint8Array.of(0x22, 0xff, 0x22))).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
  });

  test('refuses a valid JSON event missing a field, naming it', () => {
    expect(() => parseAuditEvent(bytes(without('outcome')))).toThrow(expect.objectContaining({ code: 'MISSING_FIELD', field: 'outcome' }));
  });
});
