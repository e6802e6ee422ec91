/**
 * Legal holds (issue 14; docs/spec.md "Retention and erasure"), admin tokens only:
 *
 * - `POST /v1/holds` `{"indexes"|"filter", "reason"}`: appends a hold record; 201 with the hold
 *   (its id is the record's index) and the record's receipt. A held entry cannot be erased (409).
 * - `GET /v1/holds`: every hold, released ones with `releasedBy`.
 * - `DELETE /v1/holds/<id>`: appends a release record; 200 with the hold and the receipt.
 */
import type { RequestHandler } from 'express';
import type { HoldState } from '../../erasure/erasure-state.js';
import { parseSelectionBody } from '../../erasure/selection-body.js';
import { requirePrincipal, requireRole } from '../auth.js';
import { bodyBytes } from '../body.js';
import { sendJson } from '../negotiate.js';
import { parseNumberParam, queryParams } from '../params.js';
import { receiptToJson } from '../receipt-encoding.js';
import type { LogContext } from '../served-log.js';
import { erasuresOf, selectionBody } from './erasures.js';
import type { RouteTable } from './route-table.js';

/** A hold as JSON. */
function holdJson(h: HoldState) {
  return {
    id: h.id,
    by: h.by,
    reason: h.reason,
    ...(h.indexes ? { indexes: h.indexes } : {}),
    ...(h.filter ? { filter: h.filter } : {}),
    ...(h.releasedBy !== undefined ? { releasedBy: h.releasedBy } : {}),
  };
}

/** The hold routes. */
export function holdRoutes(ctx: LogContext): RouteTable {
  const admin = requireRole(ctx, 'admin', 'Managing legal holds');
  const add: RequestHandler = async (req, res) => {
    const selection = parseSelectionBody(bodyBytes(req), 'A legal hold');
    const { receipt, hold } = await erasuresOf(ctx).hold(selection, requirePrincipal(res).name);
    res.status(201);
    sendJson(res, { hold: holdJson(hold), receipt: receiptToJson(receipt) });
  };
  const list: RequestHandler = async (req, res) => {
    queryParams(req, []);
    res.set('Cache-Control', 'no-cache');
    sendJson(res, { holds: (await erasuresOf(ctx).holds()).map(holdJson) });
  };
  const release: RequestHandler = async (req, res) => {
    const id = parseNumberParam(String(req.params['id']), 'The hold id');
    const { receipt, hold } = await erasuresOf(ctx).release(id, requirePrincipal(res).name);
    sendJson(res, { hold: holdJson(hold), receipt: receiptToJson(receipt) });
  };
  return {
    '/v1/holds': { get: [admin, list], post: [admin, selectionBody(), add] },
    '/v1/holds/:id': { delete: [admin, release] },
  };
}
