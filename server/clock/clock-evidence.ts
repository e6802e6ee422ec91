/**
 * Clock evidence: the system entry the log appends on every clock status change and every hour
 * (issue 15; format in docs/time.md). Submitter `cairn`, content type
 * `application/vnd.cairn.clock+json`, payload UTF-8 JSON with the members in a fixed order:
 *
 *   {"format":"cairn.clock/v1","event":"change","status":"synchronized","previousStatus":null,
 *    "reason":"...","offsetMs":0.012,"rttMs":0.131,"stratum":8,"maxOffsetMs":250,
 *    "checkedAt":"2026-12-06T03:52:36.123456789Z",
 *    "responses":[{"server":"ntp.example:123","transmitTime":"2026-12-06T03:52:36.123400000Z",
 *      "offsetMs":0.012,"delayMs":0.131,"stratum":8,"leap":"none","usable":true,"error":null}]}
 *
 * An auditor reads it with the entry's recorded timestamp: the entries before and after it were
 * stamped by a clock this far from these servers at that time.
 */
import type { ClockSnapshot, ClockStatus } from './clock-snapshot.js';

/** The content type of clock evidence entries. */
export const CLOCK_EVIDENCE_CONTENT_TYPE = 'application/vnd.cairn.clock+json';
/** The submitter of system entries. Phase 2 must reserve it (server/auth/credentials.ts accepts it today). */
export const SYSTEM_SUBMITTER = 'cairn';
/** The `format` member: changes only if the meaning of a member changes. */
export const CLOCK_EVIDENCE_FORMAT = 'cairn.clock/v1';

/** Why the entry was written. */
export type ClockEvidenceEvent = 'change' | 'heartbeat';

/** The JSON payload, as built and as docs/time.md documents it. */
export interface ClockEvidence {
  format: typeof CLOCK_EVIDENCE_FORMAT;
  event: ClockEvidenceEvent;
  status: ClockStatus;
  /** For `change`: the status before (null at start); for `heartbeat`: null. */
  previousStatus: ClockStatus | null;
  reason: string;
  offsetMs: number | null;
  rttMs: number | null;
  stratum: number | null;
  maxOffsetMs: number;
  checkedAt: string | null;
  responses: ClockEvidenceResponse[];
}

/** One NTP server's last answer. */
export interface ClockEvidenceResponse {
  server: string;
  /** The server's transmit timestamp (T3), RFC 3339 with ns; null if it never answered. */
  transmitTime: string | null;
  /** The server's clock minus the log's, ms to the µs. */
  offsetMs: number | null;
  /** The round-trip delay δ, ms to the µs. */
  delayMs: number | null;
  stratum: number | null;
  leap: string | null;
  /** Whether it counted in the median. */
  usable: boolean;
  /** Why its latest query failed, or null. */
  error: string | null;
}

/** A system entry ready for the append path. */
export interface ClockEvidenceEntry {
  submitter: typeof SYSTEM_SUBMITTER;
  contentType: typeof CLOCK_EVIDENCE_CONTENT_TYPE;
  /** The UTF-8 JSON payload. */
  payload: Uint8Array;
  /** The same, parsed. */
  evidence: ClockEvidence;
}

/**
 * Builds the evidence entry from a monitor snapshot. Pure and deterministic: the same snapshot
 * gives the same bytes. `previousStatus` applies to `change` only (heartbeats record null).
 */
export function buildClockEvidence(snapshot: ClockSnapshot, event: ClockEvidenceEvent, previousStatus: ClockStatus | null = null): ClockEvidenceEntry {
  const evidence: ClockEvidence = {
    format: CLOCK_EVIDENCE_FORMAT,
    event,
    status: snapshot.status,
    previousStatus: event === 'change' ? previousStatus : null,
    reason: snapshot.reason,
    offsetMs: snapshot.offsetMs,
    rttMs: snapshot.rttMs,
    stratum: snapshot.stratum,
    maxOffsetMs: snapshot.maxOffsetMs,
    checkedAt: snapshot.checkedAt,
    responses: snapshot.sources.map((s) => ({
      server: s.server,
      transmitTime: s.transmitTime,
      offsetMs: s.offsetMs,
      delayMs: s.rttMs,
      stratum: s.stratum,
      leap: s.leap,
      usable: s.usable,
      error: s.error,
    })),
  };
  return {
    submitter: SYSTEM_SUBMITTER,
    contentType: CLOCK_EVIDENCE_CONTENT_TYPE,
    payload: new TextEncoder().encode(JSON.stringify(evidence)),
    evidence,
  };
}
