/**
 * The process composition of a running log (what `cairn serve` runs once its flags are parsed):
 * open the log in its data folder, the admin socket for `cairn token`, the HTTP API, and a
 * graceful stop. Structured JSON lines go to the logger (lifecycle, one per round, one per
 * request).
 */
import { mkdir } from 'node:fs/promises';
import { startAdminServer, type AdminServer } from './admin/index.js';
import type { HttpPolicyOptions, LogConfig } from './config.js';
import { CairnLog } from './cairn-log.js';
import { ClusterNode, defaultAdvertiseUrl, openSharedLog, type SharedLog } from './cluster/index.js';
import { retentionMetrics } from './erasure/retention-metrics.js';
import { RetentionSweeper } from './erasure/retention-sweeper.js';
import { ClockDiscipline, type ClockSettings } from './clock/index.js';
import { dataPaths } from './data-folder.js';
import { SubmitterDrift } from './drift/index.js';
import { createMetrics, forwardWrites, startHttpServer } from './http/index.js';
import { openServedIndex, type EventIndex } from './index/index.js';
import type { Logger } from './logger.js';
import { LogOpenError, type FirstStart } from './provision.js';
import { LogClock, hostClock } from './sequencer/clock.js';
import type { RoundReport } from './sequencer/types.js';
import { StoreError } from './store/store.js';
import { startWitnessing, WitnessSettingsError, type WitnessLoop, type WitnessLoopOptions } from './witnessing/index.js';

/** Defaults of `cairn serve` (documented in the README). */
export const SERVE_DEFAULTS = {
  dataDir: './data',
  host: '127.0.0.1',
  port: 8080,
  shutdownGraceMs: 10_000,
} as const;

/** Everything `startServing` needs, resolved from flags and variables. */
export interface ServeSettings {
  log: LogConfig;
  /** How the HTTP API serves the log (who may read, request limits). */
  policy: HttpPolicyOptions;
  host: string;
  /** 0 binds a free port; the `listening` line says which. */
  port: number;
  /** How long SIGTERM lets waiting requests be sequenced before refusing them. */
  shutdownGraceMs: number;
  /** NTP servers, bound and policy (issue 15); absent or no servers: status `unchecked`. */
  clock?: ClockSettings;
  /** Between clock checks, ms (default 64 s; tests shorten it with CAIRN_CLOCK_INTERVAL_MS). */
  clockIntervalMs?: number;
  /** Entries whose occurred_at is older than this when recorded are counted (--warn-event-age-seconds). */
  warnEventAgeSeconds?: number;
  /** `--witness-policy` and friends (issue 12): ask these witnesses to cosign; absent: no witnessing. */
  witness?: WitnessLoopOptions;
  /** `--retention-days` (issue 14): the default age after which payloads are erased. */
  retentionDays?: number;
  /** Between retention sweeps, ms (default 60 s; tests shorten it with CAIRN_RETENTION_INTERVAL_MS). */
  retentionIntervalMs?: number;
  /** The least time between purges of erased entries from the search index, ms (default 15 min; CAIRN_INDEX_PURGE_INTERVAL_MS). */
  indexPurgeIntervalMs?: number;
  /**
   * `--store postgres://...` (issue 11): the log lives in a database several processes share
   * (`log.keyFile` is then required); `log.dataDir` keeps only this process's own state (search
   * index, admin socket).
   */
  store?: string;
  /** `--advertise-url`: where the other processes forward writes (default: the bound URL). */
  advertiseUrl?: string;
}

/** A running log: what `startServing` started, and how to stop it. */
export interface RunningLog {
  log: CairnLog;
  /** The base URL of the HTTP API, with the port actually bound. */
  url: string;
  admin: AdminServer;
  /** The clock check and its policy (issue 15). */
  clock: ClockDiscipline;
  /** Graceful stop; safe to call more than once (later calls await the first). */
  stop(reason: string): Promise<void>;
}

/** Words an operator can act on for the errors of opening a log. */
function openFailure(err: unknown, dataDir: string): Error {
  if (err instanceof LogOpenError) return new Error(`refusing to start: ${err.message}`, { cause: err });
  if (err instanceof StoreError && err.code === 'STORE_LOCKED') {
    return new Error(
      `refusing to start: the data folder ${dataDir} is in use by another process (another \`cairn serve\` or a \`cairn token\` command); ` +
        'run one server per data folder',
      { cause: err },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Opens the log in `settings.log.dataDir`, starts the admin socket and the HTTP API, and logs
 * `listening` with the bound URL. Prints the first-start block through `firstStart` when the
 * folder was new. Throws an Error with an operator's sentence when it cannot start; whatever it
 * had started is closed again first.
 */
export async function startServing(
  settings: ServeSettings,
  logger: Logger,
  firstStart: (origin: string, first: FirstStart, where?: string) => void,
): Promise<RunningLog> {
  const dataDir = settings.log.dataDir;
  const metrics = createMetrics();
  const onRound = (report: RoundReport): void => {
    logger('round', {
      entries: report.entries,
      requests: report.requests,
      treeSize: report.treeSize,
      ms: Math.round(report.ms * 1000) / 1000,
      commitMs: Math.round(report.commitMs * 1000) / 1000,
      ...(report.error ? { error: report.error.message } : {}),
    });
    metrics.observeRound(report);
  };
  // One wall clock for the stamps and for the NTP check, so the check measures the stamps' clock.
  const wall = hostClock();
  const clock = new ClockDiscipline({
    settings: settings.clock ?? { servers: [], maxOffsetMs: 250, policy: 'refuse' },
    wall,
    ...(settings.clockIntervalMs !== undefined ? { intervalMs: settings.clockIntervalMs } : {}),
  });
  let log: CairnLog;
  let shared: SharedLog | undefined;
  let cluster: ClusterNode | undefined;
  try {
    const drift = new SubmitterDrift({
      ...(settings.warnEventAgeSeconds !== undefined ? { warnEventAgeNs: BigInt(settings.warnEventAgeSeconds) * 1_000_000_000n } : {}),
      onSkew: (submitter, seconds, old) => metrics.observeSkew(submitter, seconds, old),
    });
    const hooks = { onRound, clock: new LogClock(0n, wall), clockGate: clock, drift };
    if (settings.store !== undefined) {
      // A shared store (issue 11): this process follows until elected; server/cluster/. The data
      // folder keeps only this process's own state (search index, admin socket).
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      shared = await openSharedLog(
        {
          store: settings.store,
          keyFile: settings.log.keyFile ?? '',
          ...(settings.log.origin !== undefined ? { origin: settings.log.origin } : {}),
          ...(settings.log.sequencerLimits ? { sequencerLimits: settings.log.sequencerLimits } : {}),
        },
        hooks,
      );
      log = shared.log;
      for (const warning of shared.warnings) logger('store_warning', { warning });
      // A new leader's clock stamps the entries from now on: its latest check goes in the log at once.
      cluster = ClusterNode.start(log, shared.coordination, { logger, onLeading: () => clock.leading() });
      log.cluster = cluster;
    } else {
      log = await CairnLog.open(settings.log, hooks);
    }
  } catch (err) {
    throw openFailure(err, dataDir);
  }
  let admin: AdminServer | undefined;
  let events: EventIndex | undefined;
  let sweeper: RetentionSweeper | undefined;
  let witnessing: WitnessLoop | undefined;
  try {
    if (settings.witness !== undefined) {
      witnessing = await startWitnessing(log, dataDir, settings.witness, logger, metrics.registry).catch((err: unknown) => {
        throw err instanceof WitnessSettingsError ? new Error(`refusing to start: ${err.message}`, { cause: err }) : err;
      });
      log.witnessing = witnessing;
    }
    // The first check finishes (and its evidence entry is durable) before the server is ready.
    const firstCheck = await clock.start(log, logger);
    if (log.firstStart !== undefined) {
      firstStart(log.origin, log.firstStart, shared?.location);
      logger('first_start', {
        origin: log.origin,
        verifierKey: log.firstStart.verifierKey,
        keyFile: log.firstStart.keyFile ?? settings.log.keyFile ?? dataPaths(dataDir).signerKey,
        tokenName: 'default',
      });
    }
    admin = await startAdminServer(dataPaths(dataDir).adminSocket, log.credentials, logger);
    const adminSocket = admin.socketPath;
    // The search index follows commits off the commit path (issue 13).
    events = await openServedIndex(log, dataDir, logger, settings.indexPurgeIntervalMs);
    // Retention (issue 14): recorded erasures of expired payloads, off the request path.
    sweeper = new RetentionSweeper(log, await log.startErasures(), {
      ...(settings.retentionDays !== undefined ? { defaultMaxAgeSeconds: settings.retentionDays * 86_400 } : {}),
      logger,
      onRun: retentionMetrics(metrics.registry),
    });
    sweeper.start(settings.retentionIntervalMs ?? 60_000);
    // The HTTP layer logs `listening` with the bound URL; the operator also wants to see which
    // log it is, in the same line.
    const httpLogger: Logger = (event, fields) =>
      logger(
        event,
        event === 'listening'
          ? {
              ...fields,
              origin: log.origin,
              verifierKey: log.verifierKey.text,
              treeSize: log.checkpoint.treeSize,
              dataDir,
              adminSocket,
              clock: firstCheck.status,
              ...(shared ? { store: shared.location } : {}),
            }
          : fields,
      );
    // An HttpListenError says `cannot listen on host:port: ...` and what to do.
    const http = await startHttpServer(log, {
      host: settings.host,
      port: settings.port,
      logger: httpLogger,
      metrics,
      policy: settings.policy,
      events,
      ...(cluster ? { forward: forwardWrites(cluster, (token) => log.authenticate(token) !== undefined) } : {}),
    });
    // Campaign once others can reach this process at the URL it advertises.
    cluster?.campaign(settings.advertiseUrl ?? defaultAdvertiseUrl(http.url));
    const started = { log, url: http.url, admin, http, clock };
    let stopping: Promise<void> | undefined;
    return {
      log,
      url: http.url,
      admin,
      clock,
      stop(reason) {
        stopping ??= (async () => {
          logger('stopping', { reason, pending: log.pending });
          // server.close() stops new connections, but a keep-alive connection would go on
          // carrying requests (each refused with 503) until the HTTP layer's grace ends: tell
          // every client to hang up after the answer it gets now.
          started.http.server.prependListener('request', (_req, res) => {
            if (!res.headersSent) res.setHeader('Connection', 'close');
          });
          // Stop taking connections first, so nothing new reaches the sequencer.
          const httpClosed = started.http.close();
          // Ends the live streams (they would hold the HTTP server open) and stops the follower.
          await events?.close();
          await sweeper?.stop();
          await started.admin.close();
          await started.clock.stop();
          // Before the store closes under a witness round; the next start asks for what is left.
          await witnessing?.stop();
          await log.close(settings.shutdownGraceMs);
          // After the log closed, so a round in flight commits in this leader's epoch.
          await cluster?.stop();
          await httpClosed;
          logger('stopped', { treeSize: log.checkpoint.treeSize });
        })();
        return stopping;
      },
    };
  } catch (err) {
    await clock.stop().catch(() => undefined);
    await admin?.close().catch(() => undefined);
    await events?.close().catch(() => undefined);
    await sweeper?.stop().catch(() => undefined);
    await witnessing?.stop().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await log.close(0).catch(() => undefined);
    throw err;
  }
}
