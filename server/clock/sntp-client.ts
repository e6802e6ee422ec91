/**
 * One SNTP query (RFC 5905 client mode, RFC 4330): resolve the server, send one 48-byte request
 * from a fresh UDP socket, wait for the matching reply or the timeout, and measure.
 *
 * Why a fresh, connected socket per query: the kernel picks a random source port and drops
 * datagrams from any other address, so an off-path attacker must guess the port and the 64-bit
 * origin token; and ICMP "port unreachable" comes back as an error at once (a stopped server is
 * reported as NETWORK, not after the whole timeout). Replies that do not echo the token are
 * dropped and the wait goes on (RFC 5905 §8: a bogus packet is discarded, not fatal), so a stale
 * duplicate cannot spoil a good exchange.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { ClockError } from './clock-error.js';
import type { NtpServerAddress } from './ntp-server-address.js';
import { buildSntpRequest, measureSntp, parseSntpReply, type SntpMeasurement, type SntpReply } from './sntp-packet.js';

/** Nanoseconds since the Unix epoch, UTC: the clock being checked (the log's own wall clock). */
export type WallClock = () => bigint;

/** How to query. */
export interface SntpQueryOptions {
  /** The whole query (name resolution included) must finish within this many ms. */
  timeoutMs: number;
  /** Our clock: read for T1 just before sending and for T4 as the reply arrives. */
  wall: WallClock;
}

/** A successful exchange with one server. */
export interface SntpResult extends SntpMeasurement {
  server: NtpServerAddress;
  /** The IP address that answered. */
  address: string;
  reply: SntpReply;
  /** T1 and T4, our clock, ns since the Unix epoch. */
  t1Ns: bigint;
  t4Ns: bigint;
}

/**
 * Queries `server` once. Resolves with the measurement, or rejects with ClockError:
 * RESOLVE_FAILED, NETWORK, TIMEOUT, or what parseSntpReply throws (MALFORMED_REPLY,
 * KISS_OF_DEATH, SOURCE_UNSYNCHRONIZED). Requires timeoutMs a positive integer.
 * Never leaves a socket or a timer behind.
 */
export async function querySntp(server: NtpServerAddress, options: SntpQueryOptions): Promise<SntpResult> {
  if (!Number.isSafeInteger(options.timeoutMs) || options.timeoutMs <= 0) throw new RangeError('timeoutMs must be a positive integer');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClockError('TIMEOUT', `no reply from ${server.label} within ${options.timeoutMs} ms`)), options.timeoutMs);
  });
  let socket: Socket | undefined;
  try {
    const target = await Promise.race([resolve(server), timedOut]);
    socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
    const exchange = exchangeOnce(socket, server, target.address, options.wall);
    return await Promise.race([exchange, timedOut]);
  } finally {
    clearTimeout(timer);
    // A reply late enough to race the timeout lands on a closed socket and is dropped.
    socket?.close();
  }
}

/** The address to send to: the literal itself, or the first answer of the system resolver. */
async function resolve(server: NtpServerAddress): Promise<{ address: string; family: 4 | 6 }> {
  if (server.family !== 0) return { address: server.host, family: server.family };
  try {
    const found = await lookup(server.host);
    return { address: found.address, family: found.family === 6 ? 6 : 4 };
  } catch (cause) {
    throw new ClockError('RESOLVE_FAILED', `the NTP server name ${server.host} does not resolve (${(cause as Error).message})`, { cause });
  }
}

function exchangeOnce(socket: Socket, server: NtpServerAddress, address: string, wall: WallClock): Promise<SntpResult> {
  const token = randomToken();
  const request = buildSntpRequest(token);
  return new Promise<SntpResult>((resolvePromise, reject) => {
    let t1Ns = 0n;
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      const why = cause.code === 'ECONNREFUSED' ? 'nothing answers there (port unreachable)' : cause.message;
      reject(new ClockError('NETWORK', `cannot query ${server.label} at ${address}: ${why}`, { cause }));
    });
    socket.on('message', (message: Buffer) => {
      const t4Ns = wall();
      let reply: SntpReply;
      try {
        reply = parseSntpReply(new Uint8Array(message.buffer, message.byteOffset, message.byteLength), token);
      } catch (err) {
        if (err instanceof ClockError && err.code === 'ORIGIN_MISMATCH') return;
        reject(err);
        return;
      }
      resolvePromise({ server, address, reply, t1Ns, t4Ns, ...measureSntp(reply, t1Ns, t4Ns) });
    });
    socket.connect(server.port, address, () => {
      t1Ns = wall();
      socket.send(request, (err) => {
        if (err) reject(new ClockError('NETWORK', `cannot send to ${server.label} at ${address}: ${err.message}`, { cause: err }));
      });
    });
  });
}

/** A random non-zero 64-bit origin token. */
function randomToken(): bigint {
  for (;;) {
    const token = randomBytes(8).readBigUInt64BE(0);
    if (token !== 0n) return token;
  }
}
