/**
 * Failed authentications are rate-limited per client address on the real server (SPEC §4;
 * SECURITY.md "Tokens"): after 20 failures in a burst the address gets 429
 * TOO_MANY_AUTH_FAILURES with Retry-After, on every route that checks tokens; other addresses
 * are not affected; valid tokens are never limited; requests without a token and valid tokens
 * without the role do not count; and none of it changes the log.
 *
 * Each test speaks from its own loopback address (127.0.0.N all reach the server on 127.0.0.1),
 * so the tests share one server without sharing buckets.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { requestFrom, type SimpleResponse } from '../hostile/raw-http.js';

const LIMIT = 20;

let s: TestServer;
let readerToken: string;
const lines: { event: string; fields: Record<string, unknown> }[] = [];

beforeAll(async () => {
  s = await startTestServer({ logger: (event, fields = {}) => lines.push({ event, fields }) });
  readerToken = await s.addToken('auditor', 'reader');
});

afterAll(async () => {
  await s.stop();
});

/** A token of our form that the log never issued. */
const UNKNOWN_TOKEN = `cairn_000000000000_${'A'.repeat(43)}`;

function append(from: string, authorization: string | undefined, body = 'event'): Promise<SimpleResponse> {
  return requestFrom(from, `${s.url}/v1/entries`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...(authorization === undefined ? {} : { authorization }) },
    body,
  });
}

function read(from: string, path: string, authorization?: string): Promise<SimpleResponse> {
  return requestFrom(from, `${s.url}${path}`, { headers: authorization === undefined ? {} : { authorization } });
}

/** Sends `n` failing appends from `from` and returns their statuses. */
async function failures(from: string, n: number, authorization = `Bearer ${UNKNOWN_TOKEN}`): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await append(from, authorization)).status);
  return statuses;
}

function problem(res: SimpleResponse): { code: string; status: number; detail: string } {
  expect(res.headers['content-type']).toBe('application/problem+json');
  return JSON.parse(res.body) as { code: string; status: number; detail: string };
}

function expectLimited(res: SimpleResponse): void {
  expect(res.status).toBe(429);
  const p = problem(res);
  expect(p.code).toBe('TOO_MANY_AUTH_FAILURES');
  expect(p.status).toBe(429);
  expect(p.detail).toMatch(/wait \d+ seconds/);
  // 20 a minute: one failure comes back every 3 s.
  expect(res.headers['retry-after']).toMatch(/^[1-3]$/);
  expect(res.headers['www-authenticate']).toBeUndefined();
}

async function treeSize(): Promise<number> {
  return (JSON.parse((await read('127.0.0.1', '/v1/log')).body) as { treeSize: number }).treeSize;
}

describe('429 after 20 failures from one address', () => {
  test('unknown tokens: 20 answers 401, then 429 with Retry-After, and the log is unchanged', async () => {
    const before = await treeSize();
    expect(await failures('127.0.0.2', LIMIT)).toEqual(Array(LIMIT).fill(401));
    expectLimited(await append('127.0.0.2', `Bearer ${UNKNOWN_TOKEN}`));
    expectLimited(await append('127.0.0.2', `Bearer ${UNKNOWN_TOKEN}`));
    expect(await treeSize()).toBe(before);
  });

  test('malformed Authorization headers count as failures', async () => {
    expect(await failures('127.0.0.3', LIMIT, 'Basic YWRtaW46YWRtaW4=')).toEqual(Array(LIMIT).fill(401));
    expectLimited(await append('127.0.0.3', 'Bearer not a token'));
  });

  test('a revoked token counts as a failure', async () => {
    const token = await s.addToken('short-lived', 'writer');
    await s.log.credentials.revoke('short-lived');
    expect(await failures('127.0.0.4', LIMIT, `Bearer ${token}`)).toEqual(Array(LIMIT).fill(401));
    expectLimited(await append('127.0.0.4', `Bearer ${token}`));
  });

  test('failures on read routes count, and are limited there too', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await read('127.0.0.5', '/checkpoint', `Bearer ${UNKNOWN_TOKEN}`)).status).toBe(401);
    expectLimited(await read('127.0.0.5', '/v1/entries/0', `Bearer ${UNKNOWN_TOKEN}`));
    expectLimited(await read('127.0.0.5', '/tile/0/000.p/1', `Bearer ${UNKNOWN_TOKEN}`));
  });

  test('the limit is logged once per episode with the address, never the token', async () => {
    await failures('127.0.0.6', LIMIT + 5);
    const limited = lines.filter((l) => l.event === 'auth_failures_limited' && l.fields['address'] === '127.0.0.6');
    expect(limited).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(UNKNOWN_TOKEN);
    expect(JSON.stringify(lines)).not.toContain(s.writerToken);
  });
});

describe('only that address, only failures', () => {
  test('another address still gets 401, not 429', async () => {
    await failures('127.0.0.7', LIMIT + 1);
    expect((await append('127.0.0.8', `Bearer ${UNKNOWN_TOKEN}`)).status).toBe(401);
  });

  test('a valid writer token still appends from a limited address (successes are never limited)', async () => {
    await failures('127.0.0.9', LIMIT);
    expectLimited(await append('127.0.0.9', `Bearer ${UNKNOWN_TOKEN}`));
    const before = await treeSize();
    const ok = await append('127.0.0.9', `Bearer ${s.writerToken}`, 'from a limited address');
    expect(ok.status).toBe(201);
    expect(await treeSize()).toBe(before + 1);
    // A success does not reset the bucket: the next failure is still refused.
    expectLimited(await append('127.0.0.9', `Bearer ${UNKNOWN_TOKEN}`));
  });

  test('a valid reader token still reads payloads from a limited address', async () => {
    await failures('127.0.0.10', LIMIT + 1);
    const res = await read('127.0.0.10', '/v1/entries/0', `Bearer ${readerToken}`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { payloadAvailable: boolean }).payloadAvailable).toBe(true);
  });

  test('a public read without a token is served to a limited address', async () => {
    await failures('127.0.0.11', LIMIT + 1);
    expect((await read('127.0.0.11', '/checkpoint')).status).toBe(200);
  });

  test('requests without a token are not failures: 30 appends without one all get 401', async () => {
    const none: number[] = [];
    for (let i = 0; i < 30; i++) none.push((await append('127.0.0.13', undefined)).status);
    expect(none).toEqual(Array(30).fill(401));
    expect((await append('127.0.0.13', `Bearer ${UNKNOWN_TOKEN}`)).status).toBe(401);
  });

  test('an empty Authorization header is a malformed one, and counts', async () => {
    expect(await failures('127.0.0.12', LIMIT, '')).toEqual(Array(LIMIT).fill(401));
    expectLimited(await append('127.0.0.12', ''));
  });

  test('a valid token without the role is not a failure: 30 appends with a reader token all get 403', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await append('127.0.0.14', `Bearer ${readerToken}`)).status);
    expect(statuses).toEqual(Array(30).fill(403));
    expect((await append('127.0.0.14', `Bearer ${UNKNOWN_TOKEN}`)).status).toBe(401);
  });
});
