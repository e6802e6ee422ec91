/**
 * The JSON bodies of POST /v1/erasures and POST /v1/holds (issue 14; docs/spec.md):
 * `{"indexes": [..]} | {"filter": {"actor"|"submitter"|"target": "..."}}` plus `"reason"`.
 * Anything else is MALFORMED_REQUEST (400) with a sentence saying what to send.
 */
import { ServerError } from '../errors.js';
import type { EntrySelection } from './system-log.js';

/** Longest reason, in characters: a sentence or a ticket reference, not a document. */
export const MAX_REASON_CHARS = 1000;
/** Most indexes one request may list. */
export const MAX_REQUEST_INDEXES = 10_000;

const decoder = new TextDecoder('utf-8', { fatal: true });

function malformed(detail: string): ServerError {
  return new ServerError('MALFORMED_REQUEST', detail);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a selection body; `what` names the request in messages ("An erasure"). */
export function parseSelectionBody(body: Uint8Array, what: string): EntrySelection {
  const shape = '{"indexes": [3, 7]} or {"filter": {"actor": "alice"}}, with "reason": "..."';
  let doc: unknown;
  try {
    doc = JSON.parse(decoder.decode(body));
  } catch {
    throw malformed(`${what} takes a JSON body ${shape}; the body is not valid UTF-8 JSON.`);
  }
  if (!isObject(doc)) throw malformed(`${what} takes a JSON object ${shape}.`);
  for (const key of Object.keys(doc)) {
    if (!['indexes', 'filter', 'reason'].includes(key)) throw malformed(`${what} has the unknown member ${JSON.stringify(key.slice(0, 64))}; send ${shape}.`);
  }
  const reason = doc['reason'];
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON_CHARS) {
    throw malformed(
      `${what} needs "reason": a non-empty string of at most ${MAX_REASON_CHARS} characters (a ticket or request reference; never the data itself).`,
    );
  }
  const { indexes, filter } = doc;
  if ((indexes === undefined) === (filter === undefined)) throw malformed(`${what} takes exactly one of "indexes" and "filter": ${shape}.`);
  if (indexes !== undefined) {
    if (!Array.isArray(indexes) || indexes.length === 0 || !indexes.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) {
      throw malformed(`"indexes" must be a non-empty array of entry indexes (integers >= 0).`);
    }
    if (indexes.length > MAX_REQUEST_INDEXES) throw malformed(`"indexes" lists ${indexes.length} entries; send at most ${MAX_REQUEST_INDEXES} per request.`);
    return { indexes: indexes as number[], reason };
  }
  if (!isObject(filter) || Object.keys(filter).length === 0) throw malformed(`"filter" must be an object with one or more of "actor", "submitter", "target".`);
  for (const [k, v] of Object.entries(filter)) {
    if (!['actor', 'submitter', 'target'].includes(k))
      throw malformed(`"filter" has the unknown member ${JSON.stringify(k.slice(0, 64))}; use "actor", "submitter" or "target".`);
    if (typeof v !== 'string' || v === '') throw malformed(`"filter".${k} must be a non-empty string.`);
  }
  return { filter: filter as Record<string, string>, reason };
}
