/**
 * A real Cairn HTTP server for tests: a CairnLog on a fresh temp folder (real LevelDB unless a
 * store is given) and the HTTP server on 127.0.0.1 port 0. Every test stops what it started:
 * `stop()` closes the server and the log and removes the folder.
 */
import type { OpenHooks } from '../../server/cairn-log.js';
import { CairnLog } from '../../server/cairn-log.js';
import type { HttpPolicyOptions, LogConfig } from '../../server/config.js';
import { createMetrics, startHttpServer, type HttpTimeouts, type Metrics, type RunningHttpServer } from '../../server/http/index.js';
import { openServedIndex, type EventIndex } from '../../server/index/index.js';
import { silentLogger, type Logger } from '../../server/logger.js';
import type { LogStore } from '../../server/store/store.js';
import { TempDirs } from './temp-dir.js';

/** What a test may change. */
export interface TestServerOptions {
  /** Merged over `{dataDir, origin: 'test.example/log'}`; the HTTP policy fields go to the app. */
  config?: Partial<LogConfig> & HttpPolicyOptions;
  /** A store to open the log on instead of LevelDB (fault injection). */
  store?: LogStore;
  timeouts?: Partial<HttpTimeouts>;
  maxConnectionsPerAddress?: number;
  logger?: Logger;
  /** Also run the search index and serve /v1/events as `cairn serve` does (issue 13). */
  events?: boolean;
}

/** A running server and its log. */
export interface TestServer {
  url: string;
  log: CairnLog;
  http: RunningHttpServer;
  metrics: Metrics;
  dataDir: string;
  /** The `default` writer token made on the folder's first start. */
  writerToken: string;
  /** A new token with `role` under `name`. */
  addToken(name: string, role: 'writer' | 'reader'): Promise<string>;
  /** Stops the server and the log and opens the same folder again (a restart); new url. */
  restart(): Promise<TestServer>;
  /** Stops the server and closes the log, and removes the folder. */
  stop(): Promise<void>;
}

/** The origin of every test log. */
export const TEST_ORIGIN = 'test.example/log';

/** Serves an already open log (e.g. one on a MemoryKv store). `close()` leaves the log open. */
export async function serveLog(
  log: CairnLog,
  options: {
    metrics?: Metrics;
    timeouts?: Partial<HttpTimeouts>;
    logger?: Logger;
    maxConnectionsPerAddress?: number;
    policy?: HttpPolicyOptions;
    events?: EventIndex;
  } = {},
): Promise<RunningHttpServer> {
  return startHttpServer(log, {
    host: '127.0.0.1',
    port: 0,
    ...(options.events ? { events: options.events } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.maxConnectionsPerAddress !== undefined ? { maxConnectionsPerAddress: options.maxConnectionsPerAddress } : {}),
  });
}

async function open(options: TestServerOptions, temp: TempDirs, dataDir: string, token: string | undefined): Promise<TestServer> {
  const metrics = createMetrics();
  const hooks: OpenHooks = { onRound: (r) => metrics.observeRound(r), ...(options.store ? { store: options.store } : {}) };
  const { requestLimits, requireReaderForReads, publicPayloads, ...config } = options.config ?? {};
  const policy: HttpPolicyOptions = { ...(requestLimits ? { requestLimits } : {}), requireReaderForReads, publicPayloads };
  const log = await CairnLog.open({ dataDir, origin: TEST_ORIGIN, ...config }, hooks);
  let http: RunningHttpServer;
  let events: EventIndex | undefined;
  try {
    if (options.events === true) events = await openServedIndex(log, dataDir, silentLogger);
    const { events: _index, ...serveOptions } = options;
    http = await serveLog(log, { metrics, ...serveOptions, policy, ...(events ? { events } : {}) });
  } catch (err) {
    await events?.close();
    await log.close();
    throw err;
  }
  const writerToken = token ?? log.firstStart?.token;
  if (writerToken === undefined) throw new Error('the test folder has no default writer token');
  const self: TestServer = {
    url: http.url,
    log,
    http,
    metrics,
    dataDir,
    writerToken,
    async addToken(name, role) {
      return (await log.credentials.add(name, role)).token;
    },
    async restart() {
      await http.close();
      await events?.close();
      await log.close();
      return open(options, temp, dataDir, writerToken);
    },
    async stop() {
      await http.close();
      await events?.close();
      await log.close();
      await temp.cleanup();
    },
  };
  return self;
}

/** Opens a log on a fresh temp folder and serves it on 127.0.0.1, port 0. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const temp = new TempDirs();
  const dataDir = await temp.make('cairn-http-');
  try {
    return await open(options, temp, dataDir, undefined);
  } catch (err) {
    await temp.cleanup();
    throw err;
  }
}
