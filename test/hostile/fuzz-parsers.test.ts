/**
 * Property tests of the parsers that met no random input elsewhere: the proofs/ and merkle/
 * parsers of notes, checkpoints, keys, receipts, tlog-proofs, leaves and timestamps have theirs
 * beside their unit tests; decimals, base64, tile paths, request parameters and the append
 * headers are in parser-properties.test.ts. Here: entry bundles, the batch parsers (JSON and
 * protobuf) and tokens. Each parser, given anything, either returns a value it could have
 * produced from canonical input, or throws its area's typed error with a 4xx code: never a
 * TypeError, RangeError or SyntaxError, never a crash.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { MerkleError, parseEntryBundle } from '../../merkle/index.js';
import { CredentialRegistry } from '../../server/auth/credentials.js';
import { splitToken } from '../../server/auth/token.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../../server/config.js';
import { ServerError } from '../../server/errors.js';
import { parseBatchJson, parseBatchProto } from '../../server/http/batch.js';
import { PROBLEMS } from '../../server/http/problems.js';
import { KvLogStore } from '../../server/store/level/kv-log-store.js';
import { MemoryKv } from '../../server/store/memory/memory-kv.js';
import { batchJson, batchProto, deepJson, invalidUtf8Json } from './arbitraries.js';

const LIMITS: RequestLimits = { ...DEFAULT_REQUEST_LIMITS, maxPayloadBytes: 4096, maxBatchEntries: 16, maxBatchBytes: 256 * 1024 };
const NOW = 1_780_000_000_000_000_000n;

/** Runs `fn`; a throw must be an instance of `type` (and pass `check`), anything else fails. */
function returnsOrThrows<T>(fn: () => T, type: abstract new (...args: never[]) => Error, check: (e: Error) => void = () => undefined): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof type)) throw new Error(`expected a ${type.name}, got ${String(err)}`, { cause: err });
    check(err);
    return undefined;
  }
}

/** A ServerError must carry a code whose status is 4xx. */
function clientError(e: Error): void {
  const status = PROBLEMS[(e as ServerError).code].status;
  expect(status >= 400 && status < 500).toBe(true);
}

describe('merkle/ parseEntryBundle', () => {
  test('any bytes: entries that re-encode to the same bytes, or MerkleError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const entries = returnsOrThrows(() => parseEntryBundle(bytes), MerkleError);
        if (entries === undefined) return;
        const total = entries.reduce((n, e) => n + 2 + e.length, 0);
        expect(total).toBe(bytes.length);
        expect(entries.length).toBeGreaterThan(0);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('server/http batch parsers', () => {
  test('parseBatchJson: any bytes give events within the limits, or a 4xx ServerError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), batchJson, deepJson, invalidUtf8Json), (body) => {
        const events = returnsOrThrows(() => parseBatchJson(body, LIMITS, NOW), ServerError, clientError);
        if (events === undefined) return;
        expect(events.length).toBeGreaterThan(0);
        expect(events.length).toBeLessThanOrEqual(LIMITS.maxBatchEntries);
        for (const e of events) {
          expect(e.payload.length).toBeGreaterThan(0);
          expect(e.payload.length).toBeLessThanOrEqual(LIMITS.maxPayloadBytes);
          expect(e.occurredAt <= NOW + LIMITS.maxFutureSkewNs).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('parseBatchJson: a json member is the exact bytes of the request, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('', ' ', '\n\t '), (value, ws) => {
        const text = JSON.stringify(value);
        const body = new TextEncoder().encode(`{${ws}"entries"${ws}:${ws}[${ws}{${ws}"json"${ws}:${ws}${text}${ws}}${ws}]${ws}}`);
        const events = returnsOrThrows(() => parseBatchJson(body, LIMITS, NOW), ServerError, clientError);
        if (events === undefined) return; // e.g. larger than maxPayloadBytes
        expect(new TextDecoder().decode(events[0]!.payload)).toBe(text);
      }),
      { numRuns: 1_000 },
    );
  });

  test('parseBatchProto: any bytes give events within the limits, or a 4xx ServerError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), batchProto), (body) => {
        const events = returnsOrThrows(() => parseBatchProto(body, LIMITS, NOW), ServerError, clientError);
        if (events === undefined) return;
        expect(events.length).toBeGreaterThan(0);
        expect(events.length).toBeLessThanOrEqual(LIMITS.maxBatchEntries);
        for (const e of events) expect(e.payload.length).toBeGreaterThan(0);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('server/auth tokens', () => {
  test('splitToken: any string is undefined or exactly one of our tokens', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^cairn_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)), (s) => {
        const parts = splitToken(s);
        if (parts !== undefined) expect(`cairn_${parts.id}_${parts.secret}`).toBe(s);
      }),
      { numRuns: 3_000 },
    );
  });

  test('CredentialRegistry.authenticate: never throws, and only the issued token (not a near miss) authenticates', async () => {
    const registry = await CredentialRegistry.load(new KvLogStore(new MemoryKv()));
    const { token } = await registry.add('app', 'writer');
    expect(registry.authenticate(token)).toEqual({ name: 'app', role: 'writer' });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.tuple(fc.nat(token.length - 1), fc.string({ minLength: 1, maxLength: 1 })).map(([at, c]) => token.slice(0, at) + c + token.slice(at + 1)),
          fc.constantFrom(token.toUpperCase(), `${token} `, ` ${token}`, token.slice(0, -1), `${token}A`),
        ),
        (s) => {
          const p = registry.authenticate(s);
          if (p !== undefined) expect(s).toBe(token);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
