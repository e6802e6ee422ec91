/**
 * The refusals of `GET /v1/events` and `/v1/events/stream` (issue 13 part 3): each bad input is
 * a 400 problem naming the parameter and the reason, each its own test; the token rules.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { EventsPageJson } from '../../../client/index.js';
import { startEventsServer, getWith, type EventsServer } from './events-fixture.js';
import { expectProblem } from './http-utils.js';

let s: EventsServer;
beforeAll(async () => {
  s = await startEventsServer({ cursorTtlMs: 60_000 });
  const events = Array.from({ length: 30 }, (_, i) => ({ actor: i % 2 ? 'a' : 'b', action: 'x', target: `t${i}`, outcome: 'ok' }));
  await s.appendJson(events);
  await s.events.whenIndexed(s.log.committedSize);
});
afterAll(async () => {
  await s.stop();
});

async function refused(query: string, parameter: string, reason: string | undefined): Promise<string> {
  const res = await getWith(`${s.url}/v1/events?${query}`, s.reader);
  const problem = await expectProblem(res, 400, 'INVALID_PARAMETER');
  if (reason !== undefined) expect(problem['reason']).toBe(reason);
  if (reason !== undefined) expect(problem['parameter']).toBe(parameter);
  return problem.detail;
}

async function nextCursor(query: string): Promise<string> {
  const page = (await (await getWith(`${s.url}/v1/events?${query}`, s.reader)).json()) as EventsPageJson;
  expect(page.next).not.toBeNull();
  return page.next!;
}

describe('400 problems that say what to change', () => {
  test('an unknown parameter', async () => {
    expect(await refused('actr=a', 'actr', undefined)).toMatch(/"actr" is not known.*actor/);
  });
  test('a parameter given twice', async () => {
    await refused('actor=a&actor=b', 'actor', undefined);
  });
  test('a malformed since time', async () => {
    expect(await refused('since=yesterday', 'since', 'INVALID_RANGE')).toMatch(/RFC 3339/);
  });
  test('a malformed until time', async () => {
    expect(await refused('until=2026-13-45T00:00:00Z', 'until', 'INVALID_RANGE')).toMatch(/until/);
  });
  test('since after until (indexes)', async () => {
    expect(await refused('since=20&until=10', 'since', 'INVALID_RANGE')).toMatch(/since is after until/);
  });
  test('since after until (times)', async () => {
    await refused('since=2026-11-26T14:05:00Z&until=2026-11-26T14:00:00Z', 'since', 'INVALID_RANGE');
  });
  test('limit 0', async () => {
    await refused('limit=0', 'limit', 'INVALID_LIMIT');
  });
  test('limit above 1000', async () => {
    expect(await refused('limit=1001', 'limit', 'INVALID_LIMIT')).toMatch(/1 to 1000/);
  });
  test('an order other than asc or desc', async () => {
    await refused('order=newest', 'order', 'INVALID_ORDER');
  });
  test('an empty filter', async () => {
    await refused('actor=', 'actor', 'INVALID_FILTER');
  });
  test('a forged cursor', async () => {
    const real = await nextCursor('limit=5');
    const [body, mac] = real.split('.');
    const forgedBody = Buffer.from(
      Buffer.from(body!, 'base64url')
        .toString('utf8')
        .replace(/"n":\d+/, '"n":1'),
    ).toString('base64url');
    expect(await refused(`limit=5&cursor=${forgedBody}.${mac}`, 'cursor', 'INVALID_CURSOR')).toMatch(/not one this log issued/);
  });
  test('a cursor that is not a cursor', async () => {
    await refused('cursor=hello', 'cursor', 'INVALID_CURSOR');
  });
  test('a cursor used with other filters', async () => {
    const real = await nextCursor('actor=a&limit=2');
    expect(await refused(`actor=b&limit=2&cursor=${real}`, 'cursor', 'CURSOR_MISMATCH')).toMatch(/other filters/);
  });
  test('an expired cursor', async () => {
    // A server whose cursors live 0 ms: every cursor it issues has expired when it comes back.
    const short = await startEventsServer({ cursorTtlMs: 0 });
    try {
      await short.appendJson([1, 2, 3].map((i) => ({ actor: 'a', action: 'x', target: `t${i}`, outcome: 'ok' })));
      const page = (await (await getWith(`${short.url}/v1/events?limit=1`, short.reader)).json()) as EventsPageJson;
      const res = await getWith(`${short.url}/v1/events?limit=1&cursor=${page.next!}`, short.reader);
      const problem = await expectProblem(res, 400, 'INVALID_PARAMETER');
      expect(problem['reason']).toBe('CURSOR_EXPIRED');
      expect(problem.detail).toMatch(/expired.*search again/);
    } finally {
      await short.stop();
    }
  });
});

describe('tokens', () => {
  test('no token is 401', async () => {
    await expectProblem(await fetch(`${s.url}/v1/events`), 401, 'UNAUTHENTICATED');
  });
  test('a writer token is 403', async () => {
    await expectProblem(await getWith(`${s.url}/v1/events`, s.writer), 403, 'FORBIDDEN');
  });
  test('the stream needs a reader token too', async () => {
    await expectProblem(await getWith(`${s.url}/v1/events/stream`, s.writer), 403, 'FORBIDDEN');
  });
  test('the stream refuses an unknown parameter before it starts', async () => {
    await expectProblem(await getWith(`${s.url}/v1/events/stream?since=3`, s.reader), 400, 'INVALID_PARAMETER');
  });
  test('the stream refuses a malformed after', async () => {
    await expectProblem(await getWith(`${s.url}/v1/events/stream?after=-1`, s.reader), 400, 'INVALID_PARAMETER');
  });
});
