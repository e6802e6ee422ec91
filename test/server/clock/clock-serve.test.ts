/**
 * `cairn serve` with its clock checked against real NTP servers (issue 15 "Done when"): real
 * `./bin/cairn serve` children, real chronyd on our clock and chronyd under libfaketime. Each
 * test starts and stops its own processes. Changes are awaited through the server's `clock` log
 * lines, never with sleeps; CAIRN_CLOCK_INTERVAL_MS shortens the checks so "3 intervals" fit.
 */
import { afterAll, afterEach, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cairn } from '../../../proto/gen/cairn.js';
import { CLOCK_EVIDENCE_CONTENT_TYPE, type ClockEvidence } from '../../../server/clock/index.js';
import type { ClockJson, EntryJson, LogInfoJson, ProblemJson, ReceiptJson } from '../../../client/index.js';
import { findChronyTools, startChrony, type ChronyOptions, type ChronyServer } from '../../helpers/chrony.js';
import { killAllServers, runCairn, startServer, type LogLine, type ServerProcess, type StartOptions } from '../../helpers/cli.js';
import { describeExternal } from '../../helpers/external.js';
import { appendOne, getJson } from '../../helpers/server-calls.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const tools = findChronyTools();
const temp = new TempDirs();
const chronies: ChronyServer[] = [];
const servers: ServerProcess[] = [];
// Checks every 300 ms: a lost source counts for 3 checks, so it is dropped within about a second.
const FAST = { CAIRN_CLOCK_INTERVAL_MS: '300' };

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await Promise.all(chronies.splice(0).map((c) => c.stop()));
  await temp.cleanup();
});
afterAll(killAllServers);

async function chrony(options: ChronyOptions = {}): Promise<ChronyServer> {
  const c = await startChrony(tools, options);
  chronies.push(c);
  return c;
}

async function serve(sources: ChronyServer[], options: StartOptions & { policy?: 'refuse' | 'flag' } = {}): Promise<ServerProcess> {
  const args = [
    ...sources.flatMap((s) => ['--ntp-server', s.address.label]),
    ...(options.policy ? ['--clock-policy', options.policy] : []),
    ...(options.args ?? []),
  ];
  const s = await startServer(await temp.make(), { args, env: { ...(options.env ?? {}) } });
  servers.push(s);
  return s;
}

async function readerToken(s: ServerProcess): Promise<string> {
  const r = await runCairn(['token', 'add', '--data', s.dataDir, '--name', 'auditor', '--role', 'reader', '--json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { token: string }).token;
}

async function clockOf(s: ServerProcess): Promise<ClockJson> {
  const r = await getJson(s.url, '/v1/log');
  expect(r.status).toBe(200);
  return (r.body as LogInfoJson).clock!;
}

async function entry(s: ServerProcess, index: number, reader: string): Promise<EntryJson> {
  const r = await getJson(s.url, `/v1/entries/${index}`, reader);
  expect(r.status).toBe(200);
  return r.body as EntryJson;
}

function evidenceOf(e: EntryJson): ClockEvidence {
  expect(e.decoded.submitter).toBe('cairn');
  expect(e.decoded.contentType).toBe(CLOCK_EVIDENCE_CONTENT_TYPE);
  return JSON.parse(Buffer.from(e.payload!, 'base64').toString('utf8')) as ClockEvidence;
}

/** The next `clock` log line with `status` after the first `skip` of them. */
function clockLine(s: ServerProcess, status: string, skip = 0): Promise<LogLine> {
  return s.waitForLog((l) => l.event === 'clock' && l['status'] === status && s.logs.filter((x) => x.event === 'clock').indexOf(l) >= skip);
}

describeExternal('cairn serve with its clock checked against chronyd', tools, () => {
  test('synchronised: ready only after the first check, /v1/log reports a small offset, appends go through unflagged, the evidence entry comes first', async () => {
    const c = await chrony();
    const s = await serve([c]);
    const listening = s.logs.find((l) => l.event === 'listening')!;
    expect(listening['clock']).toBe('synchronized');
    // The first check and its evidence precede `listening`.
    expect(s.logs.findIndex((l) => l.event === 'clock')).toBeLessThan(s.logs.indexOf(listening));
    const clock = await clockOf(s);
    expect(clock).toMatchObject({ status: 'synchronized', maxOffsetMs: 250, stratum: 8 });
    expect(Math.abs(clock.offsetMs!)).toBeLessThan(200);
    expect(clock.rttMs).toBeGreaterThanOrEqual(0);
    expect(clock.checkedAt).toMatch(/\.\d{9}Z$/);
    expect(clock.sources).toEqual([expect.objectContaining({ server: c.address.label, usable: true, error: null })]);

    const appended = await appendOne(s.url, s.token, '{"op":"login"}');
    expect(appended.status).toBe(201);
    expect((appended.body as ReceiptJson).index).toBe(1);
    expect((await getJson(s.url, '/readyz')).status).toBe(200);

    const reader = await readerToken(s);
    const first = await entry(s, 0, reader);
    expect(first.decoded.clockUnsynchronized).toBeUndefined();
    expect(evidenceOf(first)).toMatchObject({ format: 'cairn.clock/v1', event: 'change', status: 'synchronized', previousStatus: null, maxOffsetMs: 250 });
    expect(evidenceOf(first).responses).toEqual([expect.objectContaining({ server: c.address.label, usable: true, stratum: 8, leap: 'none', error: null })]);
    expect((await entry(s, 1, reader)).decoded.clockUnsynchronized).toBeUndefined();

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain('cairn_clock_status{status="synchronized"} 1');
    expect(metrics).toContain(`cairn_clock_source_usable{server="${c.address.label}"} 1`);
    expect(metrics).toMatch(/^cairn_clock_offset_seconds -?\d/m);
  }, 60_000);

  test('drift beyond the bound under refuse: 503 CLOCK_UNSYNCHRONIZED with Retry-After, /readyz not ready, the evidence says why', async () => {
    const liar = await chrony({ offsetSeconds: 30 });
    const s = await serve([liar]);
    expect(s.logs.find((l) => l.event === 'listening')!['clock']).toBe('unsynchronized');
    const clock = await clockOf(s);
    expect(clock.status).toBe('unsynchronized');
    expect(clock.offsetMs! / 1000).toBeCloseTo(30, 0);

    const refused = await appendOne(s.url, s.token, '{"op":"login"}');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('10');
    const problem = refused.body as ProblemJson;
    expect(problem).toMatchObject({ code: 'CLOCK_UNSYNCHRONIZED', type: 'urn:cairn:problem:clock-unsynchronized', status: 503 });
    expect(problem.detail).toContain("The log's clock is not synchronised");
    expect(problem.detail).toContain('--ntp-server');
    const ready = await getJson(s.url, '/readyz');
    expect(ready.status).toBe(503);
    expect((ready.body as ProblemJson).code).toBe('CLOCK_UNSYNCHRONIZED');

    // Only the evidence entry is in the log, and it carries the flag: its own stamp is suspect too.
    const reader = await readerToken(s);
    expect((await getJson(s.url, '/v1/entries/1', reader)).status).toBe(404);
    const first = await entry(s, 0, reader);
    expect(first.decoded.clockUnsynchronized).toBe(true);
    const evidence = evidenceOf(first);
    expect(evidence).toMatchObject({ event: 'change', status: 'unsynchronized', previousStatus: null });
    expect(evidence.reason).toContain('exceeds the bound of 250 ms');
    expect(evidence.responses[0]!.offsetMs! / 1000).toBeCloseTo(30, 0);
  }, 60_000);

  test('drift beyond the bound under flag: 201, the leaf carries clock_unsynchronized, GET /v1/entries and cairn verify show it', async () => {
    const liar = await chrony({ offsetSeconds: 30 });
    const s = await serve([liar], { policy: 'flag' });
    expect((await getJson(s.url, '/readyz')).status).toBe(200);
    const appended = await appendOne(s.url, s.token, '{"op":"login"}');
    expect(appended.status).toBe(201);
    const receipt = appended.body as ReceiptJson;
    const reader = await readerToken(s);
    const e = await entry(s, receipt.index, reader);
    expect(e.decoded.clockUnsynchronized).toBe(true);
    expect(e.decoded.submitter).toBe('default');
    const proto = await fetch(`${s.url}/v1/entries/${receipt.index}`, { headers: { Accept: 'application/x-protobuf', Authorization: `Bearer ${reader}` } });
    expect(proto.status).toBe(200);
    expect(cairn.v1.Entry.decode(new Uint8Array(await proto.arrayBuffer())).decoded!.clockUnsynchronized).toBe(true);

    const file = join(await temp.make(), 'receipt.json');
    await writeFile(file, JSON.stringify(receipt));
    const human = await runCairn(['verify', '--vkey', s.verifierKey, file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/clock:\s+UNSYNCHRONIZED/);
    const json = await runCairn(['verify', '--vkey', s.verifierKey, file, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: true, entry: { clockUnsynchronized: true } });
  }, 60_000);

  test('a source that stops answering: unsynchronized after 3 checks (appends refused), synchronized again once it answers; each change is an evidence entry', async () => {
    const c = await chrony();
    const s = await serve([c], { env: FAST });
    expect((await appendOne(s.url, s.token, '{"n":1}')).status).toBe(201);
    await c.kill();
    const lost = await clockLine(s, 'unsynchronized');
    expect(lost['previous']).toBe('synchronized');
    expect(String(lost['reason'])).toContain('no NTP server gave a usable answer in the last 3 rounds');
    expect((await appendOne(s.url, s.token, '{"n":2}')).status).toBe(503);
    const clock = await clockOf(s);
    expect(clock.sources[0]).toMatchObject({ usable: false });
    expect(clock.sources[0]!.error).not.toBeNull();

    chronies.push(await startChrony(tools, { port: c.port }));
    const back = await clockLine(s, 'synchronized', 1);
    expect(back['previous']).toBe('unsynchronized');
    expect((await appendOne(s.url, s.token, '{"n":3}')).status).toBe(201);

    const reader = await readerToken(s);
    const list = (await getJson(s.url, '/v1/entries?start=0&end=10', reader)).body as { entries: EntryJson[] };
    const evidence = list.entries.filter((x) => x.decoded.submitter === 'cairn').map(evidenceOf);
    expect(evidence.map((x) => [x.previousStatus, x.status])).toEqual([
      [null, 'synchronized'],
      ['synchronized', 'unsynchronized'],
      ['unsynchronized', 'synchronized'],
    ]);
  }, 60_000);

  test('recovery when the offset returns: a lying server replaced by an honest one on the same port turns the status synchronized and appends go through', async () => {
    const liar = await chrony({ offsetSeconds: -20 });
    const s = await serve([liar], { env: FAST });
    expect((await clockOf(s)).status).toBe('unsynchronized');
    expect((await appendOne(s.url, s.token, '{"n":1}')).status).toBe(503);
    await liar.stop();
    chronies.splice(chronies.indexOf(liar), 1);
    chronies.push(await startChrony(tools, { port: liar.port }));
    await clockLine(s, 'synchronized');
    const clock = await clockOf(s);
    expect(Math.abs(clock.offsetMs!)).toBeLessThan(200);
    expect((await appendOne(s.url, s.token, '{"n":2}')).status).toBe(201);
    expect((await getJson(s.url, '/readyz')).status).toBe(200);
  }, 60_000);

  test('three sources, one lying by 30 s: synchronized, and the liar is visible in sources', async () => {
    const [a, b, liar] = await Promise.all([chrony(), chrony(), chrony({ offsetSeconds: 30 })]);
    const s = await serve([a!, b!, liar!]);
    const clock = await clockOf(s);
    expect(clock.status).toBe('synchronized');
    expect(Math.abs(clock.offsetMs!)).toBeLessThan(200);
    expect(clock.sources.find((x) => x.server === liar!.address.label)!.offsetMs! / 1000).toBeCloseTo(30, 0);
    expect((await appendOne(s.url, s.token, '{"n":1}')).status).toBe(201);
  }, 60_000);

  test('cairn monitor --check-clock alerts (exit 8) on a log whose clock is unsynchronized, and passes one that is synchronized', async () => {
    const [honest, liar] = await Promise.all([chrony(), chrony({ offsetSeconds: 30 })]);
    const [good, bad] = await Promise.all([serve([honest]), serve([liar])]);
    const state = (name: string) => temp.make().then((d) => join(d, name));
    const ok = await runCairn(['monitor', '--url', good.url, '--vkey', good.verifierKey, '--state', await state('good'), '--once', '--check-clock']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // Without --check-clock the monitor reads tiles only and does not look at the clock.
    const tilesOnly = await runCairn(['monitor', '--url', bad.url, '--vkey', bad.verifierKey, '--state', await state('tiles'), '--once']);
    expect(tilesOnly.code).toBe(0);
    const alert = await runCairn(['monitor', '--url', bad.url, '--vkey', bad.verifierKey, '--state', await state('bad'), '--once', '--json', '--check-clock']);
    expect(alert.code).toBe(8);
    expect(alert.stderr).toContain('ALERT clock unsynchronized');
    expect(alert.stderr).toContain("the log's clock is not synchronised");
    const events = alert.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({ event: 'alert', kind: 'clock_unsynchronized', url: bad.url }));
  }, 60_000);
});
