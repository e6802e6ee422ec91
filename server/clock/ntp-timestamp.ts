/**
 * NTP timestamps (RFC 5905 §6) <-> nanoseconds since the Unix epoch as `bigint`, exactly.
 *
 * An NTP timestamp is 64 bits: seconds since 1900-01-01T00:00:00Z (32 bits) and a binary fraction
 * of a second (32 bits, about 0.23 ns). The 32-bit seconds wrap every 2^32 s (about 136 years):
 * era 0 ends at 2036-02-07T06:28:16Z. A timestamp therefore names an instant only together with
 * its era; `ntpToUnixNs` takes the era that puts it nearest to a pivot (our own clock when the
 * packet was exchanged), which is right for any server within 68 years of us (RFC 5905 §6: "the
 * correct era can be determined from the local clock").
 *
 * Rounding is to the nearest unit both ways. A fraction unit is smaller than a nanosecond, so
 * unixNsToNtp then ntpToUnixNs gives back the very nanosecond (tested over random values).
 */

/** Seconds from 1900-01-01 (the NTP prime epoch) to 1970-01-01 (the Unix epoch). */
export const NTP_UNIX_EPOCH_DELTA_SECONDS = 2_208_988_800n;

const NS_PER_SECOND = 1_000_000_000n;
const FRACTION_UNITS = 1n << 32n;
/** One NTP era in nanoseconds (2^32 s). */
const ERA_NS = FRACTION_UNITS * NS_PER_SECOND;
const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * The 64-bit NTP timestamp (seconds << 32 | fraction) of an instant given in ns since the Unix
 * epoch; the era number is dropped, as on the wire. Requires ns a bigint >= 0 (throws RangeError).
 */
export function unixNsToNtp(ns: bigint): bigint {
  if (typeof ns !== 'bigint' || ns < 0n) throw new RangeError('ns must be a bigint >= 0');
  const sinceNtpEpoch = ns + NTP_UNIX_EPOCH_DELTA_SECONDS * NS_PER_SECOND;
  let seconds = sinceNtpEpoch / NS_PER_SECOND;
  let fraction = divideRounded((sinceNtpEpoch % NS_PER_SECOND) * FRACTION_UNITS, NS_PER_SECOND);
  if (fraction === FRACTION_UNITS) {
    seconds += 1n;
    fraction = 0n;
  }
  return ((seconds % FRACTION_UNITS) << 32n) | fraction;
}

/**
 * The instant, in ns since the Unix epoch (may be negative before 1970), of a 64-bit NTP
 * timestamp, in the era that puts it nearest to `pivotNs` (ns since the Unix epoch).
 * Requires 0 <= ntp <= 2^64-1 (throws RangeError).
 */
export function ntpToUnixNs(ntp: bigint, pivotNs: bigint): bigint {
  if (typeof ntp !== 'bigint' || ntp < 0n || ntp > MAX_UINT64) throw new RangeError('ntp must be a 64-bit unsigned bigint');
  const seconds = ntp >> 32n;
  const fraction = ntp & (FRACTION_UNITS - 1n);
  // Time within its era, in ns since the start of that era.
  const inEra = seconds * NS_PER_SECOND + divideRounded(fraction * NS_PER_SECOND, FRACTION_UNITS);
  const pivotSinceNtpEpoch = pivotNs + NTP_UNIX_EPOCH_DELTA_SECONDS * NS_PER_SECOND;
  // The era whose copy of `inEra` lies nearest to the pivot.
  const era = floorDivide(pivotSinceNtpEpoch - inEra + ERA_NS / 2n, ERA_NS);
  return era * ERA_NS + inEra - NTP_UNIX_EPOCH_DELTA_SECONDS * NS_PER_SECOND;
}

/** Reads the 64-bit big-endian timestamp at `offset` of a packet. Requires offset + 8 <= length. */
export function readNtpTimestamp(packet: Uint8Array, offset: number): bigint {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  return view.getBigUint64(offset, false);
}

/** Writes a 64-bit timestamp big-endian at `offset`. Requires offset + 8 <= length. */
export function writeNtpTimestamp(packet: Uint8Array, offset: number, ntp: bigint): void {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  view.setBigUint64(offset, ntp, false);
}

/** Nearest integer of a / b for a >= 0, b > 0 (halves round up). */
function divideRounded(a: bigint, b: bigint): bigint {
  return (a + b / 2n) / b;
}

/** floor(a / b) for b > 0 (bigint division truncates toward zero). */
function floorDivide(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
