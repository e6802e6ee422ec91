/**
 * `cairn audit` with a reader token checks erasure records against the log's 410 answers
 * (issue 14): a real server passes; a server that still serves an erased payload (played by a
 * proxy in front of it that answers 200 for that one payload) fails with exit 6 naming the entry.
 */
import { afterEach, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCairn } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
  proxy = undefined;
  await server?.stop();
  server = undefined;
});

async function erasedLog(): Promise<{ s: TestServer; reader: string }> {
  server = await startTestServer();
  const s = server;
  const admin = (await s.log.credentials.add('dpo', 'admin')).token;
  const reader = (await s.log.credentials.add('aud', 'reader')).token;
  for (const n of [0, 1, 2]) {
    await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.writerToken}`, 'content-type': 'application/json' },
      body: `{"n":${n}}`,
    });
  }
  const r = await fetch(`${s.url}/v1/erasures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ indexes: [1], reason: 'GDPR' }),
  });
  expect(r.status).toBe(201);
  return { s, reader };
}

test('audit with a reader token confirms every erased payload answers 410 naming its record', async () => {
  const { s, reader } = await erasedLog();
  const r = await runCairn(['audit', '--url', s.url, '--vkey', s.log.verifierKey.text, '--token', reader, '--json', '--progress', 'never']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, erasureRecords: 1, erasedEntries: 1 });
});

test('a log that still serves an erased payload fails the audit (exit 6, naming the entry)', async () => {
  const { s, reader } = await erasedLog();
  // Everything passes through, except the erased payload, which the "log" still serves.
  proxy = createServer(async (req, res) => {
    if (req.url === '/v1/entries/1/payload') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('{"n":1}');
      return;
    }
    const upstream = await fetch(`${s.url}${req.url}`, {
      headers: { ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), accept: String(req.headers.accept ?? '*/*') },
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((done) => proxy!.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const r = await runCairn(['audit', '--url', url, '--vkey', s.log.verifierKey.text, '--token', reader, '--progress', 'never']);
  expect(r.code).toBe(6);
  expect(r.stderr).toContain('FAILED at entry 1');
  expect(r.stderr).toContain('erasure record 3 lists entry 1');
});
