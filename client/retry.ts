/**
 * When and how long the client waits before it tries a request again (pure; SPEC §4 "Overload").
 *
 * Retried: 503 (pool full, shutting down, store busy) and 429 (too many failed authentications),
 * and 502 and 504, which proxies in front of a log answer while it restarts; connection errors
 * and timeouts. Never retried: any other status (a 4xx is the caller's to fix, a 500 is a server
 * bug that a retry would only repeat). Appends are safe to retry because the client sends an
 * Idempotency-Key with every event (cairn-client.ts).
 *
 * The wait is the server's Retry-After when it sent one (plus a little jitter, so clients that
 * were refused together do not return together), otherwise exponential backoff with full jitter
 * (AWS architecture blog, "Exponential Backoff And Jitter"): random(0, min(max, base * 2^n)).
 * A Retry-After longer than maxDelayMs ends the retries: the caller gets the 503 with its
 * `retryAfterMs` and decides, rather than a call that silently hangs for an hour.
 *
 * Browser-safe: no node: imports.
 */

/** The retry settings of a client. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = none). */
  retries: number;
  /** The first backoff step, in ms; doubles with every retry. */
  baseDelayMs: number;
  /** The longest wait between two attempts, in ms. */
  maxDelayMs: number;
}

/** 3 retries, 250 ms doubling, at most 30 s between attempts. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { retries: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** True for the statuses worth another attempt: 429, 502, 503, 504. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * The Retry-After header (RFC 9110 §10.2.3) in milliseconds from `nowMs`: delay-seconds (a
 * non-negative integer) or an HTTP-date (a date in the past is 0). Undefined when absent or
 * unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]{1,10}$/.test(text)) return Number(text) * 1000;
  // IMF-fixdate and the obsolete forms all name a weekday or month: never a bare number.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * How long to wait before retry number `retry` (0 for the first retry), or undefined when the
 * policy says to stop: no retries left, or a Retry-After beyond maxDelayMs. `random` returns a
 * number in [0, 1) (Math.random by default).
 */
export function retryDelay(retry: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (retry >= policy.retries) return undefined;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxDelayMs) return undefined;
    return retryAfterMs + Math.floor(random() * Math.min(policy.baseDelayMs, policy.maxDelayMs - retryAfterMs));
  }
  // 2 ** retry is exact for any retry count a policy can sensibly hold; min keeps it bounded.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 52));
  return Math.floor(random() * ceiling);
}

/** Why a policy's numbers are unusable (naming the bad one), or undefined when they are fine. */
export function checkRetryPolicy(policy: RetryPolicy): string | undefined {
  for (const key of ['retries', 'baseDelayMs', 'maxDelayMs'] as const) {
    const v = policy[key];
    if (!Number.isSafeInteger(v) || v < 0) return `${key} must be a non-negative integer, got ${String(v)}`;
  }
  return undefined;
}
