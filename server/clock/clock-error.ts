/**
 * The clock area's one error class (issue 15). Every way an SNTP query or a clock setting can
 * fail has a code here; the monitor records the code and the sentence per source, and the CLI
 * turns INVALID_CONFIG into a usage error.
 */
import { CodedError } from '../../merkle/index.js';

export type ClockErrorCode =
  // configuration (cairn serve --ntp-server, --max-clock-offset-ms, --clock-policy)
  | 'INVALID_CONFIG'
  // one SNTP query (RFC 5905 §8, client mode)
  | 'RESOLVE_FAILED' // the host name did not resolve
  | 'NETWORK' // the socket failed (e.g. ICMP port unreachable: nothing listens there)
  | 'TIMEOUT' // no valid reply in time
  | 'MALFORMED_REPLY' // not an NTP server reply we can read (length, mode, version, timestamps)
  | 'ORIGIN_MISMATCH' // the reply does not echo our transmit timestamp: stale or spoofed
  | 'KISS_OF_DEATH' // stratum 0: the server tells us to go away (RATE, DENY, RSTR, ...)
  | 'SOURCE_UNSYNCHRONIZED'; // leap indicator 3 or stratum 16: the server's own clock is not set

/** The codes that say only that the server was not reached (its last good sample stays usable). */
export const TRANSIENT_CLOCK_ERRORS: ReadonlySet<ClockErrorCode> = new Set(['RESOLVE_FAILED', 'NETWORK', 'TIMEOUT']);

/** A clock failure with a code and a sentence that says what happened and what to do. */
export class ClockError extends CodedError<ClockErrorCode> {
  override readonly name = 'ClockError';
}
