/**
 * The log's own records of erasures and legal holds (issue 14; docs/spec.md "Retention and
 * erasure"): entries with submitter `cairn` (no token may take that name) and one of the content
 * types below, whose payload is a small JSON object. They list entry indexes, the admin's token
 * name and a reason; they never repeat the data they erase. The erasure and hold state of a log
 * is derived from these records alone (erasure-state.ts), so it survives any restart.
 */
import { SYSTEM_SUBMITTER } from '../auth/credentials.js';

export { SYSTEM_SUBMITTER };

/** An erasure record: the payloads of `indexes` are destroyed. */
export const ERASURE_CONTENT_TYPE = 'application/vnd.cairn.erasure+json';
/** A legal hold record: the entries it covers cannot be erased until it is released. */
export const HOLD_CONTENT_TYPE = 'application/vnd.cairn.hold+json';
/** A release record: the hold (by the index of its record) no longer applies. */
export const RELEASE_CONTENT_TYPE = 'application/vnd.cairn.hold-release+json';

/** Which entries a request means, besides explicit indexes (exact matches; at least one field). */
export interface EntryFilter {
  /** The credential name that appended the entry. */
  submitter?: string;
  /** The event's actor id (docs/events.md; JSON events only). */
  actor?: string;
  /** The event's target id (docs/events.md; JSON events only). */
  target?: string;
}

/** The payload of an erasure record. */
export interface ErasureRecord {
  /** The entries whose payloads this record erases, increasing. */
  indexes: number[];
  /**
   * Read in records written before 2026-12-06 only: the filter the admin asked for. No longer
   * written, because its value would name the person whose data the record erases.
   */
  filter?: EntryFilter;
  /** The admin token's name (or `retention` for the sweeper). */
  by: string;
  reason: string;
}

/** The payload of a hold record. */
export interface HoldRecord {
  /** Entries held by index. */
  indexes?: number[];
  /** Entries held by what they are: every entry that matches, now and later. */
  filter?: EntryFilter;
  by: string;
  reason: string;
}

/** The payload of a release record. */
export interface ReleaseRecord {
  /** The index of the hold's record. */
  hold: number;
  by: string;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** The JSON bytes of a record payload. */
export function encodeRecord(record: ErasureRecord | HoldRecord | ReleaseRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record));
}

function isIndexList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((i) => Number.isSafeInteger(i) && (i as number) >= 0);
}

function isFilter(v: unknown): v is EntryFilter {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => ['submitter', 'actor', 'target'].includes(k) && typeof (v as Record<string, unknown>)[k] === 'string');
}

function parseObject(payload: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(strict.decode(payload));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The erasure record in `payload`, or undefined when it is not one (fsck reports that). */
export function parseErasureRecord(payload: Uint8Array): ErasureRecord | undefined {
  const o = parseObject(payload);
  if (!o || !isIndexList(o['indexes']) || typeof o['by'] !== 'string' || typeof o['reason'] !== 'string') return undefined;
  if (o['filter'] !== undefined && !isFilter(o['filter'])) return undefined;
  return { indexes: o['indexes'], by: o['by'], reason: o['reason'], ...(o['filter'] ? { filter: o['filter'] as EntryFilter } : {}) };
}

/** The hold record in `payload`, or undefined when it is not one. */
export function parseHoldRecord(payload: Uint8Array): HoldRecord | undefined {
  const o = parseObject(payload);
  if (!o || typeof o['by'] !== 'string' || typeof o['reason'] !== 'string') return undefined;
  const indexes = o['indexes'];
  const filter = o['filter'];
  if (indexes !== undefined && !isIndexList(indexes)) return undefined;
  if (filter !== undefined && !isFilter(filter)) return undefined;
  if (indexes === undefined && filter === undefined) return undefined;
  return { by: o['by'], reason: o['reason'], ...(indexes ? { indexes } : {}), ...(filter ? { filter } : {}) };
}

/** The release record in `payload`, or undefined when it is not one. */
export function parseReleaseRecord(payload: Uint8Array): ReleaseRecord | undefined {
  const o = parseObject(payload);
  if (!o || !Number.isSafeInteger(o['hold']) || typeof o['by'] !== 'string') return undefined;
  return { hold: o['hold'] as number, by: o['by'] };
}
