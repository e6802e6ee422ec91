import { describe, expect, test } from '@jest/globals';
import { parseArgs } from 'node:util';
import { CLOCK_SERVE_OPTIONS, ClockError, clockSettingsFromOptions, parseClockPolicy, parseMaxClockOffsetMs } from '../../../server/clock/index.js';

describe('clockSettingsFromOptions', () => {
  test('defaults: no servers, 250 ms, refuse', () => {
    expect(clockSettingsFromOptions({})).toEqual({ servers: [], maxOffsetMs: 250, policy: 'refuse' });
  });

  test('reads every option', () => {
    const s = clockSettingsFromOptions({ 'ntp-server': ['a.example', '[::1]:1123'], 'max-clock-offset-ms': '100', 'clock-policy': 'flag' });
    expect(s.servers.map((x) => x.label)).toEqual(['a.example:123', '[::1]:1123']);
    expect(s.maxOffsetMs).toBe(100);
    expect(s.policy).toBe('flag');
  });

  test('CLOCK_SERVE_OPTIONS parse as repeatable flags with node:util parseArgs (what the CLI framework uses)', () => {
    const options = Object.fromEntries(
      Object.entries(CLOCK_SERVE_OPTIONS).map(([k, v]) => [k, { type: v.type, ...('multiple' in v ? { multiple: v.multiple } : {}) }]),
    );
    const { values } = parseArgs({ args: ['--ntp-server', 'a.example', '--ntp-server', 'b.example', '--clock-policy', 'flag'], options, strict: true });
    expect(clockSettingsFromOptions(values as Parameters<typeof clockSettingsFromOptions>[0]).servers).toHaveLength(2);
  });

  test('the environment variables are CAIRN_NTP_SERVERS, CAIRN_MAX_CLOCK_OFFSET_MS, CAIRN_CLOCK_POLICY', () => {
    expect(Object.values(CLOCK_SERVE_OPTIONS).map((o) => o.env)).toEqual(['CAIRN_NTP_SERVERS', 'CAIRN_MAX_CLOCK_OFFSET_MS', 'CAIRN_CLOCK_POLICY']);
  });
});

describe('parseClockPolicy', () => {
  test('refuse and flag', () => {
    expect(parseClockPolicy('refuse')).toBe('refuse');
    expect(parseClockPolicy('flag')).toBe('flag');
  });
  for (const bad of ['', 'Refuse', 'warn', ' flag']) {
    test(`refuses ${JSON.stringify(bad)}`, () => {
      expect(() => parseClockPolicy(bad)).toThrow(ClockError);
    });
  }
});

describe('parseMaxClockOffsetMs', () => {
  test('whole numbers from 1 to a day', () => {
    expect(parseMaxClockOffsetMs('1')).toBe(1);
    expect(parseMaxClockOffsetMs('250')).toBe(250);
    expect(parseMaxClockOffsetMs('86400000')).toBe(86_400_000);
  });
  for (const bad of ['0', '-5', '1.5', '0250', '86400001', '1e3', '', ' 250', 'abc']) {
    test(`refuses ${JSON.stringify(bad)}`, () => {
      expect(() => parseMaxClockOffsetMs(bad)).toThrow(/--max-clock-offset-ms/);
    });
  }
});
