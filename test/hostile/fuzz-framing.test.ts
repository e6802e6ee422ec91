/**
 * Fuzzing HTTP itself on a real server: random bytes instead of a request, broken request lines,
 * duplicated and contradictory headers, absurd Content-Length, chunked bodies that lie, garbage
 * pipelined behind a request, every method on every path. Only a 4xx problem or a valid answer
 * may come back (or, for a request that never completed, a closed connection), the server must
 * answer /healthz after every request, and the log's history must be unchanged at the end: no
 * request here carries a valid writer token, except the named duplicated-header tests, whose
 * appends are counted.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { anyBody, framing, headersArb, method, numberText, request, tilePathText } from './arbitraries.js';
import { startFuzzServer, type FuzzServer } from './fuzz-harness.js';
import { exchange, type RawOutcome } from './raw-http.js';

let fz: FuzzServer;
let tokens: { writer: string; reader: string };

beforeAll(async () => {
  fz = await startFuzzServer();
  // The generated Authorization headers may use this "writer" token: it is the reader's, so no
  // generated request can append.
  tokens = { writer: fz.readerToken, reader: fz.readerToken };
});

afterAll(async () => {
  await fz.finish();
});

/** Judges an answer to bytes that are not (all) a valid request: a 4xx problem, or a close. */
function expectRefusedOrClosed(outcome: RawOutcome, what: string): void {
  if (outcome.kind === 'closed') return;
  const { status, headers, body } = outcome.response;
  expect({ what, status, ok: status >= 400 && status < 500 }).toEqual({ what, status, ok: true });
  expect(headers.get('content-type')?.[0]).toBe('application/problem+json');
  const problem = JSON.parse(body.toString('utf8')) as { status: number; type: string };
  expect(problem.status).toBe(status);
  expect(problem.type).toMatch(/^urn:cairn:problem:/);
}

const anyPath = fc.oneof(
  fc.constantFrom('/v1/entries', '/v1/entries/batch', '/checkpoint', '/v1/log', '/healthz', '/metrics', '/v1/entries/0', '/v1/checkpoints/1'),
  numberText(320).map((n) => `/v1/entries/${n}`),
  tilePathText,
);

describe('random bytes instead of HTTP', () => {
  test('any bytes: a 4xx problem or a closed connection, and a live server', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1_500 }), async (bytes) => {
        const outcome = await exchange(fz.server.url, bytes, { timeoutMs: 20_000 });
        expectRefusedOrClosed(outcome, Buffer.from(bytes).toString('latin1').slice(0, 60));
        await fz.expectAlive();
      }),
      { numRuns: 100 },
    );
  });

  test('a valid request line followed by random header bytes: a 4xx problem or a closed connection', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET /checkpoint', 'POST /v1/entries', 'POST /v1/entries/batch'),
        fc.uint8Array({ maxLength: 600 }),
        async (line, bytes) => {
          const raw = Buffer.concat([Buffer.from(`${line} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n`), Buffer.from(bytes), Buffer.from('\r\n\r\n')]);
          const outcome = await exchange(fz.server.url, raw, { timeoutMs: 20_000 });
          if (outcome.kind === 'response' && outcome.response.status < 400) {
            // The random bytes happened to be headers: then it is a valid request, judged as such.
            expect(outcome.response.status).toBeLessThan(300);
            expect(line).toMatch(/^GET/);
          } else {
            expectRefusedOrClosed(outcome, line);
          }
          await fz.expectAlive();
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('structured requests with every framing, method and header trick', () => {
  test('only 4xx problems or valid answers, and a live server after each request', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ method, target: anyPath, headers: headersArb(tokens, 6), body: anyBody, framing }).map((p) => request(p)),
        async (r) => {
          await fz.send(r);
          await fz.expectAlive();
        },
      ),
      { numRuns: 300 },
    );
    expect(fz.stats.appended.size).toBe(0);
  });
});

/** A request head plus body, written verbatim. */
function raw(lines: string[], body = ''): string {
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

describe('request lines and heads that break the rules, one by one', () => {
  const cases: [string, string][] = [
    ['HTTP/1.0 without Host', raw(['GET /checkpoint HTTP/1.0'])],
    ['HTTP/2.0 on the request line', raw(['GET /checkpoint HTTP/2.0', 'Host: x'])],
    ['the HTTP/2 connection preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['HTTP/9.9', raw(['GET /checkpoint HTTP/9.9', 'Host: x'])],
    ['no HTTP version', 'GET /checkpoint\r\n\r\n'],
    ['a lower-case method', raw(['get /checkpoint HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['absolute-form target', raw(['GET http://evil.example/checkpoint HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['asterisk-form target with GET', raw(['GET * HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['OPTIONS *', raw(['OPTIONS * HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['a 20 KiB URL', raw([`GET /checkpoint?${'a'.repeat(20_000)} HTTP/1.1`, 'Host: x', 'Connection: close'])],
    ['a 40 KiB header', raw(['GET /checkpoint HTTP/1.1', 'Host: x', `X-Big: ${'b'.repeat(40_000)}`])],
    ['3000 headers', raw(['GET /checkpoint HTTP/1.1', 'Host: x', 'Connection: close', ...Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`)])],
    ['a header folded onto the next line (obs-fold)', raw(['GET /checkpoint HTTP/1.1', 'Host: x', 'X-A: one', ' two', 'Connection: close'])],
    ['a header without a colon', raw(['GET /checkpoint HTTP/1.1', 'Host: x', 'NoColonHere', 'Connection: close'])],
    ['a space before the colon', raw(['GET /checkpoint HTTP/1.1', 'Host : x', 'Connection: close'])],
    ['a NUL in a header value', raw(['GET /checkpoint HTTP/1.1', 'Host: x', 'X-A: a\u0000b', 'Connection: close'])],
    ['bare LF line endings', 'GET /checkpoint HTTP/1.1\nHost: x\nConnection: close\n\n'],
    ['a CR without LF', 'GET /checkpoint HTTP/1.1\rHost: x\r\n\r\n'],
    ['a control character in the path', raw(['GET /check\u0001point HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['a space in the path', raw(['GET /check point HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['UTF-8 in the path, unencoded', raw(['GET /tile/\u0660/000 HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['two Host headers', raw(['GET /checkpoint HTTP/1.1', 'Host: a', 'Host: b', 'Connection: close'])],
    [
      'Content-Length and chunked on a POST',
      raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Content-Length: 4', 'Transfer-Encoding: chunked', 'Connection: close'], '0\r\n\r\n'),
    ],
    [
      'two different Content-Length headers',
      raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Content-Length: 1', 'Content-Length: 2', 'Connection: close'], 'ab'),
    ],
    ['a Content-Length beyond 2^64', raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Content-Length: 99999999999999999999999', 'Connection: close'], 'a')],
    ['a negative Content-Length', raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Content-Length: -1', 'Connection: close'], 'a')],
    [
      'Transfer-Encoding: gzip, chunked',
      raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Transfer-Encoding: gzip, chunked', 'Connection: close'], '1\r\na\r\n0\r\n\r\n'),
    ],
    [
      'Transfer-Encoding: chunked, identity',
      raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked, identity', 'Connection: close'], '1\r\na\r\n0\r\n\r\n'),
    ],
    [
      'a chunk size with 20 hex digits',
      raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked', 'Connection: close'], 'fffffffffffffffffffff\r\na\r\n0\r\n\r\n'),
    ],
    [
      'a chunk extension of 10 KiB',
      raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked', 'Connection: close'], `1;${'e'.repeat(10_000)}\r\na\r\n0\r\n\r\n`),
    ],
    [
      'a trailer section after the last chunk',
      raw(['POST /v1/entries HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked', 'Connection: close'], '1\r\na\r\n0\r\nAuthorization: Bearer x\r\n\r\n'),
    ],
    ['an Upgrade to websocket', raw(['GET /checkpoint HTTP/1.1', 'Host: x', 'Connection: Upgrade', 'Upgrade: websocket'])],
    [
      'an Upgrade to h2c',
      raw(['GET /checkpoint HTTP/1.1', 'Host: x', 'Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA']),
    ],
  ];
  for (const [name, text] of cases) {
    test(`${name}: a 4xx problem, a valid answer or a closed connection, and a live server`, async () => {
      const outcome = await exchange(fz.server.url, text, { timeoutMs: 20_000 });
      if (outcome.kind === 'response' && outcome.response.status < 400) {
        // Some of these are legal HTTP (absolute-form, OPTIONS *, an ignored Upgrade): then a
        // read must succeed as a read, and nothing else may succeed.
        expect({ name, status: outcome.response.status }).toEqual({ name, status: expect.any(Number) });
        expect([200, 204]).toContain(outcome.response.status);
        expect(text).toMatch(/^(GET|OPTIONS) /);
      } else {
        expectRefusedOrClosed(outcome, name);
      }
      await fz.expectAlive();
    });
  }
});

describe('duplicated headers on an append', () => {
  const post = (headers: [string, string][], body = 'dup'): Promise<RawOutcome> =>
    fz.send(request({ method: 'POST', target: '/v1/entries', headers, body: new TextEncoder().encode(body) }));
  const writer = (): [string, string] => ['Authorization', `Bearer ${fz.server.writerToken}`];

  // Two Authorization headers are ambiguous: refused whatever their order (framing.ts).
  test('two Authorization headers, a bogus one first: refused with 400', async () => {
    const outcome = await post([['Authorization', 'Bearer cairn_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], writer()]);
    expect(outcome.kind === 'response' && outcome.response.status).toBe(400);
  });

  test('two Authorization headers, the writer first: refused with 400 too', async () => {
    const outcome = await post([writer(), ['Authorization', 'Bearer nonsense']]);
    expect(outcome.kind === 'response' && outcome.response.status).toBe(400);
  });

  test('two Content-Type headers: a receipt or a 4xx problem', async () => {
    await post([writer(), ['Content-Type', 'text/plain'], ['Content-Type', 'application/json']]);
  });

  test('two Idempotency-Key headers: a receipt or a 4xx problem', async () => {
    await post([writer(), ['Idempotency-Key', 'dup-a'], ['Idempotency-Key', 'dup-b']]);
  });

  test('two Event-Time headers: a receipt or a 4xx problem', async () => {
    await post([writer(), ['Event-Time', '2026-01-01T00:00:00Z'], ['Event-Time', '2026-01-02T00:00:00Z']]);
  });

  test('two Accept headers: a receipt or a 4xx problem', async () => {
    await post([writer(), ['Accept', 'application/x-protobuf'], ['Accept', 'application/json']]);
  });
});
