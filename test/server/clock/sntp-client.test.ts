/**
 * querySntp against real servers: chronyd (our clock, and under libfaketime +30 s), and small
 * UDP sockets of our own on 127.0.0.1 for answers chrony never gives (silence, a wrong origin, a
 * kiss-o'-death, leap 3).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { createSocket, type Socket } from 'node:dgram';
import { ClockError, parseNtpServer, querySntp, type NtpServerAddress } from '../../../server/clock/index.js';
import { findChronyTools, freeUdpPort, startChrony, testWallClock, type ChronyServer } from '../../helpers/chrony.js';
import { describeExternal } from '../../helpers/external.js';

const tools = findChronyTools();

describeExternal('querySntp against chronyd', tools, () => {
  let honest: ChronyServer;
  let ahead: ChronyServer;

  beforeAll(async () => {
    [honest, ahead] = await Promise.all([startChrony(tools), startChrony(tools, { offsetSeconds: 30 })]);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([honest?.stop(), ahead?.stop()]);
  });

  test('a server on our own clock: offset near 0, stratum 8 (its local stratum), leap none', async () => {
    const r = await querySntp(honest.address, { timeoutMs: 2000, wall: testWallClock });
    expect(Math.abs(Number(r.offsetNs))).toBeLessThan(50_000_000);
    expect(r.delayNs).toBeGreaterThanOrEqual(0n);
    expect(r.delayNs).toBeLessThan(1_000_000_000n);
    expect(r.reply.leap).toBe('none');
    expect(r.reply.version).toBe(4);
    expect(r.reply.stratum).toBe(8);
    expect(r.address).toBe('127.0.0.1');
    // T3 is our present, within the measured offset.
    expect(Math.abs(Number(r.transmitTimeNs - r.t4Ns))).toBeLessThan(1_000_000_000);
  });

  test('a server 30 s ahead (libfaketime): offset +30 s, T3 30 s after our T4', async () => {
    const r = await querySntp(ahead.address, { timeoutMs: 2000, wall: testWallClock });
    expect(Math.abs(Number(r.offsetNs) / 1e9 - 30)).toBeLessThan(0.5);
    expect(Math.abs(Number(r.transmitTimeNs - r.t4Ns) / 1e9 - 30)).toBeLessThan(0.5);
    expect(r.delayNs).toBeLessThan(1_000_000_000n);
  });

  test('a stopped server is reported as NETWORK (port unreachable), before the timeout', async () => {
    const gone = await startChrony(tools);
    await gone.kill();
    const started = Date.now();
    await expectClockError(querySntp(gone.address, { timeoutMs: 3000, wall: testWallClock }), 'NETWORK');
    expect(Date.now() - started).toBeLessThan(3000);
  }, 30_000);
});

describe('querySntp against our own UDP sockets', () => {
  let socket: Socket | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
    socket = undefined;
  });

  /** A UDP server on 127.0.0.1 that answers each request with `answer(request)` (or not at all). */
  async function udpServer(answer: (request: Buffer) => Uint8Array[] | undefined): Promise<NtpServerAddress> {
    socket = createSocket('udp4');
    const s = socket;
    s.on('message', (request, peer) => {
      for (const reply of answer(request) ?? []) s.send(reply, peer.port, peer.address);
    });
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
    return parseNtpServer(`127.0.0.1:${s.address().port}`);
  }

  /** A well-formed server reply to `request`, 1 s ahead, then `edit` applied. */
  function reply(request: Buffer, edit: (p: Uint8Array) => void = () => {}): Uint8Array {
    const p = new Uint8Array(48);
    p[0] = (0 << 6) | (4 << 3) | 4;
    p[1] = 2;
    p.set(request.subarray(40, 48), 24);
    const seconds = Math.floor(Date.now() / 1000) + 2_208_988_800 + 1;
    const view = new DataView(p.buffer);
    view.setUint32(32, seconds >>> 0);
    view.setUint32(40, seconds >>> 0);
    view.setUint32(44, 0x1000);
    edit(p);
    return p;
  }

  test('a well-formed reply from a minimal server is measured (offset about +1 s)', async () => {
    const server = await udpServer((req) => [reply(req)]);
    const r = await querySntp(server, { timeoutMs: 2000, wall: testWallClock });
    expect(Math.abs(Number(r.offsetNs) / 1e9 - 1)).toBeLessThan(1);
    expect(r.reply.referenceId).toBe('0.0.0.0');
  });

  test('a server that never answers: TIMEOUT after timeoutMs', async () => {
    const server = await udpServer(() => undefined);
    await expectClockError(querySntp(server, { timeoutMs: 200, wall: testWallClock }), 'TIMEOUT');
  });

  test('a reply with the wrong origin is dropped and the genuine one after it is used', async () => {
    const server = await udpServer((req) => [reply(req, (p) => (p[31] = p[31]! ^ 1)), reply(req)]);
    const r = await querySntp(server, { timeoutMs: 2000, wall: testWallClock });
    expect(r.reply.stratum).toBe(2);
  });

  test('only replies with the wrong origin: TIMEOUT', async () => {
    const server = await udpServer((req) => [reply(req, (p) => (p[24] = p[24]! ^ 0x80))]);
    await expectClockError(querySntp(server, { timeoutMs: 200, wall: testWallClock }), 'TIMEOUT');
  });

  test("a kiss-o'-death RATE: KISS_OF_DEATH naming the code", async () => {
    const server = await udpServer((req) => [
      reply(req, (p) => {
        p[1] = 0;
        p.set(new TextEncoder().encode('RATE'), 12);
      }),
    ]);
    const err = await expectClockError(querySntp(server, { timeoutMs: 2000, wall: testWallClock }), 'KISS_OF_DEATH');
    expect(err.message).toContain('RATE');
  });

  test('leap indicator 3: SOURCE_UNSYNCHRONIZED', async () => {
    const server = await udpServer((req) => [reply(req, (p) => (p[0] = (3 << 6) | (4 << 3) | 4))]);
    await expectClockError(querySntp(server, { timeoutMs: 2000, wall: testWallClock }), 'SOURCE_UNSYNCHRONIZED');
  });

  test('a nothing-listening port: NETWORK', async () => {
    const port = await freeUdpPort();
    await expectClockError(querySntp(parseNtpServer(`127.0.0.1:${port}`), { timeoutMs: 2000, wall: testWallClock }), 'NETWORK');
  });

  test('an unresolvable host name: RESOLVE_FAILED', async () => {
    await expectClockError(querySntp(parseNtpServer('no-such-host.invalid'), { timeoutMs: 3000, wall: testWallClock }), 'RESOLVE_FAILED');
  });

  test('a timeout that is not a positive integer is refused', async () => {
    await expect(querySntp(parseNtpServer('127.0.0.1'), { timeoutMs: 0, wall: testWallClock })).rejects.toThrow(RangeError);
  });
});

async function expectClockError(promise: Promise<unknown>, code: ClockError['code']): Promise<ClockError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ClockError);
    expect((err as ClockError).code).toBe(code);
    return err as ClockError;
  }
  throw new Error(`expected ClockError ${code}, got a result`);
}
