/**
 * Test fixtures of the index suites: a real CairnLog on a real LevelDB folder, the EntrySource
 * over it (server/index/log-source.ts), and the index store beside it.
 */
import { CairnLog } from '../../../server/cairn-log.js';
import { logSource as serverLogSource, type EntrySource } from '../../../server/index/index.js';
import type { TempDirs } from '../../helpers/temp-dir.js';

/** One request to append: a submitter and its events. */
export interface AppendBatch {
  submitter: string;
  events: { payload: Uint8Array; contentType: string }[];
}

/** Opens (creating) a log in `dataDir` on LevelDB. */
export async function openLog(dataDir: string): Promise<CairnLog> {
  return CairnLog.open({ dataDir, origin: 'test.example/index' });
}

/** A fresh log in a new temp folder. */
export async function freshLog(temp: TempDirs): Promise<{ log: CairnLog; dataDir: string }> {
  const dataDir = await temp.make('cairn-index-');
  return { log: await openLog(dataDir), dataDir };
}

/** The EntrySource over a CairnLog (server/index/log-source.ts, what `cairn serve` uses). */
export function logSource(log: CairnLog): EntrySource {
  return serverLogSource(log);
}

/** Appends the batches in order, each as one request (so indexes follow the order given). */
export async function appendBatches(log: CairnLog, batches: readonly AppendBatch[]): Promise<void> {
  for (const b of batches) {
    await log.append(
      b.submitter,
      b.events.map((e) => ({ payload: e.payload, contentType: e.contentType, occurredAt: 0n })),
    );
  }
}
