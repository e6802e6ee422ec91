/**
 * What `GET /v1/events` and `GET /v1/events/stream` share (issue 13 parts 3-4): the filter
 * parameters, the mapping of the index's refusals onto 400 problems, and complete receipts of
 * found entries against one checkpoint, skipping entries whose payload is gone (erased, issue 14).
 */
import { hashLeaf } from '../../merkle/index.js';
import { decodeLogEntry } from '../../proofs/index.js';
import type { Receipt } from '../sequencer/types.js';
import { StoreError } from '../store/store.js';
import { ServerError } from '../errors.js';
import { IndexError, INDEXED_FIELDS, parseRangeBound, type SearchQuery } from '../index/index.js';
import { ReceiptTextEncoder } from './receipt-encoding.js';
import type { ServedLog } from './served-log.js';

/** The filter parameters of both endpoints (search.ts SearchQuery members of the same names). */
export const FILTER_PARAMS = ['actor', 'action', 'target', 'submitter'] as const;
/** Every parameter of `GET /v1/events`. */
export const SEARCH_PARAMS = [...FILTER_PARAMS, 'since', 'until', 'limit', 'cursor', 'order'] as const;
/** Every parameter of `GET /v1/events/stream`. */
export const STREAM_PARAMS = [...FILTER_PARAMS, 'after'] as const;

/** An entry left out of an answer, and why. */
export interface SkippedEntry {
  index: number;
  /** `payload-erased`: the entry is in the log but its payload is no longer stored. */
  reason: 'payload-erased';
}

/** The filters of `params` (undefined members left out). */
export function filtersOf(params: Partial<Record<(typeof FILTER_PARAMS)[number], string>>): Pick<SearchQuery, (typeof FILTER_PARAMS)[number]> {
  const out: Pick<SearchQuery, (typeof FILTER_PARAMS)[number]> = {};
  for (const name of FILTER_PARAMS) if (params[name] !== undefined) out[name] = params[name];
  return out;
}

/** The search query of `GET /v1/events` parameters. Throws INVALID_PARAMETER naming the parameter. */
export function searchQueryOf(params: Partial<Record<(typeof SEARCH_PARAMS)[number], string>>): SearchQuery {
  const query: SearchQuery = filtersOf(params);
  try {
    if (params.since !== undefined) query.since = parseRangeBound(params.since, 'since');
    if (params.until !== undefined) query.until = parseRangeBound(params.until, 'until');
  } catch (err) {
    throw toSearchProblem(err);
  }
  if (params.limit !== undefined) {
    if (!/^[1-9][0-9]{0,5}$/.test(params.limit)) throw searchProblem('limit', 'INVALID_LIMIT', 'limit must be an integer from 1 to 1000 (default 100).');
    query.limit = Number(params.limit);
  }
  if (params.order !== undefined) {
    if (params.order !== 'asc' && params.order !== 'desc')
      throw searchProblem('order', 'INVALID_ORDER', 'order must be asc (oldest first) or desc (newest first, the default).');
    query.order = params.order;
  }
  if (params.cursor !== undefined) query.cursor = params.cursor;
  return query;
}

const PARAMETER_OF: Readonly<Record<string, string>> = {
  INVALID_LIMIT: 'limit',
  INVALID_ORDER: 'order',
  INVALID_CURSOR: 'cursor',
  CURSOR_EXPIRED: 'cursor',
  CURSOR_MISMATCH: 'cursor',
};

function searchProblem(parameter: string, reason: string, detail: string, cause?: unknown): ServerError {
  return new ServerError('INVALID_PARAMETER', detail, { cause, extra: { parameter, reason } });
}

/**
 * A search error as a problem: the index's input refusals become 400 INVALID_PARAMETER with the
 * members `parameter` and `reason` (the IndexError code); a closed index is SHUTTING_DOWN;
 * anything else is passed on (the problem handler maps it).
 */
export function toSearchProblem(err: unknown): unknown {
  if (!(err instanceof IndexError)) return err;
  switch (err.code) {
    case 'INDEX_CLOSED':
      return new ServerError('SHUTTING_DOWN', 'The log is shutting down; retry in a few seconds.', { cause: err, retryAfter: 2 });
    case 'INDEX_AHEAD':
    case 'INDEX_CORRUPT':
      return new ServerError('STORE_UNAVAILABLE', 'The search index cannot be read; the operator should run `cairn reindex`. Retry later.', {
        cause: err,
        retryAfter: 30,
      });
    case 'INVALID_FILTER': {
      const field = INDEXED_FIELDS.find((f) => err.message.startsWith(f)) ?? 'filter';
      return searchProblem(field, err.code, `${capitalise(err.message)}.`, err);
    }
    case 'INVALID_RANGE': {
      const parameter = err.message.startsWith('until') ? 'until' : 'since';
      return searchProblem(parameter, err.code, `${capitalise(err.message)}.`, err);
    }
    default:
      return searchProblem(PARAMETER_OF[err.code] ?? 'query', err.code, `${capitalise(err.message)}.`, err);
  }
}

/** "the cursor ..." -> "The cursor ..."; a sentence that starts with a parameter name keeps it as written. */
function capitalise(text: string): string {
  return text.startsWith('the ') ? `The ${text.slice(4)}` : text;
}

/** The signed note of the checkpoint of `treeSize`: the latest (with its cosignatures) or a stored one. */
export async function checkpointNote(log: Pick<ServedLog, 'checkpoint' | 'checkpointAt'>, treeSize: number): Promise<string> {
  const latest = log.checkpoint;
  if (latest.treeSize === treeSize) return latest.note;
  const stored = await log.checkpointAt(treeSize);
  if (stored === undefined) throw new ServerError('INTERNAL', `The checkpoint of size ${treeSize} is missing from the store.`);
  return stored.note;
}

/**
 * The timestamp of a committed leaf: LogEntry field 1, which the canonical encoding
 * (encodeLogEntry) writes first as a varint, read without decoding the rest (a full decode, with
 * its canonical re-encoding check, was 7% of a stream's CPU). Anything else is decoded strictly
 * (decodeLogEntry: throws VerificationError MALFORMED_ENTRY on a malformed leaf).
 */
export function leafTimestamp(leaf: Uint8Array): bigint {
  // 0x08: field 1, varint. Up to 10 varint bytes; the low 28 bits and the rest as two exact numbers.
  if (leaf[0] === 0x08) {
    let low = 0;
    let high = 0;
    for (let i = 1; i <= 10 && i < leaf.length; i++) {
      const b = leaf[i]!;
      if (i <= 4) low += (b & 0x7f) * 2 ** (7 * (i - 1));
      else high += (b & 0x7f) * 2 ** (7 * (i - 5));
      if (b < 0x80) {
        const value = (BigInt(high) << 28n) | BigInt(low);
        if (value !== 0n && value < 2n ** 64n) return value;
        break;
      }
    }
  }
  return decodeLogEntry(leaf).timestamp;
}

/** Receipts at most built at once (bounds memory and store reads in flight). */
const RECEIPT_BATCH = 256;

/**
 * The JSON receipts of `indexes` against the checkpoint of `treeSize`, in the given order, and the
 * entries skipped because their payload is gone. Requires every index < treeSize. A receipt's
 * text (exactly JSON.stringify of the receipt object) is its `head` (ASCII) then `tail` (UTF-8
 * bytes, the same for all: ReceiptTextEncoder).
 *
 * The same receipt as LogReader.receipt (an append's), built for many entries at once, per batch
 * of RECEIPT_BATCH: the leaves with each entry bundle read once, the payloads with each run of
 * consecutive indexes in one range read, the inclusion proofs together (they share one tree
 * size, so their nodes are read from the tiles once and the same hash arrays are encoded once),
 * the checkpoint once.
 */
export async function receiptsOf(
  log: Pick<ServedLog, 'leavesAt' | 'payloadsAt' | 'inclusionProofs' | 'checkpointAt'>,
  indexes: readonly number[],
  treeSize: number,
): Promise<{ receipts: { index: number; head: string }[]; tail: Uint8Array; skipped: SkippedEntry[] }> {
  const receipts: { index: number; head: string }[] = [];
  const skipped: SkippedEntry[] = [];
  const encoder = new ReceiptTextEncoder();
  if (indexes.length === 0) return { receipts, tail: encoder.tail, skipped };
  const stored = await log.checkpointAt(treeSize);
  if (stored === undefined) throw new StoreError('STORE_CORRUPT', `the checkpoint of size ${treeSize} is missing`);
  for (let i = 0; i < indexes.length; i += RECEIPT_BATCH) {
    const slice = indexes.slice(i, i + RECEIPT_BATCH);
    // The proofs are folded on this thread while the store reads leaves and payloads on its own
    // (an erased entry's proof is made and dropped: erasures are rare).
    const [leaves, payloads, proofs] = await Promise.all([log.leavesAt(slice), log.payloadsAt(slice), log.inclusionProofs(slice, treeSize)]);
    // Absent or erased (issue 14: a record without payload and nonce): no receipt can be built.
    slice.forEach((index, k) => {
      const payload = payloads[k];
      if (payload === undefined || payload.nonce.length === 0) {
        skipped.push({ index, reason: 'payload-erased' });
        return;
      }
      const leaf = leaves[k]!;
      const receipt: Receipt = {
        index,
        entry: leaf,
        leafHash: hashLeaf(leaf),
        timestamp: leafTimestamp(leaf),
        payload: payload.payload,
        nonce: payload.nonce,
        inclusion: proofs[k]!,
        checkpoint: stored.note,
        treeSize,
      };
      receipts.push({ index, head: encoder.head(receipt) });
    });
  }
  return { receipts, tail: encoder.tail, skipped };
}
