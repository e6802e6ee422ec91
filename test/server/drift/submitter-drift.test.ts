/**
 * The writers' drift tracker (issue 15): counts, last seen, the skew reservoir and its
 * percentiles, the old-event count, the cap on distinct submitters.
 */
import { describe, expect, test } from '@jest/globals';
import { MAX_TRACKED_SUBMITTERS, OVERFLOW_SUBMITTER, RESERVOIR_SIZE, SubmitterDrift, summarize } from '../../../server/drift/index.js';

const MS = 1_000_000n;
const T0 = 1_800_000_000_000n * MS;

describe('SubmitterDrift', () => {
  test('counts entries and the newest timestamp per submitter; entries without occurred_at have no skew', () => {
    const d = new SubmitterDrift({}, 5n);
    d.observe('b', T0 + 10n, 0n);
    d.observe('a', T0 + 30n, 0n);
    d.observe('a', T0 + 20n, 0n);
    expect(d.sinceNs).toBe(5n);
    expect(d.list()).toEqual([
      { submitter: 'a', entries: 2, lastSeenNs: T0 + 30n, withOccurredAt: 0, oldEvents: 0, skewMs: null },
      { submitter: 'b', entries: 1, lastSeenNs: T0 + 10n, withOccurredAt: 0, oldEvents: 0, skewMs: null },
    ]);
  });

  test('skew is recorded minus occurred time: percentiles by nearest rank over 1..100 ms', () => {
    const seen: [string, number, boolean][] = [];
    const d = new SubmitterDrift({ onSkew: (s, seconds, old) => seen.push([s, seconds, old]) });
    for (let i = 1; i <= 100; i++) d.observe('w', T0, T0 - BigInt(i) * MS);
    expect(d.list()[0]!.skewMs).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, min: 1, max: 100 });
    expect(seen[0]).toEqual(['w', 0.001, false]);
    expect(seen).toHaveLength(100);
  });

  test('a writer clock ahead gives a negative skew', () => {
    const d = new SubmitterDrift();
    d.observe('ahead', T0, T0 + 2500n * MS);
    expect(d.list()[0]!.skewMs).toMatchObject({ count: 1, p50: -2500, p99: -2500 });
  });

  test('entries older than warnEventAgeNs are counted as old and reported to onSkew', () => {
    const olds: boolean[] = [];
    const d = new SubmitterDrift({ warnEventAgeNs: 60_000n * MS, onSkew: (_s, _x, old) => olds.push(old) });
    d.observe('w', T0, T0 - 59_000n * MS);
    d.observe('w', T0, T0 - 61_000n * MS);
    expect(d.list()[0]).toMatchObject({ withOccurredAt: 2, oldEvents: 1 });
    expect(olds).toEqual([false, true]);
  });

  test('the reservoir keeps the latest RESERVOIR_SIZE skews: an old drift ages out', () => {
    const d = new SubmitterDrift();
    for (let i = 0; i < 10; i++) d.observe('w', T0, T0 - 5000n * MS);
    for (let i = 0; i < RESERVOIR_SIZE; i++) d.observe('w', T0, T0 - 1n * MS);
    expect(d.list()[0]!.skewMs).toMatchObject({ count: RESERVOIR_SIZE, max: 1, p99: 1 });
    expect(d.list()[0]!.withOccurredAt).toBe(RESERVOIR_SIZE + 10);
  });

  test('beyond MAX_TRACKED_SUBMITTERS names, new submitters are counted together', () => {
    const d = new SubmitterDrift();
    for (let i = 0; i < MAX_TRACKED_SUBMITTERS + 5; i++) d.observe(`w${i}`, T0, 0n);
    const list = d.list();
    expect(list).toHaveLength(MAX_TRACKED_SUBMITTERS + 1);
    expect(list.find((r) => r.submitter === OVERFLOW_SUBMITTER)!.entries).toBe(5);
  });

  test('summarize of nothing is null', () => {
    expect(summarize(new Float64Array(0))).toBeNull();
  });
});
