/**
 * What `cairn monitor` concludes from a log's clock and its writers' skews (issue 15): the pure
 * findings of server/tools/time-health.ts, one case per status and per kind of writer.
 */
import { describe, expect, test } from '@jest/globals';
import type { ClockJson, SubmittersJson } from '../../../client/index.js';
import { clockFindings, writerSkewFindings } from '../../../server/tools/time-health.js';

const clock = (over: Partial<ClockJson>): ClockJson => ({
  status: 'synchronized',
  reason: 'median offset 0.1 ms of 1 source is within the bound of 250 ms',
  offsetMs: 0.1,
  rttMs: 0.2,
  stratum: 2,
  maxOffsetMs: 250,
  sources: [],
  checkedAt: '2026-12-06T04:00:00.000000000Z',
  ...over,
});

const skew = (p99: number) => ({ count: 10, p50: p99 / 2, p90: p99, p99, min: 0, max: p99 });
const submitters = (list: [string, number | null][]): SubmittersJson => ({
  since: '2026-12-06T04:00:00.000000000Z',
  submitters: list.map(([submitter, p99]) => ({
    submitter,
    entries: 10,
    lastSeen: '2026-12-06T04:00:01.000000000Z',
    withOccurredAt: p99 === null ? 0 : 10,
    oldEvents: 0,
    skewMs: p99 === null ? null : skew(p99),
  })),
});

describe('clockFindings', () => {
  test('synchronized: nothing to report', () => {
    expect(clockFindings(clock({}))).toEqual([]);
  });

  test('unsynchronized with an offset: an alert naming the offset and the bound', () => {
    const [f] = clockFindings(
      clock({ status: 'unsynchronized', offsetMs: 30000.5, reason: 'median offset 30000.5 ms of 1 source exceeds the bound of 250 ms' }),
    );
    expect(f).toMatchObject({ severity: 'alert', kind: 'clock_unsynchronized' });
    expect(f!.message).toContain('offset 30000.5 ms, bound 250 ms');
  });

  test('unsynchronized without a usable answer: an alert that says so', () => {
    const [f] = clockFindings(clock({ status: 'unsynchronized', offsetMs: null }));
    expect(f!.message).toContain('no usable NTP answer');
  });

  test('unchecked: a warning, not an alert', () => {
    expect(clockFindings(clock({ status: 'unchecked', offsetMs: null, checkedAt: null }))).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'clock_unchecked' }),
    ]);
  });

  test('a log without clock (another tlog-tiles log, an older Cairn): nothing', () => {
    expect(clockFindings(undefined)).toEqual([]);
  });
});

describe('writerSkewFindings', () => {
  test('a writer within the bound, one without event times, one beyond: one alert for the last', () => {
    const found = writerSkewFindings(
      submitters([
        ['ok', 900],
        ['no-times', null],
        ['late', 1500],
      ]),
      1000,
    );
    expect(found).toEqual([expect.objectContaining({ severity: 'alert', kind: 'writer_skew', submitter: 'late' })]);
    expect(found[0]!.message).toContain('skew p99 1500 ms');
  });

  test('a writer whose clock runs ahead (negative skew) beyond the bound is an alert too', () => {
    expect(writerSkewFindings(submitters([['ahead', -5000]]), 1000)).toEqual([expect.objectContaining({ submitter: 'ahead' })]);
  });

  test('exactly at the bound is not an alert', () => {
    expect(writerSkewFindings(submitters([['edge', 1000]]), 1000)).toEqual([]);
  });
});
