/**
 * The index worker (a worker thread, started by WorkerIndexStore): holds the LevelIndexStore of
 * `workerData.dir` and answers the requests of worker-protocol.ts in order of arrival. Decoding
 * leaves, parsing JSON payloads, building and writing posting keys, and the merge joins of
 * searches run here, on another core than the sequencer's (issue 13 "indexes that never slow
 * appends").
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { IndexedChunk } from './index-store.js';
import { LevelIndexStore } from './level-index-store.js';
import { toWireError, unpackBytes, type WorkerReply, type WorkerRequest } from './worker-protocol.js';

if (parentPort === null) throw new Error('index-worker.ts runs only as a worker thread');
const port = parentPort;
const { dir, nice } = workerData as { dir: string; nice?: number };
lowerPriority(nice ?? 0);

let store: LevelIndexStore;
try {
  store = await LevelIndexStore.open(dir);
  port.postMessage({ id: 0, ok: true, value: undefined } satisfies WorkerReply);
} catch (err) {
  port.postMessage({ id: 0, ok: false, error: toWireError(err) } satisfies WorkerReply);
  process.exit(0);
}

// Writes (indexEntries, purge, clear, close) run one after another in order of arrival, as the store's
// contract requires; reads (readPosition, joinPostings) run at once beside them.
let writes: Promise<number | number[] | IndexedChunk | undefined> = Promise.resolve(undefined);
port.on('message', (request: WorkerRequest) => {
  const reading = request.op === 'readPosition' || request.op === 'readPurged' || request.op === 'joinPostings';
  const done = reading ? answer(request) : (writes = writes.then(() => answer(request)));
  void done.then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies WorkerReply),
    (err: unknown) => port.postMessage({ id: request.id, ok: false, error: toWireError(err) } satisfies WorkerReply),
  );
});

async function answer(r: WorkerRequest): Promise<number | number[] | IndexedChunk | undefined> {
  switch (r.op) {
    case 'readPosition':
      return store.readPosition();
    case 'indexEntries': {
      const leaves = unpackBytes(r.leaves) as Uint8Array[];
      const payloads = unpackBytes(r.payloads).map((payload) => (payload === undefined ? undefined : { payload }));
      return store.indexEntries(r.first, leaves, payloads, r.position);
    }
    case 'joinPostings':
      return store.joinPostings(r.filters, r.range, r.next, r.order, r.count);
    case 'readPurged':
      return store.readPurged();
    case 'purge':
      return store.purge(r.indexes, r.record);
    case 'clear':
      await store.clear();
      return undefined;
    case 'close':
      await store.close();
      port.close();
      return undefined;
  }
}

/**
 * Lowers this thread's scheduling priority by `by` nice levels (1..19, at most to 19; 0 leaves
 * it), so that the sequencer and LevelDB's threads go first when the cores are busy and the index
 * takes the time they leave (issue 13 "indexes that never slow appends"). Linux only: there a
 * thread has its own nice value (setpriority(2), NPTL), elsewhere PRIO_PROCESS 0 would lower the
 * whole server. Relative to the thread's value (inherited from the server's), so a server run
 * under `nice` keeps its worker below it. Raising it back needs privileges, so it is lowered
 * once, for the worker's life; a refusal is ignored.
 */
function lowerPriority(by: number): void {
  if (process.platform !== 'linux' || !Number.isInteger(by) || by < 1 || by > 19) return;
  try {
    setPriority(0, Math.min(19, getPriority(0) + by));
  } catch {
    // Not permitted here (a sandbox): the worker runs at the server's priority.
  }
}
