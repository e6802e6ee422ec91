/**
 * Test fixtures of the index suites: a real CairnLog on a real LevelDB folder, the EntrySource
 * over it (what the log itself will provide in phase 2), and the index store beside it.
 * The one place that knows the log's facade, so a change of it is adapted here only.
 */
import { CairnLog } from '../../../server/log.js';
import type { EntrySource } from '../../../server/index/index.js';
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

/** The EntrySource over a CairnLog: its committed size, leaves, payloads and commit signal. */
export function logSource(log: CairnLog): EntrySource {
  return {
    committedSize: () => log.committedSize,
    readLeaves: (start, end) => log.leaves(start, end),
    readPayloads: (start, end) => log.payloads(start, end),
    onCommit: (listener) => log.sequencer.onCommit(() => listener(log.committedSize)),
  };
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
