import { describe, expect, test } from '@jest/globals';
import { ClockError, parseNtpServer, parseNtpServers } from '../../../server/clock/index.js';

describe('parseNtpServer', () => {
  const good: Array<[string, { host: string; port: number; family: number; label: string }]> = [
    ['time.example.org', { host: 'time.example.org', port: 123, family: 0, label: 'time.example.org:123' }],
    ['time.example.org:4123', { host: 'time.example.org', port: 4123, family: 0, label: 'time.example.org:4123' }],
    ['localhost', { host: 'localhost', port: 123, family: 0, label: 'localhost:123' }],
    ['pool.ntp.org.', { host: 'pool.ntp.org.', port: 123, family: 0, label: 'pool.ntp.org.:123' }],
    ['192.0.2.1', { host: '192.0.2.1', port: 123, family: 4, label: '192.0.2.1:123' }],
    ['127.0.0.1:65535', { host: '127.0.0.1', port: 65535, family: 4, label: '127.0.0.1:65535' }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: 123, family: 6, label: '[2001:db8::1]:123' }],
    ['[2001:db8::1]:1123', { host: '2001:db8::1', port: 1123, family: 6, label: '[2001:db8::1]:1123' }],
    ['[::1]:123', { host: '::1', port: 123, family: 6, label: '[::1]:123' }],
    ['2001:db8::1', { host: '2001:db8::1', port: 123, family: 6, label: '[2001:db8::1]:123' }],
  ];
  for (const [text, expected] of good) {
    test(`reads ${text}`, () => {
      expect(parseNtpServer(text)).toEqual(expected);
    });
  }

  const bad: Array<[string, string]> = [
    ['an empty string', ''],
    ['a port 0', 'time.example.org:0'],
    ['a port 65536', 'time.example.org:65536'],
    ['a port with a leading zero', 'time.example.org:0123'],
    ['a port with a sign', 'time.example.org:+123'],
    ['a port that is not a number', 'time.example.org:ntp'],
    ['an empty port', 'time.example.org:'],
    ['a missing "]"', '[2001:db8::1'],
    ['junk after "]"', '[2001:db8::1]x'],
    ['an empty port after "]"', '[::1]:'],
    ['an IPv4 address in brackets', '[192.0.2.1]:123'],
    ['a bare IPv6 literal with something that is no address', '2001:db8::zz'],
    ['a host with a space', 'time example.org'],
    ['a host with an underscore', 'time_server.example'],
    ['a label starting with a hyphen', '-time.example.org'],
    ['a scheme', 'ntp://time.example.org'],
    ['an empty host before the port', ':123'],
    ['a label of 64 characters', `${'a'.repeat(64)}.example`],
    ['a name over 300 characters', 'a.'.repeat(151)],
  ];
  for (const [name, text] of bad) {
    test(`refuses ${name}`, () => {
      expect(() => parseNtpServer(text)).toThrow(ClockError);
      try {
        parseNtpServer(text);
      } catch (err) {
        expect((err as ClockError).code).toBe('INVALID_CONFIG');
        expect((err as ClockError).message).toContain('--ntp-server');
      }
    });
  }
});

describe('parseNtpServers', () => {
  test('reads a list in order, trimming spaces (CAIRN_NTP_SERVERS="a, b")', () => {
    expect(parseNtpServers(['a.example', ' b.example:124 ', '[::1]']).map((s) => s.label)).toEqual(['a.example:123', 'b.example:124', '[::1]:123']);
  });

  test('an empty list is no servers', () => {
    expect(parseNtpServers([])).toEqual([]);
  });

  test('refuses the same server twice (even spelled differently), since it would vote twice', () => {
    expect(() => parseNtpServers(['192.0.2.1', '192.0.2.1:123'])).toThrow(/twice/);
  });

  test('refuses an empty item (a stray comma) rather than skipping it', () => {
    expect(() => parseNtpServers(['a.example', ''])).toThrow(ClockError);
  });
});
