/**
 * A CairnLog on an in-memory store with fault injection (MemoryKv), for sequencer and
 * fault tests. The key file still lives in a real temp folder.
 */
import { CairnLog, type OpenHooks } from '../../server/cairn-log.js';
import { MemoryKv } from '../../server/store/memory/memory-kv.js';
import { openMemoryStore } from '../../server/store/memory/memory-store.js';
import type { LogConfig } from '../../server/config.js';
import type { TempDirs } from './temp-dir.js';

export interface MemoryLog {
  log: CairnLog;
  kv: MemoryKv;
  dataDir: string;
  /** Closes the log and opens the same memory contents again, as a restart would. */
  restart(hooks?: Omit<OpenHooks, 'store'>): Promise<CairnLog>;
}

export async function openMemoryLog(temp: TempDirs, config: Partial<LogConfig> = {}, hooks: Omit<OpenHooks, 'store'> = {}): Promise<MemoryLog> {
  const dataDir = await temp.make('cairn-mem-');
  const kv = new MemoryKv();
  const full: LogConfig = { dataDir, origin: 'test.example/log', ...config };
  const result: MemoryLog = {
    kv,
    dataDir,
    log: await CairnLog.open(full, { ...hooks, store: openMemoryStore(kv).store }),
    async restart(again = {}) {
      await result.log.close().catch(() => undefined);
      kv.reopen();
      result.log = await CairnLog.open(full, { ...again, store: openMemoryStore(kv).store });
      return result.log;
    },
  };
  return result;
}
