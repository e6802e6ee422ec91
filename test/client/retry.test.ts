/**
 * The retry policy (client/retry.ts): which statuses are retried, Retry-After in both its forms,
 * exponential backoff with full jitter, and when to stop.
 */
import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, retryDelay } from '../../client/index.js';

const policy = { retries: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('isRetryableStatus', () => {
  test('429, 502, 503 and 504 are retried', () => {
    expect([429, 502, 503, 504].map(isRetryableStatus)).toEqual([true, true, true, true]);
  });

  test('other 4xx and 5xx are not', () => {
    expect([400, 401, 403, 404, 405, 406, 409, 413, 415, 500, 501].some(isRetryableStatus)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  test('delay-seconds become milliseconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 7 ', now)).toBe(7000);
  });

  test('an HTTP-date is the time left until then', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
  });

  test('an HTTP-date in the past is 0', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  test('absent, negative, fractional or garbage values are undefined', () => {
    for (const v of [null, undefined, '', '-1', '1.5', 'soon', '12345678901']) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  test('without Retry-After: full jitter below base * 2^retry', () => {
    expect(retryDelay(0, undefined, policy, () => 0.999)).toBe(99);
    expect(retryDelay(2, undefined, policy, () => 0.5)).toBe(200);
    expect(retryDelay(3, undefined, policy, () => 0)).toBe(0);
  });

  test('the backoff never exceeds maxDelayMs', () => {
    expect(retryDelay(3, undefined, { ...policy, retries: 100 }, () => 0.999)).toBe(799);
    expect(retryDelay(60, undefined, { ...policy, retries: 100 }, () => 0.999)).toBe(999);
  });

  test('with Retry-After: at least the server delay, plus less than one base step', () => {
    expect(retryDelay(0, 500, policy, () => 0)).toBe(500);
    expect(retryDelay(0, 500, policy, () => 0.999)).toBe(599);
  });

  test('a Retry-After beyond maxDelayMs stops the retries', () => {
    expect(retryDelay(0, 1001, policy, () => 0)).toBeUndefined();
  });

  test('no retries left stops the retries', () => {
    expect(retryDelay(4, undefined, policy, () => 0)).toBeUndefined();
    expect(retryDelay(0, undefined, { ...policy, retries: 0 }, () => 0)).toBeUndefined();
  });

  test('the default policy retries 3 times', () => {
    expect(DEFAULT_RETRY_POLICY.retries).toBe(3);
    expect(retryDelay(2, undefined, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
    expect(retryDelay(3, undefined, DEFAULT_RETRY_POLICY, () => 0)).toBeUndefined();
  });
});
