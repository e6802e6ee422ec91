/**
 * The fixture of the search and stream suites: a real CairnLog on a real LevelDB folder, its
 * EventIndex (the same wiring as `cairn serve`: server/index/served-index.ts's pieces), and the
 * HTTP server on 127.0.0.1 port 0, with a writer and a reader token. `stop()` stops all of it.
 */
import { CairnLog } from '../../../server/cairn-log.js';
import { createMetrics, startHttpServer, type Metrics, type RunningHttpServer } from '../../../server/http/index.js';
import { EventIndex, logSource, type EventIndexOptions } from '../../../server/index/index.js';
import { TempDirs } from '../../helpers/temp-dir.js';

/** A served log with its index. */
export interface EventsServer {
  url: string;
  log: CairnLog;
  events: EventIndex;
  metrics: Metrics;
  http: RunningHttpServer;
  dataDir: string;
  writer: string;
  reader: string;
  /** Appends JSON events as one batch (one round), as `submitter`'s token when given. */
  appendJson(events: readonly unknown[], token?: string): Promise<void>;
  stop(): Promise<void>;
}

/** The origin of the suites' logs. */
export const EVENTS_ORIGIN = 'test.example/events';

/** Starts a log, its index and its HTTP server. */
export async function startEventsServer(options: EventIndexOptions = {}): Promise<EventsServer> {
  const temp = new TempDirs();
  const dataDir = await temp.make('cairn-events-');
  const metrics = createMetrics();
  const log = await CairnLog.open({ dataDir, origin: EVENTS_ORIGIN }, { onRound: (r) => metrics.observeRound(r) });
  const events = await EventIndex.open(logSource(log), dataDir, options);
  const http = await startHttpServer(log, { host: '127.0.0.1', port: 0, metrics, events });
  const writer = log.firstStart!.token;
  const reader = (await log.credentials.add('auditor', 'reader')).token;
  return {
    url: http.url,
    log,
    events,
    metrics,
    http,
    dataDir,
    writer,
    reader,
    async appendJson(list, token = writer) {
      const res = await fetch(`${http.url}/v1/entries/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ entries: list.map((json) => ({ json })) }),
      });
      if (res.status !== 201) throw new Error(`append failed: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await events.close();
      await http.close();
      await log.close();
      await temp.cleanup();
    },
  };
}

/** GET with a bearer token. */
export function getWith(url: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
}
