/**
 * The JSON span scanner and the batch parsers as units: every `json` member comes back as the
 * exact bytes it had, whatever the spacing, escapes, numbers or nesting (property test over
 * random JSON values written with random whitespace).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_REQUEST_LIMITS } from '../../../server/config.js';
import { parseBatchJson } from '../../../server/http/batch.js';
import { arrayElements, documentSpan, objectMembers, valueEnd } from '../../../server/http/json-spans.js';
import { ServerError } from '../../../server/errors.js';
import { utf8Bytes } from './http-utils.js';

const decoder = new TextDecoder();

function spanText(bytes: Uint8Array, span: { start: number; end: number }): string {
  return decoder.decode(bytes.subarray(span.start, span.end));
}

describe('json-spans', () => {
  test('a string value ends after its closing quote, past escaped quotes and backslashes', () => {
    const bytes = utf8Bytes('"a\\"b\\\\" , 1');
    expect(valueEnd(bytes, 0)).toBe(8);
  });

  test('an array holding brackets and braces inside strings ends at its own bracket', () => {
    const text = '[ "]", {"}":[1]}, "\\"]" ] tail';
    expect(spanText(utf8Bytes(text), { start: 0, end: valueEnd(utf8Bytes(text), 0) })).toBe('[ "]", {"}":[1]}, "\\"]" ]');
  });

  test('numbers and literals end at the next delimiter', () => {
    expect(valueEnd(utf8Bytes('-1.5e+3,'), 0)).toBe(7);
    expect(valueEnd(utf8Bytes('true}'), 0)).toBe(4);
    expect(valueEnd(utf8Bytes('null'), 0)).toBe(4);
  });

  test('object members have decoded keys (escapes included) and exact value spans', () => {
    const bytes = utf8Bytes('{ "a" : 1.0 ,"b\\u0063":{"x": [ ]} , "é":"ü"}');
    const members = objectMembers(bytes, 0);
    expect(members.map((m) => m.key)).toEqual(['a', 'bc', 'é']);
    expect(members.map((m) => spanText(bytes, m.value))).toEqual(['1.0', '{"x": [ ]}', '"ü"']);
  });

  test('array elements have exact spans', () => {
    const bytes = utf8Bytes('[1 , "two",[3] ,{"four":4}]');
    expect(arrayElements(bytes, 0).map((e) => spanText(bytes, e))).toEqual(['1', '"two"', '[3]', '{"four":4}']);
  });

  test('empty objects and arrays have no members', () => {
    expect(objectMembers(utf8Bytes('{ }'), 0)).toEqual([]);
    expect(arrayElements(utf8Bytes('[\n]'), 0)).toEqual([]);
  });

  test('the document span leaves out surrounding whitespace', () => {
    const bytes = utf8Bytes(' \n {"a":1}\t ');
    expect(documentSpan(bytes)).toEqual({ start: 3, end: 10 });
  });

  test('a document nested 100000 levels deep is walked without recursion', () => {
    const depth = 100_000;
    const bytes = utf8Bytes(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(valueEnd(bytes, 0)).toBe(2 * depth);
  });

  test('an unterminated string is refused with MALFORMED_REQUEST', () => {
    expect(() => valueEnd(utf8Bytes('"abc'), 0)).toThrow(ServerError);
  });

  test('an unterminated array is refused with MALFORMED_REQUEST', () => {
    expect(() => valueEnd(utf8Bytes('[1, 2'), 0)).toThrow(ServerError);
  });
});

/** Writes `value` as JSON with whitespace from `spaces` between tokens. */
function writeSpaced(value: unknown, spaces: string[]): string {
  let k = 0;
  const ws = (): string => spaces[k++ % spaces.length] ?? '';
  if (Array.isArray(value)) return `[${ws()}${value.map((v) => `${ws()}${writeSpaced(v, spaces)}${ws()}`).join(',')}${ws()}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([key, v]) => `${ws()}${JSON.stringify(key)}${ws()}:${ws()}${writeSpaced(v, spaces)}${ws()}`);
    return `{${members.join(',')}${ws()}}`;
  }
  return JSON.stringify(value);
}

describe('parseBatchJson', () => {
  test('every json member is stored as its exact bytes (property)', () => {
    const whitespace = fc.array(fc.constantFrom('', ' ', '  ', '\n', '\t', '\r\n'), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.jsonValue({ maxDepth: 4 }), whitespace), { minLength: 1, maxLength: 5 }), whitespace, (values, outer) => {
        const texts = values.map(([v, spaces]) => writeSpaced(v, spaces));
        const body = `{${outer[0]}"entries"${outer[0]}:[${texts.map((t, i) => `${outer[i % outer.length]}{"json":${outer[0]}${t}${outer[0]}}`).join(',')}]}`;
        const inputs = parseBatchJson(utf8Bytes(body), DEFAULT_REQUEST_LIMITS);
        expect(inputs.map((i) => decoder.decode(i.payload))).toEqual(texts);
        for (const i of inputs) expect(i.contentType).toBe('application/json');
      }),
      { numRuns: 300 },
    );
  });

  test('numbers keep their spelling: 1.0, 1e2, -0 and 10000000000000000000001', () => {
    const body = '{"entries":[{"json":1.0},{"json":1e2},{"json":-0},{"json":10000000000000000000001}]}';
    expect(parseBatchJson(utf8Bytes(body), DEFAULT_REQUEST_LIMITS).map((i) => decoder.decode(i.payload))).toEqual([
      '1.0',
      '1e2',
      '-0',
      '10000000000000000000001',
    ]);
  });

  test('escapes in strings are kept as written', () => {
    const body = '{"entries":[{"json":"caf\\u00e9 \\/ \\n"}]}';
    expect(decoder.decode(parseBatchJson(utf8Bytes(body), DEFAULT_REQUEST_LIMITS)[0]!.payload)).toBe('"caf\\u00e9 \\/ \\n"');
  });
});
