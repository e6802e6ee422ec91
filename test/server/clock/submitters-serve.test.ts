/**
 * Writers' drift and the unchecked clock through a real `./bin/cairn serve` (issue 15):
 * GET /v1/submitters (reader token) with skew percentiles from Event-Time, the skew and
 * old-event metrics under --warn-event-age-seconds, `cairn monitor --max-writer-skew-ms`, the
 * `unchecked` status in the first-start block, the listening line and /v1/log, and the reserved
 * submitter name `cairn`.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { LogInfoJson, ProblemJson, SubmittersJson } from '../../../client/index.js';
import { formatTimestamp } from '../../../proofs/index.js';
import { killAllServers, runCairn, startServer, type ServerProcess } from '../../helpers/cli.js';
import { appendOne, getJson } from '../../helpers/server-calls.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temp = new TempDirs();
const servers: ServerProcess[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await temp.cleanup();
});
afterAll(killAllServers);

async function serve(args: string[] = []): Promise<ServerProcess> {
  const s = await startServer(await temp.make(), { args });
  servers.push(s);
  return s;
}

async function token(s: ServerProcess, name: string, role: string): Promise<string> {
  const r = await runCairn(['token', 'add', '--data', s.dataDir, '--name', name, '--role', role, '--json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { token: string }).token;
}

/** POST /v1/entries with an Event-Time `agoMs` before now. */
async function appendAged(s: ServerProcess, writer: string, agoMs: number): Promise<void> {
  const eventTime = formatTimestamp((BigInt(Date.now()) - BigInt(agoMs)) * 1_000_000n);
  const res = await fetch(`${s.url}/v1/entries`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${writer}`, 'Content-Type': 'application/json', 'Event-Time': eventTime },
    body: '{"op":"x"}',
  });
  expect(res.status).toBe(201);
}

describe("writers' drift and the unchecked clock in cairn serve", () => {
  test('without --ntp-server the clock is unchecked: the first-start block, the listening line and /v1/log say so, appends go through', async () => {
    const s = await serve();
    expect(s.stderr()).toContain('clock=unchecked');
    expect(s.logs.find((l) => l.event === 'listening')!['clock']).toBe('unchecked');
    const info = (await getJson(s.url, '/v1/log')).body as LogInfoJson;
    expect(info.clock).toMatchObject({ status: 'unchecked', offsetMs: null, sources: [], checkedAt: null });
    expect((await appendOne(s.url, s.token, '{"n":1}')).status).toBe(201);
    expect(s.logs.some((l) => l.event === 'clock')).toBe(false);
    // Nothing is appended by the clock: the entry above is the first.
    expect(info.treeSize).toBe(0);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain('cairn_clock_status{status="unchecked"} 1');
  }, 30_000);

  test('GET /v1/submitters: per writer the entries, last seen and skew percentiles from Event-Time; old events counted under --warn-event-age-seconds', async () => {
    const s = await serve(['--warn-event-age-seconds', '60']);
    const slow = await token(s, 'slow-writer', 'writer');
    for (let i = 0; i < 5; i++) await appendAged(s, slow, 2_000);
    await appendAged(s, slow, 120_000);
    expect((await appendOne(s.url, s.token, '{"no":"event time"}')).status).toBe(201);
    const reader = await token(s, 'auditor', 'reader');
    const r = await getJson(s.url, '/v1/submitters', reader);
    expect(r.status).toBe(200);
    const body = r.body as SubmittersJson;
    expect(body.since).toMatch(/\.\d{9}Z$/);
    const byName = new Map(body.submitters.map((x) => [x.submitter, x]));
    expect(byName.get('default')).toMatchObject({ entries: 1, withOccurredAt: 0, oldEvents: 0, skewMs: null });
    const w = byName.get('slow-writer')!;
    expect(w).toMatchObject({ entries: 6, withOccurredAt: 6, oldEvents: 1 });
    // Recorded a moment after the Event-Time: the skew is the age plus the request's own time.
    expect(w.skewMs!.p50).toBeGreaterThanOrEqual(2_000);
    expect(w.skewMs!.p50).toBeLessThan(3_000);
    expect(w.skewMs!.max).toBeGreaterThanOrEqual(120_000);
    expect(Date.parse(w.lastSeen)).toBeLessThanOrEqual(Date.now());

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain('cairn_old_events_total{submitter="slow-writer"} 1');
    expect(metrics).toContain('cairn_writer_skew_seconds_count{submitter="slow-writer"} 6');
  }, 30_000);

  test('GET /v1/submitters without a token is 401, with a writer token 403', async () => {
    const s = await serve();
    expect((await getJson(s.url, '/v1/submitters')).status).toBe(401);
    const forbidden = await getJson(s.url, '/v1/submitters', s.token);
    expect(forbidden.status).toBe(403);
    expect((forbidden.body as ProblemJson).code).toBe('FORBIDDEN');
  }, 30_000);

  test('cairn monitor --max-writer-skew-ms alerts (exit 8) on a writer whose skew p99 exceeds the bound, and passes under a wider bound', async () => {
    const s = await serve();
    const slow = await token(s, 'slow-writer', 'writer');
    await appendAged(s, slow, 5_000);
    const reader = await token(s, 'auditor', 'reader');
    const state = join(await temp.make(), 'state');
    const base = ['monitor', '--url', s.url, '--vkey', s.verifierKey, '--state', state, '--once', '--token', reader];
    const alert = await runCairn([...base, '--max-writer-skew-ms', '1000']);
    expect(alert.code).toBe(8);
    expect(alert.stderr).toContain('ALERT writer skew');
    expect(alert.stderr).toContain('"slow-writer"');
    const ok = await runCairn([...base, '--max-writer-skew-ms', '60000']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  }, 30_000);

  test('cairn monitor --max-writer-skew-ms without a reader token cannot check (exit 1, says why)', async () => {
    const s = await serve();
    const state = join(await temp.make(), 'state');
    const r = await runCairn(['monitor', '--url', s.url, '--vkey', s.verifierKey, '--state', state, '--once', '--max-writer-skew-ms', '1000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--max-writer-skew-ms needs a Cairn log and a reader token');
  }, 30_000);

  test('a bad --max-writer-skew-ms is a usage error', async () => {
    const r = await runCairn(['monitor', '--url', 'http://127.0.0.1:9', '--vkey', 'x', '--state', 'y', '--max-writer-skew-ms', '0']);
    expect(r.code).toBe(2);
  }, 30_000);

  test('the credential name cairn is reserved for system entries, in any letter case', async () => {
    const s = await serve();
    for (const name of ['cairn', 'Cairn']) {
      const r = await runCairn(['token', 'add', '--data', s.dataDir, '--name', name, '--role', 'writer']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("is reserved for the log's own system entries");
    }
  }, 30_000);

  test('bad clock flags are usage errors naming the flag', async () => {
    const dir = await temp.make();
    for (const [args, flag] of [
      [['--ntp-server', ''], '--ntp-server'],
      [['--max-clock-offset-ms', '0'], '--max-clock-offset-ms'],
      [['--clock-policy', 'ignore'], '--clock-policy'],
      [['--warn-event-age-seconds', 'x'], '--warn-event-age-seconds'],
    ] as const) {
      const r = await runCairn(['serve', '--data', dir, '--port', '0', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(flag);
    }
  }, 30_000);
});
