/**
 * The index's byte scanner of event fields (server/index/event-fields.ts) gives the answer of
 * the definition, extractIndexFields (JSON.parse), for every payload: generated events in the
 * documented shape and around it, any JSON, and damaged bytes (mutations of those).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { extractIndexFields } from '../../../proofs/index.js';
import { eventFieldsOf } from '../../../server/index/event-fields.js';

const utf8 = new TextEncoder();

/** The definition, restricted to the fields the index keeps. */
function expected(payload: Uint8Array, contentType: string): Record<string, string> | undefined {
  const all = extractIndexFields(payload, contentType);
  if (all === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const f of ['actor', 'action', 'target'] as const) if (all[f] !== undefined) out[f] = all[f];
  return Object.keys(out).length === 0 ? undefined : out;
}

function same(payload: Uint8Array, contentType = 'application/json'): void {
  expect({ payload: Buffer.from(payload).toString('latin1'), fields: eventFieldsOf(payload, contentType) }).toEqual({
    payload: Buffer.from(payload).toString('latin1'),
    fields: expected(payload, contentType),
  });
}

const id = fc.oneof(
  fc.constantFrom('', 'alice', 'svc-billing', 'doc/42', 'é€😀', '\u0000', 'a"b\\c', '\ud800', 'x'.repeat(1024), 'é'.repeat(513)),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const ref = fc.oneof(id, fc.record({ id }), fc.record({ id: fc.jsonValue({ maxDepth: 1 }), name: id }), fc.jsonValue({ maxDepth: 2 }));
const member = fc.oneof(
  fc.tuple(fc.constantFrom('actor', 'target'), ref),
  fc.tuple(fc.constant('action'), fc.oneof(id, fc.jsonValue({ maxDepth: 1 }))),
  fc.tuple(fc.constantFrom('outcome', 'context', 'id', 'actors', 'Actor'), fc.jsonValue({ maxDepth: 3 })),
);
/** Event-like objects as text, duplicate members included (JSON.stringify cannot make those). */
const eventText = fc
  .tuple(fc.array(member, { maxLength: 7 }), fc.constantFrom('', ' ', '\n\t', '\r\n  '))
  .map(([members, ws]) => `${ws}{${members.map(([k, v]) => `${ws}${JSON.stringify(k)}${ws}:${ws}${JSON.stringify(v)}`).join(`${ws},`)}${ws}}${ws}`);

/** A payload with one byte replaced, inserted or removed. */
const mutated = fc.tuple(eventText, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'insert', 'remove')).map(([text, at, byte, how]) => {
  const b = [...utf8.encode(text)];
  const i = b.length === 0 ? 0 : at % b.length;
  if (how === 'replace') b[i] = byte;
  else if (how === 'insert') b.splice(i, 0, byte);
  else b.splice(i, 1);
  return Uint8Array.from(b);
});

describe('eventFieldsOf', () => {
  test('equals extractIndexFields on events in the documented shape and around it', () => {
    fc.assert(
      fc.property(eventText, (text) => same(utf8.encode(text))),
      { numRuns: 3000, seed: 13 },
    );
  });

  test('equals extractIndexFields on any JSON text', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => same(utf8.encode(text))),
      { numRuns: 2000, seed: 13 },
    );
  });

  test('equals extractIndexFields on damaged payloads (a byte replaced, inserted or removed)', () => {
    fc.assert(
      fc.property(mutated, (payload) => same(payload)),
      { numRuns: 5000, seed: 13 },
    );
  });

  test('equals extractIndexFields on hand-picked edges', () => {
    const cases = [
      '{"actor":"a","actor":{"id":"b"}}',
      '{"actor":{"id":"b"},"actor":7}',
      '{"actor":{"id":"b","id":null}}',
      '{"\\u0061ctor":"escaped-name","action":"x"}',
      '{"action":"a\\u00e9\\n\\ud83d\\ude00"}',
      '{"action":"\\ud800"}',
      '{"action":"x"} ',
      '{"action":"x"}x',
      '{"action":"x",}',
      '{"action":01}',
      '{"n":-0.5e+10,"action":"y"}',
      '{"n":1.,"action":"y"}',
      '{"n":.5,"action":"y"}',
      '{"n":tru,"action":"y"}',
      '{"action":"tab\there"}',
      `{"context":${'['.repeat(200)}${']'.repeat(200)},"actor":"deep"}`,
      `{"context":${'{"a":'.repeat(100)}1${'}'.repeat(100)},"actor":"deep"}`,
      '[{"actor":"a"}]',
      '"actor"',
      '',
      '   ',
      '\ufeff{"actor":"bom"}',
    ];
    for (const c of cases) same(utf8.encode(c));
    same(Uint8Array.of(0x7b, 0x22, 0x61, 0x63, 0x74, 0x6f, 0x72, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d)); // invalid UTF-8 in a value
    same(
      Uint8Array.of(0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x2c, 0x22, 0x61, 0x63, 0x74, 0x6f, 0x72, 0x22, 0x3a, 0x22, 0x61, 0x22, 0x7d),
    ); // a UTF-8 surrogate
    same(utf8.encode('{"actor":"a"}'), 'text/plain');
    same(utf8.encode('{"actor":"a"}'), 'application/vnd.cairn.event+json; charset=utf-8');
  });
});
