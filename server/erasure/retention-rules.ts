/**
 * Retention rules (issue 14; docs/spec.md "Retention and erasure"): how long payloads are kept,
 * per submitter or per content type, set with POST /v1/retention and recorded in the log as
 * `application/vnd.cairn.retention+json` entries (the latest record is the rule set in force).
 * `cairn serve --retention-days N` is the default for entries no rule names. The leaf's own
 * timestamp (when the log recorded the entry) is the age's start: a writer cannot shorten or
 * stretch it.
 */
import { ServerError } from '../errors.js';

/** The content type of a retention record. */
export const RETENTION_CONTENT_TYPE = 'application/vnd.cairn.retention+json';

/** One rule: entries of this submitter (or content type) keep their payloads this long. */
export interface RetentionRule {
  submitter?: string;
  contentType?: string;
  /** Age (since the entry was recorded) after which the payload is erased, in seconds. */
  maxAgeSeconds: number;
}

/** The payload of a retention record: the whole rule set from then on. */
export interface RetentionRecord {
  rules: RetentionRule[];
  by: string;
  reason: string;
}

/** The longest age a rule may set: 100 years. */
export const MAX_RETENTION_SECONDS = 100 * 366 * 86_400;

function isRule(v: unknown): v is RetentionRule {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  const keys = Object.keys(r);
  if (!keys.every((k) => ['submitter', 'contentType', 'maxAgeSeconds'].includes(k))) return false;
  if ((r['submitter'] === undefined) === (r['contentType'] === undefined)) return false;
  if (r['submitter'] !== undefined && (typeof r['submitter'] !== 'string' || r['submitter'] === '')) return false;
  if (r['contentType'] !== undefined && (typeof r['contentType'] !== 'string' || r['contentType'] === '')) return false;
  const age = r['maxAgeSeconds'];
  return Number.isSafeInteger(age) && (age as number) >= 1 && (age as number) <= MAX_RETENTION_SECONDS;
}

/** The rules of a POST /v1/retention body `{"rules": [...], "reason": "..."}`; MALFORMED_REQUEST otherwise. */
export function parseRetentionBody(body: Uint8Array): { rules: RetentionRule[]; reason: string } {
  const shape = '{"rules": [{"submitter": "billing", "maxAgeSeconds": 31536000}, {"contentType": "...", "maxAgeSeconds": ...}], "reason": "..."}';
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new ServerError('MALFORMED_REQUEST', `Retention rules are a JSON body ${shape}; the body is not valid UTF-8 JSON.`);
  }
  const o = doc as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Object.keys(o).every((k) => k === 'rules' || k === 'reason')) {
    throw new ServerError('MALFORMED_REQUEST', `Retention rules are a JSON object ${shape}.`);
  }
  if (typeof o['reason'] !== 'string' || o['reason'].trim() === '' || o['reason'].length > 1000) {
    throw new ServerError('MALFORMED_REQUEST', 'Retention rules need "reason": a non-empty string of at most 1000 characters.');
  }
  const rules = o['rules'];
  if (!Array.isArray(rules) || rules.length > 1000 || !rules.every(isRule)) {
    throw new ServerError(
      'MALFORMED_REQUEST',
      `"rules" must be an array (at most 1000) of rules, each with exactly one of "submitter" or "contentType" and "maxAgeSeconds" (1 to ${MAX_RETENTION_SECONDS}): ${shape}. An empty array removes every rule.`,
    );
  }
  return { rules, reason: o['reason'] };
}

/** The retention record in `payload`, or undefined when it is not one. */
export function parseRetentionRecord(payload: Uint8Array): RetentionRecord | undefined {
  try {
    const o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) as Record<string, unknown>;
    if (!Array.isArray(o['rules']) || !o['rules'].every(isRule) || typeof o['by'] !== 'string' || typeof o['reason'] !== 'string') return undefined;
    return { rules: o['rules'], by: o['by'], reason: o['reason'] };
  } catch {
    return undefined;
  }
}

/**
 * The age in ns after which an entry's payload expires: its submitter's rule, else its content
 * type's, else the default (undefined: kept forever).
 */
export function maxAgeNs(
  rules: readonly RetentionRule[],
  entry: { submitter: string; contentType: string },
  defaultSeconds: number | undefined,
): bigint | undefined {
  const seconds =
    rules.find((r) => r.submitter === entry.submitter)?.maxAgeSeconds ??
    rules.find((r) => r.contentType === entry.contentType)?.maxAgeSeconds ??
    defaultSeconds;
  return seconds === undefined ? undefined : BigInt(seconds) * 1_000_000_000n;
}
