/**
 * The clock discipline on an in-process log against real chronyd (issue 15): the hourly
 * heartbeat (shortened here) appends evidence with `event: heartbeat` and a null
 * previousStatus, evidence follows the monitor's events in order, a stop waits for the appends
 * in flight, and a log without NTP servers is `unchecked` and appends nothing.
 */
import { afterEach, expect, test } from '@jest/globals';
import { once } from 'node:events';
import { CairnLog } from '../../../server/cairn-log.js';
import { CLOCK_EVIDENCE_CONTENT_TYPE, ClockDiscipline, type ClockEvidence } from '../../../server/clock/index.js';
import type { Logger } from '../../../server/logger.js';
import { decodeLogEntry } from '../../../proofs/index.js';
import { LogClock, hostClock } from '../../../server/sequencer/clock.js';
import { findChronyTools, startChrony, type ChronyServer } from '../../helpers/chrony.js';
import { describeExternal } from '../../helpers/external.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const tools = findChronyTools();
const temp = new TempDirs();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await temp.cleanup();
});

async function openLog(discipline: ClockDiscipline, wall: () => bigint): Promise<CairnLog> {
  const log = await CairnLog.open({ dataDir: await temp.make(), origin: 'test.example/clock' }, { clock: new LogClock(0n, wall), clockGate: discipline });
  cleanups.push(() => log.close());
  return log;
}

async function evidence(log: CairnLog): Promise<{ evidence: ClockEvidence; flagged: boolean }[]> {
  const size = log.committedSize;
  const leaves = await log.leaves(0, size);
  const payloads = await log.payloads(0, size);
  return leaves.flatMap((leaf, i) => {
    const e = decodeLogEntry(leaf);
    if (e.submitter !== 'cairn' || e.contentType !== CLOCK_EVIDENCE_CONTENT_TYPE) return [];
    return [{ evidence: JSON.parse(new TextDecoder().decode(payloads[i]!.payload)) as ClockEvidence, flagged: e.clockUnsynchronized === true }];
  });
}

/** A log and its discipline against a real chronyd, checking every second with a heartbeat every 200 ms (policy refuse). */
async function heartbeating(): Promise<{ discipline: ClockDiscipline; log: CairnLog }> {
  const c: ChronyServer = await startChrony(tools);
  cleanups.push(() => c.stop());
  const wall = hostClock();
  const discipline = new ClockDiscipline({ settings: { servers: [c.address], maxOffsetMs: 250, policy: 'refuse' }, wall, intervalMs: 1_000, heartbeatMs: 200 });
  return { discipline, log: await openLog(discipline, wall) };
}

describeExternal('ClockDiscipline on a log against chronyd', tools, () => {
  test('heartbeats append evidence with event heartbeat and previousStatus null, after the first change entry', async () => {
    const { discipline, log } = await heartbeating();
    const lines: [string, Record<string, unknown> | undefined][] = [];
    const logger: Logger = (event, fields) => lines.push([event, fields]);
    cleanups.push(() => discipline.stop());
    expect((await discipline.start(log, logger)).status).toBe('synchronized');
    await once(discipline.monitor, 'heartbeat');
    await once(discipline.monitor, 'heartbeat');
    await discipline.stop();
    const found = await evidence(log);
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found[0]!.evidence).toMatchObject({ event: 'change', status: 'synchronized', previousStatus: null });
    for (const h of found.slice(1)) {
      expect(h.evidence).toMatchObject({ format: 'cairn.clock/v1', event: 'heartbeat', status: 'synchronized', previousStatus: null });
      expect(h.flagged).toBe(false);
    }
    expect(lines.filter(([e]) => e === 'clock')).toHaveLength(1);
    expect(lines.some(([e]) => e === 'clock_evidence_failed')).toBe(false);
    // Stopped: no more evidence.
    const after = log.committedSize;
    await new Promise<void>((r) => setImmediate(r));
    expect(log.committedSize).toBe(after);
  }, 30_000);

  test('a process that follows (a shared log led by another) appends no evidence: its clock stamps no entry; it says so in the log', async () => {
    const { discipline, log } = await heartbeating();
    // The real gate of the sequencer, as the cluster layer sets it when another process leads.
    log.sequencer.cluster.follow();
    const lines: [string, Record<string, unknown> | undefined][] = [];
    cleanups.push(() => discipline.stop());
    expect((await discipline.start(log, (event, fields) => lines.push([event, fields]))).status).toBe('synchronized');
    await once(discipline.monitor, 'heartbeat');
    await discipline.settled();
    expect(log.committedSize).toBe(0);
    expect(lines.map(([e]) => e)).toContain('clock');
    expect(lines.filter(([e]) => e === 'clock_evidence_skipped').length).toBeGreaterThanOrEqual(2);
    expect(lines.some(([e]) => e === 'clock_evidence_failed')).toBe(false);
  }, 30_000);

  test('a process that starts to lead appends its latest check at once, as a heartbeat, not at the next heartbeat an hour away', async () => {
    const c = await startChrony(tools);
    cleanups.push(() => c.stop());
    const wall = hostClock();
    const discipline = new ClockDiscipline({ settings: { servers: [c.address], maxOffsetMs: 250, policy: 'refuse' }, wall, intervalMs: 60_000 });
    const log = await openLog(discipline, wall);
    cleanups.push(() => discipline.stop());
    log.sequencer.cluster.follow();
    const lines: string[] = [];
    await discipline.start(log, (event) => lines.push(event));
    expect(lines).toContain('clock_evidence_skipped');
    expect(log.committedSize).toBe(0);
    // Elected (the cluster layer's order: the sequencer leads, then the discipline is told).
    log.sequencer.cluster.lead(1);
    discipline.leading();
    await discipline.settled();
    const found = await evidence(log);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toMatchObject({ event: 'heartbeat', status: 'synchronized', previousStatus: null });
  }, 30_000);

  test('under refuse the log refuses appends but still records the evidence of the unsynchronized clock, flagged', async () => {
    const liar = await startChrony(tools, { offsetSeconds: 30 });
    cleanups.push(() => liar.stop());
    const wall = hostClock();
    const discipline = new ClockDiscipline({ settings: { servers: [liar.address], maxOffsetMs: 250, policy: 'refuse' }, wall });
    const log = await openLog(discipline, wall);
    cleanups.push(() => discipline.stop());
    await discipline.start(log, () => undefined);
    expect(discipline.refusing).toBe(true);
    expect(log.clockRefusing).toBe(true);
    await expect(log.append('writer', [{ payload: new Uint8Array([1]), contentType: 'text/plain', occurredAt: 0n }])).rejects.toMatchObject({
      code: 'CLOCK_UNSYNCHRONIZED',
    });
    const [first] = await evidence(log);
    expect(first).toMatchObject({ flagged: true, evidence: { status: 'unsynchronized', event: 'change' } });
    expect(log.committedSize).toBe(1);
  }, 30_000);

  test('under flag the log appends and flags every leaf of the round', async () => {
    const liar = await startChrony(tools, { offsetSeconds: -30 });
    cleanups.push(() => liar.stop());
    const wall = hostClock();
    const discipline = new ClockDiscipline({ settings: { servers: [liar.address], maxOffsetMs: 250, policy: 'flag' }, wall });
    const log = await openLog(discipline, wall);
    cleanups.push(() => discipline.stop());
    await discipline.start(log, () => undefined);
    expect(discipline.refusing).toBe(false);
    const input = (n: number) => ({ payload: new Uint8Array([n]), contentType: 'text/plain', occurredAt: 0n });
    const outcomes = await log.append('writer', [input(1), input(2), input(3)]);
    for (const o of outcomes) expect(decodeLogEntry(o.receipt.entry).clockUnsynchronized).toBe(true);
  }, 30_000);
});

test('without NTP servers the discipline is unchecked: nothing is refused, flagged or appended', async () => {
  const wall = hostClock();
  const discipline = new ClockDiscipline({ settings: { servers: [], maxOffsetMs: 250, policy: 'refuse' }, wall });
  const log = await openLog(discipline, wall);
  cleanups.push(() => discipline.stop());
  expect((await discipline.start(log, () => undefined)).status).toBe('unchecked');
  expect(discipline.refusing).toBe(false);
  expect(discipline.unsynchronized).toBe(false);
  const [o] = await log.append('writer', [{ payload: new Uint8Array([1]), contentType: 'text/plain', occurredAt: 0n }]);
  expect(o!.receipt.index).toBe(0);
  expect(decodeLogEntry(o!.receipt.entry).clockUnsynchronized).toBeUndefined();
  expect(log.clock.status).toBe('unchecked');
});
