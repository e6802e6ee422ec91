/**
 * Public face of server/http/: the HTTP API of SPEC §4-§5. The CLI (`cairn serve`) uses
 * `startHttpServer` (or `createApp` with its own server) and `createMetrics`.
 */
export {
  createApp,
  createProcessApp,
  logRouter,
  mergeRouteTables,
  type AppOptions,
  type LogMount,
  type LogRouterOptions,
  type ProcessAppOptions,
} from './app.js';
export { receiptToJson, receiptToProtoBytes } from './receipt-encoding.js';
export type { LogContext, ServedLog } from './served-log.js';
export {
  startHttpServer,
  serveApp,
  HttpListenError,
  DEFAULT_HTTP_TIMEOUTS,
  type HttpListenErrorCode,
  type HttpServerOptions,
  type HttpTimeouts,
  type RunningHttpServer,
} from './server.js';
export { createMetrics, type Metrics } from './metrics.js';
export { forwardWrites, FORWARDED_BY_HEADER, type WriteRouting } from './forward-appends.js';
export { PROBLEMS, PROBLEM_TYPE_PREFIX, PROBLEM_CONTENT_TYPE, problemBody, toServerError, type ProblemBody, type ProblemKind } from './problems.js';
