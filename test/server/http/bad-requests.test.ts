/**
 * Bad input (SPEC §3-§5): every malformed request is its own named test and gets a 4xx RFC 9457
 * problem (never a 5xx, HTML or a stack trace), and none of them changes the log: the
 * checkpoint after each test is the one before it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { cairn } from '../../../proto/gen/cairn.js';
import { encodeBase64 } from '../../../proofs/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { bearer, bodyOf, expectProblem, fetchCheckpoint, utf8Bytes } from './http-utils.js';

const LIMITS = { maxPayloadBytes: 1024, maxBatchEntries: 5, maxBatchBytes: 8192 };

let s: TestServer;
let checkpoint: string;

beforeAll(async () => {
  s = await startTestServer({ config: { requestLimits: LIMITS } });
  const res = await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(s.writerToken), body: utf8Bytes('seed') });
  expect(res.status).toBe(201);
  checkpoint = await fetchCheckpoint(s.url);
});

afterEach(async () => {
  expect(await fetchCheckpoint(s.url)).toBe(checkpoint);
});

afterAll(async () => {
  await s.stop();
});

function single(body: BodyInit | undefined, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}/v1/entries`, { method: 'POST', headers: { ...bearer(s.writerToken), ...headers }, ...(body === undefined ? {} : { body }) });
}

function batch(body: BodyInit, contentType = 'application/json'): Promise<Response> {
  return fetch(`${s.url}/v1/entries/batch`, { method: 'POST', headers: { ...bearer(s.writerToken), 'content-type': contentType }, body });
}

function protoBatch(bytes: Uint8Array): Promise<Response> {
  return batch(bodyOf(bytes), 'application/x-protobuf');
}

/** A stream body without Content-Length (chunked transfer encoding). */
function chunked(bytes: Uint8Array): RequestInit {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bodyOf(bytes));
      controller.close();
    },
  });
  return { body: stream, duplex: 'half' } as RequestInit;
}

describe('POST /v1/entries: malformed requests', () => {
  test('an empty body is 400', async () => {
    await expectProblem(await single(undefined), 400, 'MALFORMED_REQUEST');
  });

  test('a zero-length body with Content-Type is 400', async () => {
    await expectProblem(await single('', { 'content-type': 'application/json' }), 400, 'MALFORMED_REQUEST');
  });

  test('a payload over the limit is 413 with the limit and the digest advice of SPEC §3', async () => {
    const p = await expectProblem(await single(new Uint8Array(1025)), 413, 'PAYLOAD_TOO_LARGE');
    expect(p.detail).toContain('1 KiB (1024 bytes)');
    expect(p.detail).toMatch(/digest/);
    expect(p.detail).toMatch(/SHA-256/);
    expect(p['limit']).toBe(1024);
  });

  test('a chunked payload over the limit (no Content-Length) is 413', async () => {
    const res = await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(s.writerToken), ...chunked(new Uint8Array(5000)) });
    await expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('a gzip body that inflates beyond the limit is 413', async () => {
    const bomb = gzipSync(new Uint8Array(64 * 1024));
    expect(bomb.length).toBeLessThan(1024);
    await expectProblem(await single(bodyOf(bomb), { 'content-encoding': 'gzip' }), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('a body that is not the gzip it claims is 400', async () => {
    await expectProblem(await single(utf8Bytes('not gzip at all'), { 'content-encoding': 'gzip' }), 400, 'MALFORMED_REQUEST');
  });

  test('an unknown Content-Encoding is 415', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'content-encoding': 'compress' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('an Event-Time that is not RFC 3339 is 400', async () => {
    const p = await expectProblem(await single(utf8Bytes('x'), { 'event-time': '2024-01-01 10:00:00' }), 400, 'INVALID_EVENT_TIME');
    expect(p.detail).toMatch(/Event-Time/);
  });

  test('an Event-Time with an impossible date is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'event-time': '2023-02-29T00:00:00Z' }), 400, 'INVALID_EVENT_TIME');
  });

  test('an Event-Time before 1970 is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'event-time': '1969-12-31T23:59:59Z' }), 400, 'INVALID_EVENT_TIME');
  });

  test('an Event-Time further in the future than the skew is 400', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    const p = await expectProblem(await single(utf8Bytes('x'), { 'event-time': future }), 400, 'EVENT_TIME_IN_FUTURE');
    expect(p.detail).toMatch(/300 seconds/);
  });

  test('an empty Idempotency-Key is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'idempotency-key': '' }), 400, 'INVALID_IDEMPOTENCY_KEY');
  });

  test('an Idempotency-Key over 256 characters is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'idempotency-key': 'k'.repeat(257) }), 400, 'INVALID_IDEMPOTENCY_KEY');
  });

  test('an Idempotency-Key with a space is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'idempotency-key': 'two words' }), 400, 'INVALID_IDEMPOTENCY_KEY');
  });

  test('an Idempotency-Key with a non-ASCII character is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'idempotency-key': 'cl\u00e9' }), 400, 'INVALID_IDEMPOTENCY_KEY');
  });

  test('a Content-Type over 256 characters is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'content-type': `application/${'x'.repeat(300)}` }), 400, 'MALFORMED_REQUEST');
  });

  test('an empty Content-Type is 400', async () => {
    await expectProblem(await single(utf8Bytes('x'), { 'content-type': '' }), 400, 'MALFORMED_REQUEST');
  });

  test('an Accept that allows neither JSON nor protobuf is 406, before anything is appended', async () => {
    await expectProblem(await single(utf8Bytes('x'), { accept: 'text/html' }), 406, 'NOT_ACCEPTABLE');
  });
});

describe('POST /v1/entries/batch: malformed JSON bodies', () => {
  test('an empty body is 400', async () => {
    await expectProblem(await batch(''), 400, 'MALFORMED_REQUEST');
  });

  test('a body that is not JSON is 400', async () => {
    const p = await expectProblem(await batch('{"entries": [{"json": 1}'), 400, 'MALFORMED_REQUEST');
    expect(p.detail).toMatch(/not valid JSON/);
  });

  test('JSON with trailing garbage is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1}]} x'), 400, 'MALFORMED_REQUEST');
  });

  test('a body that is not UTF-8 is 400', async () => {
    await expectProblem(await batch(bodyOf(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))), 400, 'MALFORMED_REQUEST');
  });

  test('a body with a byte order mark is 400', async () => {
    await expectProblem(await batch(bodyOf(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8Bytes('{"entries":[{"json":1}]}')]))), 400, 'MALFORMED_REQUEST');
  });

  test('a top-level array is 400', async () => {
    await expectProblem(await batch('[{"json":1}]'), 400, 'MALFORMED_REQUEST');
  });

  test('a top-level null is 400', async () => {
    await expectProblem(await batch('null'), 400, 'MALFORMED_REQUEST');
  });

  test('a body without "entries" is 400', async () => {
    await expectProblem(await batch('{}'), 400, 'MALFORMED_REQUEST');
  });

  test('"entries" that is not an array is 400', async () => {
    await expectProblem(await batch('{"entries":{"json":1}}'), 400, 'MALFORMED_REQUEST');
  });

  test('an empty "entries" is 400', async () => {
    await expectProblem(await batch('{"entries":[]}'), 400, 'MALFORMED_REQUEST');
  });

  test('more entries than maxBatchEntries is 413', async () => {
    const p = await expectProblem(await batch(JSON.stringify({ entries: Array.from({ length: 6 }, () => ({ json: 1 })) })), 413, 'BATCH_TOO_LARGE');
    expect(p['limit']).toBe(5);
  });

  test('a body over maxBatchBytes is 413', async () => {
    const big = JSON.stringify({ entries: [{ json: 'x'.repeat(9000) }] });
    await expectProblem(await batch(big), 413, 'BATCH_TOO_LARGE');
  });

  test('an unknown top-level member is 400', async () => {
    const p = await expectProblem(await batch('{"entries":[{"json":1}],"dryRun":true}'), 400, 'MALFORMED_REQUEST');
    expect(p.detail).toMatch(/dryRun/);
  });

  test('"entries" given twice is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1}],"entries":[{"json":2}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an entry that is a string is 400 naming the entry', async () => {
    const p = await expectProblem(await batch('{"entries":[{"json":1},"x"]}'), 400, 'MALFORMED_REQUEST');
    expect(p.detail).toMatch(/entries\[1\]/);
    expect(p['entry']).toBe(1);
  });

  test('an entry that is null is 400', async () => {
    await expectProblem(await batch('{"entries":[null]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an entry with an unknown member is 400 naming it', async () => {
    const p = await expectProblem(await batch('{"entries":[{"json":1,"tenant":"a"}]}'), 400, 'MALFORMED_REQUEST');
    expect(p.detail).toMatch(/tenant/);
  });

  test('an entry with both payload and json is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"payload":"AA=="}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an entry with neither payload nor json is 400', async () => {
    await expectProblem(await batch('{"entries":[{"contentType":"text/plain"}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an entry with a member given twice is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"json":2}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an entry with a member given twice through an escaped key is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"js\\u006fn":2}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('a payload that is not a string is 400', async () => {
    await expectProblem(await batch('{"entries":[{"payload":12}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('a payload in URL-safe base64 is 400', async () => {
    await expectProblem(await batch('{"entries":[{"payload":"-_8="}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('a payload without base64 padding is 400', async () => {
    await expectProblem(await batch('{"entries":[{"payload":"AAE"}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('a payload with whitespace in its base64 is 400', async () => {
    await expectProblem(await batch('{"entries":[{"payload":"AA E="}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an empty payload is 400', async () => {
    await expectProblem(await batch('{"entries":[{"payload":""}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('a payload over the limit is 413 naming the entry, with the SPEC §3 advice', async () => {
    const body = JSON.stringify({ entries: [{ json: 1 }, { payload: encodeBase64(new Uint8Array(1025)) }] });
    const p = await expectProblem(await batch(body), 413, 'PAYLOAD_TOO_LARGE');
    expect(p['entry']).toBe(1);
    expect(p.detail).toMatch(/entries\[1\]/);
    expect(p.detail).toMatch(/digest/);
  });

  test('a json value over the limit is 413 naming the entry', async () => {
    const body = JSON.stringify({ entries: [{ json: 'y'.repeat(1100) }] });
    const p = await expectProblem(await batch(body), 413, 'PAYLOAD_TOO_LARGE');
    expect(p['entry']).toBe(0);
  });

  test('a contentType that is not a string is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"contentType":["a"]}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an empty contentType is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"contentType":""}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('a contentType with a newline is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"contentType":"text/plain\\nX: y"}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an idempotencyKey that is not a string is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"idempotencyKey":7}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an idempotencyKey that is too long is 400', async () => {
    await expectProblem(await batch(JSON.stringify({ entries: [{ json: 1, idempotencyKey: 'k'.repeat(257) }] })), 400, 'INVALID_IDEMPOTENCY_KEY');
  });

  test('an occurredAt that is not RFC 3339 is 400 naming the entry', async () => {
    const p = await expectProblem(await batch('{"entries":[{"json":1},{"json":2,"occurredAt":"yesterday"}]}'), 400, 'INVALID_EVENT_TIME');
    expect(p.detail).toMatch(/entries\[1\]\.occurredAt/);
  });

  test('an occurredAt that is a number is 400', async () => {
    await expectProblem(await batch('{"entries":[{"json":1,"occurredAt":1700000000}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('an occurredAt in the future is 400', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    await expectProblem(await batch(JSON.stringify({ entries: [{ json: 1, occurredAt: future }] })), 400, 'EVENT_TIME_IN_FUTURE');
  });

  test('one bad entry after good ones appends none of them', async () => {
    await expectProblem(await batch('{"entries":[{"json":1},{"json":2},{"payload":"*"}]}'), 400, 'MALFORMED_REQUEST');
  });

  test('a batch without a JSON or protobuf Content-Type is 415', async () => {
    await expectProblem(await batch('{"entries":[{"json":1}]}', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('a JSON batch in a charset other than UTF-8 is 415', async () => {
    await expectProblem(await batch('{"entries":[{"json":1}]}', 'application/json; charset=iso-8859-1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('POST /v1/entries/batch: malformed protobuf bodies', () => {
  test('bytes that are not protobuf are 400', async () => {
    await expectProblem(await protoBatch(new Uint8Array([0xff, 0xff, 0xff, 0xff])), 400, 'MALFORMED_REQUEST');
  });

  test('a truncated AppendRequest is 400', async () => {
    const full = cairn.v1.AppendRequest.encode({ entries: [{ payload: utf8Bytes('abcdef') }] }).finish();
    await expectProblem(await protoBatch(full.subarray(0, full.length - 2)), 400, 'MALFORMED_REQUEST');
  });

  test('an AppendRequest with an unknown field is 400', async () => {
    const full = cairn.v1.AppendRequest.encode({ entries: [{ payload: utf8Bytes('a') }] }).finish();
    await expectProblem(await protoBatch(new Uint8Array([...full, 0x10, 0x01])), 400, 'MALFORMED_REQUEST');
  });

  test('an AppendEvent field with the wrong wire type is 400', async () => {
    // entries[0] = { payload (field 1) as a varint instead of bytes }
    await expectProblem(await protoBatch(new Uint8Array([0x0a, 0x02, 0x08, 0x01])), 400, 'MALFORMED_REQUEST');
  });

  test('an AppendRequest without entries is 400', async () => {
    await expectProblem(await protoBatch(new Uint8Array(0)), 400, 'MALFORMED_REQUEST');
  });

  test('an AppendEvent without payload is 400', async () => {
    const bytes = cairn.v1.AppendRequest.encode({ entries: [{ contentType: 'text/plain' }] }).finish();
    await expectProblem(await protoBatch(bytes), 400, 'MALFORMED_REQUEST');
  });

  test('a content type that is not UTF-8 is 400', async () => {
    // entries[0] = { payload "a", content_type = 0xff }
    await expectProblem(await protoBatch(new Uint8Array([0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0xff])), 400, 'MALFORMED_REQUEST');
  });

  test('a protobuf payload over the limit is 413', async () => {
    const bytes = cairn.v1.AppendRequest.encode({ entries: [{ payload: new Uint8Array(1025) }] }).finish();
    await expectProblem(await protoBatch(bytes), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('more protobuf entries than maxBatchEntries is 413', async () => {
    const bytes = cairn.v1.AppendRequest.encode({ entries: Array.from({ length: 6 }, () => ({ payload: utf8Bytes('a') })) }).finish();
    await expectProblem(await protoBatch(bytes), 413, 'BATCH_TOO_LARGE');
  });
});

describe('read parameters', () => {
  const cases: [string, string, number, string][] = [
    ['an index with a leading zero', '/v1/proof/inclusion?index=00&size=1', 400, 'INVALID_PARAMETER'],
    ['a negative index', '/v1/proof/inclusion?index=-1', 400, 'INVALID_PARAMETER'],
    ['a fractional index', '/v1/proof/inclusion?index=0.0', 400, 'INVALID_PARAMETER'],
    ['an index above 2^53', '/v1/proof/inclusion?index=99999999999999999', 400, 'INVALID_PARAMETER'],
    ['an index given twice', '/v1/proof/inclusion?index=0&index=0', 400, 'INVALID_PARAMETER'],
    ['an index outside the tree', '/v1/proof/inclusion?index=1&size=1', 400, 'INVALID_PARAMETER'],
    ['a size beyond the latest checkpoint', '/v1/proof/inclusion?index=0&size=2', 400, 'INVALID_PARAMETER'],
    ['an inclusion proof in the empty tree', '/v1/proof/inclusion?index=0&size=0', 400, 'INVALID_PARAMETER'],
    ['both index and leafHash', `/v1/proof/inclusion?index=0&leafHash=${encodeURIComponent(encodeBase64(new Uint8Array(32)))}`, 400, 'INVALID_PARAMETER'],
    ['neither index nor leafHash', '/v1/proof/inclusion?size=1', 400, 'INVALID_PARAMETER'],
    ['a leafHash that is not base64', '/v1/proof/inclusion?leafHash=%%%', 400, 'INVALID_PARAMETER'],
    ['a leafHash of the wrong length', `/v1/proof/inclusion?leafHash=${encodeURIComponent(encodeBase64(new Uint8Array(31)))}`, 400, 'INVALID_PARAMETER'],
    ['a leafHash the log does not have', `/v1/proof/inclusion?leafHash=${encodeURIComponent(encodeBase64(new Uint8Array(32)))}`, 404, 'NOT_FOUND'],
    ['an unknown query parameter', '/v1/proof/inclusion?index=0&tree_size=1', 400, 'INVALID_PARAMETER'],
    ['a consistency proof without from', '/v1/proof/consistency?to=1', 400, 'INVALID_PARAMETER'],
    ['from above to', '/v1/proof/consistency?from=1&to=0', 400, 'INVALID_PARAMETER'],
    ['a to beyond the latest checkpoint', '/v1/proof/consistency?from=0&to=5', 400, 'INVALID_PARAMETER'],
    ['a from with a plus sign', '/v1/proof/consistency?from=%2B1', 400, 'INVALID_PARAMETER'],
    ['a range with end below start', '/v1/entries?start=1&end=0', 400, 'INVALID_PARAMETER'],
    ['a range with a non-numeric start', '/v1/entries?start=abc', 400, 'INVALID_PARAMETER'],
    ['a range with an unknown parameter', '/v1/entries?from=0', 400, 'INVALID_PARAMETER'],
    ['an entry index that is not a number', '/v1/entries/abc', 400, 'INVALID_PARAMETER'],
    ['an entry index with a leading zero', '/v1/entries/00', 400, 'INVALID_PARAMETER'],
    ['an entry beyond the tree', '/v1/entries/1', 404, 'NOT_FOUND'],
    ['an entry path with a broken percent escape', '/v1/entries/%E0%A4%A', 400, 'MALFORMED_REQUEST'],
    ['a checkpoint size that is not a number', '/v1/checkpoints/one', 400, 'INVALID_PARAMETER'],
    ['a checkpoint size the log never signed', '/v1/checkpoints/12345', 404, 'NOT_FOUND'],
    ['a query on /v1/log', '/v1/log?verbose=1', 400, 'INVALID_PARAMETER'],
  ];
  for (const [name, path, status, code] of cases) {
    test(`${name} is ${status}`, async () => {
      await expectProblem(await fetch(`${s.url}${path}`), status, code);
    });
  }

  test('an Accept of text/html on /v1/log is 406', async () => {
    await expectProblem(await fetch(`${s.url}/v1/log`, { headers: { accept: 'text/html' } }), 406, 'NOT_ACCEPTABLE');
  });
});

describe('unknown paths and methods', () => {
  test('an unknown path is 404', async () => {
    await expectProblem(await fetch(`${s.url}/v2/entries`), 404, 'NOT_FOUND');
  });

  test('a trailing slash is 404', async () => {
    await expectProblem(await fetch(`${s.url}/checkpoint/`), 404, 'NOT_FOUND');
  });

  test('a path in another case is 404', async () => {
    await expectProblem(await fetch(`${s.url}/Checkpoint`), 404, 'NOT_FOUND');
  });

  test('DELETE of an entry is 405 with Allow: GET, HEAD', async () => {
    const res = await fetch(`${s.url}/v1/entries/0`, { method: 'DELETE', headers: bearer(s.writerToken) });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    await expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
  });

  test('PUT on /v1/entries is 405 with Allow: GET, HEAD, POST', async () => {
    const res = await fetch(`${s.url}/v1/entries`, { method: 'PUT', headers: bearer(s.writerToken), body: 'x' });
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    await expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
  });

  test('PATCH of an entry is 405', async () => {
    await expectProblem(await fetch(`${s.url}/v1/entries/0`, { method: 'PATCH', body: 'x' }), 405, 'METHOD_NOT_ALLOWED');
  });

  test('GET on the batch endpoint is 405 with Allow: POST', async () => {
    const res = await fetch(`${s.url}/v1/entries/batch`);
    expect(res.headers.get('allow')).toBe('POST');
    await expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
  });

  test('POST on /checkpoint is 405', async () => {
    await expectProblem(await fetch(`${s.url}/checkpoint`, { method: 'POST', body: 'x' }), 405, 'METHOD_NOT_ALLOWED');
  });

  test('PUT of a tile is 405', async () => {
    await expectProblem(await fetch(`${s.url}/tile/0/000.p/1`, { method: 'PUT', body: 'x' }), 405, 'METHOD_NOT_ALLOWED');
  });

  test('OPTIONS answers 204 with Allow', async () => {
    const res = await fetch(`${s.url}/v1/entries`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
  });
});
