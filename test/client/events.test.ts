/**
 * What the client sends for an event (client/events.ts): defaults, checks, fresh keys, and the
 * batch body, which keeps every payload byte exact.
 */
import { describe, expect, test } from '@jest/globals';
import { batchBody, freshIdempotencyKey, prepareEvent } from '../../client/events.js';
import { VerificationError, decodeBase64 } from '../../proofs/index.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof VerificationError) return err.code;
    throw err;
  }
  throw new Error('accepted');
}

describe('prepareEvent', () => {
  test('a string is sent as UTF-8 text/plain, bytes as application/octet-stream', () => {
    const t = prepareEvent({ payload: 'é' });
    expect(t.payload).toEqual(Uint8Array.from([0xc3, 0xa9]));
    expect(t.contentType).toBe('text/plain; charset=utf-8');
    expect(prepareEvent({ payload: Uint8Array.of(1) }).contentType).toBe('application/octet-stream');
  });

  test('without a key, a fresh 128-bit key per event', () => {
    const a = prepareEvent({ payload: 'x' });
    const b = prepareEvent({ payload: 'x' });
    expect(a.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    expect(a.freshKey).toBe(true);
    expect(prepareEvent({ payload: 'x', idempotencyKey: 'mine' })).toMatchObject({ idempotencyKey: 'mine', freshKey: false });
    expect(freshIdempotencyKey()).toMatch(/^[0-9a-f]{32}$/);
  });

  test('occurredAt in its three forms becomes the same RFC 3339 text and nanoseconds', () => {
    const ns = 1_700_000_000_500_000_000n;
    for (const at of [ns, new Date(1_700_000_000_500), '2023-11-14T22:13:20.5Z']) {
      const e = prepareEvent({ payload: 'x', occurredAt: at });
      expect(e.occurredAtNs).toBe(ns);
      expect(e.eventTime).toBe('2023-11-14T22:13:20.500000000Z');
    }
    expect(prepareEvent({ payload: 'x' })).toMatchObject({ occurredAtNs: 0n, eventTime: undefined });
  });

  test('a payload that is neither text nor bytes: INVALID_ARGUMENT', () => {
    expect(code(() => prepareEvent({ payload: 42 as unknown as string }))).toBe('INVALID_ARGUMENT');
  });

  test('a content type with a newline: INVALID_ARGUMENT', () => {
    expect(code(() => prepareEvent({ payload: 'x', contentType: 'text/plain\nX-Evil: 1' }))).toBe('INVALID_ARGUMENT');
  });

  test('an idempotency key with a space: INVALID_ARGUMENT', () => {
    expect(code(() => prepareEvent({ payload: 'x', idempotencyKey: 'a b' }))).toBe('INVALID_ARGUMENT');
  });

  test('an occurredAt that is not RFC 3339: INVALID_ARGUMENT', () => {
    expect(code(() => prepareEvent({ payload: 'x', occurredAt: 'yesterday' }))).toBe('INVALID_ARGUMENT');
  });

  test('an invalid Date: INVALID_ARGUMENT', () => {
    expect(code(() => prepareEvent({ payload: 'x', occurredAt: new Date('nope') }))).toBe('INVALID_ARGUMENT');
  });

  test('a negative bigint occurredAt: INVALID_ARGUMENT', () => {
    expect(code(() => prepareEvent({ payload: 'x', occurredAt: -1n }))).toBe('INVALID_ARGUMENT');
  });
});

describe('batchBody', () => {
  test('payloads as base64 of their exact bytes, with every member given', () => {
    const events = [
      prepareEvent({ payload: Uint8Array.of(0, 255), idempotencyKey: 'k1' }),
      prepareEvent({ payload: '{"a":1}', contentType: 'application/json', occurredAt: 5n }),
    ];
    const body = JSON.parse(new TextDecoder().decode(batchBody(events))) as { entries: Array<Record<string, string>> };
    expect(decodeBase64(body.entries[0]!['payload']!)).toEqual(Uint8Array.of(0, 255));
    expect(body.entries[0]).toEqual({ payload: 'AP8=', contentType: 'application/octet-stream', idempotencyKey: 'k1' });
    expect(body.entries[1]!['occurredAt']).toBe('1970-01-01T00:00:00.000000005Z');
    expect(body.entries[1]!['contentType']).toBe('application/json');
  });
});
