/**
 * Which leaves can be the log's own records, without decoding them (issue 14, issue 17): the
 * erasure state's catch-up reads every committed leaf, and a full decode (strings, the canonical
 * re-encode check) of each cost a fifth of the append path's CPU. A record's leaf has submitter
 * `cairn`; this reads only the fields before `submitter` (LogEntry field 2, proto/cairn.proto)
 * and compares its bytes.
 */

/**
 * True when the LogEntry leaf's submitter (field 2) is exactly `name` (UTF-8 bytes). False for
 * any other submitter, for a leaf without one, and for bytes that do not parse as far as field 2
 * (fsck reports malformed leaves; they are no record of the log's).
 */
export function leafSubmitterIs(leaf: Uint8Array, name: Uint8Array): boolean {
  let o = 0;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (o >= leaf.length) return undefined;
      const b = leaf[o++]!;
      // Lengths and tags fit in 32 bits; larger varints (timestamps) are skipped, not summed.
      if (shift < 28) value |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return value >>> 0;
    }
    return undefined;
  };
  while (o < leaf.length) {
    const tag = varint();
    if (tag === undefined) return false;
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field > 2) return false; // fields come in order: no submitter
    if (wire === 0) {
      if (varint() === undefined) return false;
    } else if (wire === 2) {
      const length = varint();
      if (length === undefined || o + length > leaf.length) return false;
      if (field === 2) {
        if (length !== name.length) return false;
        for (let i = 0; i < length; i++) if (leaf[o + i] !== name[i]) return false;
        return true;
      }
      o += length;
    } else return false;
  }
  return false;
}
