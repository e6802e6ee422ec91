/**
 * `GET /v1/submitters` (issue 15, reader token): every writer seen since the server process
 * started, with its entry count, when it was last seen, and the skew of its clock (recorded time
 * minus occurred_at) as percentiles over its latest entries (server/drift/).
 */
import type { RequestHandler } from 'express';
import type { SubmittersJson } from '../../../client/index.js';
import { formatTimestamp } from '../../../proofs/index.js';
import { requireRole } from '../auth.js';
import { sendJson } from '../negotiate.js';
import { queryParams } from '../params.js';
import type { LogContext } from '../served-log.js';
import type { RouteTable } from './route-table.js';

/** The route of the writers' drift. */
export function submitterRoutes(ctx: LogContext): RouteTable {
  const list: RequestHandler = (req, res) => {
    queryParams(req, []);
    const { sinceNs, submitters } = ctx.log.submitters();
    res.set('Cache-Control', 'no-store');
    const body: SubmittersJson = {
      since: formatTimestamp(sinceNs),
      submitters: submitters.map((s) => ({
        submitter: s.submitter,
        entries: s.entries,
        lastSeen: formatTimestamp(s.lastSeenNs),
        withOccurredAt: s.withOccurredAt,
        oldEvents: s.oldEvents,
        skewMs: s.skewMs,
      })),
    };
    sendJson(res, body);
  };
  return { '/v1/submitters': { get: [requireRole(ctx, 'reader', "Reading the writers' clocks"), list] } };
}
