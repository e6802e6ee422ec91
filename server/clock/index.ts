/**
 * The clock area (issue 15): SNTP queries, the clock monitor and its snapshot, the clock
 * settings of `cairn serve`, and the clock evidence system entry. Other folders import this file.
 */
export { ClockError, TRANSIENT_CLOCK_ERRORS, type ClockErrorCode } from './clock-error.js';
export { NTP_UNIX_EPOCH_DELTA_SECONDS, ntpToUnixNs, unixNsToNtp } from './ntp-timestamp.js';
export {
  NTP_PACKET_SIZE,
  NTP_VERSION,
  buildSntpRequest,
  measureSntp,
  parseSntpReply,
  type LeapIndicator,
  type SntpMeasurement,
  type SntpReply,
} from './sntp-packet.js';
export { NTP_PORT, parseNtpServer, parseNtpServers, type NtpServerAddress } from './ntp-server-address.js';
export { querySntp, type SntpQueryOptions, type SntpResult, type WallClock } from './sntp-client.js';
export {
  combineSources,
  median,
  type ClockSnapshot,
  type ClockSourceSnapshot,
  type ClockStatus,
  type CombinedClock,
  type SourceSample,
} from './clock-snapshot.js';
export { ClockMonitor, DEFAULT_CLOCK_MONITOR, type ClockMonitorOptions } from './clock-monitor.js';
export {
  CLOCK_SERVE_OPTIONS,
  DEFAULT_CLOCK_POLICY,
  MAX_CLOCK_OFFSET_MS_LIMIT,
  clockSettingsFromOptions,
  parseClockPolicy,
  parseMaxClockOffsetMs,
  type ClockPolicy,
  type ClockSettings,
} from './clock-options.js';
export {
  CLOCK_EVIDENCE_CONTENT_TYPE,
  CLOCK_EVIDENCE_FORMAT,
  SYSTEM_SUBMITTER,
  buildClockEvidence,
  type ClockEvidence,
  type ClockEvidenceEntry,
  type ClockEvidenceEvent,
  type ClockEvidenceResponse,
} from './clock-evidence.js';
export { ClockDiscipline, clockRefusal, uncheckedClockSnapshot, type ClockDisciplineOptions, type ClockGate, type SystemAppender } from './clock-discipline.js';
export { registerClockMetrics } from './clock-metrics.js';
