/**
 * Which leaves can be the log's own records, without decoding them (issue 14, issue 17): the
 * erasure state's catch-up reads every committed leaf, and a full decode (strings, the canonical
 * re-encode check) of each cost a fifth of the append path's CPU. A record's leaf has submitter
 * `cairn`; this reads the leaf's layout (proofs/ logEntryLayout, no decode) and compares the
 * bytes of `submitter` (LogEntry field 2, proto/cairn.proto).
 */
import { logEntryLayout } from '../../proofs/index.js';

/**
 * True when the LogEntry leaf's submitter (field 2) is exactly `name` (UTF-8 bytes). False for
 * any other submitter, for a leaf without one, and for bytes that do not parse as a LogEntry
 * (fsck reports malformed leaves; they are no record of the log's).
 */
export function leafSubmitterIs(leaf: Uint8Array, name: Uint8Array): boolean {
  const layout = logEntryLayout(leaf);
  if (layout === undefined) return false;
  const [start, end] = layout.submitter;
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (leaf[start + i] !== name[i]) return false;
  return true;
}
