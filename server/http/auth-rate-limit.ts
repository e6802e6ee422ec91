/**
 * Rate limit of failed authentications, per client address (SPEC §4 credentials; SECURITY.md
 * "Tokens"). A request that presents a token which is malformed, unknown or revoked is a failed
 * authentication; each address has a token bucket of `maxFailures` failures that refills evenly
 * over `windowMs`, so by default the 21st failure within a minute is answered 429
 * TOO_MANY_AUTH_FAILURES with Retry-After instead of 401.
 *
 * Only failures are limited. A request with a valid token is checked and served as always, even
 * from an address that is over its limit: behind a reverse proxy every client shares the proxy's
 * address, and one client's typos (or an attacker's guesses) must not lock the others out. A
 * request without an Authorization header is not an attempt and is not counted either. Refused
 * failures take nothing from the bucket, so hammering does not prolong the wait.
 *
 * Memory is bounded: at most `maxAddresses` addresses are remembered; the one whose last failure
 * is the oldest is forgotten first (an LRU). IPv6 clients are counted per /64 prefix, since one
 * host usually holds a whole /64 and could otherwise step through fresh addresses; IPv4-mapped
 * IPv6 addresses count as their IPv4 address.
 */
import type { Express, Request } from 'express';
import { isIPv4, isIPv6 } from 'node:net';

/** The limiter's settings. */
export interface AuthFailureLimits {
  /** Failed authentications one address may make in a burst (at least 1). */
  maxFailures: number;
  /** Milliseconds in which an exhausted allowance refills completely (evenly). */
  windowMs: number;
  /** Most addresses remembered at once (least recently failing forgotten first). */
  maxAddresses: number;
}

/** 20 failures a minute per address, 10,000 addresses remembered. */
export const DEFAULT_AUTH_FAILURE_LIMITS: Readonly<AuthFailureLimits> = Object.freeze({
  maxFailures: 20,
  windowMs: 60_000,
  maxAddresses: 10_000,
});

/** Hooks of the limiter. */
export interface AuthFailureLimiterOptions {
  /** A monotonic clock in milliseconds (default performance.now). */
  now?: () => number;
  /** Called with the address key when an address starts being refused (once per episode). */
  onLimited?: (addressKey: string) => void;
}

interface Bucket {
  /** The allowance in units of 1/(maxFailures) ms: one failure costs windowMs units (exact integers on an integer clock). */
  units: number;
  /** When `units` was last brought up to date. */
  at: number;
  /** True while the address is being refused (for onLimited). */
  limited: boolean;
}

function checkLimit(value: number, name: keyof AuthFailureLimits): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`auth failure limit ${name} must be a safe integer of at least 1, got ${String(value)}`);
  }
}

/**
 * A token bucket of failed authentications per client address, with an LRU bound on the number
 * of addresses.
 */
export class AuthFailureLimiter {
  readonly limits: Readonly<AuthFailureLimits>;
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly onLimited: ((addressKey: string) => void) | undefined;
  private readonly capacity: number;

  /**
   * Requires every limit to be a safe integer of at least 1 (and maxFailures × windowMs a safe
   * integer); throws RangeError otherwise (a configuration error, caught at start-up).
   */
  constructor(limits: Partial<AuthFailureLimits> = {}, options: AuthFailureLimiterOptions = {}) {
    const merged = { ...DEFAULT_AUTH_FAILURE_LIMITS, ...limits };
    checkLimit(merged.maxFailures, 'maxFailures');
    checkLimit(merged.windowMs, 'windowMs');
    checkLimit(merged.maxAddresses, 'maxAddresses');
    this.capacity = merged.maxFailures * merged.windowMs;
    if (!Number.isSafeInteger(this.capacity)) throw new RangeError('auth failure limits maxFailures × windowMs must be below 2^53');
    this.limits = Object.freeze(merged);
    this.now = options.now ?? (() => performance.now());
    this.onLimited = options.onLimited;
  }

  /** How many addresses are remembered now (at most `limits.maxAddresses`). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Records one failed authentication from `remoteAddress` (a socket's remote address; undefined
   * when the socket is gone). Returns 0 while the address is within its allowance, else the
   * whole seconds (at least 1) until it may fail again: the request must then be refused with
   * 429 and that Retry-After.
   */
  recordFailure(remoteAddress: string | undefined): number {
    const { maxFailures, windowMs, maxAddresses } = this.limits;
    const key = clientAddressKey(remoteAddress);
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { units: this.capacity, at: now, limited: false };
    // A clock that steps back refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.units = Math.min(this.capacity, bucket.units + elapsed * maxFailures);
    bucket.at = now;
    // Re-inserting moves the address to the young end of the Map's insertion order (the LRU).
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > maxAddresses) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.units >= windowMs) {
      bucket.units -= windowMs;
      bucket.limited = false;
      return 0;
    }
    if (!bucket.limited) {
      bucket.limited = true;
      this.onLimited?.(key);
    }
    const waitMs = (windowMs - bucket.units) / maxFailures;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }
}

/**
 * The key an address is counted under: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64
 * prefix (`2001:db8:0:1::/64`), no address (a socket already gone) as the empty string.
 */
export function clientAddressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(remoteAddress);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(remoteAddress)) return remoteAddress;
  // A zone (fe80::1%eth0) names the interface, not the host.
  const address = remoteAddress.split('%')[0]!;
  if (!isIPv6(address)) return remoteAddress;
  return `${ipv6Groups(address)
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (an IPv4 tail counts as two groups). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((g) => {
      if (g.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
        return [a * 256 + b, c * 256 + d];
      }
      return [parseInt(g, 16)];
    });
  };
  const [head = '', tail] = address.split('::');
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
}

// Where createApp leaves the limiter for auth.ts (express's app.locals, one per app).
const LOCALS_KEY = 'cairnAuthFailureLimiter';

/** Makes `limiter` the one the auth checks of `app` report failures to. */
export function installAuthFailureLimiter(app: Express, limiter: AuthFailureLimiter): void {
  (app.locals as Record<string, unknown>)[LOCALS_KEY] = limiter;
}

/** The limiter of the app serving `req`, if one was installed. */
export function authFailureLimiterOf(req: Request): AuthFailureLimiter | undefined {
  const limiter = (req.app?.locals as Record<string, unknown> | undefined)?.[LOCALS_KEY];
  return limiter instanceof AuthFailureLimiter ? limiter : undefined;
}
