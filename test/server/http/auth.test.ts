/**
 * Credentials on the HTTP API (SPEC §4, §5): missing, wrong and revoked tokens get 401 with
 * `WWW-Authenticate: Bearer`, a token without the role 403; payloads need a reader token unless
 * public; the operator can require a reader token for every read. Tokens never reach the logs,
 * and no refused request changes the log.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { startTestServer, type TestServer, type TestServerOptions } from '../../helpers/server.js';
import { bearer, expectProblem, fetchCheckpoint, utf8Bytes } from './http-utils.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(options: TestServerOptions = {}): Promise<TestServer> {
  server = await startTestServer(options);
  return server;
}

function post(s: TestServer, headers: Record<string, string>): Promise<Response> {
  return fetch(`${s.url}/v1/entries`, { method: 'POST', headers, body: utf8Bytes('event') });
}

/** Appends one entry as the default writer, so there is something to read. */
async function seed(s: TestServer): Promise<void> {
  expect((await post(s, bearer(s.writerToken))).status).toBe(201);
}

describe('401 and 403 on appends', () => {
  test('an append without a token is 401 with WWW-Authenticate: Bearer', async () => {
    const s = await start();
    const before = await fetchCheckpoint(s.url);
    const res = await post(s, {});
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="cairn"');
    await expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });

  test('an append with an unknown token is 401 invalid_token', async () => {
    const s = await start();
    const before = await fetchCheckpoint(s.url);
    const res = await post(s, bearer(`${s.writerToken.slice(0, -4)}AAAA`));
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="cairn", error="invalid_token"');
    await expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });

  test('an append with a revoked token is 401, at once', async () => {
    const s = await start();
    const token = await s.addToken('temp-writer', 'writer');
    expect((await post(s, bearer(token))).status).toBe(201);
    await s.log.credentials.revoke('temp-writer');
    const before = await fetchCheckpoint(s.url);
    await expectProblem(await post(s, bearer(token)), 401, 'UNAUTHENTICATED');
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });

  test('an Authorization header that is not Bearer is 401', async () => {
    const s = await start();
    await expectProblem(await post(s, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }), 401, 'UNAUTHENTICATED');
  });

  test('a Bearer header without a token is 401', async () => {
    const s = await start();
    await expectProblem(await post(s, { authorization: 'Bearer' }), 401, 'UNAUTHENTICATED');
  });

  test('a reader token cannot append: 403', async () => {
    const s = await start();
    const reader = await s.addToken('auditor', 'reader');
    const before = await fetchCheckpoint(s.url);
    const p = await expectProblem(await post(s, bearer(reader)), 403, 'FORBIDDEN');
    expect(p.detail).toMatch(/writer token/);
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });

  test('a reader token cannot append a batch: 403', async () => {
    const s = await start();
    const reader = await s.addToken('auditor', 'reader');
    const res = await fetch(`${s.url}/v1/entries/batch`, {
      method: 'POST',
      headers: { ...bearer(reader), 'content-type': 'application/json' },
      body: '{"entries":[{"json":1}]}',
    });
    await expectProblem(res, 403, 'FORBIDDEN');
  });
});

describe('payloads', () => {
  test('a writer token cannot read payloads: 403', async () => {
    const s = await start();
    await seed(s);
    const p = await expectProblem(await fetch(`${s.url}/v1/entries/0`, { headers: bearer(s.writerToken) }), 403, 'FORBIDDEN');
    expect(p.detail).toMatch(/reader token/);
  });

  test('a writer token cannot read a range with payloads: 403', async () => {
    const s = await start();
    await seed(s);
    await expectProblem(await fetch(`${s.url}/v1/entries?start=0`, { headers: bearer(s.writerToken) }), 403, 'FORBIDDEN');
  });

  test('without a token an entry comes without payload and nonce', async () => {
    const s = await start();
    await seed(s);
    const body = (await (await fetch(`${s.url}/v1/entries/0`)).json()) as Record<string, unknown>;
    expect(body['payloadAvailable']).toBe(false);
    expect(body).not.toHaveProperty('payload');
    expect(body).not.toHaveProperty('nonce');
  });

  test('a reader token gets payload and nonce', async () => {
    const s = await start();
    await seed(s);
    const reader = await s.addToken('auditor', 'reader');
    const body = (await (await fetch(`${s.url}/v1/entries/0`, { headers: bearer(reader) })).json()) as Record<string, unknown>;
    expect(body['payloadAvailable']).toBe(true);
    expect(body['payload']).toBe(Buffer.from('event').toString('base64'));
    expect(typeof body['nonce']).toBe('string');
  });

  test('with public payloads anyone gets them', async () => {
    const s = await start({ config: { publicPayloads: true } });
    await seed(s);
    const body = (await (await fetch(`${s.url}/v1/entries?start=0&end=1`)).json()) as { entries: Record<string, unknown>[] };
    expect(body.entries[0]!['payload']).toBe(Buffer.from('event').toString('base64'));
  });

  test('an unknown token on a public read is 401, not ignored', async () => {
    const s = await start();
    await expectProblem(await fetch(`${s.url}/checkpoint`, { headers: bearer('cairn_nope_nope') }), 401, 'UNAUTHENTICATED');
  });
});

describe('requireReaderForReads', () => {
  test('reads without a token are 401', async () => {
    const s = await start({ config: { requireReaderForReads: true } });
    for (const path of ['/checkpoint', '/tile/entries/000.p/1', '/v1/log', '/v1/entries/0', '/v1/proof/consistency?from=0', '/metrics']) {
      await expectProblem(await fetch(`${s.url}${path}`), 401, 'UNAUTHENTICATED');
    }
  });

  test('reads with a writer token are 403', async () => {
    const s = await start({ config: { requireReaderForReads: true } });
    await expectProblem(await fetch(`${s.url}/checkpoint`, { headers: bearer(s.writerToken) }), 403, 'FORBIDDEN');
  });

  test('reads with a reader token work, and tiles are cacheable only privately', async () => {
    const s = await start({ config: { requireReaderForReads: true } });
    await seed(s);
    const reader = await s.addToken('auditor', 'reader');
    expect((await fetch(`${s.url}/checkpoint`, { headers: bearer(reader) })).status).toBe(200);
    const tile = await fetch(`${s.url}/tile/0/000.p/1`, { headers: bearer(reader) });
    expect(tile.status).toBe(200);
    expect(tile.headers.get('cache-control')).toBe('private, max-age=5');
  });

  test('health probes need no token', async () => {
    const s = await start({ config: { requireReaderForReads: true } });
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
  });
});

describe('logs', () => {
  test('request log lines carry the submitter but never a token or a payload', async () => {
    const lines: string[] = [];
    const s = await start({ logger: (event, fields) => lines.push(JSON.stringify({ event, ...fields })) });
    const reader = await s.addToken('auditor', 'reader');
    await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(s.writerToken), body: utf8Bytes('secret-payload-text') });
    await fetch(`${s.url}/v1/entries/0?x=secret-query`, { headers: bearer(reader) });
    await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: bearer(`${s.writerToken}x`), body: utf8Bytes('x') });
    await s.http.close();
    const requests = lines.filter((l) => l.includes('"event":"request"'));
    expect(requests.length).toBe(3);
    expect(requests[0]).toContain('"submitter":"default"');
    expect(requests[0]).toContain('"status":201');
    for (const line of lines) {
      expect(line).not.toContain(s.writerToken);
      expect(line).not.toContain(reader);
      expect(line).not.toContain('secret-payload-text');
      expect(line).not.toContain(Buffer.from('secret-payload-text').toString('base64'));
      expect(line).not.toContain('secret-query');
    }
  });
});
