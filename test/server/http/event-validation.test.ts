/**
 * Validation on request (issue 13 part 1): `Content-Type: application/vnd.cairn.event+json`
 * events must be the documented audit event. A missing or mistyped field is a 422 problem
 * naming the field (and, in a batch, the entry), and nothing is appended; valid ones are
 * appended and indexed like application/json.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { EventsPageJson } from '../../../client/index.js';
import { startEventsServer, getWith, type EventsServer } from './events-fixture.js';
import { expectProblem, fetchCheckpoint } from './http-utils.js';

const EVENT_TYPE = 'application/vnd.cairn.event+json';
const VALID = { actor: 'svc-billing', action: 'invoice.delete', target: { id: 'invoice/42', owner: 'x' }, outcome: 'success' };

let s: EventsServer;
beforeAll(async () => {
  s = await startEventsServer();
});
afterAll(async () => {
  await s.stop();
});

function appendOne(body: string, contentType = EVENT_TYPE): Promise<Response> {
  return fetch(`${s.url}/v1/entries`, { method: 'POST', headers: { authorization: `Bearer ${s.writer}`, 'content-type': contentType }, body });
}

function appendBatch(entries: unknown[]): Promise<Response> {
  return fetch(`${s.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.writer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
}

async function refusedSingle(event: unknown, field: string): Promise<void> {
  const before = await fetchCheckpoint(s.url);
  const problem = await expectProblem(await appendOne(typeof event === 'string' ? event : JSON.stringify(event)), 422, 'INVALID_EVENT');
  expect(problem['field']).toBe(field);
  if (field !== '') expect(problem.detail).toContain(`the field ${field}`);
  expect(problem.detail).toMatch(/Nothing was appended/);
  expect(await fetchCheckpoint(s.url)).toBe(before);
}

describe('single appends', () => {
  test('a valid event is appended (201) and found by its actor', async () => {
    const res = await appendOne(JSON.stringify({ ...VALID, actor: 'validated-actor' }));
    expect(res.status).toBe(201);
    await s.events.whenIndexed(s.log.committedSize);
    const page = (await (await getWith(`${s.url}/v1/events?actor=validated-actor`, s.reader)).json()) as EventsPageJson;
    expect(page.events).toHaveLength(1);
  });
  test('a missing actor is 422 naming actor', async () => {
    const { actor: _a, ...rest } = VALID;
    await refusedSingle(rest, 'actor');
  });
  test('a missing action is 422 naming action', async () => {
    const { action: _a, ...rest } = VALID;
    await refusedSingle(rest, 'action');
  });
  test('a mistyped action is 422 naming action', async () => {
    await refusedSingle({ ...VALID, action: 42 }, 'action');
  });
  test('an object target without id is 422 naming target.id', async () => {
    await refusedSingle({ ...VALID, target: { name: 'x' } }, 'target.id');
  });
  test('a missing outcome is 422 naming outcome', async () => {
    const { outcome: _o, ...rest } = VALID;
    await refusedSingle(rest, 'outcome');
  });
  test('a malformed occurred_at is 422 naming occurred_at', async () => {
    await refusedSingle({ ...VALID, occurred_at: 'tuesday' }, 'occurred_at');
  });
  test('a non-string source.ip is 422 naming source.ip', async () => {
    await refusedSingle({ ...VALID, source: { ip: 7 } }, 'source.ip');
  });
  test('a context that is not an object is 422 naming context', async () => {
    await refusedSingle({ ...VALID, context: 'free text' }, 'context');
  });
  test('an array is 422 for the whole event', async () => {
    await refusedSingle([VALID], '');
  });
  test('bytes that are not JSON are 422', async () => {
    await refusedSingle('{"actor": ', '');
  });
  test('the same bytes as application/json are appended without validation', async () => {
    expect((await appendOne(JSON.stringify({ action: 42 }), 'application/json')).status).toBe(201);
  });
  test('the media type is matched without case and with parameters', async () => {
    const before = await fetchCheckpoint(s.url);
    await expectProblem(await appendOne('{}', 'Application/Vnd.Cairn.Event+JSON; charset=utf-8'), 422, 'INVALID_EVENT');
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });
});

describe('batches', () => {
  test('one bad entry refuses the whole batch, naming the entry and the field', async () => {
    const before = await fetchCheckpoint(s.url);
    const res = await appendBatch([
      { json: VALID, contentType: EVENT_TYPE },
      { json: { ...VALID, target: 5 }, contentType: EVENT_TYPE },
      { json: { anything: true } },
    ]);
    const problem = await expectProblem(res, 422, 'INVALID_EVENT');
    expect(problem['entry']).toBe(1);
    expect(problem['field']).toBe('target');
    expect(problem.detail).toContain('entries[1]');
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });
  test('a base64 payload entry is validated too', async () => {
    const before = await fetchCheckpoint(s.url);
    const res = await appendBatch([{ payload: Buffer.from(JSON.stringify({ actor: 'a' })).toString('base64'), contentType: EVENT_TYPE }]);
    const problem = await expectProblem(res, 422, 'INVALID_EVENT');
    expect(problem['entry']).toBe(0);
    expect(problem['field']).toBe('action');
    expect(await fetchCheckpoint(s.url)).toBe(before);
  });
  test('valid entries are appended and indexed like application/json', async () => {
    const res = await appendBatch([
      { json: { ...VALID, actor: 'batch-actor' }, contentType: EVENT_TYPE },
      { json: { ...VALID, actor: { id: 'batch-actor' } }, contentType: EVENT_TYPE },
    ]);
    expect(res.status).toBe(201);
    await s.events.whenIndexed(s.log.committedSize);
    const page = (await (await getWith(`${s.url}/v1/events?actor=batch-actor`, s.reader)).json()) as EventsPageJson;
    expect(page.events).toHaveLength(2);
  });
});
