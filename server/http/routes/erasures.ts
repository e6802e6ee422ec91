/**
 * `POST /v1/erasures` (issue 14; docs/spec.md "Retention and erasure"), admin tokens only:
 * erases the payloads of the selected entries as a recorded erasure (server/erasure/system-log.ts:
 * the record first, then the payloads). 201 with the erasure record's receipt and the erased
 * indexes; 409 ENTRY_HELD when a legal hold covers one of them.
 */
import type { RequestHandler } from 'express';
import { parseSelectionBody } from '../../erasure/selection-body.js';
import type { SystemLog } from '../../erasure/system-log.js';
import { ServerError } from '../../errors.js';
import { requirePrincipal, requireRole } from '../auth.js';
import { bodyBytes, rawBody } from '../body.js';
import { sendJson } from '../negotiate.js';
import { receiptToJson } from '../receipt-encoding.js';
import type { LogContext } from '../served-log.js';
import type { RouteTable } from './route-table.js';

/** Bytes an erasure or hold request body may have. */
export const SELECTION_BODY_LIMIT = 256 * 1024;

/** The log's erasures, or 503 while they are not started (a bug in the wiring, never input). */
export function erasuresOf(ctx: LogContext): SystemLog {
  const system = ctx.log.erasures;
  if (system === undefined) throw new ServerError('STORE_UNAVAILABLE', 'Erasures and holds are not started on this log yet; retry shortly.', { retryAfter: 1 });
  return system;
}

/** A body parser for selection requests. */
export function selectionBody(): RequestHandler {
  return rawBody(
    SELECTION_BODY_LIMIT,
    () => new ServerError('PAYLOAD_TOO_LARGE', `A selection body may have at most ${SELECTION_BODY_LIMIT} bytes; list fewer indexes per request.`),
  );
}

/** The erasure route. */
export function erasureRoutes(ctx: LogContext): RouteTable {
  const erase: RequestHandler = async (req, res) => {
    const admin = requirePrincipal(res).name;
    const selection = parseSelectionBody(bodyBytes(req), 'An erasure');
    const outcome = await erasuresOf(ctx).erase(selection, admin);
    res.status(201);
    res.set('Location', `${req.baseUrl}/v1/entries/${outcome.receipt.index}`);
    sendJson(res, { record: outcome.receipt.index, erased: outcome.indexes, receipt: receiptToJson(outcome.receipt) });
  };
  return { '/v1/erasures': { post: [requireRole(ctx, 'admin', 'Erasing payloads'), selectionBody(), erase] } };
}
