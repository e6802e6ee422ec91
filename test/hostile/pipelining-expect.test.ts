/**
 * Two framing cases the fuzz suite found (fixed in server/http/server.ts):
 *
 * 1. A complete append followed on the same connection by bytes that are not HTTP: the parser
 *    error fires while the append is still being sequenced. The append's own answer (its
 *    receipt) must be what the client reads, then the connection closes; the garbage gets no
 *    answer. Before the fix, a 400 for the garbage went out first and the client took it as the
 *    answer to an append that did land: a refusal that changed the log.
 * 2. An `Expect` header other than `100-continue` gets a 417 problem (node's own answer is a
 *    bare 417 without a body).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { exchange } from './raw-http.js';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});

afterAll(async () => {
  await s.stop();
});

test("an append pipelined with garbage is answered with its own receipt, not with the garbage's 400", async () => {
  const append = `POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.writerToken}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello`;
  const outcome = await exchange(s.url, `${append}NOT HTTP AT ALL\r\n\r\n`, { end: false });
  expect(outcome.kind).toBe('response');
  expect(outcome.kind === 'response' && outcome.response.status).toBe(201);
});

test('an unknown Expect header gets a 417 problem', async () => {
  const outcome = await exchange(s.url, 'GET /checkpoint HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nConnection: close\r\n\r\n');
  expect(outcome.kind === 'response' && outcome.response.status).toBe(417);
  expect(outcome.kind === 'response' && outcome.response.headers.get('content-type')?.[0]).toBe('application/problem+json');
});
