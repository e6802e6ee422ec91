/**
 * Entries (SPEC §5):
 *
 * - `GET /v1/entries/<index>`: the leaf bytes, its leaf hash, the decoded fields (times in
 *   RFC 3339), an inclusion proof against the latest checkpoint and that checkpoint;
 * - `GET /v1/entries?start=S&end=E`: entries S <= i < E for monitors, without proofs (tiles or
 *   /v1/proof serve those), truncated to maxRangeEntries and to the tree (never an error for a
 *   large range); `start` defaults to 0 and `end` to start + the cap.
 *
 * Payloads and nonces are included only for a reader token or when the log makes payloads
 * public (auth.ts `payloadAccess`); `payloadAvailable` says whether they are there. An entry
 * whose payload was erased (issue 14) has `erased: {"record": <index of the erasure record>}`.
 */
import type { RequestHandler } from 'express';
import type { EntryJson as FullEntryJson, EntrySummaryJson } from '../../../client/index.js';
import { cairn } from '../../../proto/gen/cairn.js';
import { hashLeaf } from '../../../merkle/index.js';
import { VerificationError, decodeLogEntry, encodeBase64, formatTimestamp, toProtoUint64, type LogEntry } from '../../../proofs/index.js';
import { ServerError } from '../../errors.js';
import type { LogContext } from '../served-log.js';
import { StoreError, type PayloadRecord } from '../../store/store.js';
import { payloadAccess, payloadAllowed } from '../auth.js';
import { responseFormat, sendNegotiated } from '../negotiate.js';
import { parseNumberParam, queryParams } from '../params.js';
import type { RouteTable } from './route-table.js';

/** One entry in JSON (client/wire-types.ts): `proof` and `checkpoint` only in `GET /v1/entries/<index>`. */
type EntryJson = EntrySummaryJson & Partial<Pick<FullEntryJson, 'proof' | 'checkpoint'>>;

/** One entry with everything needed for both representations. */
interface EntryView {
  index: number;
  leaf: Uint8Array;
  leafHash: Uint8Array;
  decoded: LogEntry;
  payload: PayloadRecord | undefined;
  /** The index of the erasure record that erased the payload (issue 14), if one did. */
  erasedBy?: number | undefined;
  proof?: { treeSize: number; hashes: Uint8Array[]; checkpoint: string };
}

function decodeStored(index: number, leaf: Uint8Array): LogEntry {
  try {
    return decodeLogEntry(leaf);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw new StoreError('STORE_CORRUPT', `entry ${index} in the store is not a valid LogEntry: ${err.message}`, { cause: err });
  }
}

function entryJson(v: EntryView): EntryJson {
  const d = v.decoded;
  return {
    index: v.index,
    entry: encodeBase64(v.leaf),
    leafHash: encodeBase64(v.leafHash),
    decoded: {
      timestamp: formatTimestamp(d.timestamp),
      submitter: d.submitter,
      contentType: d.contentType,
      commitment: encodeBase64(d.commitment),
      payloadSize: d.payloadSize,
      occurredAt: d.occurredAt === 0n ? null : formatTimestamp(d.occurredAt),
      // Only on flagged leaves (issue 15): stamped while the log's clock was unsynchronised.
      ...(d.clockUnsynchronized === true ? { clockUnsynchronized: true } : {}),
    },
    payloadAvailable: v.payload !== undefined && !v.payload.erased,
    ...(v.payload && !v.payload.erased ? { payload: encodeBase64(v.payload.payload), nonce: encodeBase64(v.payload.nonce) } : {}),
    ...(v.erasedBy !== undefined ? { erased: { record: v.erasedBy } } : {}),
    ...(v.proof
      ? {
          proof: { index: v.index, treeSize: v.proof.treeSize, leafHash: encodeBase64(v.leafHash), hashes: v.proof.hashes.map(encodeBase64) },
          checkpoint: v.proof.checkpoint,
        }
      : {}),
  };
}

function entryProto(v: EntryView): cairn.v1.Entry.$Properties {
  const d = v.decoded;
  return {
    index: v.index,
    entry: v.leaf,
    leafHash: v.leafHash,
    decoded: {
      timestamp: toProtoUint64(d.timestamp),
      submitter: d.submitter,
      contentType: d.contentType,
      commitment: d.commitment,
      payloadSize: d.payloadSize,
      occurredAt: toProtoUint64(d.occurredAt),
      ...(d.clockUnsynchronized === true ? { clockUnsynchronized: true } : {}),
    },
    payloadAvailable: v.payload !== undefined && !v.payload.erased,
    ...(v.payload && !v.payload.erased ? { payload: v.payload.payload, nonce: v.payload.nonce } : {}),
    ...(v.erasedBy !== undefined ? { erased: { record: v.erasedBy } } : {}),
    ...(v.proof ? { proof: { index: v.index, treeSize: v.proof.treeSize, hashes: v.proof.hashes, leafHash: v.leafHash }, checkpoint: v.proof.checkpoint } : {}),
  };
}

/** The routes of the entries API (GET only; appends are in write.ts). */
export function entryRoutes(ctx: LogContext): RouteTable {
  const { log } = ctx;
  const limits = ctx.policy.requestLimits;

  const one: RequestHandler = async (req, res) => {
    queryParams(req, []);
    const index = parseNumberParam(String(req.params['index']), 'The entry index');
    const format = responseFormat(req);
    await log.catchUpTo(index);
    const cp = log.checkpoint;
    if (index >= cp.treeSize) {
      throw new ServerError('NOT_FOUND', `The log has ${cp.treeSize} entries (indexes 0 to ${cp.treeSize - 1}); entry ${index} does not exist yet.`);
    }
    const [leaves, hashes, payload] = await Promise.all([
      log.leaves(index, index + 1),
      log.inclusionProof(index, cp.treeSize),
      payloadAllowed(res) ? log.payload(index) : undefined,
    ]);
    const leaf = leaves[0];
    if (leaf === undefined) throw new StoreError('STORE_CORRUPT', `entry ${index} is missing from the store`);
    await log.learnErasures(index, [payload]);
    const view: EntryView = {
      index,
      leaf,
      leafHash: hashLeaf(leaf),
      decoded: decodeStored(index, leaf),
      payload,
      erasedBy: log.erasureOf(index),
      proof: { treeSize: cp.treeSize, hashes, checkpoint: cp.note },
    };
    res.set('Cache-Control', 'no-cache');
    sendNegotiated(
      res,
      format,
      () => entryJson(view),
      () => cairn.v1.Entry.encode(entryProto(view)).finish(),
    );
  };

  const range: RequestHandler = async (req, res) => {
    const q = queryParams(req, ['start', 'end']);
    const format = responseFormat(req);
    const start = q.start === undefined ? 0 : parseNumberParam(q.start, 'start');
    const end = q.end === undefined ? undefined : parseNumberParam(q.end, 'end');
    if (end !== undefined && end < start) {
      throw new ServerError('INVALID_PARAMETER', `end=${end} is below start=${start}; the range is start <= index < end.`);
    }
    const treeSize = log.checkpoint.treeSize;
    // Truncate to the cap and to the tree; a range past the end is empty, not an error, so a
    // monitor can poll from the size it has.
    let stop = Math.max(start, Math.min(end ?? start + limits.maxRangeEntries, start + limits.maxRangeEntries, treeSize));
    let leaves = stop > start ? await log.leaves(start, stop) : [];
    let decoded = leaves.map((leaf, i) => decodeStored(start + i, leaf));
    let payloads: (PayloadRecord | undefined)[] = [];
    if (payloadAllowed(res)) {
      // A byte budget as well as an entry cap: the leaves say each payload's size, so the range
      // is cut before any payload is read (always at least one entry).
      let bytes = 0;
      let count = 0;
      while (count < decoded.length && (count === 0 || bytes + decoded[count]!.payloadSize <= limits.maxRangePayloadBytes)) {
        bytes += decoded[count]!.payloadSize;
        count++;
      }
      leaves = leaves.slice(0, count);
      decoded = decoded.slice(0, count);
      stop = start + count;
      payloads = await log.payloads(start, stop);
      await log.learnErasures(start, payloads);
    }
    const views: EntryView[] = leaves.map((leaf, i) => ({
      index: start + i,
      leaf,
      leafHash: hashLeaf(leaf),
      decoded: decoded[i]!,
      payload: payloads[i],
      erasedBy: log.erasureOf(start + i),
    }));
    res.set('Cache-Control', 'no-cache');
    sendNegotiated(
      res,
      format,
      () => ({ start, end: stop, entries: views.map(entryJson) }),
      () => cairn.v1.EntryList.encode({ start, end: stop, entries: views.map(entryProto) }).finish(),
    );
  };

  const payloads = payloadAccess(ctx);
  return {
    '/v1/entries': { get: [payloads, range] },
    '/v1/entries/:index': { get: [payloads, one] },
  };
}
