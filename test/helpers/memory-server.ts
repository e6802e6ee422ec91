/**
 * A CairnLog on a MemoryKv store (fault injection, memory-log.ts) behind the real HTTP server
 * on 127.0.0.1, for the store-fault tests. `memoryLogServers()` registers an afterEach that
 * stops the server and closes the log a test opened.
 */
import { afterEach } from '@jest/globals';
import type { LogConfig } from '../../server/config.js';
import { createMetrics, type Metrics, type RunningHttpServer } from '../../server/http/index.js';
import { openMemoryLog, type MemoryLog } from './memory-log.js';
import { serveLog } from './server.js';
import { TempDirs } from './temp-dir.js';

/** A served memory log: its store, URL, default writer token, verifier key and metrics. */
export interface ServedMemoryLog {
  m: MemoryLog;
  url: string;
  /** The default writer token. */
  token: string;
  verifierKey: string;
  metrics: Metrics;
}

export interface MemoryLogServers {
  /** Opens a memory log with `config` and serves it; one per test. */
  serve(config?: Partial<LogConfig>): Promise<ServedMemoryLog>;
  /** Serves the same memory contents again, as after a process restart (faults cleared). */
  restart(s: ServedMemoryLog): Promise<ServedMemoryLog>;
}

/** Call at the top of a test file: see the file comment. */
export function memoryLogServers(): MemoryLogServers {
  const temp = new TempDirs();
  let opened: { m: MemoryLog; http: RunningHttpServer } | undefined;
  afterEach(async () => {
    if (opened) {
      await opened.http.close();
      await opened.m.log.close().catch(() => undefined);
      opened = undefined;
    }
    await temp.cleanup();
  });
  return {
    async serve(config = {}) {
      const metrics = createMetrics();
      const m = await openMemoryLog(temp, config, { onRound: (r) => metrics.observeRound(r) });
      const http = await serveLog(m.log, { metrics });
      opened = { m, http };
      return { m, url: http.url, token: m.log.firstStart!.token, verifierKey: m.log.verifierKey.text, metrics };
    },
    async restart(s) {
      await opened!.http.close();
      await s.m.restart({ onRound: (r) => s.metrics.observeRound(r) });
      const http = await serveLog(s.m.log, { metrics: s.metrics });
      opened = { m: s.m, http };
      return { ...s, url: http.url };
    },
  };
}
