/**
 * One JSON log line and one metrics sample per request: method, route pattern, path, status,
 * milliseconds and the submitter's name. Never tokens, payloads, bodies or query strings (the
 * queries of payload routes could carry what a reader asked for).
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { principalOf } from './auth.js';
import type { Metrics } from './metrics.js';
import { safePath } from './problems.js';

/** Status recorded for a request whose client went away before the response was complete. */
export const CLIENT_CLOSED_STATUS = 499;

/** The route pattern that served `req` (bounded label values), or `unmatched`. */
function routeOf(req: Request): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : 'unmatched';
}

/** The first middleware of the app: observes every request once it ends. */
export function observeRequests(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const ms = performance.now() - started;
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_STATUS;
      const route = routeOf(req);
      metrics.observeRequest(req.method, route, status, ms / 1000);
      const submitter = principalOf(res)?.name;
      logger('request', {
        method: req.method,
        route,
        path: safePath(req),
        status,
        ms: Math.round(ms * 100) / 100,
        ...(submitter === undefined ? {} : { submitter }),
      });
    };
    res.on('finish', record);
    res.on('close', record);
    next();
  };
}
