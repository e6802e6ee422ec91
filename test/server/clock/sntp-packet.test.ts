import { describe, expect, test } from '@jest/globals';
import { ClockError, NTP_PACKET_SIZE, buildSntpRequest, measureSntp, parseSntpReply, unixNsToNtp, type SntpReply } from '../../../server/clock/index.js';

const S = 1_000_000_000n;
const TOKEN = 0x0123456789abcdefn;
const T1 = 1_796_529_156_000_000_000n; // 2026-12-06, our clock

/** A valid reply (RFC 5905 §7.3) to TOKEN: version 4, mode 4, stratum 2, T2 = T3 = `serverNs`. */
function packet(options: { serverNs?: bigint; t2?: bigint; t3?: bigint } = {}): Uint8Array {
  const p = new Uint8Array(NTP_PACKET_SIZE);
  const view = new DataView(p.buffer);
  p[0] = (0 << 6) | (4 << 3) | 4;
  p[1] = 2;
  p[2] = 6;
  view.setInt8(3, -20);
  view.setUint32(4, 0x00018000); // root delay 1.5 s
  view.setUint32(8, 0x00004000); // root dispersion 0.25 s
  p.set([192, 0, 2, 7], 12);
  const server = options.serverNs ?? T1;
  view.setBigUint64(16, unixNsToNtp(server - 10n * S));
  view.setBigUint64(24, TOKEN);
  view.setBigUint64(32, unixNsToNtp(options.t2 ?? server));
  view.setBigUint64(40, unixNsToNtp(options.t3 ?? server));
  return p;
}

function edited(edit: (p: Uint8Array, view: DataView) => void, base = packet()): Uint8Array {
  const p = base.slice();
  edit(p, new DataView(p.buffer));
  return p;
}

function expectClockError(f: () => unknown, code: ClockError['code']): ClockError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ClockError);
    expect((err as ClockError).code).toBe(code);
    return err as ClockError;
  }
  throw new Error(`expected ClockError ${code}`);
}

describe('buildSntpRequest', () => {
  test('48 bytes: LI 0, version 4, mode 3 (0x23), the token as transmit timestamp, zeros elsewhere', () => {
    const p = buildSntpRequest(TOKEN);
    expect(p).toHaveLength(48);
    expect(p[0]).toBe(0x23);
    expect(new DataView(p.buffer).getBigUint64(40)).toBe(TOKEN);
    expect([...p.subarray(1, 40)].every((b) => b === 0)).toBe(true);
  });

  test('refuses a zero token and one wider than 64 bits', () => {
    expect(() => buildSntpRequest(0n)).toThrow(RangeError);
    expect(() => buildSntpRequest(1n << 64n)).toThrow(RangeError);
  });
});

describe('parseSntpReply', () => {
  test('reads every header field', () => {
    const r = parseSntpReply(packet(), TOKEN);
    expect(r).toMatchObject({ leap: 'none', version: 4, stratum: 2, poll: 6, precision: -20, referenceId: '192.0.2.7' });
    expect(r.rootDelayNs).toBe(1_500_000_000n);
    expect(r.rootDispersionNs).toBe(250_000_000n);
    expect(r.transmitTimestamp).toBe(unixNsToNtp(T1));
  });

  test('stratum 1: the reference id is its ASCII code', () => {
    expect(
      parseSntpReply(
        edited((p) => {
          p[1] = 1;
          p.set([0x47, 0x50, 0x53, 0], 12);
        }),
        TOKEN,
      ).referenceId,
    ).toBe('GPS');
  });

  test('version 3 replies are accepted (RFC 4330 §5)', () => {
    expect(
      parseSntpReply(
        edited((p) => (p[0] = (3 << 3) | 4)),
        TOKEN,
      ).version,
    ).toBe(3);
  });

  test('leap indicators 1 and 2 announce a leap second and are accepted', () => {
    expect(
      parseSntpReply(
        edited((p) => (p[0] = (1 << 6) | (4 << 3) | 4)),
        TOKEN,
      ).leap,
    ).toBe('insert-second');
    expect(
      parseSntpReply(
        edited((p) => (p[0] = (2 << 6) | (4 << 3) | 4)),
        TOKEN,
      ).leap,
    ).toBe('delete-second');
  });

  test('bytes after the header (extension fields, a MAC) are ignored', () => {
    const longer = new Uint8Array(68);
    longer.set(packet());
    expect(parseSntpReply(longer, TOKEN).stratum).toBe(2);
  });

  test('a view into a larger buffer is read at its own offset', () => {
    const big = new Uint8Array(100);
    big.set(packet(), 10);
    expect(parseSntpReply(big.subarray(10, 58), TOKEN).stratum).toBe(2);
  });
});

describe('parseSntpReply refuses', () => {
  test('a short packet (47 bytes)', () => {
    expectClockError(() => parseSntpReply(packet().subarray(0, 47), TOKEN), 'MALFORMED_REPLY');
  });

  test('an empty packet', () => {
    expectClockError(() => parseSntpReply(new Uint8Array(0), TOKEN), 'MALFORMED_REPLY');
  });

  test('wrong mode: 3 (our own request reflected back)', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[0] = (4 << 3) | 3)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('wrong mode: 5 (broadcast)', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[0] = (4 << 3) | 5)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('wrong mode: 1 (symmetric active)', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[0] = (4 << 3) | 1)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('version 2', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[0] = (2 << 3) | 4)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('version 5', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[0] = (5 << 3) | 4)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('origin mismatch: one bit flipped', () => {
    expectClockError(() => parseSntpReply(packet(), TOKEN ^ 1n), 'ORIGIN_MISMATCH');
  });

  test('origin mismatch: a zero origin (an unsolicited packet)', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((_, v) => v.setBigUint64(24, 0n)),
          TOKEN,
        ),
      'ORIGIN_MISMATCH',
    );
  });

  test("kiss-o'-death (stratum 0, DENY), with the code in the message", () => {
    const err = expectClockError(
      () =>
        parseSntpReply(
          edited((p) => {
            p[1] = 0;
            p.set([0x44, 0x45, 0x4e, 0x59], 12);
          }),
          TOKEN,
        ),
      'KISS_OF_DEATH',
    );
    expect(err.message).toContain('DENY');
  });

  test("a kiss-o'-death with a wrong origin is a mismatch, not a kiss (cannot be spoofed to silence a source)", () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[1] = 0)),
          TOKEN ^ 2n,
        ),
      'ORIGIN_MISMATCH',
    );
  });

  test('leap indicator 3 (the server is unsynchronised)', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[0] = (3 << 6) | (4 << 3) | 4)),
          TOKEN,
        ),
      'SOURCE_UNSYNCHRONIZED',
    );
  });

  test('stratum 16 (unsynchronised)', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[1] = 16)),
          TOKEN,
        ),
      'SOURCE_UNSYNCHRONIZED',
    );
  });

  test('a reserved stratum (17)', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((p) => (p[1] = 17)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('a zero transmit timestamp', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((_, v) => v.setBigUint64(40, 0n)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('a zero receive timestamp', () => {
    expectClockError(
      () =>
        parseSntpReply(
          edited((_, v) => v.setBigUint64(32, 0n)),
          TOKEN,
        ),
      'MALFORMED_REPLY',
    );
  });

  test('a transmit time before the receive time', () => {
    expectClockError(() => parseSntpReply(packet({ t2: T1 + S, t3: T1 }), TOKEN), 'MALFORMED_REPLY');
  });

  test('not a Uint8Array', () => {
    expectClockError(() => parseSntpReply([...packet()] as unknown as Uint8Array, TOKEN), 'MALFORMED_REPLY');
  });
});

describe('measureSntp (RFC 5905 §8)', () => {
  function reply(t2: bigint, t3: bigint): SntpReply {
    return parseSntpReply(packet({ t2, t3 }), TOKEN);
  }

  test('server 30 s ahead, 10 ms each way, 1 ms processing: offset +30 s, delay 20 ms', () => {
    const ms = 1_000_000n;
    const t2 = T1 + 30n * S + 10n * ms;
    const t3 = t2 + ms;
    const t4 = T1 + 21n * ms;
    const m = measureSntp(reply(t2, t3), T1, t4);
    expect(m.offsetNs).toBe(30n * S);
    expect(m.delayNs).toBe(20n * ms);
    expect(m.transmitTimeNs).toBe(t3);
  });

  test('server 2 s behind: a negative offset', () => {
    const m = measureSntp(reply(T1 - 2n * S + 500n, T1 - 2n * S + 700n), T1, T1 + 1000n);
    // θ = ((−2 s + 500) + (−2 s + 700 − 1000)) / 2 = −2 s + 100 ns; δ = 1000 − 200
    expect(m.offsetNs).toBe(-2n * S + 100n);
    expect(m.delayNs).toBe(800n);
  });

  test('asymmetric paths shift the offset by half the asymmetry (the known SNTP limit)', () => {
    const ms = 1_000_000n;
    // 30 ms out, 10 ms back, clocks equal.
    const m = measureSntp(reply(T1 + 30n * ms, T1 + 30n * ms), T1, T1 + 40n * ms);
    expect(m.offsetNs).toBe(10n * ms);
    expect(m.delayNs).toBe(40n * ms);
  });

  test('nanosecond-exact on either side of the 2036 era boundary', () => {
    const era1 = ((1n << 32n) - 2_208_988_800n) * S;
    const t1 = era1 - 3n;
    const m = measureSntp(reply(era1 + 1n, era1 + 2n), t1, era1 + 7n);
    // θ = ((1 − (−3)) + (2 − 7)) / 2 = −0.5 → 0 (toward zero); δ = 10 − 1 = 9
    expect(m.offsetNs).toBe(0n);
    expect(m.delayNs).toBe(9n);
    expect(m.transmitTimeNs).toBe(era1 + 2n);
  });

  test('a negative delay (our clock stepped back during the exchange) is reported as 0', () => {
    const m = measureSntp(reply(T1 + 100n, T1 + 200n), T1, T1 + 50n);
    expect(m.delayNs).toBe(0n);
  });
});
