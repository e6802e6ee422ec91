/**
 * `GET /v1/entries/<index>/receipt[?witnessed=1]` (issue 12 part 4; docs/spec.md): the receipt of
 * an entry (SPEC §4), rebuilt from the store, so an app can upgrade the one it got at append time.
 *
 * - without `witnessed`: against the latest checkpoint, its note with the cosignatures the log
 *   holds for it (often none yet);
 * - `witnessed=1`: against the newest checkpoint that meets the log's witness policy, its note
 *   with those cosignatures, so `verifyReceipt(receipt, key, { policy })` passes. 503
 *   NOT_WITNESSED (Retry-After) while no witnessed checkpoint covers the entry; 404 NOT_FOUND
 *   when the log asks no witnesses.
 *
 * A receipt carries the payload and nonce, so it needs what payloads need: a reader token, or a
 * log with public payloads.
 *
 * The receipt of an entry whose payload was erased (issue 14; SPEC §4.4, §5.9) is the same receipt
 * without payload and nonce, with `erased: {"record": K}`, K the index of the erasure record: it
 * still proves the leaf (and so the commitment, time and submitter), not the payload.
 */
import type { RequestHandler } from 'express';
import { hashLeaf } from '../../../merkle/index.js';
import { decodeLogEntry, type ErasedReceiptParts } from '../../../proofs/index.js';
import { ServerError } from '../../errors.js';
import { payloadAccess, payloadAllowed } from '../auth.js';
import { responseFormat, sendNegotiated } from '../negotiate.js';
import { parseNumberParam, queryParams } from '../params.js';
import { receiptToJson, receiptToProtoBytes } from '../receipt-encoding.js';
import type { LogContext, ServedLog } from '../served-log.js';
import type { RouteTable } from './route-table.js';

/** The receipt route. */
export function receiptRoutes(ctx: LogContext): RouteTable {
  const { log } = ctx;
  const receipt: RequestHandler = async (req, res) => {
    const { witnessed } = queryParams(req, ['witnessed']);
    if (witnessed !== undefined && witnessed !== '1') {
      throw new ServerError('INVALID_PARAMETER', `witnessed must be 1 (or absent), not ${JSON.stringify(witnessed.slice(0, 32))}.`);
    }
    const index = parseNumberParam(String(req.params['index']), 'The entry index');
    const format = responseFormat(req);
    if (!payloadAllowed(res)) {
      throw new ServerError('UNAUTHENTICATED', 'A receipt carries the payload and nonce: send a reader token (Authorization: Bearer ...).');
    }
    const w = log.witnessing;
    let treeSize = log.checkpoint.treeSize;
    if (witnessed === '1') {
      if (w === undefined)
        throw new ServerError(
          'NOT_FOUND',
          'This log asks no witnesses (it runs without --witness-policy), so it has no witnessed checkpoint; drop witnessed=1.',
        );
      treeSize = w.witnessedSize ?? 0;
      if (index >= treeSize) {
        throw new ServerError(
          'NOT_WITNESSED',
          `No checkpoint that meets the witness quorum covers entry ${index} yet (the newest witnessed size is ${treeSize}); retry later.`,
          { retryAfter: 1 },
        );
      }
    }
    if (index >= treeSize) throw new ServerError('NOT_FOUND', `No entry at index ${index}: the log has ${treeSize} entries.`);
    const parts = await receiptOrErased(log, index, treeSize);
    const upgraded = w === undefined ? parts : { ...parts, checkpoint: await w.decorateStored({ treeSize, note: parts.checkpoint }) };
    res.set('Cache-Control', 'no-cache');
    sendNegotiated(
      res,
      format,
      () => receiptToJson(upgraded),
      () => receiptToProtoBytes(upgraded),
    );
  };
  return { '/v1/entries/:index/receipt': { get: [payloadAccess(ctx), receipt] } };
}

/**
 * The receipt of entry `index` at `treeSize`: with its payload, or, once an erasure record K
 * covers it, without (ErasedReceiptParts). The record is known before the payload goes (it is
 * committed first), so a payload that vanishes while the receipt is read is answered from the
 * state read again. Requires index < treeSize <= the committed size.
 */
async function receiptOrErased(log: ServedLog, index: number, treeSize: number): Promise<Awaited<ReturnType<ServedLog['receipt']>> | ErasedReceiptParts> {
  const record = log.erasureOf(index);
  if (record === undefined) {
    try {
      return await log.receipt(index, treeSize);
    } catch (err) {
      if (!(err instanceof ServerError)) throw err;
      // Erased meanwhile, maybe by another process whose record this one has not read yet: catch up, then answer from the state.
      if (log.erasureOf(index) === undefined) await log.erasures?.catchUp();
      if (log.erasureOf(index) === undefined) throw err;
      return receiptOrErased(log, index, treeSize);
    }
  }
  const [checkpoint, leaves, inclusion] = await Promise.all([log.checkpointAt(treeSize), log.leaves(index, index + 1), log.inclusionProof(index, treeSize)]);
  const entry = leaves[0];
  if (checkpoint === undefined || entry === undefined)
    throw new ServerError('INTERNAL', `Entry ${index} or the checkpoint at size ${treeSize} is missing from the store.`);
  return {
    index,
    entry,
    leafHash: hashLeaf(entry),
    timestamp: decodeLogEntry(entry).timestamp,
    erased: { record },
    inclusion,
    checkpoint: checkpoint.note,
    treeSize,
  };
}
