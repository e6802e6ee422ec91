/**
 * A path in front of express's routing for the hottest plain reads (issue 17): a request is
 * offered to the fast routes first, and whatever they do not take goes to express unchanged. express costs a proof request more than the proof itself (its router walks every
 * layer of the app and of the log router, middleware closures, the query parser, `res.set`,
 * `vary`); a fast route answers the same bytes with node's response alone.
 *
 * A fast route takes only requests whose answer it can give exactly as express would: a GET
 * (not HEAD), the exact path with a query, no Authorization and no Transfer-Encoding header, a
 * Host header, an Accept header that is absent or exactly one of the common forms, a query of
 * digits only, and parameters the route accepts. Everything else (bad input, tokens, odd
 * framing, content negotiation beyond the common forms) goes to express, whose answer (a
 * problem, a 401, a 405, ...) is then the only one there is. When a fast route's work fails
 * (a store error), the request goes to express too, which answers it from the start.
 *
 * Kept identical to the express app (app.ts): the request log line and metrics sample
 * (request-log.ts `watchRequest`, with the route pattern as label), `X-Content-Type-Options:
 * nosniff` first, then the route's own headers. test/server/http/fast-path.test.ts compares the
 * two paths' bytes.
 */
import type { Express, Request, Response } from 'express';
import type http from 'node:http';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';
import { JSON_TYPE, PROTOBUF_TYPE, type Format } from './negotiate.js';
import { watchRequest } from './request-log.js';

/** What a fast route answers: headers beyond nosniff, in order, and the body. */
export interface FastAnswer {
  send(res: Response): void;
}

/**
 * One path served before express. `prepare` gets the raw query (after `?`, digits, letters, `=`
 * and `&` only) and the negotiated format, and returns the work that answers the request, or
 * undefined to leave the request to express. It must not throw, and must take no request
 * express would answer differently.
 */
export interface FastRoute {
  /** The exact path, also the route label of the request log (express's route pattern). */
  path: string;
  /** POST: offered every POST to the exact path (no query), with its head, to check all of it itself (fast-append.ts). Default GET. */
  method?: 'POST';
  prepare(query: string, format: Format, req?: http.IncomingMessage): (() => Promise<FastAnswer>) | undefined;
}

/** express's `app.handle(req, res, callback)`. */
type Handle = (req: http.IncomingMessage, res: http.ServerResponse, callback?: (err?: unknown) => void) => void;

/** What the fast path records each request with: the app's logger and metrics. */
export interface FastPathOptions {
  logger: Logger;
  metrics: Metrics;
}

/**
 * The format of a request's Accept header when it is one of the forms express's negotiation
 * (negotiate.ts `responseFormat`) answers without doubt, else undefined: no header, any type,
 * exactly JSON, exactly protobuf.
 */
export function fastFormat(accept: string | undefined): Format | undefined {
  if (accept === undefined || accept === '*/*' || accept === JSON_TYPE) return 'json';
  if (accept === PROTOBUF_TYPE) return 'protobuf';
  return undefined;
}

/**
 * The parameters of a query made only of `name=digits` pairs joined by `&`, each name in
 * `allowed` and given once; undefined for anything else (express's parser and the route's
 * checks decide those). The values are not checked for canonical form here.
 */
export function digitQuery<K extends string>(query: string, allowed: readonly K[]): Partial<Record<K, string>> | undefined {
  const out: Partial<Record<K, string>> = {};
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    const eq = query.indexOf('=', start);
    if (eq <= start || eq >= end) return undefined;
    const name = query.slice(start, eq) as K;
    if (!allowed.includes(name) || out[name] !== undefined) return undefined;
    const value = query.slice(eq + 1, end);
    if (!/^[0-9]{1,16}$/.test(value)) return undefined;
    out[name] = value;
    start = end + 1;
  }
  return out;
}

/**
 * A canonical decimal (no sign, no leading zero, at most 2^53-1) as params.ts's
 * `parseNumberParam` accepts it, or undefined where that would refuse it. Requires digits only.
 */
export function canonicalNumber(digits: string | undefined): number | undefined {
  if (digits === undefined || (digits.length > 1 && digits.charCodeAt(0) === 48)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The fast route that takes `req`, with its query and format, or undefined. */
function offer(routes: Map<string, FastRoute>, req: http.IncomingMessage): (() => Promise<FastAnswer>) | undefined {
  const url = req.url ?? '';
  if (req.method === 'POST') {
    const post = routes.get(url);
    const format = fastFormat(req.headers.accept);
    return post?.method === 'POST' && format !== undefined ? post.prepare('', format, req) : undefined;
  }
  if (req.method !== 'GET') return undefined;
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const route = routes.get(url.slice(0, q));
  if (route === undefined || route.method !== undefined) return undefined;
  const h = req.headers;
  if (h.host === undefined || h.authorization !== undefined || h['transfer-encoding'] !== undefined) return undefined;
  const format = fastFormat(h.accept);
  if (format === undefined) return undefined;
  const query = url.slice(q + 1);
  if (!/^[A-Za-z0-9=&]*$/.test(query)) return undefined;
  return route.prepare(query, format, req);
}

/**
 * Serves `routes` in front of `app`'s express handling: express calls `app.handle` for every
 * request (`app(req, res)`), so the fast routes take theirs there and pass the others on. Only
 * requests node made with express's prototypes (server.ts `expressNativeClasses`, which every
 * server of serveApp uses) are offered; others (a bare `http.createServer(app)`) go to express.
 */
export function installFastPath(app: Express, routes: readonly FastRoute[], options: FastPathOptions): void {
  if (routes.length === 0) return;
  const byPath = new Map(routes.map((r) => [r.path, r]));
  const expressHandle = (app as unknown as { handle: Handle }).handle.bind(app);
  const handle: Handle = (incoming, outgoing, callback) => {
    const work = Object.getPrototypeOf(incoming) === app.request ? offer(byPath, incoming) : undefined;
    if (work === undefined) {
      expressHandle(incoming, outgoing, callback);
      return;
    }
    // What express's app.handle and router would have set for the request log: the circular
    // references, the locals, and the matched route.
    const req = incoming as Request;
    const res = outgoing as Response;
    req.res = res;
    res.req = req;
    res.locals = Object.create(null) as Response['locals'];
    req.route = { path: req.url.split('?', 1)[0] };
    const unwatch = watchRequest(options.logger, options.metrics, req, res);
    const toExpress = (): void => {
      // express answers it from the start (a problem for the store error, or the proof).
      unwatch();
      req.route = undefined;
      expressHandle(incoming, outgoing, callback);
    };
    work().then((answer) => {
      try {
        res.setHeader('X-Content-Type-Options', 'nosniff');
        answer.send(res);
      } catch (err) {
        // Never an unhandled rejection: before the head went out express can still answer.
        if (res.headersSent) res.destroy(err as Error);
        else {
          for (const name of res.getHeaderNames()) res.removeHeader(name);
          toExpress();
        }
      }
    }, toExpress);
  };
  (app as unknown as { handle: Handle }).handle = handle;
}
