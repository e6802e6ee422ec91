/**
 * The query engine against a brute-force scan of the same real log: random logs and random
 * queries (filters, since/until as indexes or times, order, limit), paged with cursors until
 * exhausted, must give exactly the brute force's list. Then every refusal on its own: forged,
 * altered, expired and mismatched cursors, since > until, limits, orders, empty filters.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { CairnLog } from '../../../server/cairn-log.js';
import {
  IndexFollower,
  LevelIndexStore,
  findIndexAtTime,
  indexDir,
  parseRangeBound,
  mergeJoin,
  searchEvents,
  type IndexStore,
  type PostingCursor,
  type RangeBound,
  type SearchContext,
  type SearchQuery,
} from '../../../server/index/index.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { appendBatches, freshLog, logSource, type AppendBatch } from './log-fixture.js';
import { ACTIONS, ACTORS, SUBMITTERS, TARGETS, bruteForce, logArb, timestampsOf, type ModelEntry, type ModelQuery } from './model.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

/** A log with its index built, and what the brute force needs. */
interface Indexed {
  log: CairnLog;
  store: LevelIndexStore;
  model: ModelEntry[];
  timestamps: bigint[];
  context: SearchContext;
  close(): Promise<void>;
}

async function buildIndexed(batches: AppendBatch[], model: ModelEntry[]): Promise<Indexed> {
  const { log, dataDir } = await freshLog(temps);
  await appendBatches(log, batches);
  const store = await LevelIndexStore.open(indexDir(dataDir));
  const follower = await IndexFollower.start(logSource(log), store, { chunkSize: 97 });
  await follower.whenIndexed(log.committedSize);
  await follower.stop();
  const size = log.committedSize;
  const timestamps = timestampsOf(await log.leaves(0, size));
  const context: SearchContext = { store, source: logSource(log), treeSize: size, indexedSize: follower.indexedSize, cursorKey: randomBytes(32) };
  return {
    log,
    store,
    model,
    timestamps,
    context,
    close: async () => {
      await store.close();
      await log.close();
    },
  };
}

/** Every page of a search, following `next` until null. */
async function allPages(query: SearchQuery, context: SearchContext): Promise<{ indexes: number[]; pages: number }> {
  const limit = query.limit ?? 100;
  const indexes: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await searchEvents({ ...query, ...(cursor !== undefined ? { cursor } : {}) }, context);
    pages++;
    expect(page.indexes.length).toBeLessThanOrEqual(limit);
    indexes.push(...page.indexes);
    if (page.next === null) return { indexes, pages };
    // A page with a next cursor is full: no empty or short page before the end.
    expect(page.indexes).toHaveLength(limit);
    cursor = page.next;
  }
}

/** A bound drawn before the log is known: mapped onto its indexes and timestamps. */
type RawBound = { kind: 'index'; n: number } | { kind: 'time'; at: number; delta: bigint };
const rawBound: fc.Arbitrary<RawBound> = fc.oneof(
  fc.record({ kind: fc.constant('index' as const), n: fc.nat(700) }),
  fc.record({ kind: fc.constant('time' as const), at: fc.nat(700), delta: fc.constantFrom(-1n, 0n, 1n) }),
);
function toBound(raw: RawBound, timestamps: readonly bigint[]): RangeBound {
  if (raw.kind === 'index') return { index: raw.n };
  const t = raw.at < timestamps.length ? timestamps[raw.at]! : timestamps.at(-1)! + 1000n;
  return { time: t + raw.delta };
}
const rawQuery = fc.record(
  {
    actor: fc.constantFrom(...ACTORS, 'nobody'),
    action: fc.constantFrom(...ACTIONS),
    target: fc.constantFrom(...TARGETS),
    submitter: fc.constantFrom(...SUBMITTERS),
    since: rawBound,
    until: rawBound,
    order: fc.constantFrom('asc' as const, 'desc' as const),
    limit: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(1000)),
  },
  { requiredKeys: [] },
);

describe('searchEvents against a brute-force scan', () => {
  test('random logs, random filters, ranges, orders and limits: all pages together equal the brute force', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.array(rawQuery, { minLength: 40, maxLength: 40 }), async (generated, raws) => {
        const ix = await buildIndexed(generated.batches, generated.model);
        try {
          for (const raw of raws) {
            const { since: rs, until: ru, ...rest } = raw;
            const query: SearchQuery = { ...rest, ...(rs ? { since: toBound(rs, ix.timestamps) } : {}), ...(ru ? { until: toBound(ru, ix.timestamps) } : {}) };
            const inverted =
              query.since !== undefined &&
              query.until !== undefined &&
              ('index' in query.since && 'index' in query.until
                ? query.since.index > query.until.index
                : 'time' in query.since && 'time' in query.until
                  ? query.since.time > query.until.time
                  : false);
            if (inverted) {
              await expect(searchEvents(query, ix.context)).rejects.toMatchObject({ code: 'INVALID_RANGE' });
              continue;
            }
            const expected = bruteForce(ix.model, ix.timestamps, { ...query, order: query.order ?? 'desc' } as ModelQuery);
            const got = await allPages(query, ix.context);
            expect(got.indexes).toEqual(expected);
            expect(got.pages).toBe(Math.max(1, Math.ceil(expected.length / (query.limit ?? 100))));
          }
        } finally {
          await ix.close();
        }
      }),
      { numRuns: 4, seed: 1313 },
    );
  });
});

describe('searchEvents', () => {
  let ix: Indexed;
  const sample = fc.sample(logArb, { numRuns: 1, seed: 7 })[0]!;
  beforeAll(async () => {
    ix = await buildIndexed(sample.batches, sample.model);
  });
  afterAll(() => ix.close());

  test('defaults to the newest first and a limit of 100', async () => {
    const page = await searchEvents({}, ix.context);
    expect(page.indexes).toEqual(Array.from({ length: 100 }, (_, i) => ix.model.length - 1 - i));
    expect(page.next).not.toBeNull();
  });

  test('an unfiltered time range is exactly the contiguous range of indexes whose timestamps fall in it', async () => {
    const [a, b] = [Math.floor(ix.model.length / 4), Math.floor((3 * ix.model.length) / 4)];
    const result = await searchEvents({ since: { time: ix.timestamps[a]! }, until: { time: ix.timestamps[b]! }, order: 'asc', limit: 1000 }, ix.context);
    expect(result.range).toEqual({ start: a, end: b + 1 });
    expect(result.indexes).toEqual(Array.from({ length: b - a + 1 }, (_, i) => a + i));
    // One nanosecond inside on each side drops both ends.
    const inner = await searchEvents(
      { since: { time: ix.timestamps[a]! + 1n }, until: { time: ix.timestamps[b]! - 1n }, order: 'asc', limit: 1000 },
      ix.context,
    );
    expect(inner.range).toEqual({ start: a + 1, end: b });
  });

  test('filtered results stop at indexedSize (a lagging follower), never past it', async () => {
    const context = { ...ix.context, indexedSize: 50 };
    const { indexes } = await allPages({ submitter: 'default', order: 'asc' }, context);
    expect(indexes).toEqual(bruteForce(ix.model, ix.timestamps, { submitter: 'default', order: 'asc' }).filter((i) => i < 50));
  });

  test('no result reaches the tree size of the answer checkpoint', async () => {
    const context = { ...ix.context, treeSize: 30 };
    expect((await allPages({ order: 'asc', limit: 7 }, context)).indexes).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(Math.max(...(await allPages({ submitter: 'ops' }, context)).indexes)).toBeLessThan(30);
  });

  test('the merge join seeks instead of walking the longer list', async () => {
    // The rarest actor value against the most frequent submitter.
    const count = (f: (e: ModelEntry) => boolean) => ix.model.filter(f).length;
    const rare = ACTORS.reduce(
      (best, a) => (count((e) => e.actor === a) < count((e) => e.actor === best) && count((e) => e.actor === a) > 0 ? a : best),
      ACTORS[0],
    );
    const frequent = SUBMITTERS.reduce((best, s) => (count((e) => e.submitter === s) > count((e) => e.submitter === best) ? s : best), SUBMITTERS[0]);
    let seeks = 0;
    const counting: IndexStore = {
      readPosition: () => ix.store.readPosition(),
      indexEntries: (first, leaves, payloads, n) => ix.store.indexEntries(first, leaves, payloads, n),
      readPurged: () => ix.store.readPurged(),
      purge: (indexes, record) => ix.store.purge(indexes, record),
      clear: () => ix.store.clear(),
      close: () => ix.store.close(),
      joinPostings: (filters, range, next, order, count) =>
        mergeJoin(
          (field, value, r, o): PostingCursor => {
            const inner = ix.store.openPostings(field, value, r, o);
            return { seek: (t) => (seeks++, inner.seek(t)), close: () => inner.close() };
          },
          filters,
          range,
          next,
          order,
          count,
        ),
    };
    const expected = bruteForce(ix.model, ix.timestamps, { actor: rare, submitter: frequent, order: 'desc' });
    const result = await searchEvents({ actor: rare, submitter: frequent, limit: 1000 }, { ...ix.context, store: counting });
    expect(result.indexes).toEqual(expected);
    // Each round of the join costs at most one seek per list, and each round either finds a
    // result or moves past one posting of the rare list.
    expect(seeks).toBeLessThanOrEqual(2 * (count((e) => e.actor === rare) + 2));
    expect(seeks).toBeLessThan(count((e) => e.submitter === frequent));
  });

  describe('refusals', () => {
    test('a forged cursor (random text) is INVALID_CURSOR', async () => {
      await expect(searchEvents({ cursor: 'eyJxIjoiIn0.AAAA' }, ix.context)).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    test('a cursor with one byte of its body altered is INVALID_CURSOR', async () => {
      const { next } = await searchEvents({ limit: 5 }, ix.context);
      const body = Buffer.from(next!.split('.')[0]!, 'base64url');
      body[body.length - 3] = body[body.length - 3]! ^ 0x01;
      const altered = `${body.toString('base64url')}.${next!.split('.')[1]}`;
      await expect(searchEvents({ limit: 5, cursor: altered }, ix.context)).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    test('a cursor of another log (another key) is INVALID_CURSOR', async () => {
      const { next } = await searchEvents({ limit: 5 }, ix.context);
      await expect(searchEvents({ limit: 5, cursor: next! }, { ...ix.context, cursorKey: randomBytes(32) })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    test('a cursor past its expiry is CURSOR_EXPIRED', async () => {
      const issued = Date.UTC(2026, 0, 1);
      const { next } = await searchEvents({ limit: 5 }, { ...ix.context, now: () => issued, cursorTtlMs: 60_000 });
      await expect(searchEvents({ limit: 5, cursor: next! }, { ...ix.context, now: () => issued + 59_999 })).resolves.toBeDefined();
      await expect(searchEvents({ limit: 5, cursor: next! }, { ...ix.context, now: () => issued + 60_000 })).rejects.toMatchObject({ code: 'CURSOR_EXPIRED' });
    });

    test('a cursor used with other filters is CURSOR_MISMATCH', async () => {
      const { next } = await searchEvents({ submitter: 'default', limit: 2 }, ix.context);
      await expect(searchEvents({ submitter: 'ops', limit: 2, cursor: next! }, ix.context)).rejects.toMatchObject({ code: 'CURSOR_MISMATCH' });
      await expect(searchEvents({ limit: 2, cursor: next! }, ix.context)).rejects.toMatchObject({ code: 'CURSOR_MISMATCH' });
    });

    test('a cursor used with another order is CURSOR_MISMATCH', async () => {
      const { next } = await searchEvents({ limit: 2 }, ix.context);
      await expect(searchEvents({ limit: 2, order: 'asc', cursor: next! }, ix.context)).rejects.toMatchObject({ code: 'CURSOR_MISMATCH' });
    });

    test('a cursor used with another range is CURSOR_MISMATCH', async () => {
      const { next } = await searchEvents({ limit: 2, since: { index: 3 } }, ix.context);
      await expect(searchEvents({ limit: 2, since: { index: 4 }, cursor: next! }, ix.context)).rejects.toMatchObject({ code: 'CURSOR_MISMATCH' });
    });

    test('since > until as indexes is INVALID_RANGE', async () => {
      await expect(searchEvents({ since: { index: 9 }, until: { index: 8 } }, ix.context)).rejects.toMatchObject({ code: 'INVALID_RANGE' });
    });

    test('since > until as times is INVALID_RANGE', async () => {
      await expect(searchEvents({ since: { time: 2n }, until: { time: 1n } }, ix.context)).rejects.toMatchObject({ code: 'INVALID_RANGE' });
    });

    test('limit 0 is INVALID_LIMIT', async () => {
      await expect(searchEvents({ limit: 0 }, ix.context)).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
    });

    test('limit 1001 is INVALID_LIMIT', async () => {
      await expect(searchEvents({ limit: 1001 }, ix.context)).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
    });

    test('a fractional limit is INVALID_LIMIT', async () => {
      await expect(searchEvents({ limit: 1.5 }, ix.context)).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
    });

    test('an order other than asc or desc is INVALID_ORDER', async () => {
      await expect(searchEvents({ order: 'up' as 'asc' }, ix.context)).rejects.toMatchObject({ code: 'INVALID_ORDER' });
    });

    test('an empty filter value is INVALID_FILTER', async () => {
      await expect(searchEvents({ actor: '' }, ix.context)).rejects.toMatchObject({ code: 'INVALID_FILTER' });
    });

    test('a filter value over 1024 UTF-8 bytes is INVALID_FILTER', async () => {
      await expect(searchEvents({ target: 'é'.repeat(513) }, ix.context)).rejects.toMatchObject({ code: 'INVALID_FILTER' });
    });
  });
});

describe('parseRangeBound', () => {
  test('a canonical decimal is an entry index', () => {
    expect(parseRangeBound('0', 'since')).toEqual({ index: 0 });
    expect(parseRangeBound('1234', 'until')).toEqual({ index: 1234 });
  });

  test('an RFC 3339 time is a time in nanoseconds', () => {
    expect(parseRangeBound('1970-01-01T00:00:01.5Z', 'since')).toEqual({ time: 1_500_000_000n });
    expect(parseRangeBound('2026-11-26T15:00:00+01:00', 'since')).toEqual(parseRangeBound('2026-11-26T14:00:00Z', 'since'));
  });

  test('a decimal with a leading zero is INVALID_RANGE', () => {
    expect(() => parseRangeBound('012', 'since')).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });

  test('a malformed time is INVALID_RANGE naming the parameter', () => {
    expect(() => parseRangeBound('2026-13-01T00:00:00Z', 'until')).toThrow(/until must be an entry index/);
  });

  test('a negative number is INVALID_RANGE', () => {
    expect(() => parseRangeBound('-1', 'since')).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });
});

describe('findIndexAtTime', () => {
  test('finds the first entry at or after any time with at most ceil(log2(n + 1)) leaf reads', async () => {
    const sample = fc.sample(logArb, { numRuns: 1, seed: 99 })[0]!;
    const { log } = await freshLog(temps);
    try {
      await appendBatches(log, sample.batches);
      const n = log.committedSize;
      const timestamps = timestampsOf(await log.leaves(0, n));
      let reads = 0;
      const source = { committedSize: () => n, readLeaves: (s: number, e: number) => ((reads += e - s), log.leaves(s, e)) };
      const bound = Math.ceil(Math.log2(n + 1));
      const probes = [0n, timestamps[0]! - 1n, ...timestamps.flatMap((t) => [t - 1n, t, t + 1n]), timestamps.at(-1)! + 1n];
      for (const time of probes) {
        reads = 0;
        const expected = timestamps.findIndex((t) => t >= time);
        expect(await findIndexAtTime(time, source)).toBe(expected === -1 ? n : expected);
        expect(reads).toBeLessThanOrEqual(bound);
      }
      expect(bound).toBeLessThan(12);
    } finally {
      await log.close();
    }
  });

  test('an empty log answers 0 without reading', async () => {
    let reads = 0;
    const source = { committedSize: () => 0, readLeaves: () => (reads++, Promise.resolve([])) };
    expect(await findIndexAtTime(123n, source)).toBe(0);
    expect(reads).toBe(0);
  });
});
