/**
 * Retention (issue 14): the sweeper on a real log (LevelDB, test clock) erases payloads older
 * than their rule as recorded erasures by `retention`, skips held entries and the log's own
 * records, is idempotent, and picks up a released hold; POST /v1/retention records the rules;
 * a real `cairn serve` sweeps by itself and logs one line per run.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { RetentionSweeper } from '../../server/erasure/retention-sweeper.js';
import { killAllServers, runCairn, startServer } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await killAllServers();
});
afterAll(() => temps.cleanup());

const DAY_NS = 86_400n * 1_000_000_000n;

async function started(): Promise<{ s: TestServer; admin: string; reader: string }> {
  server = await startTestServer();
  return { s: server, admin: (await server.log.credentials.add('dpo', 'admin')).token, reader: (await server.log.credentials.add('aud', 'reader')).token };
}

async function append(s: TestServer, token: string, body: string): Promise<number> {
  const r = await fetch(`${s.url}/v1/entries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  expect(r.status).toBe(201);
  return ((await r.json()) as { index: number }).index;
}

function post(s: TestServer, token: string, path: string, body: unknown, method = 'POST'): Promise<Response> {
  return fetch(`${s.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function erasedIndexes(s: TestServer, reader: string): Promise<number[]> {
  const r = await fetch(`${s.url}/v1/entries?start=0&end=100`, { headers: { authorization: `Bearer ${reader}` } });
  const { entries } = (await r.json()) as { entries: { index: number; erased?: unknown }[] };
  return entries.filter((e) => e.erased !== undefined).map((e) => e.index);
}

describe('the retention sweeper', () => {
  test('erases payloads older than the default, as one recorded erasure by retention; a second run does nothing', async () => {
    const { s, reader } = await started();
    for (let i = 0; i < 3; i++) await append(s, s.writerToken, `{"n":${i}}`);
    let now = BigInt(Date.now()) * 1_000_000n;
    const runs: number[] = [];
    const sweeper = new RetentionSweeper(s.log, await s.log.startErasures(), {
      defaultMaxAgeSeconds: 86_400,
      now: () => now,
      onRun: (r) => runs.push(r.erased),
    });
    expect((await sweeper.runOnce()).erased).toBe(0);
    now += 2n * DAY_NS;
    expect(await sweeper.runOnce()).toMatchObject({ erased: 3, batches: 1 });
    expect(await erasedIndexes(s, reader)).toEqual([0, 1, 2]);
    const record = (await (await fetch(`${s.url}/v1/entries/3/payload`, { headers: { authorization: `Bearer ${reader}` } })).json()) as {
      by: string;
      indexes: number[];
    };
    expect(record).toMatchObject({ by: 'retention', indexes: [0, 1, 2] });
    expect((await sweeper.runOnce()).erased).toBe(0);
    expect(runs).toEqual([0, 3, 0]);
    expect(s.log.committedSize).toBe(4);
  });

  test('rules per submitter override the default; other entries stay', async () => {
    const { s, admin, reader } = await started();
    const billing = (await s.log.credentials.add('billing', 'writer')).token;
    await append(s, billing, '{"b":1}');
    await append(s, s.writerToken, '{"d":1}');
    expect((await post(s, admin, '/v1/retention', { rules: [{ submitter: 'billing', maxAgeSeconds: 3600 }], reason: 'PCI DSS 10.5.1' })).status).toBe(201);
    const now = BigInt(Date.now()) * 1_000_000n + 2n * 3_600_000_000_000n;
    const sweeper = new RetentionSweeper(s.log, await s.log.startErasures(), { defaultMaxAgeSeconds: 30 * 86_400, now: () => now });
    expect((await sweeper.runOnce()).erased).toBe(1);
    expect(await erasedIndexes(s, reader)).toEqual([0]);
  });

  test('a held entry is skipped, and erased by the run after its release', async () => {
    const { s, admin, reader } = await started();
    await append(s, s.writerToken, '{"a":1}');
    await append(s, s.writerToken, '{"a":2}');
    expect((await post(s, admin, '/v1/holds', { indexes: [1], reason: 'case 9' })).status).toBe(201);
    const now = BigInt(Date.now()) * 1_000_000n + 2n * DAY_NS;
    const sweeper = new RetentionSweeper(s.log, await s.log.startErasures(), { defaultMaxAgeSeconds: 86_400, now: () => now });
    expect((await sweeper.runOnce()).erased).toBe(1);
    expect(await erasedIndexes(s, reader)).toEqual([0]);
    expect((await fetch(`${s.url}/v1/holds/2`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    expect((await sweeper.runOnce()).erased).toBe(1);
    expect(await erasedIndexes(s, reader)).toEqual([0, 1]);
  });

  test('a process that follows (a shared log led by another) skips its runs: one retention_sweep_skipped line, no erasure, no metric', async () => {
    const { s, reader } = await started();
    for (let i = 0; i < 2; i++) await append(s, s.writerToken, `{"n":${i}}`);
    const now = BigInt(Date.now()) * 1_000_000n + 2n * DAY_NS;
    const lines: string[] = [];
    const runs: number[] = [];
    const sweeper = new RetentionSweeper(s.log, await s.log.startErasures(), {
      defaultMaxAgeSeconds: 86_400,
      now: () => now,
      logger: (event) => lines.push(event),
      onRun: (r) => runs.push(r.erased),
    });
    // The real gate of the sequencer, as the cluster layer sets it when another process leads.
    s.log.sequencer.cluster.follow();
    expect(s.log.sequencing).toBe(false);
    expect(await sweeper.runOnce()).toMatchObject({ erased: 0, batches: 0, skipped: true });
    expect(await sweeper.runOnce()).toMatchObject({ skipped: true });
    expect(lines).toEqual(['retention_sweep_skipped']);
    expect(runs).toEqual([]);
    expect(s.log.committedSize).toBe(2);
    expect(await erasedIndexes(s, reader)).toEqual([]);
  });
});

describe('POST /v1/retention', () => {
  test('records the rules; GET shows them', async () => {
    const { s, admin } = await started();
    const r = await post(s, admin, '/v1/retention', { rules: [{ contentType: 'application/json', maxAgeSeconds: 600 }], reason: 'policy v2' });
    expect(r.status).toBe(201);
    const got = (await (await fetch(`${s.url}/v1/retention`, { headers: { authorization: `Bearer ${admin}` } })).json()) as Record<string, unknown>;
    expect(got).toEqual({ rules: [{ contentType: 'application/json', maxAgeSeconds: 600 }], record: 0, by: 'dpo', reason: 'policy v2' });
  });

  test('a rule with both submitter and contentType is a 400 problem, and the log is unchanged', async () => {
    const { s, admin } = await started();
    const r = await post(s, admin, '/v1/retention', { rules: [{ submitter: 'a', contentType: 'b', maxAgeSeconds: 1 }], reason: 'x' });
    expect(r.status).toBe(400);
    expect(s.log.committedSize).toBe(0);
  });

  test('a writer token is refused (403)', async () => {
    const { s } = await started();
    expect((await post(s, s.writerToken, '/v1/retention', { rules: [], reason: 'x' })).status).toBe(403);
  });
});

test('cairn serve sweeps by itself: a 1-second rule erases, with one retention_sweep line per run', async () => {
  const dataDir = await temps.make('cairn-retention-');
  const p = await startServer(dataDir, { env: { CAIRN_RETENTION_INTERVAL_MS: '200' } });
  const admin = (JSON.parse((await runCairn(['token', 'add', '--data', dataDir, '--name', 'dpo', '--role', 'admin', '--json'])).stdout) as { token: string })
    .token;
  const r = await fetch(`${p.url}/v1/entries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
    body: '{"x":1}',
  });
  expect(r.status).toBe(201);
  const set = await fetch(`${p.url}/v1/retention`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ rules: [{ submitter: 'default', maxAgeSeconds: 1 }], reason: 'test' }),
  });
  expect(set.status).toBe(201);
  const line = await p.waitForLog((l) => l.event === 'retention_sweep' && l['erased'] === 1);
  expect(line).toMatchObject({ batches: 1 });
  const metrics = await (await fetch(`${p.url}/metrics`)).text();
  expect(metrics).toMatch(/cairn_retention_erased_total 1/);
});
