/**
 * Round pacing (server/sequencer/round-pacer.ts, issue 17): while the event loop is busy, a round
 * taken less than the pace after the previous one waits out the rest; otherwise rounds start at once.
 */
import { describe, expect, test } from '@jest/globals';
import { RoundPacer, eventLoopUtilization } from '../../../server/sequencer/round-pacer.js';

const busy = (): number => 0.9;
const quiet = (): number => 0.2;

describe('RoundPacer', () => {
  test('the first round never waits', () => {
    expect(new RoundPacer(5, 0.5, busy).wait(1000)).toBe(0);
  });

  test('on a busy loop, a round taken sooner than the pace after the previous one waits out the rest', () => {
    const pacer = new RoundPacer(5, 0.5, busy);
    pacer.taken(1000);
    expect(pacer.wait(1002)).toBeCloseTo(3);
    expect(pacer.wait(1004.5)).toBeCloseTo(0.5);
  });

  test('once the pace has passed since the last round, a round starts at once', () => {
    const pacer = new RoundPacer(5, 0.5, busy);
    pacer.taken(1000);
    expect(pacer.wait(1005)).toBeLessThanOrEqual(0);
    expect(pacer.wait(1100)).toBeLessThanOrEqual(0);
  });

  test('on a loop below the busy share (low load, a lone client), rounds are not paced', () => {
    const pacer = new RoundPacer(5, 0.5, quiet);
    pacer.taken(1000);
    expect(pacer.wait(1001)).toBe(0);
  });

  test('a pace of 0 never waits, and a busy share of 0 paces whatever the load', () => {
    const off = new RoundPacer(0, 0, busy);
    off.taken(1000);
    expect(off.wait(1000.1)).toBe(0);
    const always = new RoundPacer(5, 0, () => 0);
    always.taken(1000);
    expect(always.wait(1001)).toBeCloseTo(4);
  });

  test("the loop's utilisation reads about 1 over a window spent running, and less over one spent mostly waiting", async () => {
    const utilization = eventLoopUtilization();
    const spinUntil = performance.now() + 60;
    while (performance.now() < spinUntil);
    expect(utilization()).toBeGreaterThan(0.9);
    // The test runner shares the loop (and the machine is shared): only "clearly below 1" is certain.
    await new Promise((r) => setTimeout(r, 300));
    expect(utilization()).toBeLessThan(0.9);
  });
});
