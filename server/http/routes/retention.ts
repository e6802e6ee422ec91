/**
 * Retention rules (issue 14; docs/spec.md "Retention and erasure"), admin tokens only:
 *
 * - `POST /v1/retention` `{"rules": [{"submitter"|"contentType", "maxAgeSeconds"}], "reason"}`:
 *   records the whole rule set in the log (the latest record is in force); 201 with the record's
 *   receipt. The sweeper applies it on its next run.
 * - `GET /v1/retention`: the rules in force and the index of their record.
 */
import type { RequestHandler } from 'express';
import { parseRetentionBody } from '../../erasure/retention-rules.js';
import { requirePrincipal, requireRole } from '../auth.js';
import { bodyBytes } from '../body.js';
import { sendJson } from '../negotiate.js';
import { queryParams } from '../params.js';
import { receiptToJson } from '../receipt-encoding.js';
import type { LogContext } from '../served-log.js';
import { erasuresOf, selectionBody } from './erasures.js';
import type { RouteTable } from './route-table.js';

/** The retention routes. */
export function retentionRoutes(ctx: LogContext): RouteTable {
  const admin = requireRole(ctx, 'admin', 'Managing retention');
  const set: RequestHandler = async (req, res) => {
    const { rules, reason } = parseRetentionBody(bodyBytes(req));
    const receipt = await erasuresOf(ctx).setRetention(rules, requirePrincipal(res).name, reason);
    res.status(201);
    sendJson(res, { rules, record: receipt.index, receipt: receiptToJson(receipt) });
  };
  const get: RequestHandler = (req, res) => {
    queryParams(req, []);
    const current = erasuresOf(ctx).state.retention();
    res.set('Cache-Control', 'no-cache');
    sendJson(res, current === undefined ? { rules: [] } : { rules: current.rules, record: current.record, by: current.by, reason: current.reason });
  };
  return { '/v1/retention': { get: [admin, get], post: [admin, selectionBody(), set] } };
}
