/**
 * The `cairn serve` clock settings (issue 15), parsed and checked here so serve.ts only spreads
 * CLOCK_SERVE_OPTIONS into its option table and calls clockSettingsFromOptions:
 *
 * - `--ntp-server HOST[:PORT]`, repeatable; `CAIRN_NTP_SERVERS`, comma-separated;
 * - `--max-clock-offset-ms N` (default 250; `CAIRN_MAX_CLOCK_OFFSET_MS`);
 * - `--clock-policy refuse|flag` (default refuse; `CAIRN_CLOCK_POLICY`); without a server the
 *   status is `unchecked` and the policy has nothing to act on.
 */
import { ClockError } from './clock-error.js';
import { DEFAULT_CLOCK_MONITOR } from './clock-monitor.js';
import { parseNtpServers, type NtpServerAddress } from './ntp-server-address.js';

/**
 * What the log does while the clock is unsynchronized:
 * - `refuse`: appends get 503 (a problem saying the clock is not synchronised), /readyz says so;
 * - `flag`: appends go on and each entry stamped meanwhile carries `clock_unsynchronized` in its leaf.
 */
export type ClockPolicy = 'refuse' | 'flag';

/** The default policy when NTP servers are configured. */
export const DEFAULT_CLOCK_POLICY: ClockPolicy = 'refuse';

/** Largest accepted --max-clock-offset-ms: one day (a larger bound checks nothing useful). */
export const MAX_CLOCK_OFFSET_MS_LIMIT = 86_400_000;

/** The checked clock settings. */
export interface ClockSettings {
  servers: NtpServerAddress[];
  maxOffsetMs: number;
  policy: ClockPolicy;
}

/**
 * Option specs in the shape of server/cli/command.ts's OptionSpec, to spread into SERVE_OPTIONS
 * (the framework splits CAIRN_NTP_SERVERS at commas because the option is `multiple`).
 */
export const CLOCK_SERVE_OPTIONS = {
  'ntp-server': {
    type: 'string',
    multiple: true,
    help: 'an NTP server to check the clock against, HOST[:PORT] (repeat for more; 3 or more resist one wrong server)',
    env: 'CAIRN_NTP_SERVERS',
    placeholder: 'HOST[:PORT]',
  },
  'max-clock-offset-ms': {
    type: 'string',
    help: 'largest accepted offset of the clock from NTP',
    env: 'CAIRN_MAX_CLOCK_OFFSET_MS',
    default: String(DEFAULT_CLOCK_MONITOR.maxOffsetMs),
    placeholder: 'MS',
  },
  'clock-policy': {
    type: 'string',
    help: 'while the clock is unsynchronised: refuse appends (503) or flag the entries',
    env: 'CAIRN_CLOCK_POLICY',
    default: DEFAULT_CLOCK_POLICY,
    placeholder: 'refuse|flag',
  },
} as const;

/** Parses `refuse` or `flag`; throws ClockError INVALID_CONFIG otherwise. */
export function parseClockPolicy(text: string): ClockPolicy {
  if (text === 'refuse' || text === 'flag') return text;
  throw new ClockError('INVALID_CONFIG', `--clock-policy (CAIRN_CLOCK_POLICY) must be refuse or flag, not ${JSON.stringify(text)}`);
}

/** Parses a canonical whole number of ms from 1 to one day; throws ClockError INVALID_CONFIG otherwise. */
export function parseMaxClockOffsetMs(text: string): number {
  const value = /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_CLOCK_OFFSET_MS_LIMIT)) {
    throw new ClockError(
      'INVALID_CONFIG',
      `--max-clock-offset-ms (CAIRN_MAX_CLOCK_OFFSET_MS) must be a whole number from 1 to ${MAX_CLOCK_OFFSET_MS_LIMIT}, not ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/**
 * The settings from the parsed option values (flags over CAIRN_* variables, as the CLI
 * framework resolves them). Undefined values take the defaults. Throws ClockError
 * INVALID_CONFIG naming the flag; serve turns it into a usage error (exit 2).
 */
export function clockSettingsFromOptions(values: { 'ntp-server'?: readonly string[]; 'max-clock-offset-ms'?: string; 'clock-policy'?: string }): ClockSettings {
  // An empty item (`--ntp-server ''`, a stray comma in CAIRN_NTP_SERVERS) is refused, not
  // skipped: skipping could silently leave the clock unchecked.
  const servers = parseNtpServers(values['ntp-server'] ?? []);
  return {
    servers,
    maxOffsetMs: parseMaxClockOffsetMs(values['max-clock-offset-ms'] ?? String(DEFAULT_CLOCK_MONITOR.maxOffsetMs)),
    policy: parseClockPolicy(values['clock-policy'] ?? DEFAULT_CLOCK_POLICY),
  };
}
