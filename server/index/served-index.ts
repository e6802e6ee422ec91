/**
 * The search index as `cairn serve` runs it (issue 13 part 2): opened beside the log's store in
 * the data folder, followed off the commit path, its failures logged (the follower retries).
 *
 * With a postgres:// store the index, its position and the cursor secret still live in the
 * local data folder: each process indexes the shared log for itself (docs/events.md).
 */
import type { CairnLog } from '../cairn-log.js';
import type { Logger } from '../logger.js';
import { IndexError } from './errors.js';
import { EventIndex } from './event-index.js';
import { logSource } from './log-source.js';

/**
 * Opens and starts the index of `log` in `<dataDir>/index/`. `purgeIntervalMs`: the least time
 * between two purges of erased entries (erasure-follower.ts; default 15 minutes). Throws an Error
 * with an operator's sentence when the index cannot be used (it covers more entries than the
 * log, or another format: run `cairn reindex`).
 */
export async function openServedIndex(log: CairnLog, dataDir: string, logger: Logger, purgeIntervalMs?: number): Promise<EventIndex> {
  let caughtUp = false;
  try {
    const index = await EventIndex.open(logSource(log), dataDir, {
      onChunk: (report) => {
        if (!caughtUp && report.end >= log.committedSize) {
          caughtUp = true;
          logger('index_caught_up', { indexedSize: report.end });
        }
      },
      onError: (error) => logger('index_error', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
      onPurge: (report) => logger('index_erasures_purged', { ...report }),
      ...(purgeIntervalMs !== undefined ? { purgeIntervalMs } : {}),
    });
    if (index.lag === 0) caughtUp = true;
    else logger('index_catching_up', { indexedSize: index.indexedSize, treeSize: log.committedSize });
    return index;
  } catch (err) {
    if (err instanceof IndexError) throw new Error(`refusing to start: the search index in ${dataDir}/index cannot be used: ${err.message}`, { cause: err });
    throw err;
  }
}
