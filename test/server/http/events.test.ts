/**
 * `GET /v1/events` (issue 13 part 3) on a real log, index and HTTP server: results equal a
 * brute-force scan of the same log through the API for filters, index and time ranges, both
 * orders and every page; every result verifies offline against the answer's one checkpoint;
 * `/v1/log` shows indexedSize and the lag is a metric.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { EventsPageJson, LogInfoJson } from '../../../client/index.js';
import { formatTimestamp } from '../../../proofs/index.js';
import { startEventsServer, getWith, type EventsServer } from './events-fixture.js';
import { bruteForce, scanLog, searchAll, verifyPage, type OracleQuery, type ScannedEntry } from './events-oracle.js';
import { prng } from '../../helpers/prng.js';

const ACTORS = ['svc-billing', 'alice', 'bob'];
const ACTIONS = ['invoice.delete', 'invoice.create', 'login', 'export'];

let s: EventsServer;
let scanned: ScannedEntry[];
let vkey: string;

beforeAll(async () => {
  s = await startEventsServer();
  const second = (await s.log.credentials.add('ingest', 'writer')).token;
  const rand = prng(13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  for (let round = 0; round < 24; round++) {
    const batch: unknown[] = [];
    for (let i = 0; i < 25; i++) {
      const r = rand();
      // Some entries are not audit events at all, some have only part of the shape.
      if (r < 0.08) batch.push([1, 2, 3]);
      else if (r < 0.14) batch.push({ note: 'no audit fields' });
      else if (r < 0.2) batch.push({ actor: { id: pick(ACTORS), kind: 'user' }, action: pick(ACTIONS) });
      else batch.push({ actor: pick(ACTORS), action: pick(ACTIONS), target: `invoice/${Math.floor(rand() * 20)}`, outcome: 'success' });
    }
    await s.appendJson(batch, round % 3 === 0 ? second : s.writer);
  }
  await s.events.whenIndexed(s.log.committedSize);
  vkey = s.log.verifierKey.text;
  scanned = await scanLog(s.url, s.reader, s.log.checkpoint.treeSize);
});

afterAll(async () => {
  await s.stop();
});

/** The search's parameters for an oracle query, times as RFC 3339. */
function paramsOf(q: OracleQuery, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { ...extra };
  for (const f of ['actor', 'action', 'target', 'submitter'] as const) if (q[f] !== undefined) out[f] = q[f]!;
  for (const b of ['since', 'until'] as const) {
    const v = q[b];
    if (v !== undefined) out[b] = 'index' in v ? String(v.index) : formatTimestamp(v.time);
  }
  return out;
}

describe('search equals a brute-force scan', () => {
  const cases: [string, () => OracleQuery][] = [
    ['by actor', () => ({ actor: 'svc-billing' })],
    ['by actor given as an object id', () => ({ actor: 'alice' })],
    ['by action', () => ({ action: 'login' })],
    ['by target', () => ({ target: 'invoice/7' })],
    ['by submitter', () => ({ submitter: 'ingest' })],
    ['by actor and action', () => ({ actor: 'bob', action: 'invoice.delete' })],
    ['by actor, action and submitter', () => ({ actor: 'svc-billing', action: 'export', submitter: 'default' })],
    ['by an index range', () => ({ since: { index: 37 }, until: { index: 412 } })],
    ['by an index range and an actor', () => ({ actor: 'alice', since: { index: 100 }, until: { index: 333 } })],
    ["by a time range (between two entries' stamps)", () => ({ since: { time: scanned[150]!.timestamp }, until: { time: scanned[420]!.timestamp } })],
    [
      'by a time range and an action',
      () => ({ action: 'invoice.create', since: { time: scanned[42]!.timestamp + 1n }, until: { time: scanned[555]!.timestamp - 1n } }),
    ],
    ['with no filters at all', () => ({})],
    ['with a value nobody has', () => ({ actor: 'mallory' })],
  ];
  for (const [name, make] of cases) {
    for (const order of ['desc', 'asc'] as const) {
      test(`${name}, ${order}, every page verified offline`, async () => {
        const q = make();
        const expected = bruteForce(scanned, q);
        const { indexes } = await searchAll(s.url, s.reader, paramsOf(q, { order, limit: '37' }), vkey);
        expect(indexes).toEqual(order === 'asc' ? expected : [...expected].reverse());
      });
    }
  }

  test('the default order is newest first and the default limit 100', async () => {
    const expected = bruteForce(scanned, {}).reverse().slice(0, 100);
    const res = await getWith(`${s.url}/v1/events`, s.reader);
    expect(res.status).toBe(200);
    const page = (await res.json()) as EventsPageJson;
    expect(verifyPage(page, vkey)).toEqual(expected);
    expect(page.next).not.toBeNull();
  });

  test('limit=1000 returns up to 1000 results on one page', async () => {
    const res = await getWith(`${s.url}/v1/events?limit=1000&order=asc`, s.reader);
    const page = (await res.json()) as EventsPageJson;
    expect(page.events).toHaveLength(Math.min(1000, scanned.length));
  });

  test("every page of one search is proved against the first page's checkpoint, even after new appends", async () => {
    const first = (await (await getWith(`${s.url}/v1/events?actor=alice&limit=5`, s.reader)).json()) as EventsPageJson;
    await s.appendJson([{ actor: 'alice', action: 'login', target: 'x', outcome: 'success' }]);
    const second = (await (
      await getWith(`${s.url}/v1/events?actor=alice&limit=5&cursor=${encodeURIComponent(first.next!)}`, s.reader)
    ).json()) as EventsPageJson;
    expect(second.checkpoint).toBe(first.checkpoint);
    verifyPage(second, vkey);
  });

  test('each receipt is the same object an append returns', async () => {
    const res = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.writer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actor: 'unique-actor', action: 'login', target: 't', outcome: 'success' }),
    });
    const receipt = (await res.json()) as Record<string, unknown>;
    await s.events.whenIndexed(s.log.committedSize);
    const page = (await (await getWith(`${s.url}/v1/events?actor=unique-actor`, s.reader)).json()) as EventsPageJson;
    expect(page.events).toHaveLength(1);
    expect(Object.keys(page.events[0]!).sort()).toEqual(Object.keys(receipt).sort());
    for (const k of ['index', 'leafHash', 'timestamp', 'entry', 'payload', 'nonce'])
      expect(page.events[0]![k as keyof (typeof page.events)[0]]).toEqual(receipt[k]);
  });
});

describe('the index as the log reports it', () => {
  test('/v1/log shows indexedSize', async () => {
    await s.events.whenIndexed(s.log.committedSize);
    const info = (await (await fetch(`${s.url}/v1/log`)).json()) as LogInfoJson;
    expect(info.indexedSize).toBe(s.log.committedSize);
  });

  test('/metrics has cairn_index_lag_entries', async () => {
    await s.events.whenIndexed(s.log.committedSize);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).toMatch(/^cairn_index_lag_entries 0$/m);
  });
});
