/**
 * The HTTP app of a log (SPEC §4, §5): a thin assembly of the route modules in routes/, with
 * the request log and metrics in front and the problem catalogue behind. Only GET (HEAD) and
 * POST exist; every other method on a known path is 405 with `Allow`, every unknown path 404,
 * and every error an RFC 9457 problem (problems.ts).
 */
import express from 'express';
import type { CairnLog } from '../log.js';
import { silentLogger, type Logger } from '../logger.js';
import { AuthFailureLimiter, installAuthFailureLimiter, type AuthFailureLimits } from './auth-rate-limit.js';
import { refuseAmbiguousFraming } from './framing.js';
import { createMetrics, type Metrics } from './metrics.js';
import { notFoundHandler, problemHandler } from './problems.js';
import { observeRequests } from './request-log.js';
import { newRouter, servePath, type PathHandlers } from './routing.js';
import { checkpointRoutes } from './routes/checkpoints.js';
import { entryRoutes } from './routes/entries.js';
import { healthRoutes } from './routes/health.js';
import { logInfoRoutes } from './routes/log-info.js';
import { proofRoutes } from './routes/proofs.js';
import type { RouteTable } from './routes/route-table.js';
import { tileRoutes } from './routes/tiles.js';
import { writeRoutes } from './routes/write.js';

/** Options of `createApp`. */
export interface AppOptions {
  /** One JSON line per request (default: none). */
  logger?: Logger;
  /** The metrics to feed and serve at /metrics (default: a new set). */
  metrics?: Metrics;
  /** Limits of failed authentications per client address (default: 20 a minute). */
  authFailureLimits?: Partial<AuthFailureLimits>;
}

/**
 * Merges route tables in order. A path in several tables gets the methods of all of them;
 * a method given twice for one path is a programming error.
 */
export function mergeRouteTables(tables: readonly RouteTable[]): Map<string, PathHandlers> {
  const merged = new Map<string, PathHandlers>();
  for (const table of tables) {
    for (const [path, handlers] of Object.entries(table)) {
      const into = merged.get(path) ?? {};
      for (const method of ['get', 'post'] as const) {
        const h = handlers[method];
        if (h === undefined) continue;
        if (into[method] !== undefined) throw new Error(`two route modules serve ${method.toUpperCase()} ${path}`);
        into[method] = h;
      }
      merged.set(path, into);
    }
  }
  return merged;
}

/**
 * The express app serving `log`. The caller owns the log (opens and closes it) and the server.
 * Requires `log` open; `options.metrics`, when given, should also receive the log's rounds
 * (`CairnLog.open(config, { onRound: metrics.observeRound })`).
 */
export function createApp(log: CairnLog, options: AppOptions = {}): express.Express {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? createMetrics();
  metrics.attach(log);

  const app = express();
  app.disable('x-powered-by');
  // Bodies are hashed and compared by the clients themselves; weak ETags would only cost time.
  app.set('etag', false);
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.set('query parser', 'simple');
  installAuthFailureLimiter(app, new AuthFailureLimiter(options.authFailureLimits, { onLimited: (address) => logger('auth_failures_limited', { address }) }));

  app.use(observeRequests(logger, metrics));
  app.use((_req, res, next) => {
    // Checkpoints are text and problems JSON: never let a browser guess another type.
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(refuseAmbiguousFraming());

  // Order matters where patterns overlap: writeRoutes puts /v1/entries/batch before
  // entryRoutes' /v1/entries/:index, and tileRoutes lists /tile/entries/* before /tile/:level/*.
  // The append routes come first: they are the hottest, and express tries paths in order.
  const paths = mergeRouteTables([
    writeRoutes(log),
    healthRoutes(log, metrics),
    checkpointRoutes(log),
    tileRoutes(log),
    logInfoRoutes(log),
    entryRoutes(log),
    proofRoutes(log),
  ]);
  const router = newRouter();
  for (const [path, handlers] of paths) servePath(router, path, handlers);
  app.use(router);

  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
