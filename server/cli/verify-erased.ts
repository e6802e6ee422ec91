/**
 * `cairn verify` of the receipt of an erased entry (issue 14; SPEC §4.4, §5.9): what it proves,
 * and the optional check of the erasure record it names (`--record FILE`).
 *
 * Such a receipt proves the leaf (index, recorded time, submitter, content type, the commitment
 * and size of the payload) in a signed tree, not the payload, whose bytes and nonce are gone.
 * The record K in `erased` is the server's claim: on its own, verifyReceipt checks only that it
 * comes after the entry. With `--record FILE`, the receipt of entry K itself, K is checked too:
 * that receipt must verify with the same key, carry its payload, be entry K, be a record of the
 * log's own (submitter `cairn`, content type application/vnd.cairn.erasure+json), and list the
 * erased entry.
 */
import {
  VerificationError,
  encodeBase64,
  formatKeyId,
  formatTimestamp,
  type LogEntry,
  type VerifiedErasedReceipt,
  type VerifiedReceipt,
  type VerifierKey,
} from '../../proofs/index.js';
import { ERASURE_CONTENT_TYPE, SYSTEM_SUBMITTER, parseErasureRecord } from '../erasure/system-records.js';

/** What `--record` established about the erasure record. */
export interface CheckedErasureRecord {
  index: number;
  by: string;
  reason: string;
  treeSize: number;
}

/**
 * Checks that `record` (a verified receipt, with its payload) is the erasure record `erased`
 * names and that it lists the erased entry. Throws VerificationError FIELD_MISMATCH saying what
 * differs, or PAYLOAD_ERASED when the record's own receipt has no payload.
 */
export function checkErasureRecord(erased: VerifiedErasedReceipt, record: VerifiedReceipt | VerifiedErasedReceipt): CheckedErasureRecord {
  const k = erased.erased.record;
  if (record.erased !== undefined) throw new VerificationError('PAYLOAD_ERASED', `the receipt given as --record (entry ${record.index}) carries no payload`);
  if (record.index !== k)
    throw new VerificationError('FIELD_MISMATCH', `the receipt says entry ${k} erased the payload, but --record is the receipt of entry ${record.index}`);
  if (record.entry.submitter !== SYSTEM_SUBMITTER || record.entry.contentType !== ERASURE_CONTENT_TYPE) {
    throw new VerificationError(
      'FIELD_MISMATCH',
      `entry ${k} is not an erasure record of the log (submitter ${JSON.stringify(record.entry.submitter)}, content type ${JSON.stringify(record.entry.contentType)})`,
    );
  }
  const parsed = parseErasureRecord(record.payload);
  if (parsed === undefined) throw new VerificationError('FIELD_MISMATCH', `the payload of entry ${k} is not a valid erasure record`);
  if (!parsed.indexes.includes(erased.index)) throw new VerificationError('FIELD_MISMATCH', `the erasure record ${k} does not list entry ${erased.index}`);
  return { index: k, by: parsed.by, reason: parsed.reason, treeSize: record.treeSize };
}

/** The summary rows of a leaf, for every receipt `cairn verify` prints (index to clock). */
export function leafRows(v: { index: number; entry: LogEntry }): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['index', String(v.index)],
    ['recorded at', formatTimestamp(v.entry.timestamp)],
    ['submitter', v.entry.submitter],
    ['content type', v.entry.contentType],
  ];
  if (v.entry.occurredAt !== 0n) rows.push(['occurred at', formatTimestamp(v.entry.occurredAt)]);
  // LogEntry field 7 (issue 15): the order is still proven, the time's accuracy is not.
  if (v.entry.clockUnsynchronized === true)
    rows.push(['clock', "UNSYNCHRONIZED: the log's clock was off NTP when it recorded this time (see the clock entries around it)"]);
  return rows;
}

/** The --json form of a leaf, for every receipt `cairn verify` prints. */
export function entryJson(entry: LogEntry): Record<string, unknown> {
  return {
    timestamp: formatTimestamp(entry.timestamp),
    submitter: entry.submitter,
    contentType: entry.contentType,
    commitment: encodeBase64(entry.commitment),
    payloadSize: entry.payloadSize,
    occurredAt: entry.occurredAt === 0n ? null : formatTimestamp(entry.occurredAt),
    ...(entry.clockUnsynchronized === true ? { clockUnsynchronized: true } : {}),
  };
}

/** The rows of an erased entry's summary. */
function erasedRows(v: VerifiedErasedReceipt): Array<[string, string]> {
  const rows = leafRows(v);
  rows.push(
    ['event', `payload erased by entry ${v.erased.record} (it was ${v.entry.payloadSize} bytes; the leaf keeps only its commitment)`],
    ['tree size', String(v.treeSize)],
    ['origin', v.checkpoint.origin],
    ['leaf hash', encodeBase64(v.leafHash)],
  );
  return rows;
}

/** The human summary of an erased entry's receipt. */
export function erasedSummary(v: VerifiedErasedReceipt, key: VerifierKey, record: CheckedErasureRecord | undefined): string {
  const lines = [
    `OK: the receipt verifies with ${key.name}+${formatKeyId(key.keyId)}: entry ${v.index} is in the log; payload erased by entry ${v.erased.record}.`,
  ];
  for (const [k, val] of erasedRows(v)) lines.push(`  ${`${k}:`.padEnd(14)} ${val}`);
  lines.push(
    record === undefined
      ? `  The erasure record ${v.erased.record} is the log's claim, not checked: verify it with --record FILE (the receipt of entry ${v.erased.record}).`
      : `  The erasure record ${record.index} verifies too and lists entry ${v.index} (by ${JSON.stringify(record.by)}, reason ${JSON.stringify(record.reason)}).`,
  );
  return lines.join('\n') + '\n';
}

/** The --json members of every verified receipt: key, checkpoint and leaf. */
export function verifiedJson(v: VerifiedReceipt | VerifiedErasedReceipt, key: VerifierKey): Record<string, unknown> {
  return {
    verified: true,
    verifierKey: key.text,
    origin: v.checkpoint.origin,
    index: v.index,
    treeSize: v.treeSize,
    rootHash: encodeBase64(v.checkpoint.rootHash),
    leafHash: encodeBase64(v.leafHash),
    entry: entryJson(v.entry),
  };
}

/** The --json output of an erased entry's receipt. */
export function erasedJson(v: VerifiedErasedReceipt, key: VerifierKey, record: CheckedErasureRecord | undefined): Record<string, unknown> {
  return {
    ...verifiedJson(v, key),
    erased: { record: v.erased.record, recordChecked: record !== undefined, ...(record ? { by: record.by, reason: record.reason } : {}) },
    message: `payload erased by entry ${v.erased.record}`,
    checkpoint: v.checkpointNote,
  };
}
