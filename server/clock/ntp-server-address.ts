/**
 * `--ntp-server HOST[:PORT]` (issue 15): an NTP server's address as an operator writes it.
 *
 * Forms: `host`, `host:port`, `192.0.2.1`, `192.0.2.1:123`, `[2001:db8::1]`,
 * `[2001:db8::1]:123`, and a bare IPv6 literal `2001:db8::1` (no port can follow it without
 * brackets). The port defaults to 123 and is a canonical decimal 1-65535. Host names follow
 * RFC 1123 (letters, digits, hyphens, dots; at most 253 characters) and are resolved at each
 * query, so a server that moves is followed.
 */
import { isIP, isIPv6 } from 'node:net';
import { ClockError } from './clock-error.js';

/** The NTP port (RFC 5905 §7). */
export const NTP_PORT = 123;

/** A parsed NTP server address. */
export interface NtpServerAddress {
  /** The host name or IP literal, without brackets. */
  host: string;
  port: number;
  /** 4 or 6 for an IP literal, 0 for a host name. */
  family: 0 | 4 | 6;
  /** The canonical spelling, `host:port` or `[v6]:port`: the source's name in snapshots and evidence. */
  label: string;
}

const HOST_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const CANONICAL_PORT = /^[1-9][0-9]{0,4}$/;

/**
 * Parses `HOST[:PORT]`. Throws ClockError INVALID_CONFIG with a sentence naming the input and
 * an example when it is empty, has a bad port, an unbalanced bracket, or a host that is neither
 * an IP literal nor a valid host name.
 */
export function parseNtpServer(text: string): NtpServerAddress {
  const bad = (why: string): never => {
    throw new ClockError('INVALID_CONFIG', `--ntp-server ${JSON.stringify(text)}: ${why} (e.g. time.example.org, 192.0.2.1:123 or [2001:db8::1]:123)`);
  };
  if (typeof text !== 'string' || text === '') return bad('it is empty');
  if (text.length > 300) return bad('it is too long');
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return bad('the "[" of an IPv6 address has no "]"');
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return bad('only ":PORT" may follow "]"');
      portText = rest.slice(1);
    }
    if (!isIPv6(host)) return bad(`${JSON.stringify(host)} is not an IPv6 address`);
  } else if (text.indexOf(':') !== text.lastIndexOf(':')) {
    // More than one colon without brackets: only a bare IPv6 literal, with no port.
    host = text;
    if (!isIPv6(host)) return bad('an IPv6 address with a port must be written in brackets');
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    if (colon >= 0) portText = text.slice(colon + 1);
    if (isIP(host) === 0 && !HOST_NAME.test(host)) return bad(`${JSON.stringify(host)} is not a host name or an IPv4 address`);
  }
  let port = NTP_PORT;
  if (portText !== undefined) {
    if (!CANONICAL_PORT.test(portText) || Number(portText) > 65535) return bad(`the port ${JSON.stringify(portText)} is not a number from 1 to 65535`);
    port = Number(portText);
  }
  const family = isIP(host) as 0 | 4 | 6;
  return { host, port, family, label: family === 6 ? `[${host}]:${port}` : `${host}:${port}` };
}

/**
 * Parses every `--ntp-server` value (the CLI framework has already split CAIRN_NTP_SERVERS at
 * commas; spaces around each item are allowed there). Refuses duplicates: one server counted
 * twice would outvote an honest one in the median.
 */
export function parseNtpServers(texts: readonly string[]): NtpServerAddress[] {
  const out: NtpServerAddress[] = [];
  const seen = new Set<string>();
  for (const raw of texts) {
    const server = parseNtpServer(raw.trim());
    if (seen.has(server.label)) throw new ClockError('INVALID_CONFIG', `--ntp-server ${server.label} is given twice; each server may vote once`);
    seen.add(server.label);
    out.push(server);
  }
  return out;
}
