/**
 * The postings of committed entries: the submitter from the leaf (SPEC §3 LogEntry), actor,
 * action and target from the payload when it is a JSON audit event (docs/events.md).
 *
 * Leaves are scanned, not decoded: the index needs two strings and a size of each LogEntry, and
 * the full decode (protobufjs, plus the canonical re-encoding check) cost more than the rest of
 * indexing an entry together.
 */
import { extractIndexFields } from '../../proofs/index.js';
import type { SourcePayload } from './entry-source.js';
import type { Posting } from './index-store.js';
import type { IndexedField } from './keys.js';

/** What indexing a chunk found, beside its postings. */
export interface ChunkPostings {
  postings: Posting[];
  /** Entries whose payload gave no field (not JSON, not an object, no field, or erased). */
  withoutFields: number;
  /** Entries whose leaf does not parse (damage fsck reports); not indexed at all. */
  undecodable: number;
}

/** Where the indexed members of a LogEntry leaf are: byte ranges of submitter and content type, the payload size. */
interface LeafLayout {
  submitter: [number, number];
  contentType: [number, number];
  payloadSize: number;
}

/**
 * Walks the protobuf fields of a LogEntry leaf (SPEC §3: 1 timestamp, 2 submitter, 3
 * content_type, 4 commitment, 5 payload_size, 6 occurred_at, 7 clock_unsynchronized; unknown
 * fields skipped by wire type). Undefined when the bytes are not a well-formed message, a
 * field has the wrong wire type, or payload_size is not a safe integer.
 */
function layoutOf(leaf: Uint8Array): LeafLayout | undefined {
  let o = 0;
  const varint = (): number | undefined => {
    let value = 0;
    let scale = 1;
    for (let shift = 0; shift < 70; shift += 7) {
      if (o >= leaf.length) return undefined;
      const b = leaf[o++]!;
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return value;
    }
    return undefined;
  };
  const out: LeafLayout = { submitter: [0, 0], contentType: [0, 0], payloadSize: 0 };
  while (o < leaf.length) {
    const key = varint();
    if (key === undefined) return undefined;
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const v = varint();
      if (v === undefined) return undefined;
      if (field === 5) {
        if (!Number.isSafeInteger(v)) return undefined;
        out.payloadSize = v;
      } else if (field === 2 || field === 3 || field === 4) return undefined;
    } else if (wire === 2) {
      const length = varint();
      if (length === undefined || o + length > leaf.length) return undefined;
      if (field === 2) out.submitter = [o, o + length];
      else if (field === 3) out.contentType = [o, o + length];
      else if (field === 1 || field === 5 || field === 6 || field === 7) return undefined;
      o += length;
    } else if (wire === 1 || wire === 5) {
      o += wire === 1 ? 8 : 4;
      if (o > leaf.length) return undefined;
    } else return undefined;
  }
  return out;
}

/**
 * The `payload_size` of a LogEntry leaf, without decoding its strings: the follower needs only
 * this on the sequencer's thread (to bound a chunk's payload bytes); 0 for a malformed leaf.
 */
export function payloadSizeOf(leaf: Uint8Array): number {
  return layoutOf(leaf)?.payloadSize ?? 0;
}

function utf8Of(leaf: Uint8Array, [start, end]: [number, number]): string {
  return Buffer.from(leaf.buffer, leaf.byteOffset, leaf.byteLength).toString('utf8', start, end);
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
  for (let i = 0; i < leaves.length; i++) {
    const index = first + i;
    const leaf = leaves[i]!;
    const layout = layoutOf(leaf);
    if (layout === undefined) {
      counts.undecodable++;
      continue;
    }
    if (layout.submitter[1] > layout.submitter[0]) put('submitter', utf8Of(leaf, layout.submitter), index);
    const payload = payloads[i];
    const fields = payload === undefined ? undefined : extractIndexFields(payload.payload, utf8Of(leaf, layout.contentType));
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
