/**
 * The postings of committed entries: the submitter from the leaf (SPEC §3 LogEntry), actor,
 * action and target from the payload when it is a JSON audit event (docs/events.md).
 *
 * Leaves are scanned, not decoded: the index needs two strings and a size of each LogEntry, and
 * the full decode (protobufjs, plus the canonical re-encoding check) cost more than the rest of
 * indexing an entry together.
 */
import { logEntryLayout } from '../../proofs/index.js';
import { eventFieldsOf } from './event-fields.js';
import type { SourcePayload } from './entry-source.js';
import type { Posting } from './index-store.js';
import type { IndexedField } from './keys.js';

/** What indexing a chunk found, beside its postings. */
export interface ChunkPostings {
  postings: Posting[];
  /** Entries whose payload gave no indexed field (not JSON, not an object, no actor, action or target, or erased). */
  withoutFields: number;
  /** Entries whose leaf does not parse (damage fsck reports); not indexed at all. */
  undecodable: number;
}

/**
 * The `payload_size` of a LogEntry leaf, without decoding its strings: the follower needs only
 * this on the sequencer's thread (to bound a chunk's payload bytes); 0 for a malformed leaf.
 */
export function payloadSizeOf(leaf: Uint8Array): number {
  return logEntryLayout(leaf)?.payloadSize ?? 0;
}

/**
 * The UTF-8 strings of byte ranges of leaves, remembering the last one: a chunk's leaves repeat
 * few submitters and content types, so most are found equal to the last without decoding.
 */
class LastString {
  private bytes: Uint8Array = new Uint8Array(0);
  private value = '';

  of(leaf: Uint8Array, [start, end]: [number, number]): string {
    const { bytes } = this;
    if (end - start === bytes.length) {
      let same = true;
      for (let k = 0; k < bytes.length; k++) {
        if (leaf[start + k] !== bytes[k]) {
          same = false;
          break;
        }
      }
      if (same) return this.value;
    }
    this.bytes = leaf.slice(start, end);
    this.value = Buffer.from(leaf.buffer, leaf.byteOffset, leaf.byteLength).toString('utf8', start, end);
    return this.value;
  }
}

/**
 * Calls `emit` for every posting of entries first..first+leaves.length-1 and counts what could
 * not be indexed. Requires payloads.length === leaves.length. Never throws on entry contents:
 * what cannot be indexed is skipped and counted.
 */
export function forEachPosting(
  first: number,
  leaves: readonly Uint8Array[],
  payloads: readonly (SourcePayload | undefined)[],
  emit: (field: IndexedField, value: string, index: number) => void,
): Omit<ChunkPostings, 'postings'> & { postings: number } {
  const counts = { postings: 0, withoutFields: 0, undecodable: 0 };
  const put = (field: IndexedField, value: string, index: number): void => {
    counts.postings++;
    emit(field, value, index);
  };
  const submitters = new LastString();
  const contentTypes = new LastString();
  for (let i = 0; i < leaves.length; i++) {
    const index = first + i;
    const leaf = leaves[i]!;
    const layout = logEntryLayout(leaf);
    if (layout === undefined) {
      counts.undecodable++;
      continue;
    }
    if (layout.submitter[1] > layout.submitter[0]) put('submitter', submitters.of(leaf, layout.submitter), index);
    const payload = payloads[i];
    const fields = payload === undefined ? undefined : eventFieldsOf(payload.payload, contentTypes.of(leaf, layout.contentType));
    if (fields === undefined) {
      counts.withoutFields++;
      continue;
    }
    if (fields.actor !== undefined) put('actor', fields.actor, index);
    if (fields.action !== undefined) put('action', fields.action, index);
    if (fields.target !== undefined) put('target', fields.target, index);
  }
  return counts;
}

/** The postings of entries first..first+leaves.length-1, collected (forEachPosting). */
export function postingsOf(first: number, leaves: readonly Uint8Array[], payloads: readonly (SourcePayload | undefined)[]): ChunkPostings {
  const postings: Posting[] = [];
  const counts = forEachPosting(first, leaves, payloads, (field, value, index) => postings.push({ field, value, index }));
  return { postings, withoutFields: counts.withoutFields, undecodable: counts.undecodable };
}
