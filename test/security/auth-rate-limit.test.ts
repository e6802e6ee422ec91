/**
 * AuthFailureLimiter (server/http/auth-rate-limit.ts) on a fake clock: the token bucket of
 * failed authentications per address, its Retry-After, its bounded memory (LRU of addresses),
 * and the address keys (IPv4-mapped IPv6 as IPv4, IPv6 by /64).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { AuthFailureLimiter, DEFAULT_AUTH_FAILURE_LIMITS, clientAddressKey } from '../../server/http/auth-rate-limit.js';

/** A limiter on a clock the test moves by hand. */
function limiterAt(limits: ConstructorParameters<typeof AuthFailureLimiter>[0] = {}) {
  const clock = { ms: 1_000 };
  const limited: string[] = [];
  const limiter = new AuthFailureLimiter(limits, { now: () => clock.ms, onLimited: (a) => limited.push(a) });
  return { limiter, clock, limited };
}

/** Records `n` failures and returns their answers (0 = within budget). */
function fail(limiter: AuthFailureLimiter, address: string, n: number): number[] {
  return Array.from({ length: n }, () => limiter.recordFailure(address));
}

describe('the token bucket', () => {
  test('the defaults are 20 failures a minute and 10,000 addresses', () => {
    expect(DEFAULT_AUTH_FAILURE_LIMITS).toEqual({ maxFailures: 20, windowMs: 60_000, maxAddresses: 10_000 });
  });

  test('20 failures in a burst are allowed, the 21st is refused with Retry-After 3 s', () => {
    const { limiter } = limiterAt();
    expect(fail(limiter, '192.0.2.1', 20)).toEqual(Array(20).fill(0));
    // One failure comes back every 60 s / 20 = 3 s.
    expect(limiter.recordFailure('192.0.2.1')).toBe(3);
  });

  test('one failure comes back after windowMs / maxFailures', () => {
    const { limiter, clock } = limiterAt();
    fail(limiter, '192.0.2.1', 20);
    clock.ms += 2_999;
    expect(limiter.recordFailure('192.0.2.1')).toBe(1);
    clock.ms += 1;
    expect(limiter.recordFailure('192.0.2.1')).toBe(0);
    expect(limiter.recordFailure('192.0.2.1')).toBe(3);
  });

  test('the whole budget is back after windowMs', () => {
    const { limiter, clock } = limiterAt();
    fail(limiter, '192.0.2.1', 25);
    clock.ms += 60_000;
    expect(fail(limiter, '192.0.2.1', 20)).toEqual(Array(20).fill(0));
    expect(limiter.recordFailure('192.0.2.1')).toBeGreaterThan(0);
  });

  test('refused failures take nothing from the bucket: hammering does not prolong the wait', () => {
    const { limiter, clock } = limiterAt();
    fail(limiter, '192.0.2.1', 20);
    expect(fail(limiter, '192.0.2.1', 1_000).every((s) => s > 0)).toBe(true);
    clock.ms += 3_000;
    expect(limiter.recordFailure('192.0.2.1')).toBe(0);
  });

  test('Retry-After is a whole number of seconds, at least 1, even for a bucket that refills in milliseconds', () => {
    const { limiter } = limiterAt({ maxFailures: 5, windowMs: 10 });
    fail(limiter, '192.0.2.1', 5);
    expect(limiter.recordFailure('192.0.2.1')).toBe(1);
  });

  test('Retry-After rounds up: 3 failures an hour wait 20 minutes', () => {
    const { limiter } = limiterAt({ maxFailures: 3, windowMs: 3_600_000 });
    fail(limiter, '192.0.2.1', 3);
    expect(limiter.recordFailure('192.0.2.1')).toBe(1_200);
  });

  test('addresses have their own buckets', () => {
    const { limiter } = limiterAt();
    fail(limiter, '192.0.2.1', 20);
    expect(limiter.recordFailure('192.0.2.1')).toBeGreaterThan(0);
    expect(limiter.recordFailure('192.0.2.2')).toBe(0);
  });

  test('a clock that steps back does not drain or refill a bucket', () => {
    const { limiter, clock } = limiterAt();
    fail(limiter, '192.0.2.1', 10);
    clock.ms -= 500_000;
    expect(fail(limiter, '192.0.2.1', 10)).toEqual(Array(10).fill(0));
    expect(limiter.recordFailure('192.0.2.1')).toBeGreaterThan(0);
  });

  test('onLimited fires once per episode of refusals, with the address key', () => {
    const { limiter, clock, limited } = limiterAt();
    fail(limiter, '192.0.2.1', 30);
    expect(limited).toEqual(['192.0.2.1']);
    clock.ms += 3_000;
    fail(limiter, '192.0.2.1', 5);
    expect(limited).toEqual(['192.0.2.1', '192.0.2.1']);
  });

  test('property: an address never gets more than maxFailures + elapsed × rate failures accepted', () => {
    const step = fc.record({ address: fc.constantFrom('a', 'b', 'c'), dt: fc.integer({ min: 0, max: 5_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 120_000 }), fc.array(step, { maxLength: 300 }), (maxFailures, windowMs, steps) => {
        const { limiter, clock } = limiterAt({ maxFailures, windowMs });
        const start = clock.ms;
        const accepted = new Map<string, number>();
        for (const { address, dt } of steps) {
          clock.ms += dt;
          const retryAfter = limiter.recordFailure(address);
          expect(Number.isSafeInteger(retryAfter) && retryAfter >= 0).toBe(true);
          if (retryAfter === 0) accepted.set(address, (accepted.get(address) ?? 0) + 1);
          const bound = maxFailures + ((clock.ms - start) * maxFailures) / windowMs;
          expect(accepted.get(address) ?? 0).toBeLessThanOrEqual(bound + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: an address that waits Retry-After seconds is accepted again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 600_000 }), fc.integer({ min: 0, max: 100 }), (maxFailures, windowMs, extra) => {
        const { limiter, clock } = limiterAt({ maxFailures, windowMs });
        fail(limiter, 'a', maxFailures + extra);
        const retryAfter = limiter.recordFailure('a');
        expect(retryAfter).toBeGreaterThan(0);
        clock.ms += retryAfter * 1000;
        expect(limiter.recordFailure('a')).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bounded memory', () => {
  test('never remembers more than maxAddresses addresses', () => {
    const { limiter } = limiterAt({ maxAddresses: 100 });
    for (let i = 0; i < 5_000; i++) limiter.recordFailure(`198.51.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBe(100);
  });

  test('forgets the least recently failing address first', () => {
    const { limiter } = limiterAt({ maxFailures: 1, maxAddresses: 2 });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    // a fails again (refused): now b is the least recent, and c pushes it out.
    expect(limiter.recordFailure('a')).toBeGreaterThan(0);
    limiter.recordFailure('c');
    expect(limiter.size).toBe(2);
    expect(limiter.recordFailure('a')).toBeGreaterThan(0);
    expect(limiter.recordFailure('b')).toBe(0);
  });
});

describe('refuses bad limits (a programming error)', () => {
  test('maxFailures 0', () => {
    expect(() => new AuthFailureLimiter({ maxFailures: 0 })).toThrow(/maxFailures/);
  });

  test('a fractional windowMs', () => {
    expect(() => new AuthFailureLimiter({ windowMs: 0.5 })).toThrow(/windowMs/);
  });

  test('maxAddresses NaN', () => {
    expect(() => new AuthFailureLimiter({ maxAddresses: Number.NaN })).toThrow(/maxAddresses/);
  });
});

describe('clientAddressKey', () => {
  test('an IPv4 address is its own key', () => {
    expect(clientAddressKey('192.0.2.7')).toBe('192.0.2.7');
  });

  test('an IPv4-mapped IPv6 address counts as the IPv4 address', () => {
    expect(clientAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
  });

  test('IPv6 addresses of one /64 share a key', () => {
    const key = clientAddressKey('2001:db8:0:1::1');
    expect(key).toBe('2001:db8:0:1::/64');
    expect(clientAddressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientAddressKey('2001:DB8:0:1:a:b:c:d')).toBe(key);
  });

  test('IPv6 addresses of different /64s have different keys', () => {
    expect(clientAddressKey('2001:db8:0:2::1')).not.toBe(clientAddressKey('2001:db8:0:1::1'));
  });

  test('the IPv6 loopback and a zone id', () => {
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  test('no address (a socket already gone) is the empty key', () => {
    expect(clientAddressKey(undefined)).toBe('');
  });

  test('property: every address in a /64 maps to the key of the /64', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.array(group, { minLength: 4, maxLength: 4 }), (a, tail) => {
        const other = [...a.slice(0, 4), ...tail];
        expect(clientAddressKey(a.join(':'))).toBe(clientAddressKey(other.join(':')));
        expect(clientAddressKey(a.join(':'))).toMatch(/^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}::\/64$/);
      }),
      { numRuns: 500 },
    );
  });
});
