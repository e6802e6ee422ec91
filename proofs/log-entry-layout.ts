/**
 * A LogEntry leaf read without decoding it (SPEC §3): where its submitter and content type are,
 * and its payload size. The server's hot readers use it (the search index's postings, the erasure
 * state's catch-up) where a full decode (protobufjs, strings, the canonical re-encoding check)
 * would cost more than the rest of their work. Browser-safe.
 */

/** Where the indexed members of a LogEntry leaf are: byte ranges of submitter and content type, the payload size. */
export interface LogEntryLayout {
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
export function logEntryLayout(leaf: Uint8Array): LogEntryLayout | undefined {
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
  const out: LogEntryLayout = { submitter: [0, 0], contentType: [0, 0], payloadSize: 0 };
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
