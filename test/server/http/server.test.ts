/**
 * The HTTP server around the app: binding errors said clearly, timeouts that cut off slow
 * clients, a per-address connection cap, malformed HTTP and internal errors answered as
 * problems, and a close() that does not wait for idle keep-alive connections.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import net from 'node:net';
import { HttpListenError, startHttpServer } from '../../../server/http/index.js';
import { startTestServer, type TestServer, type TestServerOptions } from '../../helpers/server.js';
import { expectProblem } from './http-utils.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(options: TestServerOptions = {}): Promise<TestServer> {
  server = await startTestServer(options);
  return server;
}

/** Opens a raw TCP connection to the server, writes `data`, and resolves with all it receives until it closes. */
function rawExchange(url: string, data: string): { socket: net.Socket; received: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const received = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', () => undefined);
  });
  socket.write(data);
  return { socket, received };
}

function statusLine(response: string): string {
  return response.split('\r\n')[0] ?? '';
}

function bodyOfRaw(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
}

describe('startHttpServer', () => {
  test('a port in use is reported as ADDRESS_IN_USE with what to do', async () => {
    const s = await start();
    const port = Number(new URL(s.url).port);
    const err = await startHttpServer(s.log, { host: '127.0.0.1', port }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpListenError);
    expect((err as HttpListenError).code).toBe('ADDRESS_IN_USE');
    expect((err as HttpListenError).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*already in use.*--port`));
  });

  test('an address that is not on this machine is reported as ADDRESS_NOT_AVAILABLE', async () => {
    const s = await start();
    const err = await startHttpServer(s.log, { host: '192.0.2.1', port: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as HttpListenError).code).toBe('ADDRESS_NOT_AVAILABLE');
  });

  test('the url names the bound address and port', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  });
});

describe('slow and malformed clients', () => {
  test('a client that never finishes its headers gets 408 and is disconnected', async () => {
    const s = await start({ timeouts: { headersMs: 200, requestMs: 400 } });
    const { received } = rawExchange(s.url, 'GET /checkpoint HTTP/1.1\r\nHost: x\r\n');
    const response = await received;
    expect(statusLine(response)).toBe('HTTP/1.1 408 Request Timeout');
    expect(response).toContain('Content-Type: application/problem+json');
    expect(bodyOfRaw(response)['status']).toBe(408);
  });

  test('a client that never finishes its body is disconnected', async () => {
    const s = await start({ timeouts: { headersMs: 200, requestMs: 400 } });
    const { received } = rawExchange(
      s.url,
      `POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.writerToken}\r\nContent-Length: 100\r\n\r\nonly part`,
    );
    const response = await received;
    expect(response === '' || statusLine(response).startsWith('HTTP/1.1 408')).toBe(true);
    expect(s.log.checkpoint.treeSize).toBe(0);
  });

  test('a request that is not HTTP gets a 400 problem', async () => {
    const s = await start();
    const { received } = rawExchange(s.url, 'HELLO THERE\r\n\r\n');
    const response = await received;
    expect(statusLine(response)).toBe('HTTP/1.1 400 Bad Request');
    expect(bodyOfRaw(response)['type']).toBe('urn:cairn:problem:http-400');
  });

  test('connections beyond the per-address cap are dropped', async () => {
    const s = await start({ maxConnectionsPerAddress: 2 });
    const { hostname, port } = new URL(s.url);
    const open = (): Promise<net.Socket> =>
      new Promise((resolve) => {
        const socket = net.connect(Number(port), hostname, () => resolve(socket));
      });
    const a = await open();
    const b = await open();
    const c = await open();
    await new Promise<void>((resolve) => c.on('close', () => resolve()));
    expect(a.destroyed).toBe(false);
    expect(b.destroyed).toBe(false);
    a.destroy();
    b.destroy();
  });
});

describe('errors and shutdown', () => {
  test('an internal error is a 500 problem without a stack trace, and is logged', async () => {
    const lines: Record<string, unknown>[] = [];
    const s = await start({ logger: (event, fields) => lines.push({ event, ...fields }) });
    // No real component fails on demand like this: replace one reader method on this instance.
    s.log.reader.hashTile = () => Promise.reject(new Error('simulated bug'));
    const p = await expectProblem(await fetch(`${s.url}/tile/0/000.p/1`), 500, 'INTERNAL');
    expect(p.detail).not.toContain('simulated bug');
    const logged = lines.find((l) => l['event'] === 'request-error');
    expect(logged?.['error']).toBe('Error: simulated bug');
    expect(String(logged?.['stack'])).toContain('simulated bug');
  });

  // Keep-alive and grace far beyond the test's timeout: close() resolves within it only by
  // closing the idle connection itself.
  test('close() does not wait for an idle keep-alive connection', async () => {
    const s = await start({ timeouts: { keepAliveMs: 120_000, closeGraceMs: 120_000 } });
    const res = await fetch(`${s.url}/healthz`);
    await res.text();
    await s.http.close();
    expect(s.http.server.listening).toBe(false);
  }, 10_000);
});
