/**
 * Writes on a follower (server/http/forward-appends.ts, spec §4.6): real HTTP servers on
 * 127.0.0.1 port 0: a "leader" that records what reached it, and a follower app with the
 * middleware in front of a local route.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FORWARDED_BY_HEADER, forwardWrites, type WriteRouting } from '../../../server/http/forward-appends.js';
import { problemHandler } from '../../../server/http/problems.js';

const TOKEN = 'cairn_0123456789ab_known-token';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A leader that records each request and answers 201 with a marker header, or misbehaves on cue. */
function startLeader(): Promise<{ url: string; seen: Seen[]; mode: { hangUp: boolean }; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const mode = { hangUp: false };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      if (mode.hangUp) return req.socket.destroy();
      res.writeHead(201, { 'content-type': 'application/json', 'x-leader': 'yes' });
      res.end('{"receipt":"from the leader"}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, seen, mode, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

/** A follower app: the middleware, then local routes that say they answered. */
function startFollower(routing: WriteRouting): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(forwardWrites(routing, (token) => token === TOKEN));
  app.post('/v1/entries', (_req, res) => void res.status(299).send('local'));
  app.get('/v1/proof/inclusion', (_req, res) => void res.status(200).send('local read'));
  app.use(problemHandler(() => undefined));
  const server = http.createServer(app);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

describe('forwardWrites', () => {
  let leader: Awaited<ReturnType<typeof startLeader>>;
  let follower: Awaited<ReturnType<typeof startFollower>> | undefined;
  let target: 'local' | string | undefined;
  const routing: WriteRouting = { writeTarget: () => target, advertise: 'http://follower.example:8082' };

  beforeAll(async () => {
    leader = await startLeader();
  });
  afterAll(() => leader.close());
  afterEach(async () => {
    await follower?.close();
    follower = undefined;
    leader.seen.length = 0;
    leader.mode.hangUp = false;
  });

  const post = (path: string, headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer> = '{"a":1}') =>
    fetch(`${follower!.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, body });

  test('passes a write to the leader unchanged and returns its answer unchanged', async () => {
    target = leader.url;
    follower = await startFollower(routing);
    const body = new Uint8Array([0, 1, 2, 255, 10, 13]);
    const res = await post(
      '/v1/entries?x=1',
      { 'idempotency-key': 'k-1', 'content-type': 'application/octet-stream', 'event-time': '2026-01-01T00:00:00Z' },
      body,
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-leader')).toBe('yes');
    expect(await res.text()).toBe('{"receipt":"from the leader"}');
    const got = leader.seen[0]!;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/v1/entries?x=1');
    expect(got.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(got.headers['idempotency-key']).toBe('k-1');
    expect(got.headers['event-time']).toBe('2026-01-01T00:00:00Z');
    expect(got.headers[FORWARDED_BY_HEADER]).toBe('http://follower.example:8082');
    expect([...got.body]).toEqual([...body]);
  });

  test('forwards DELETE and the admin read GET /v1/holds too', async () => {
    target = leader.url;
    follower = await startFollower(routing);
    const del = await fetch(`${follower.url}/v1/holds/h1`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    const holds = await fetch(`${follower.url}/v1/holds`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([del.status, holds.status]).toEqual([201, 201]);
    expect(leader.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['DELETE /v1/holds/h1', 'GET /v1/holds']);
  });

  test('never forwards a read', async () => {
    target = leader.url;
    follower = await startFollower(routing);
    const res = await fetch(`${follower.url}/v1/proof/inclusion?index=0&size=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await res.text()).toBe('local read');
    expect(leader.seen).toHaveLength(0);
  });

  test('the leader itself handles writes locally', async () => {
    target = 'local';
    follower = await startFollower(routing);
    expect((await post('/v1/entries', {})).status).toBe(299);
    expect(leader.seen).toHaveLength(0);
  });

  test('a request without a token is answered locally', async () => {
    target = leader.url;
    follower = await startFollower(routing);
    const res = await fetch(`${follower.url}/v1/entries`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(299);
    expect(leader.seen).toHaveLength(0);
  });

  test('a request with an unknown token is answered locally (never forwarded)', async () => {
    target = leader.url;
    follower = await startFollower(routing);
    expect((await post('/v1/entries', { authorization: 'Bearer cairn_unknown' })).status).toBe(299);
    expect(leader.seen).toHaveLength(0);
  });

  test('no known leader: 503 with Retry-After, nothing forwarded', async () => {
    target = undefined;
    follower = await startFollower(routing);
    const res = await post('/v1/entries', {});
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { detail: string }).detail).toContain('No process leads');
  });

  test('the leader named is this process itself (it stepped down): 503', async () => {
    target = routing.advertise;
    follower = await startFollower(routing);
    expect((await post('/v1/entries', {})).status).toBe(503);
  });

  test('an already forwarded request is never forwarded again: 503', async () => {
    target = leader.url;
    follower = await startFollower(routing);
    const res = await post('/v1/entries', { [FORWARDED_BY_HEADER]: 'http://other.example' });
    expect(res.status).toBe(503);
    expect(leader.seen).toHaveLength(0);
  });

  test('an unreachable leader: 503 saying nothing was appended', async () => {
    const gone = await startLeader();
    await gone.close();
    target = gone.url;
    follower = await startFollower(routing);
    const res = await post('/v1/entries', {});
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain('nothing was appended');
  });

  test('a leader that hangs up after it got the request: 503 saying the write may have landed', async () => {
    target = leader.url;
    leader.mode.hangUp = true;
    follower = await startFollower(routing);
    const res = await post('/v1/entries', {});
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain('may or may not have been appended');
    expect(leader.seen).toHaveLength(1);
  });
});
