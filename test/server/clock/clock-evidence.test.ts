import { describe, expect, test } from '@jest/globals';
import { CLOCK_EVIDENCE_CONTENT_TYPE, SYSTEM_SUBMITTER, buildClockEvidence, type ClockSnapshot } from '../../../server/clock/index.js';

const snapshot: ClockSnapshot = {
  status: 'synchronized',
  reason: 'median offset 0.012 ms of 2 sources is within the bound of 250 ms',
  offsetMs: 0.012,
  rttMs: 0.131,
  stratum: 2,
  maxOffsetMs: 250,
  checkedAt: '2026-12-06T03:52:36.123456789Z',
  sources: [
    {
      server: 'a.example:123',
      usable: true,
      offsetMs: 0.012,
      rttMs: 0.131,
      stratum: 2,
      leap: 'none',
      transmitTime: '2026-12-06T03:52:36.123400000Z',
      lastOk: '2026-12-06T03:52:36.123450000Z',
      error: null,
    },
    {
      server: '[2001:db8::1]:123',
      usable: false,
      offsetMs: null,
      rttMs: null,
      stratum: null,
      leap: null,
      transmitTime: null,
      lastOk: null,
      error: 'no reply from [2001:db8::1]:123 within 5000 ms',
    },
  ],
};

describe('buildClockEvidence', () => {
  test('submitter cairn, content type application/vnd.cairn.clock+json', () => {
    const e = buildClockEvidence(snapshot, 'heartbeat');
    expect(e.submitter).toBe(SYSTEM_SUBMITTER);
    expect(e.submitter).toBe('cairn');
    expect(e.contentType).toBe(CLOCK_EVIDENCE_CONTENT_TYPE);
    expect(e.contentType).toBe('application/vnd.cairn.clock+json');
  });

  test('the payload, byte for byte (the documented member order of docs/time.md)', () => {
    const e = buildClockEvidence(snapshot, 'change', 'unsynchronized');
    expect(new TextDecoder().decode(e.payload)).toBe(
      '{"format":"cairn.clock/v1","event":"change","status":"synchronized","previousStatus":"unsynchronized",' +
        '"reason":"median offset 0.012 ms of 2 sources is within the bound of 250 ms","offsetMs":0.012,"rttMs":0.131,' +
        '"stratum":2,"maxOffsetMs":250,"checkedAt":"2026-12-06T03:52:36.123456789Z","responses":[' +
        '{"server":"a.example:123","transmitTime":"2026-12-06T03:52:36.123400000Z","offsetMs":0.012,"delayMs":0.131,"stratum":2,"leap":"none","usable":true,"error":null},' +
        '{"server":"[2001:db8::1]:123","transmitTime":null,"offsetMs":null,"delayMs":null,"stratum":null,"leap":null,"usable":false,"error":"no reply from [2001:db8::1]:123 within 5000 ms"}]}',
    );
    expect(JSON.parse(new TextDecoder().decode(e.payload))).toEqual(e.evidence);
  });

  test('a heartbeat records previousStatus null even when one is passed', () => {
    expect(buildClockEvidence(snapshot, 'heartbeat', 'unsynchronized').evidence.previousStatus).toBeNull();
  });

  test('the first change after start has previousStatus null', () => {
    expect(buildClockEvidence(snapshot, 'change', null).evidence.previousStatus).toBeNull();
  });

  test('deterministic: the same snapshot gives the same bytes', () => {
    expect(buildClockEvidence(snapshot, 'change', null).payload).toEqual(buildClockEvidence(structuredClone(snapshot), 'change', null).payload);
  });

  test('the payload is a plain Uint8Array', () => {
    expect(Object.getPrototypeOf(buildClockEvidence(snapshot, 'heartbeat').payload)).toBe(Uint8Array.prototype);
  });
});
