/**
 * Fuzzing the read API (SPEC §2, §5) on a real server: hostile paths, numbers, queries, tile
 * paths and headers, with every method. Each answer is judged by fuzz-harness.ts (4xx problems
 * or valid 2xx answers, never a 5xx), the server must answer /healthz after every request, and
 * at the end the log's history is byte-identical: reads append nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { anyBody, framing, headersArb, leafHashText, method, numberText, queryText, request, tilePathText } from './arbitraries.js';
import { startFuzzServer, type FuzzServer, type HostileRequest } from './fuzz-harness.js';

let fz: FuzzServer;
let tokens: { writer: string; reader: string };

beforeAll(async () => {
  fz = await startFuzzServer();
  tokens = { writer: fz.server.writerToken, reader: fz.readerToken };
});

afterAll(async () => {
  // Reads never append: history must be unchanged with 0 new entries.
  expect(fz.stats.appended.size).toBe(0);
  await fz.finish();
});

/** Paths built to escape, alias or confuse the router. */
const PATH_TRICKS = [
  '/v1/../checkpoint',
  '/v1/entries/%2e%2e/batch',
  '/v1/entries/..%2fbatch',
  '//checkpoint',
  '/CHECKPOINT',
  '/checkpoint/',
  '/checkpoint;x',
  '/checkpoint%00',
  '/%2fcheckpoint',
  '/v1/entries/0/',
  '/v1%2fentries',
  '/v1/entries/0%2f..',
  '/..%2f..%2fetc%2fpasswd',
  '/tile/../../etc/passwd',
  '/tile/0/../../../leveldb/CURRENT',
  '/tile/entries/..%2F..%2Fsigner.key',
  '/signer.key',
  '/admin.sock',
  '/v1/entries/0/payload',
  '/%',
  '/%zz',
  '/\u00e9',
  '*',
  'http://evil.example/checkpoint',
  '//evil.example/checkpoint',
  'checkpoint',
];

/** The target of a read: every read route with hostile parameters, tile paths, and tricks. */
function readTarget(treeSize: number): fc.Arbitrary<string> {
  const n = numberText(treeSize + 5);
  return fc.oneof(
    queryText([], n).map((q) => `/checkpoint${q}`),
    queryText([], n).map((q) => `/v1/log${q}`),
    fc.tuple(n, fc.option(queryText(['x'], n), { nil: '' })).map(([i, q]) => `/v1/entries/${i}${q}`),
    queryText(['start', 'end'], n).map((q) => `/v1/entries${q}`),
    n.map((size) => `/v1/checkpoints/${size}`),
    queryText(['index', 'leafHash', 'size'], fc.oneof(n, leafHashText)).map((q) => `/v1/proof/inclusion${q}`),
    queryText(['from', 'to'], n).map((q) => `/v1/proof/consistency${q}`),
    { arbitrary: tilePathText, weight: 4 },
    fc.tuple(tilePathText, queryText(['x'], n)).map(([p, q]) => `${p}${q}`),
    fc.constantFrom('/healthz', '/readyz', '/metrics', ...PATH_TRICKS),
  );
}

function readRequests(treeSize: number, methods: fc.Arbitrary<string>, withBody: boolean): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      method: methods,
      target: readTarget(treeSize),
      // A third without extra headers: most hostile headers are refused on their own (400, 401,
      // 417, 431), and the run must also reach the valid reads of hostile paths and numbers.
      headers: fc.oneof({ weight: 1, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 2, arbitrary: headersArb(tokens) }),
      body: withBody ? anyBody : fc.constant(new Uint8Array(0)),
      framing: withBody ? framing : fc.constant('length' as const),
    })
    .map((parts) => request(parts));
}

describe('GET and HEAD with hostile paths, numbers and queries', () => {
  test('only 4xx problems or valid answers, and a live server after each request', async () => {
    await fc.assert(
      fc.asyncProperty(readRequests(300, fc.constantFrom('GET', 'GET', 'GET', 'HEAD'), false), async (r) => {
        await fz.send(r);
        await fz.expectAlive();
      }),
      { numRuns: 600 },
    );
    // The generators reach both sides: valid reads and refusals.
    expect(fz.stats.byStatus.get(200) ?? 0).toBeGreaterThan(20);
    expect(fz.stats.byStatus.get(400) ?? 0).toBeGreaterThan(20);
    expect(fz.stats.byStatus.get(404) ?? 0).toBeGreaterThan(20);
  });
});

describe('any method, hostile headers and bodies, lying framing, on read routes', () => {
  test('only 4xx problems or valid answers, and a live server after each request', async () => {
    await fc.assert(
      fc.asyncProperty(readRequests(300, method, true), async (r) => {
        await fz.send(r);
        await fz.expectAlive();
      }),
      { numRuns: 250 },
    );
    expect(fz.stats.byStatus.get(405) ?? 0).toBeGreaterThan(5);
  });
});

describe('path tricks, one by one', () => {
  for (const target of PATH_TRICKS) {
    test(`GET ${JSON.stringify(target)} is a 4xx problem or a valid answer, never the store's files`, async () => {
      const outcome = await fz.send(request({ method: 'GET', target }));
      if (outcome.kind === 'response' && outcome.response.status === 200) {
        // Only an alias that the router itself normalises may answer, and never with a file.
        expect(outcome.response.body.toString('latin1')).not.toMatch(/PRIVATE\+KEY|MANIFEST|root:/);
      }
    });
  }
});
