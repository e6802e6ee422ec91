/**
 * Operations (SPEC §5): `GET /healthz` (the process answers), `GET /readyz` (the log accepts
 * appends: 503 while its store fails or it shuts down) and `GET /metrics` (Prometheus text).
 * /healthz and /readyz never need a token, so orchestrators can probe them; /metrics is a read
 * like any other.
 */
import type { RequestHandler } from 'express';
import { clockRefusal } from '../../clock/index.js';
import { ServerError } from '../../errors.js';
import type { LogContext } from '../served-log.js';
import { readAccess } from '../auth.js';
import type { Metrics } from '../metrics.js';
import { sendJson } from '../negotiate.js';
import type { RouteTable } from './route-table.js';

/** The routes of health and metrics. */
export function healthRoutes(ctx: LogContext, metrics: Metrics): RouteTable {
  const { log } = ctx;
  const alive: RequestHandler = (_req, res) => {
    res.set('Cache-Control', 'no-store');
    sendJson(res, { status: 'ok' });
  };
  const ready: RequestHandler = (_req, res) => {
    if (!log.healthy) {
      throw new ServerError(
        'STORE_UNAVAILABLE',
        log.unreadyReason ?? 'The log is not accepting appends right now: its store failed (the next round retries) or it is shutting down. Retry later.',
        {
          retryAfter: 1,
        },
      );
    }
    // Policy `refuse` and a clock off NTP: appends get 503, so the log is not ready (issue 15).
    if (log.clockRefusing) throw clockRefusal(log.clock);
    res.set('Cache-Control', 'no-store');
    sendJson(res, { status: 'ready', treeSize: log.checkpoint.treeSize });
  };
  const scrape: RequestHandler = async (_req, res) => {
    const text = await metrics.render();
    res.set('Content-Type', metrics.contentType);
    res.set('Cache-Control', 'no-store');
    res.send(text);
  };
  return {
    '/healthz': { get: [alive] },
    '/readyz': { get: [ready] },
    '/metrics': { get: [readAccess(ctx), scrape] },
  };
}
