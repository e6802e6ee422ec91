/**
 * SNTP packets (RFC 5905 §7.3, client mode as RFC 4330 describes it): the 48-byte request we
 * send and the strict reading of the server's reply, plus the offset and delay they give
 * (RFC 5905 §8). Pure: no sockets, no clock (sntp-client.ts does the I/O).
 *
 * Packet header (all big-endian):
 *   0: LI (2 bits) | VN (3) | Mode (3)    1: stratum   2: poll   3: precision (int8, log2 s)
 *   4: root delay   8: root dispersion (both 16.16 seconds)   12: reference id
 *   16: reference   24: origin   32: receive   40: transmit (64-bit NTP timestamps)
 */
import { ClockError } from './clock-error.js';
import { ntpToUnixNs, readNtpTimestamp, writeNtpTimestamp } from './ntp-timestamp.js';

/** Size of an NTP header without extension fields or MAC. */
export const NTP_PACKET_SIZE = 48;
/** The version we speak (NTPv4). */
export const NTP_VERSION = 4;
const MODE_CLIENT = 3;
const MODE_SERVER = 4;
/** Stratum 16 means "unsynchronised" (RFC 5905 §7.3); 17-255 are reserved. */
const STRATUM_UNSYNCHRONIZED = 16;

/** The leap indicator (RFC 5905 §7.3): a leap second announced today, or the server's clock is not set. */
export type LeapIndicator = 'none' | 'insert-second' | 'delete-second' | 'unsynchronized';
const LEAP_INDICATORS: readonly LeapIndicator[] = ['none', 'insert-second', 'delete-second', 'unsynchronized'];

/** A server reply that passed every check of parseSntpReply. Timestamps are raw 64-bit NTP values. */
export interface SntpReply {
  leap: LeapIndicator;
  /** The version the server answered with: 4, or 3 from an older server (RFC 4330 §5). */
  version: 3 | 4;
  /** 1 (primary reference) to 15. */
  stratum: number;
  /** log2 of the server's poll interval in seconds (informational). */
  poll: number;
  /** log2 of the server clock's precision in seconds, e.g. -20 for about 1 µs. */
  precision: number;
  /** Round-trip delay from the server to its primary reference, ns. */
  rootDelayNs: bigint;
  /** The server's error bound relative to its primary reference, ns. */
  rootDispersionNs: bigint;
  /** For stratum 1 the reference's ASCII code (e.g. GPS), otherwise its upstream server's IPv4 address (or a hash for IPv6). */
  referenceId: string;
  /** T2: when the request arrived at the server (server clock). */
  receiveTimestamp: bigint;
  /** T3: when the reply left the server (server clock). */
  transmitTimestamp: bigint;
}

/** What one exchange says about our clock (RFC 5905 §8). */
export interface SntpMeasurement {
  /** θ = ((T2 − T1) + (T3 − T4)) / 2: the server's clock minus ours, ns. Positive = we are behind. */
  offsetNs: bigint;
  /** δ = (T4 − T1) − (T3 − T2): the round trip without the server's processing time, ns (>= 0). */
  delayNs: bigint;
  /** T3 as an instant, ns since the Unix epoch (the era taken from our own clock). */
  transmitTimeNs: bigint;
}

/**
 * The client request: version 4, mode 3, every other field zero except the transmit timestamp,
 * which holds `token`, a random 64-bit value, instead of our clock. The server echoes it as the
 * origin timestamp, so a reply that does not carry it is stale or spoofed (RFC 5905 §8 "bogus
 * packet" test); being random it is also 64 bits an off-path attacker must guess, and it reveals
 * nothing about our clock (as chrony's client does). T1 stays with the caller.
 * Requires 0 <= token <= 2^64-1 and token != 0 (a zero origin is what an unsolicited packet has).
 */
export function buildSntpRequest(token: bigint): Uint8Array {
  if (typeof token !== 'bigint' || token <= 0n || token >= 1n << 64n) throw new RangeError('token must be a bigint in [1, 2^64-1]');
  const packet = new Uint8Array(NTP_PACKET_SIZE);
  packet[0] = (0 << 6) | (NTP_VERSION << 3) | MODE_CLIENT;
  writeNtpTimestamp(packet, 40, token);
  return packet;
}

/**
 * Reads a server reply strictly. Throws ClockError:
 * - MALFORMED_REPLY: shorter than 48 bytes; a mode other than 4 (server); a version other than 3
 *   or 4; a reserved stratum (17-255); a zero receive or transmit timestamp; a transmit time
 *   before the receive time.
 * - ORIGIN_MISMATCH: the origin timestamp is not `token` (checked before anything the reply
 *   claims, so a spoofed kiss-o'-death or "unsynchronised" cannot silence a source).
 * - KISS_OF_DEATH: stratum 0; the message names the kiss code (RATE, DENY, RSTR, ...).
 * - SOURCE_UNSYNCHRONIZED: leap indicator 3 or stratum 16.
 * Bytes after the 48-byte header (extension fields, a MAC) are ignored: we do not authenticate
 * (plain SNTP), and refusing them would refuse servers that add them.
 */
export function parseSntpReply(packet: Uint8Array, token: bigint): SntpReply {
  if (!(packet instanceof Uint8Array) || packet.length < NTP_PACKET_SIZE) {
    throw new ClockError('MALFORMED_REPLY', `the reply is ${packet?.length ?? 0} bytes, shorter than the ${NTP_PACKET_SIZE} of an NTP header`);
  }
  const first = packet[0]!;
  const leap = LEAP_INDICATORS[first >> 6]!;
  const version = (first >> 3) & 0x07;
  const mode = first & 0x07;
  if (mode !== MODE_SERVER) throw new ClockError('MALFORMED_REPLY', `the reply has mode ${mode}, not ${MODE_SERVER} (server); is this an NTP server?`);
  if (version !== 3 && version !== 4) throw new ClockError('MALFORMED_REPLY', `the reply has NTP version ${version}; only 3 and 4 are understood`);
  if (readNtpTimestamp(packet, 24) !== token) {
    throw new ClockError('ORIGIN_MISMATCH', 'the reply does not echo our transmit timestamp (a stale, duplicated or spoofed packet)');
  }
  const stratum = packet[1]!;
  const referenceBytes = packet.subarray(12, 16);
  if (stratum === 0) {
    throw new ClockError(
      'KISS_OF_DEATH',
      `the server sent a kiss-o'-death (${asciiCode(referenceBytes)}): it refuses to serve us; ask its operator or use another server`,
    );
  }
  if (leap === 'unsynchronized') throw new ClockError('SOURCE_UNSYNCHRONIZED', "the server's leap indicator says its own clock is not synchronised");
  if (stratum === STRATUM_UNSYNCHRONIZED) throw new ClockError('SOURCE_UNSYNCHRONIZED', 'the server reports stratum 16: its own clock is not synchronised');
  if (stratum > STRATUM_UNSYNCHRONIZED) throw new ClockError('MALFORMED_REPLY', `the reply has the reserved stratum ${stratum}`);
  const receiveTimestamp = readNtpTimestamp(packet, 32);
  const transmitTimestamp = readNtpTimestamp(packet, 40);
  if (transmitTimestamp === 0n) throw new ClockError('MALFORMED_REPLY', 'the reply has no transmit timestamp');
  if (receiveTimestamp === 0n) throw new ClockError('MALFORMED_REPLY', 'the reply has no receive timestamp');
  // Compared as instants, each in the era nearest the other, not as raw integers: an era
  // boundary may fall between them.
  const transmitted = ntpToUnixNs(transmitTimestamp, 0n);
  if (transmitted < ntpToUnixNs(receiveTimestamp, transmitted)) {
    throw new ClockError('MALFORMED_REPLY', 'the reply says it left the server before our request arrived there');
  }
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  return {
    leap,
    version,
    stratum,
    poll: view.getInt8(2),
    precision: view.getInt8(3),
    rootDelayNs: shortFormatToNs(view.getUint32(4, false)),
    rootDispersionNs: shortFormatToNs(view.getUint32(8, false)),
    referenceId: stratum === 1 ? asciiCode(referenceBytes) : [...referenceBytes].join('.'),
    receiveTimestamp,
    transmitTimestamp,
  };
}

/**
 * Offset and delay of one exchange (RFC 5905 §8). `t1Ns` and `t4Ns` are our clock when the
 * request left and the reply arrived, ns since the Unix epoch; T2 and T3 come from the reply,
 * placed in the era nearest to T1. All arithmetic is exact bigint nanoseconds (the halving of θ
 * rounds toward zero, at most half a nanosecond). A negative delay (our clock stepped during the
 * exchange, or rounding on a loopback exchange) is reported as 0, as RFC 5905 clamps it.
 */
export function measureSntp(reply: SntpReply, t1Ns: bigint, t4Ns: bigint): SntpMeasurement {
  const t2 = ntpToUnixNs(reply.receiveTimestamp, t1Ns);
  const t3 = ntpToUnixNs(reply.transmitTimestamp, t1Ns);
  const offsetNs = (t2 - t1Ns + (t3 - t4Ns)) / 2n;
  const delay = t4Ns - t1Ns - (t3 - t2);
  return { offsetNs, delayNs: delay < 0n ? 0n : delay, transmitTimeNs: t3 };
}

/** NTP short format (16.16 unsigned seconds) to ns, rounded down. */
function shortFormatToNs(value: number): bigint {
  return (BigInt(value) * 1_000_000_000n) >> 16n;
}

/** A four-byte code as printable ASCII (NULs dropped), or hex when it is not printable. */
function asciiCode(bytes: Uint8Array): string {
  const trimmed = [...bytes].filter((b) => b !== 0);
  if (trimmed.length > 0 && trimmed.every((b) => b >= 0x20 && b < 0x7f)) return String.fromCharCode(...trimmed);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
