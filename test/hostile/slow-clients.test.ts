/**
 * Slow and idle clients cannot stop others from being served (issue 6; SPEC §5): headers sent
 * byte by byte (slowloris), bodies that never finish, hundreds of idle connections, idle
 * keep-alive connections, and a flood of connections from one address under a per-address cap.
 * While each attack runs, a normal client on 127.0.0.1 reads and appends, and both complete; the
 * attackers' sockets are then closed by the server's own timeouts (or its cap), never by the
 * test. Real sockets (node:net) on loopback; the attackers' pace uses timers because being slow
 * is the attack, but no test waits a fixed time for a result: each awaits the events.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import net from 'node:net';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.js';

// Short enough to keep the file fast, long enough that the normal client finishes while every
// attacker is still connected.
const TIMEOUTS = { headersMs: 2_000, requestMs: 3_000, keepAliveMs: 1_000 };
/** A bound for "promptly" that only a blocked server would miss (the attacks last longer). */
const PROMPT_MS = 1_500;

let server: TestServer | undefined;
const attackers: Attacker[] = [];

afterEach(async () => {
  for (const a of attackers.splice(0)) a.socket.destroy();
  await server?.stop();
  server = undefined;
});

async function start(options: TestServerOptions = {}): Promise<TestServer> {
  server = await startTestServer({ timeouts: TIMEOUTS, ...options });
  return server;
}

/** One attacking connection: what it received and how it ended. */
interface Attacker {
  socket: net.Socket;
  connected: Promise<void>;
  /** Resolves when the connection is closed, with what the server sent. */
  closed: Promise<string>;
  /** True once the server ended or reset the connection (the test never does before afterEach). */
  isClosed(): boolean;
  stopTrickle(): void;
}

function attacker(url: string, options: { localAddress?: string; trickle?: string; trickleMs?: number; initial?: string } = {}): Attacker {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port), ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  const chunks: Buffer[] = [];
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => undefined);
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closedPromise = new Promise<string>((resolve) =>
    socket.once('close', () => {
      closed = true;
      if (timer) clearInterval(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    }),
  );
  void connected.then(() => {
    if (options.initial) socket.write(options.initial);
    const text = options.trickle;
    if (text === undefined) return;
    let i = 0;
    // One byte per tick, forever (the text repeats): the request never completes.
    timer = setInterval(() => {
      if (socket.destroyed) return;
      socket.write(text[i % text.length]!);
      i++;
    }, options.trickleMs ?? 25);
  });
  const a: Attacker = {
    socket,
    connected,
    closed: closedPromise,
    isClosed: () => closed,
    stopTrickle: () => timer && clearInterval(timer),
  };
  attackers.push(a);
  return a;
}

/** A normal client's read and append, with how long each took. */
async function normalClient(s: TestServer): Promise<{ readMs: number; appendMs: number }> {
  let t = performance.now();
  const read = await fetch(`${s.url}/checkpoint`);
  expect(read.status).toBe(200);
  await read.text();
  const readMs = performance.now() - t;
  t = performance.now();
  const append = await fetch(`${s.url}/v1/entries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.writerToken}`, 'content-type': 'text/plain' },
    body: 'a normal event',
  });
  expect(append.status).toBe(201);
  await append.text();
  return { readMs, appendMs: performance.now() - t };
}

function statusLine(received: string): string {
  return received.split('\r\n')[0] ?? '';
}

describe('slowloris: headers sent byte by byte', () => {
  test('50 connections trickling headers do not delay a normal client, and each is cut off with 408', async () => {
    const s = await start();
    const head = `GET /checkpoint HTTP/1.1\r\nHost: x\r\n${'X-Slow: a\r\n'.repeat(1000)}`;
    const slow = Array.from({ length: 50 }, () => attacker(s.url, { trickle: head }));
    await Promise.all(slow.map((a) => a.connected));

    const { readMs, appendMs } = await normalClient(s);
    expect(slow.every((a) => !a.isClosed())).toBe(true);
    expect(readMs).toBeLessThan(PROMPT_MS);
    expect(appendMs).toBeLessThan(PROMPT_MS);

    const answers = await Promise.all(slow.map((a) => a.closed));
    for (const answer of answers) expect(statusLine(answer)).toBe('HTTP/1.1 408 Request Timeout');
  });
});

describe('bodies that never finish', () => {
  test('50 appends whose bodies trickle forever do not delay a normal client, are cut off, and append nothing', async () => {
    const s = await start();
    const before = s.log.checkpoint.treeSize;
    const head = `POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.writerToken}\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n`;
    const slow = Array.from({ length: 50 }, () => attacker(s.url, { initial: head, trickle: 'slow body ', trickleMs: 50 }));
    await Promise.all(slow.map((a) => a.connected));

    const { readMs, appendMs } = await normalClient(s);
    expect(slow.every((a) => !a.isClosed())).toBe(true);
    expect(readMs).toBeLessThan(PROMPT_MS);
    expect(appendMs).toBeLessThan(PROMPT_MS);

    const answers = await Promise.all(slow.map((a) => a.closed));
    // Cut off by requestTimeout: a 408 problem, or just closed if the server had begun to answer.
    for (const answer of answers) expect(answer === '' || statusLine(answer).startsWith('HTTP/1.1 408')).toBe(true);
    // Only the normal client's event was appended.
    expect(s.log.checkpoint.treeSize).toBe(before + 1);
  });

  test('a body that stops after its first bytes (no trickle) is cut off too', async () => {
    const s = await start();
    const a = attacker(s.url, { initial: `POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.writerToken}\r\nContent-Length: 10\r\n\r\nabc` });
    await a.connected;
    const answer = await a.closed;
    expect(answer === '' || statusLine(answer).startsWith('HTTP/1.1 408')).toBe(true);
    expect(s.log.checkpoint.treeSize).toBe(0);
  });
});

describe('idle connections', () => {
  test('300 connections that send nothing do not delay a normal client, and the server closes them all', async () => {
    const s = await start();
    const idle = Array.from({ length: 300 }, () => attacker(s.url));
    await Promise.all(idle.map((a) => a.connected));

    const { readMs, appendMs } = await normalClient(s);
    expect(idle.every((a) => !a.isClosed())).toBe(true);
    expect(readMs).toBeLessThan(PROMPT_MS);
    expect(appendMs).toBeLessThan(PROMPT_MS);

    await Promise.all(idle.map((a) => a.closed));
    expect(idle.every((a) => a.isClosed())).toBe(true);
  });

  test('100 keep-alive connections left idle after an answer are closed by the keep-alive timeout', async () => {
    const s = await start();
    const kept = Array.from({ length: 100 }, () => attacker(s.url, { initial: 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n' }));
    const answers = await Promise.all(kept.map((a) => a.closed));
    for (const answer of answers) {
      expect(statusLine(answer)).toBe('HTTP/1.1 200 OK');
      // Kept open after the answer, so it was the keep-alive timeout that closed it.
      expect(answer).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
    }
    const { readMs } = await normalClient(s);
    expect(readMs).toBeLessThan(PROMPT_MS);
  });
});

describe('a flood of connections from one address, under a per-address cap', () => {
  test('connections beyond the cap from 127.0.0.2 are dropped at once; a client on 127.0.0.1 is served', async () => {
    const s = await start({ maxConnectionsPerAddress: 20 });
    const flood = Array.from({ length: 120 }, () => attacker(s.url, { localAddress: '127.0.0.2' }));
    await Promise.all(flood.map((a) => a.connected));
    // The cap drops the extra ones at once; wait for exactly those 100 closes.
    const dropped = await Promise.race([
      Promise.all(flood.slice(20).map((a) => a.closed)).then(() => 'dropped'),
      Promise.all(flood.slice(0, 20).map((a) => a.closed)).then(() => 'the first 20 closed first'),
    ]);
    expect(dropped).toBe('dropped');
    expect(flood.slice(0, 20).every((a) => !a.isClosed())).toBe(true);

    const { readMs, appendMs } = await normalClient(s);
    expect(readMs).toBeLessThan(PROMPT_MS);
    expect(appendMs).toBeLessThan(PROMPT_MS);
    // The 20 that were let in are idle, so the headers timeout closes them too.
    await Promise.all(flood.slice(0, 20).map((a) => a.closed));
  });
});
