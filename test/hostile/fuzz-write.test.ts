/**
 * Fuzzing the write API (SPEC §3, §4) on a real server: POST /v1/entries and
 * /v1/entries/batch with a writer token (so the parsers are reached) and random bytes, invalid
 * UTF-8, deeply nested JSON, batches valid and not, protobuf garbage, wrong content types,
 * hostile Event-Time, Idempotency-Key, Accept and Content-Encoding headers, and lying framing
 * (pipelined garbage behind an append is fuzz-framing.test.ts's, without a valid token).
 * Valid events are appended on purpose: each one's receipt is verified with the log's key and
 * counted, and at the end the log holds its old history byte for byte plus exactly those
 * entries. Refusals are 4xx problems; nothing is ever a 5xx.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { anyBody, batchJson, batchProto, deepJson, framingWithoutPipelining, headersArb, invalidUtf8Json, request } from './arbitraries.js';
import { startFuzzServer, type FuzzServer, type HostileRequest } from './fuzz-harness.js';

let fz: FuzzServer;
let tokens: { writer: string; reader: string };

beforeAll(async () => {
  fz = await startFuzzServer();
  tokens = { writer: fz.server.writerToken, reader: fz.readerToken };
});

afterAll(async () => {
  await fz.finish();
});

/** Headers of an append: usually the writer's token first, then hostile ones. */
function appendHeaders(contentTypes: readonly string[]): fc.Arbitrary<[string, string][]> {
  return fc
    .record({
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constant<[string, string][]>([['Authorization', `Bearer ${tokens.writer}`]]) },
        { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
      ),
      type: fc.option(fc.constantFrom(...contentTypes), { nil: undefined }),
      rest: headersArb(tokens, 4),
    })
    .map(({ auth, type, rest }) => [...auth, ...(type === undefined ? [] : [['Content-Type', type] as [string, string]]), ...rest]);
}

function appends(target: string, body: fc.Arbitrary<Uint8Array>, contentTypes: readonly string[]): fc.Arbitrary<HostileRequest> {
  return fc.record({ headers: appendHeaders(contentTypes), body, framing: framingWithoutPipelining }).map((p) => request({ method: 'POST', target, ...p }));
}

const BATCH_TYPES = [
  'application/json',
  'application/x-protobuf',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-protobuf; proto=x',
  'APPLICATION/JSON',
];
const SINGLE_TYPES = ['application/json', 'text/plain', 'application/octet-stream', '', ' ', 'a'.repeat(300), '\u00e9', 'x/y; charset=\u00ff'];

describe('POST /v1/entries', () => {
  test('any body, content type and headers: a verified receipt or a 4xx problem, and a live server', async () => {
    await fc.assert(
      fc.asyncProperty(appends('/v1/entries', anyBody, SINGLE_TYPES), async (r) => {
        await fz.send(r);
        await fz.expectAlive();
      }),
      { numRuns: 200 },
    );
    expect(fz.stats.appended.size).toBeGreaterThan(10);
  });
});

describe('POST /v1/entries/batch', () => {
  test('JSON batches, valid and not: verified receipts or a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(appends('/v1/entries/batch', batchJson, BATCH_TYPES.slice(0, 3)), async (r) => {
        await fz.send(r);
        await fz.expectAlive();
      }),
      { numRuns: 150 },
    );
  });

  test('protobuf batches, valid, mutated and garbage: verified receipts or a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(appends('/v1/entries/batch', batchProto, ['application/x-protobuf']), async (r) => {
        await fz.send(r);
        await fz.expectAlive();
      }),
      { numRuns: 120 },
    );
  });

  test('deeply nested and invalid UTF-8 JSON: a 4xx problem, or the exact bytes appended', async () => {
    await fc.assert(
      fc.asyncProperty(appends('/v1/entries/batch', fc.oneof(deepJson, invalidUtf8Json), ['application/json']), async (r) => {
        await fz.send(r);
        await fz.expectAlive();
      }),
      { numRuns: 80 },
    );
  });

  test('any body under any batch content type', async () => {
    await fc.assert(
      fc.asyncProperty(appends('/v1/entries/batch', anyBody, BATCH_TYPES), async (r) => {
        await fz.send(r);
        await fz.expectAlive();
      }),
      { numRuns: 120 },
    );
    expect(fz.stats.byStatus.get(415) ?? 0).toBeGreaterThan(0);
    expect(fz.stats.byStatus.get(413) ?? 0).toBeGreaterThan(0);
  });
});
