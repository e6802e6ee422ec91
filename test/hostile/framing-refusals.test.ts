/**
 * Hostile framing the HTTP layer refuses with a problem before any route runs (SPEC §5: errors
 * are RFC 9457 problems; bad input never changes the log). Found by the fuzz suite, fixed in
 * server/http/framing.ts, server.ts and body.ts:
 *
 * 1. An HTTP/1.1 request without Host: a 400 problem (node's own answer had no body).
 * 2. A Content-Length above the route's limit: 413 at once with Connection: close, without
 *    waiting for a body that may never come (it used to hold the connection until the request
 *    timeout and then answer 408).
 * 3. `Transfer-Encoding: gzip, chunked`: refused (node decodes only `chunked`, so the event would
 *    have been stored still gzip-coded; RFC 9112 §6.1).
 * 4. Two Authorization headers: refused (node keeps the first; which credential was meant is
 *    ambiguous).
 */
import { afterEach, expect, test } from '@jest/globals';
import net from 'node:net';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/** Writes `request` on a new connection and resolves with the status line, headers and body the server sent before closing. */
function raw(url: string, request: string): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: split < 0 ? '' : text.slice(split + 4) });
    });
    socket.write(request);
  });
}

function expectProblemHead(head: string): void {
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
}

test('an HTTP/1.1 request without Host gets a 400 problem, not a bare 400', async () => {
  s = await startTestServer();
  const res = await raw(s.url, 'GET /checkpoint HTTP/1.1\r\nConnection: close\r\n\r\n');
  expect(res.status).toBe(400);
  expectProblemHead(res.head);
});

test('a Content-Length over the limit gets 413 at once, not 408 once the request times out', async () => {
  // A short request timeout: were the server to wait for the body, it would answer 408 after it.
  s = await startTestServer({ timeouts: { headersMs: 2_000, requestMs: 3_000 } });
  const res = await raw(
    s.url,
    `POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.writerToken}\r\nContent-Length: 9007199254740991\r\nConnection: close\r\n\r\n`,
  );
  expect(res.status).toBe(413);
  expectProblemHead(res.head);
  expect(s.log.checkpoint.treeSize).toBe(0);
});

test('Transfer-Encoding: gzip, chunked is refused with a 4xx problem and appends nothing', async () => {
  s = await startTestServer();
  const res = await raw(
    s.url,
    `POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.writerToken}\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
  );
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expectProblemHead(res.head);
  expect(s.log.checkpoint.treeSize).toBe(0);
});

test('two Authorization headers are refused with a 400 problem and append nothing', async () => {
  s = await startTestServer();
  const res = await raw(
    s.url,
    `POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.writerToken}\r\nAuthorization: Bearer someone-else\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`,
  );
  expect(res.status).toBe(400);
  expectProblemHead(res.head);
  expect(res.body).toContain('more than one Authorization header');
  expect(s.log.checkpoint.treeSize).toBe(0);
});
