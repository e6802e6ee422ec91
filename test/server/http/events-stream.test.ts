/**
 * `GET /v1/events/stream` (issue 13 part 4) on a real log, index and HTTP server: a stream
 * killed and resumed at random points while appends go on loses nothing and repeats nothing;
 * filters apply; a paused reader holds the server at a bounded queue; the stream ends cleanly
 * when the client goes away and when the index closes (server shutdown); SSE framing.
 */
import http from 'node:http';
import { afterEach, describe, expect, test } from '@jest/globals';
import { verifyReceipt } from '../../../proofs/index.js';
import { STREAM_SLICE } from '../../../server/http/routes/events-stream.js';
import { startEventsServer, type EventsServer } from './events-fixture.js';
import { bruteForce, scanLog } from './events-oracle.js';
import { prng } from '../../helpers/prng.js';

let s: EventsServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

function events(n: number, round: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    actor: (round + i) % 3 === 0 ? 'alice' : 'bob',
    action: 'read',
    target: `doc/${round}/${i}`,
    outcome: 'success',
  }));
}

/**
 * Reads up to `take` receipts from a stream that starts after `after`, then hangs up. Returns
 * the indexes received, in order.
 */
async function readSome(server: EventsServer, query: Record<string, string>, take: number): Promise<number[]> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/v1/events/stream?${new URLSearchParams(query)}`, {
    headers: { authorization: `Bearer ${server.reader}` },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  const got: number[] = [];
  let rest = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      rest += decoder.decode(chunk, { stream: true });
      const lines = rest.split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        if (line === '') continue;
        got.push((JSON.parse(line) as { index: number }).index);
        // Hang up at once, even mid-chunk: what was read counts, the rest is lost with the socket.
        if (got.length >= take) {
          controller.abort();
          return got;
        }
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  }
  return got;
}

describe('resume by index', () => {
  for (const [name, filter] of [
    ['everything', {}],
    ['filtered by actor', { actor: 'alice' }],
  ] as const) {
    test(`${name}: killed and resumed at random points while appends go on, no loss and no duplicate`, async () => {
      s = await startEventsServer();
      const server = s;
      for (let r = 0; r < 8; r++) await server.appendJson(events(50, r));
      const rand = prng(name.length);
      // Appends keep coming while the client reconnects.
      let round = 8;
      const appending = (async () => {
        for (; round < 20; round++) await server.appendJson(events(20, round));
      })();
      const received: number[] = [];
      let after: number | undefined;
      let finished = false;
      void appending.then(() => (finished = true));
      while (true) {
        // What the stream can deliver now: matching entries after `after` in the published tree.
        // Reading more than that would wait for appends that may never come.
        const done = finished;
        const available = bruteForce(await scanLog(server.url, server.reader, server.log.checkpoint.treeSize), filter).filter(
          (i) => after === undefined || i > after,
        ).length;
        if (available === 0 && done) break;
        if (available === 0) {
          // Nothing to read yet: let the appends finish, then look again.
          await appending;
          continue;
        }
        const take = Math.min(available, 1 + Math.floor(rand() * 90));
        const got = await readSome(server, { ...filter, ...(after === undefined ? {} : { after: String(after) }) }, take);
        received.push(...got);
        if (got.length > 0) after = got[got.length - 1];
      }
      await server.events.whenIndexed(server.log.committedSize);
      const expected = bruteForce(await scanLog(server.url, server.reader, server.log.checkpoint.treeSize), filter);
      expect(received).toEqual(expected);
      // The last hang-up reaches the server a moment later: its stream then ends.
      while (server.events.waitingStreams > 0) await new Promise((r) => setImmediate(r));
    }, 60_000);
  }

  test('every streamed line is a complete receipt that verifies offline', async () => {
    s = await startEventsServer();
    await s.appendJson(events(30, 0));
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/events/stream?after=9`, { headers: { authorization: `Bearer ${s.reader}` }, signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (text.split('\n').filter((l) => l !== '').length < 20) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines.map((l) => verifyReceipt(l, s!.log.verifierKey.text).index)).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));
  });

  test('with Accept: text/event-stream, events carry id: <index>', async () => {
    s = await startEventsServer();
    await s.appendJson(events(3, 0));
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/events/stream`, {
      headers: { authorization: `Bearer ${s.reader}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while ((text.match(/\n\n/g) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const frames = text.split('\n\n').filter((f) => f !== '');
    expect(frames.map((f) => /^id: (\d+)\ndata: \{/.exec(f)?.[1])).toEqual(['0', '1', '2']);
  });
});

describe('backpressure and closing', () => {
  test('a paused reader holds the server at a bounded queue, and resuming delivers everything', async () => {
    s = await startEventsServer();
    // ~4 KiB receipts, 12 MiB in all: more than the loopback socket buffers hold.
    const big = (round: number): unknown[] => events(100, round).map((e) => ({ ...(e as object), context: { note: 'x'.repeat(3000) } }));
    for (let r = 0; r < 30; r++) await s.appendJson(big(r));
    const total = s.log.committedSize;
    const serverSide: http.ServerResponse[] = [];
    s.http.server.on('request', (_req, res: http.ServerResponse) => serverSide.push(res));
    const url = new URL(`${s.url}/v1/events/stream`);
    const req = http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: `Bearer ${s.reader}` } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.once('response', resolve));
    res.pause();
    const out = serverSide.at(-1)!;
    // The server blocks on 'drain' once the socket is full: wait for that state.
    while (!out.writableNeedDrain) await new Promise((r) => setImmediate(r));
    const queued = out.writableLength;
    // One slice of receipts at most (the first STREAM_SLICE.FIRST, then about STREAM_SLICE.BYTES of
    // text), above node's default high-water mark (16 KiB).
    const page = (await (await fetch(`${s.url}/v1/events?limit=1`, { headers: { authorization: `Bearer ${s.reader}` } })).json()) as { events: unknown[] };
    const receiptBytes = JSON.stringify(page.events[0]).length + 1;
    expect(queued).toBeLessThanOrEqual(Math.max(STREAM_SLICE.FIRST * receiptBytes, STREAM_SLICE.BYTES + receiptBytes) + 16 * 1024);
    expect(queued).toBeLessThan((total * receiptBytes) / 20);
    // More entries while the reader is paused: the server does not queue them.
    for (let r = 30; r < 40; r++) await s.appendJson(big(r));
    await s.events.whenIndexed(s.log.committedSize);
    expect(out.writableLength).toBe(queued);
    // Resume: every entry arrives, in order.
    const want = s.log.committedSize;
    expect(want).toBe(total + 1000);
    let rest = '';
    let count = 0;
    let last = -1;
    res.setEncoding('utf8');
    await new Promise<void>((resolve) => {
      res.on('data', (t: string) => {
        rest += t;
        const lines = rest.split('\n');
        rest = lines.pop()!;
        for (const l of lines) {
          if (l === '') continue;
          const index = (JSON.parse(l) as { index: number }).index;
          expect(index).toBe(last + 1);
          last = index;
          count++;
        }
        if (count === want) resolve();
      });
      res.resume();
    });
    req.destroy();
    expect(count).toBe(want);
  }, 60_000);

  test('a client that goes away ends its stream on the server', async () => {
    s = await startEventsServer();
    await s.appendJson(events(5, 0));
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/events/stream?after=4`, { headers: { authorization: `Bearer ${s.reader}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    // Waiting for new entries: one listener.
    while (s.events.waitingStreams === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    while (s.events.waitingStreams > 0) await new Promise((r) => setImmediate(r));
    expect(s.events.waitingStreams).toBe(0);
  });

  test('a server shutdown ends a waiting stream cleanly', async () => {
    s = await startEventsServer();
    await s.appendJson(events(5, 0));
    const res = await fetch(`${s.url}/v1/events/stream`, { headers: { authorization: `Bearer ${s.reader}` } });
    const text = res.text();
    while (s.events.waitingStreams === 0) await new Promise((r) => setImmediate(r));
    await s.events.close();
    const body = await text;
    expect(body.trim().split('\n')).toHaveLength(5);
  });

  test('new entries reach a waiting stream', async () => {
    s = await startEventsServer();
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/events/stream?actor=alice`, { headers: { authorization: `Bearer ${s.reader}` }, signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    while (s.events.waitingStreams === 0) await new Promise((r) => setImmediate(r));
    await s.appendJson(events(6, 0));
    let text = '';
    while (text.split('\n').filter((l) => l !== '').length < 2) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { index: number }).index),
    ).toEqual([0, 3]);
  });
});
