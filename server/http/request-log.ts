/**
 * One JSON log line and one metrics sample per request: method, route pattern, path, status,
 * milliseconds and the submitter's name. Never tokens, payloads, bodies or query strings (the
 * queries of payload routes could carry what a reader asked for).
 */
import type { Request, RequestHandler, Response } from 'express';
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

/**
 * Records `req` once its response ends or its client goes away (one log line, one metrics
 * sample), timed from now. Returns a function that stops watching without recording: the
 * pre-express fast path (fast-path.ts) uses it when it hands a request to express after all.
 * Requires `res.locals` (express's, or one the fast path set) and, for a route label, `req.route`.
 */
export function watchRequest(logger: Logger, metrics: Metrics, req: Request, res: Response): () => void {
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
  return () => {
    res.off('finish', record);
    res.off('close', record);
  };
}

/** The first middleware of the app: observes every request once it ends. */
export function observeRequests(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    watchRequest(logger, metrics, req, res);
    next();
  };
}
