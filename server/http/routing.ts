/**
 * Route registration shared by the route modules: strict routers (no trailing-slash or case
 * variants of a path) and paths that answer 405 with `Allow` for every method they do not serve.
 * GET (with HEAD) and POST, and DELETE for releasing a legal hold (issue 14), which appends a
 * release record: no route edits or deletes anything of the log (SPEC §4, §6.6).
 */
import express, { type RequestHandler, type Router } from 'express';
import { methodNotAllowed } from './problems.js';

/** A router with strict routing and case-sensitive paths. */
export function newRouter(): Router {
  return express.Router({ strict: true, caseSensitive: true });
}

/** The handlers of one path, by method. */
export interface PathHandlers {
  get?: RequestHandler[];
  post?: RequestHandler[];
  /** Only DELETE /v1/holds/<id> (issue 14): it appends a release record. */
  delete?: RequestHandler[];
}

/** Registers `path` on `router` with its handlers, and 405 (204 for OPTIONS) for other methods. */
export function servePath(router: Router, path: string, handlers: PathHandlers): void {
  const route = router.route(path);
  const allowed: string[] = [];
  if (handlers.get) {
    route.get(...handlers.get);
    allowed.push('GET', 'HEAD');
  }
  if (handlers.post) {
    route.post(...handlers.post);
    allowed.push('POST');
  }
  if (handlers.delete) {
    route.delete(...handlers.delete);
    allowed.push('DELETE');
  }
  route.all(methodNotAllowed(allowed));
}

/** How long a response may be cached. */
export type Freshness = 'immutable' | 'short' | 'none';

/**
 * The Cache-Control of a read response. Content that never changes is cacheable for a year,
 * `short` for a few seconds (SPEC §2), `none` must be revalidated. When the log requires a
 * reader token for reads, shared caches must not store anything (`private`), or they would
 * serve it to clients without a token.
 */
export function cacheControl(requireReaderForReads: boolean | undefined, freshness: Freshness): string {
  if (freshness === 'none') return 'no-cache';
  const scope = requireReaderForReads ? 'private' : 'public';
  return freshness === 'immutable' ? `${scope}, max-age=31536000, immutable` : `${scope}, max-age=5`;
}
