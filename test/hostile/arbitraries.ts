/**
 * fast-check arbitraries for hostile requests: numbers in every spelling that is not canonical,
 * tile paths with traversal and encoding tricks, queries with repeated and unknown keys,
 * headers with hostile values (duplicated, overlong, non-ASCII, control bytes), and bodies
 * (random bytes, invalid UTF-8, deeply nested JSON, batches valid and not, protobuf garbage).
 *
 * Everything here is already in request-line form (no spaces, CR or LF unless a test wants the
 * parser to see them), so the server judges what was generated, not a broken test request.
 */
import fc from 'fast-check';
import { cairn } from '../../proto/gen/cairn.js';
import type { Framing, HostileRequest } from './fuzz-harness.js';

/** Numbers as text: non-canonical, negative, huge, fractional, non-ASCII digits, encoded. */
export const NUMBER_TRICKS: readonly string[] = [
  '',
  '-1',
  '-0',
  '+1',
  '+0',
  '01',
  '00',
  '007',
  '0x10',
  '0X1f',
  '1e3',
  '1E3',
  '1.0',
  '1.',
  '.5',
  '1,5',
  '%201',
  '1%20',
  '%31',
  '%2D1',
  '%2B1',
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  'null',
  'true',
  '__proto__',
  'constructor',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '18446744073709551615',
  '18446744073709551616',
  `1${'0'.repeat(400)}`,
  `${'0'.repeat(300)}1`,
  '%D9%A3', // ARABIC-INDIC DIGIT THREE
  '%EF%BC%91', // FULLWIDTH DIGIT ONE
  '%C2%B3', // SUPERSCRIPT THREE
  '%F0%9D%9F%8F', // MATHEMATICAL BOLD DIGIT ONE
  '\u0663', // raw, as UTF-8 bytes on the request line
  '１',
  '1_000',
  '0b1',
  '0o7',
  '%00',
  '1%00',
  '%C0%B1', // overlong UTF-8 for "1"
  '%FF',
  '%',
  '%G1',
  '1%',
];

/** A number parameter: tricks, any integer (also beyond 2^64 and negative), small valid ones, doubles. */
export function numberText(validMax: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NUMBER_TRICKS) },
    { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: validMax }).map(String) },
    { weight: 1, arbitrary: fc.double().map((d) => encodeURIComponent(String(d))) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
  );
}

/** A base64 leaf-hash parameter: valid hashes, wrong lengths, other alphabets, unescaped `+`. */
export const leafHashText: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => encodeURIComponent(Buffer.from(b).toString('base64'))),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64')), // raw + and /
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64url')),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => encodeURIComponent(Buffer.from(b).toString('base64').replace(/=+$/, ''))),
  fc.uint8Array({ maxLength: 70 }).map((b) => encodeURIComponent(Buffer.from(b).toString('base64'))),
  fc.constantFrom('', '%3D', '====', 'AAAA%0A', '%00', 'A'.repeat(5000)),
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
);

/** A query string (with `?`, or empty): known, unknown, repeated, bracketed and prototype keys. */
export function queryText(keys: readonly string[], value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 6, arbitrary: keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x', '', 'index[]', 'size[a]', 'tree_size', 'INDEX', '%69ndex'),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map(encodeURIComponent) },
  );
  const pair = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) },
    { weight: 1, arbitrary: key },
    { weight: 1, arbitrary: fc.constantFrom('=', '&', '==1', 'a=b=c') },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('', '?', '?&&', '?#', '??') },
    { weight: 8, arbitrary: fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => `?${pairs.join('&')}`) },
  );
}

/** One group of a tile index, canonical or not. */
const tileGroup: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => `x${String(n).padStart(3, '0')}`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '0000', // overlong group
      'x0000',
      '00',
      '0',
      'x00',
      'X001',
      '+01',
      '-01',
      '0x1',
      '..',
      '.',
      '%2e%2e',
      '%2E%2E',
      '%2e',
      '',
      '\\..',
      '%5c',
      '%00',
      '\u0660\u0660\u0660', // ARABIC-INDIC zeros, raw
      '%D9%A0%D9%A0%D9%A0',
      '%EF%BC%90%EF%BC%90%EF%BC%90', // FULLWIDTH zeros
      '%30%30%30', // "000" percent-encoded
      '00%31',
      ';000',
      '000;x=1',
      'entries',
    ),
  },
);

/** A tile width suffix, canonical or not. */
const tileSuffix: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 255 }).map((w) => `.p/${w}`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '.p/0',
      '.p/256',
      '.p/01',
      '.p/-1',
      '.p/',
      '.p',
      '.P/5',
      '.p//5',
      '.p/5/',
      '.p/5.p/5',
      '.p/%35',
      '.p/1e1',
      '.p/\u0665',
      '.p/18446744073709551621',
    ),
  },
);

/** The separator between tile path segments: `/` usually, tricks sometimes. */
const separator: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('/') },
  { weight: 1, arbitrary: fc.constantFrom('//', '\\', '%2f', '%2F', '/./', '/../', '%5C') },
);

/** A tile or bundle path (starting with /tile/): near-canonical ones and every kind of trick. */
export const tilePathText: fc.Arbitrary<string> = fc
  .record({
    prefix: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('0', '1', '2', 'entries').map((l) => `/tile/${l}/`) },
      {
        weight: 2,
        arbitrary: fc.constantFrom('63', '64', '00', '01', '-1', '+1', 'x0', '\u0660', '%30', '1e0', '18446744073709551616').map((l) => `/tile/${l}/`),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '/tile//0/',
          '/tile/./0/',
          '/tile/0/../entries/',
          '/tile/%65ntries/',
          '/tile/Entries/',
          '/tile/entries//',
          '/tile\\0/',
          '/tile/0\\',
          '/TILE/0/',
          '/tile/',
          '/tile',
        ),
      },
    ),
    groups: fc.array(fc.tuple(tileGroup, separator), { minLength: 1, maxLength: 7 }),
    suffix: tileSuffix,
  })
  .map(({ prefix, groups, suffix }) => {
    let path = prefix;
    groups.forEach(([g, sep], i) => {
      path += g + (i < groups.length - 1 ? sep : '');
    });
    return path + suffix;
  });

/** Header names a fuzzer sends (Content-Length, Transfer-Encoding and Connection are the framing's). */
const HEADER_NAMES = [
  'Accept',
  'Content-Type',
  'Authorization',
  'Event-Time',
  'Idempotency-Key',
  'Content-Encoding',
  'Expect',
  'Range',
  'If-None-Match',
  'If-Modified-Since',
  'Cookie',
  'X-Forwarded-For',
  'Forwarded',
  'Accept-Encoding',
  'Accept-Charset',
  'Origin',
  'Upgrade',
  'TE',
  'Trailer',
  'Max-Forwards',
  'X-HTTP-Method-Override',
  'Host',
];

/** Strips what would break the request head itself (its line framing). */
function headerSafe(value: string): string {
  return value.replace(/[\r\n]/g, ' ');
}

/** A header value as latin1 text (every byte 0x00-0xff but CR and LF). */
const anyHeaderValue: fc.Arbitrary<string> = fc.uint8Array({ maxLength: 40 }).map((b) => headerSafe(Buffer.from(b).toString('latin1')));

/** Header values that mean something to the server, hostile or not. */
function headerValue(name: string, tokens: { writer: string; reader: string }): fc.Arbitrary<string> {
  const specific: Record<string, fc.Arbitrary<string>> = {
    Accept: fc.constantFrom(
      'application/x-protobuf',
      'application/json',
      'text/plain',
      '*/*',
      'image/png',
      'application/x-protobuf;q=0',
      '',
      'application/json;q=abc',
      ',,,,',
      'a/b;'.repeat(300),
      'application/*;q=0.5, */*;q=0',
    ),
    'Content-Type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset="UTF-8"',
      'application/x-protobuf',
      'application/x-protobuf; charset=utf-8',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      '',
      ';',
      'application/json;;;',
      '\u00e9/\u00e8',
      'x'.repeat(300),
    ),
    Authorization: fc.oneof(
      fc.constantFrom(
        `Bearer ${tokens.writer}`,
        `Bearer ${tokens.reader}`,
        `bearer ${tokens.writer}`,
        `Bearer  ${tokens.writer}`,
        tokens.writer,
        'Bearer',
        'Bearer ',
        'Basic YTpi',
        `Bearer ${'a'.repeat(5000)}`,
        `Bearer ${tokens.writer}x`,
        `Bearer ${tokens.writer.slice(0, -1)}`,
      ),
      anyHeaderValue.map((v) => `Bearer ${v}`),
    ),
    'Event-Time': fc.oneof(
      fc.constantFrom(
        '2026-01-01T00:00:00Z',
        '1970-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '2026-13-01T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '2026-01-01T00:00:60Z',
        '2026-01-01T00:00:00.1234567890Z',
        '2026-01-01T00:00:00+25:00',
        '0000-01-01T00:00:00Z',
        '1969-12-31T23:59:59Z',
        '2026-01-01',
        '1767225600',
        '',
      ),
      anyHeaderValue,
    ),
    'Idempotency-Key': fc.oneof(
      fc.constantFrom('seed-1', 'seed-2', 'fuzz-key', '', ' ', 'a'.repeat(300), '\u00ff'),
      fc.string({ minLength: 1, maxLength: 20 }).map(headerSafe),
    ),
    'Content-Encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, gzip', 'x', '', 'GZIP'),
    Expect: fc.constantFrom('100-continue', 'something-else'),
    Range: fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=9999999999999999999-', 'lines=1'),
    Host: fc.constantFrom('', 'evil.example', '127.0.0.1:1', '[::1]', 'a'.repeat(300)),
  };
  return fc.oneof(
    { weight: 4, arbitrary: specific[name] ?? anyHeaderValue },
    { weight: 1, arbitrary: anyHeaderValue },
    { weight: 1, arbitrary: fc.constant('x'.repeat(9000)) },
  );
}

/** A list of headers, names possibly repeated, values hostile. */
export function headersArb(tokens: { writer: string; reader: string }, maxLength = 5): fc.Arbitrary<[string, string][]> {
  const pair = fc
    .oneof({ weight: 8, arbitrary: fc.constantFrom(...HEADER_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/) })
    .chain((name) => headerValue(name, tokens).map((value): [string, string] => [name, value]));
  return fc.array(pair, { maxLength });
}

/** Byte sequences that are not UTF-8: overlong forms, surrogates, lone continuations, truncation. */
export const INVALID_UTF8: readonly number[][] = [
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xbf],
  [0xe2, 0x82],
  [0xff],
  [0xfe, 0xff],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

/** JSON text with invalid UTF-8 inside a string. */
export const invalidUtf8Json: fc.Arbitrary<Uint8Array> = fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.boolean()).map(([bad, batch]) => {
  const before = Buffer.from(batch ? '{"entries":[{"json":"' : '{"event":"');
  const after = Buffer.from(batch ? '"}]}' : '"}');
  return new Uint8Array(Buffer.concat([before, Buffer.from(bad), after]));
});

/** Deeply nested JSON (arrays or objects), bare or as a batch entry's `json`, up to 100,000 levels. */
export const deepJson: fc.Arbitrary<Uint8Array> = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.constantFrom(10_000, 50_000, 100_000)),
    kind: fc.constantFrom('array', 'object'),
    batch: fc.boolean(),
    closed: fc.boolean(),
  })
  .map(({ depth, kind, batch, closed }) => {
    const open = kind === 'array' ? '['.repeat(depth) : '{"a":'.repeat(depth);
    const close = closed ? (kind === 'array' ? ']'.repeat(depth) : '}'.repeat(depth)) : '';
    const inner = kind === 'array' ? `${open}${close}` : `${open}1${close}`;
    return new TextEncoder().encode(batch ? `{"entries":[{"json":${inner}}]}` : inner);
  });

/** A JSON value of any shape for a batch member, valid or not. */
const anyJsonMember: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

/** A batch JSON body: valid entries, entries with wrong member types, unknown and prototype keys. */
export const batchJson: fc.Arbitrary<Uint8Array> = fc
  .record({
    entries: fc.oneof(
      {
        weight: 3,
        arbitrary: fc.array(
          fc.record(
            {
              payload: fc.oneof(
                fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
                anyJsonMember,
              ),
              json: anyJsonMember,
              contentType: fc.oneof(fc.constantFrom('text/plain', 'application/json', '', '\u00e9'), anyJsonMember),
              idempotencyKey: fc.oneof(fc.constantFrom('seed-3', 'k1', 'k2', '', ' '), anyJsonMember),
              occurredAt: fc.oneof(fc.constantFrom('2026-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'yesterday'), anyJsonMember),
              extra: anyJsonMember,
            },
            { requiredKeys: [] },
          ),
          { maxLength: 20 },
        ),
      },
      { weight: 1, arbitrary: anyJsonMember },
    ),
    topExtra: fc.option(fc.constantFrom('__proto__', 'constructor', 'entries2', 'Entries'), { nil: undefined }),
  })
  .map(({ entries, topExtra }) => {
    const parts = [`"entries":${JSON.stringify(entries) ?? 'null'}`];
    if (topExtra !== undefined) parts.push(`${JSON.stringify(topExtra)}:{"a":1}`);
    return new TextEncoder().encode(`{${parts.join(',')}}`);
  });

/** A protobuf AppendRequest (encoded from random events), or random bytes, or a mutation. */
export const batchProto: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .array(
      fc.record({
        payload: fc.uint8Array({ maxLength: 64 }),
        contentType: fc.constantFrom('', 'text/plain', '\u00e9', 'x'.repeat(300)),
        idempotencyKey: fc.constantFrom('', 'p1', ' '),
        occurredAt: fc.constantFrom(0, 1, Number.MAX_SAFE_INTEGER),
      }),
      { maxLength: 20 },
    )
    .chain((events) => {
      const bytes = cairn.v1.AppendRequest.encode({ entries: events }).finish();
      return fc.array(fc.tuple(fc.nat(Math.max(0, bytes.length - 1)), fc.integer({ min: 0, max: 255 })), { maxLength: 2 }).map((edits) => {
        const b = new Uint8Array(bytes);
        for (const [at, v] of edits) if (b.length > 0) b[at] = v;
        return b;
      });
    }),
  fc.uint8Array({ maxLength: 300 }),
  // Nested unknown groups and length prefixes that promise more than there is.
  fc.constantFrom(
    new Uint8Array(Array(5_000).fill(0x0b)),
    new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
  ),
);

/** Any body: random bytes, invalid UTF-8, deep JSON, batches, and sizes around the limits. */
export const anyBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 2, arbitrary: invalidUtf8Json },
  { weight: 2, arbitrary: deepJson },
  { weight: 3, arbitrary: batchJson },
  { weight: 2, arbitrary: batchProto },
  { weight: 1, arbitrary: fc.constantFrom(4096, 4097, 70_000).map((n) => new Uint8Array(n).fill(0x61)) },
);

/** Every framing, the honest ones more often. */
export const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<Framing>('length', 'chunked') },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Framing>(
      'none',
      'cl-short',
      'cl-long',
      'cl-twice',
      'cl-absurd',
      'cl-huge',
      'cl-and-chunked',
      'chunk-lie',
      'chunk-bad-hex',
      'chunk-unterminated',
    ),
  },
);

/**
 * Every framing but those that pipeline a second (garbage) request behind a complete one. For
 * appends with a valid token: the server answers the garbage's 400 in place of the append's
 * receipt (a reported gap, see fuzz-framing.test.ts), so the fuzzer could not count the entry.
 */
export const framingWithoutPipelining: fc.Arbitrary<Framing> = framing.filter((f) => f !== 'none' && f !== 'cl-long');

/** A method: mostly GET and POST, sometimes any other, sometimes invented or malformed. */
export const method: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
  { weight: 2, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'PURGE', 'MOVE', 'COPY', 'CONNECT') },
  { weight: 1, arbitrary: fc.constantFrom('get', 'FOO', 'G ET', 'POST\u0000', 'ÉCRIRE', '') },
);

/** Assembles a request (a convenience for the fuzz tests). */
export function request(parts: { method: string; target: string; headers?: [string, string][]; body?: Uint8Array; framing?: Framing }): HostileRequest {
  return {
    method: parts.method,
    target: parts.target,
    headers: parts.headers ?? [],
    body: parts.body ?? new Uint8Array(0),
    framing: parts.framing ?? 'length',
  };
}
