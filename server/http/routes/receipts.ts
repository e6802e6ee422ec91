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
import { ServerError } from '../../errors.js';
import { payloadAccess, payloadAllowed } from '../auth.js';
import { responseFormat, sendNegotiated } from '../negotiate.js';
import { parseNumberParam, queryParams } from '../params.js';
import { receiptToJson, receiptToProtoBytes } from '../receipt-encoding.js';
import type { LogContext } from '../served-log.js';
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
    await log.catchUpTo(index);
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
    const parts = await log.receiptOrErased(index, treeSize);
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
