/**
 * The postings of committed entries: the submitter from the leaf (SPEC §3 LogEntry), actor,
 * action and target from the payload when it is a JSON audit event (docs/events.md).
 */
import { decodeLogEntry, extractIndexFields, type LogEntry } from '../../proofs/index.js';
import type { SourcePayload } from './entry-source.js';
import type { Posting } from './index-store.js';

/** What indexing a chunk found, beside its postings. */
export interface ChunkPostings {
  postings: Posting[];
  /** Entries whose payload gave no field (not JSON, not an object, no field, or erased). */
  withoutFields: number;
  /** Entries whose leaf does not decode (damage fsck reports); not indexed at all. */
  undecodable: number;
}

/** Decodes leaves for postingsOf: undefined where a leaf does not decode (never throws). */
export function decodeLeaves(leaves: readonly Uint8Array[]): (LogEntry | undefined)[] {
  return leaves.map((leaf) => {
    try {
      return decodeLogEntry(leaf);
    } catch {
      return undefined;
    }
  });
}

/**
 * The postings of entries first..first+entries.length-1 (decoded by decodeLeaves). Requires
 * payloads.length === entries.length. Never throws on entry contents: what cannot be indexed is
 * skipped and counted.
 */
export function postingsOf(first: number, entries: readonly (LogEntry | undefined)[], payloads: readonly (SourcePayload | undefined)[]): ChunkPostings {
  const out: ChunkPostings = { postings: [], withoutFields: 0, undecodable: 0 };
  for (let i = 0; i < entries.length; i++) {
    const index = first + i;
    const entry = entries[i];
    if (entry === undefined) {
      out.undecodable++;
      continue;
    }
    const { submitter, contentType } = entry;
    if (submitter.length > 0) out.postings.push({ field: 'submitter', value: submitter, index });
    const payload = payloads[i];
    const fields = payload === undefined ? undefined : extractIndexFields(payload.payload, contentType);
    if (fields === undefined) {
      out.withoutFields++;
      continue;
    }
    if (fields.actor !== undefined) out.postings.push({ field: 'actor', value: fields.actor, index });
    if (fields.action !== undefined) out.postings.push({ field: 'action', value: fields.action, index });
    if (fields.target !== undefined) out.postings.push({ field: 'target', value: fields.target, index });
  }
  return out;
}
