/**
 * The HTTP app (SPEC §4, §5) in two layers: the process (framing checks, the request log and
 * metrics, the auth-failure limiter, the 404 and the problem catalogue behind everything) and one
 * router per log (a thin assembly of the route modules in routes/), mountable at a prefix so one
 * process can serve many logs. Only GET (HEAD) and POST exist; every other method on a known path
 * is 405 with `Allow`, every unknown path 404, and every error an RFC 9457 problem (problems.ts).
 */
import express, { type Router } from 'express';
import { httpPolicy, type HttpPolicyOptions } from '../config.js';
import { silentLogger, type Logger } from '../logger.js';
import { AuthFailureLimiter, installAuthFailureLimiter, type AuthFailureLimits } from './auth-rate-limit.js';
import { fastAppendRoute } from './fast-append.js';
import { installFastPath } from './fast-path.js';
import { fastProofRoutes } from './fast-proofs.js';
import { refuseAmbiguousFraming } from './framing.js';
import { createMetrics, type Metrics } from './metrics.js';
import { notFoundHandler, problemHandler } from './problems.js';
import { observeRequests } from './request-log.js';
import { newRouter, servePath, type PathHandlers } from './routing.js';
import { checkpointRoutes } from './routes/checkpoints.js';
import { entryRoutes } from './routes/entries.js';
import { entryPayloadRoutes } from './routes/entry-payload.js';
import { erasureRoutes } from './routes/erasures.js';
import { holdRoutes } from './routes/holds.js';
import { retentionRoutes } from './routes/retention.js';
import { eventRoutes } from './routes/events.js';
import { explorerRoutes } from './routes/explorer.js';
import { healthRoutes } from './routes/health.js';
import { logInfoRoutes } from './routes/log-info.js';
import { submitterRoutes } from './routes/submitters.js';
import { proofRoutes } from './routes/proofs.js';
import { receiptRoutes } from './routes/receipts.js';
import type { RouteTable } from './routes/route-table.js';
import { tileRoutes } from './routes/tiles.js';
import { writeRoutes } from './routes/write.js';
import type { ServedLog } from './served-log.js';
import type { EventIndex } from '../index/index.js';

/** Options of the process layer. */
export interface ProcessAppOptions {
  /** One JSON line per request (default: none). */
  logger?: Logger;
  /** The metrics to feed (default: a new set). */
  metrics?: Metrics;
  /** Limits of failed authentications per client address (default: 20 a minute). */
  authFailureLimits?: Partial<AuthFailureLimits>;
  /** Passes writes to the leader when several processes serve the log (issue 11; forward-appends.ts). */
  forward?: express.RequestHandler;
}

/** Options of `createApp`: the process layer and the policy of its one log. */
export interface AppOptions extends ProcessAppOptions {
  /** Who may read and what a request may carry (default: public reads, private payloads, default limits). */
  policy?: HttpPolicyOptions;
  /** The log's search index: serves /v1/events and /v1/events/stream (issue 13). */
  events?: EventIndex;
}

/** Options of `logRouter`. */
export interface LogRouterOptions {
  policy?: HttpPolicyOptions;
  /** The metrics served at `/metrics` under the log's prefix. */
  metrics: Metrics;
  /** The log's search index: serves /v1/events and /v1/events/stream (issue 13). */
  events?: EventIndex;
}

/** A log router and where it is mounted ('' for the root; otherwise '/name', no trailing slash). */
export interface LogMount {
  prefix: string;
  router: Router;
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
      for (const method of ['get', 'post', 'delete'] as const) {
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
 * The router of one log: every route of SPEC §4-§5, relative to wherever it is mounted. It
 * handles no errors itself: the process app's problem handler answers them.
 */
export function logRouter(log: ServedLog, options: LogRouterOptions): Router {
  const ctx = { log, policy: httpPolicy(options.policy), ...(options.events ? { events: options.events } : {}) };
  // Order matters where patterns overlap: writeRoutes puts /v1/entries/batch before
  // entryRoutes' /v1/entries/:index, and tileRoutes lists /tile/entries/* before /tile/:level/*.
  // The append routes come first: they are the hottest, and express tries paths in order.
  const paths = mergeRouteTables([
    writeRoutes(ctx),
    healthRoutes(ctx, options.metrics),
    checkpointRoutes(ctx),
    tileRoutes(ctx),
    logInfoRoutes(ctx),
    submitterRoutes(ctx),
    entryRoutes(ctx),
    proofRoutes(ctx),
    receiptRoutes(ctx),
    entryPayloadRoutes(ctx),
    erasureRoutes(ctx),
    holdRoutes(ctx),
    retentionRoutes(ctx),
    eventRoutes(ctx),
    // Last: the web explorer's page at / and its files at /ui/ (issue 16) shadow no API path.
    explorerRoutes(),
  ]);
  const router = newRouter();
  for (const [path, handlers] of paths) servePath(router, path, handlers);
  return router;
}

/**
 * The process app serving the given log routers, each at its prefix: process middleware in
 * front, the 404 and the problem handler behind. Requires distinct prefixes.
 */
export function createProcessApp(mounts: readonly LogMount[], options: ProcessAppOptions = {}): express.Express {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? createMetrics();

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
  if (options.forward) app.use(options.forward);

  const seen = new Set<string>();
  for (const { prefix, router } of mounts) {
    if (prefix !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix)) throw new Error(`a log prefix must be '' or like '/name', not ${JSON.stringify(prefix)}`);
    if (seen.has(prefix)) throw new Error(`two logs are mounted at ${JSON.stringify(prefix)}`);
    seen.add(prefix);
    if (prefix === '') app.use(router);
    else app.use(prefix, router);
  }

  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}

/**
 * The express app serving one log at the root. The caller owns the log (opens and closes it)
 * and the server. Requires `log` open; `options.metrics`, when given, should also receive the
 * log's rounds (`CairnLog.open(config, { onRound: metrics.observeRound })`).
 */
export function createApp(log: ServedLog, options: AppOptions = {}): express.Express {
  const metrics = options.metrics ?? createMetrics();
  metrics.attach(log);
  if (options.events) metrics.attachIndex(options.events);
  const router = logRouter(log, { metrics, ...(options.policy ? { policy: options.policy } : {}), ...(options.events ? { events: options.events } : {}) });
  const app = createProcessApp([{ prefix: '', router }], { ...options, metrics });
  // The proof routes, answered before express when serveApp serves the app (issue 17),
  // and the single append, unless writes are forwarded to a leader (express forwards them).
  const ctx = { log, policy: httpPolicy(options.policy) };
  const logger = options.logger ?? silentLogger;
  installFastPath(app, [...fastProofRoutes(ctx), ...(options.forward ? [] : [fastAppendRoute(ctx, logger)])], { logger, metrics });
  return app;
}
