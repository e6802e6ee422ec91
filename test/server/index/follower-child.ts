/**
 * The child process of crash.test.ts, run from the sources (`node --import ./chaos/register.js`):
 *
 * With `worker` as the last argument the index store runs in a worker thread (WorkerIndexStore,
 * as `cairn serve` runs it); otherwise in this thread (LevelIndexStore).
 *
 * - `work <dataDir> <seed>`: opens the real log and index on LevelDB, starts the follower (small
 *   chunks, one stdout line `chunk <end>` per chunk written) and appends (`appended <size>` after each request) batches of random
 *   events forever, until it is SIGKILLed.
 * - `finish <dataDir>`: opens both, lets the follower catch up, prints `indexed <size>`, exits 0.
 */
import fc from 'fast-check';
import { IndexFollower, LevelIndexStore, WorkerIndexStore, indexDir, type IndexStore } from '../../../server/index/index.js';
import { appendBatches, logSource, openLog } from './log-fixture.js';
import { logArb } from './model.js';

const [mode, dataDir, seed] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: follower-child.ts work|finish <dataDir> [seed]');

const log = await openLog(dataDir);
const store: IndexStore = process.argv.at(-1) === 'worker' ? await WorkerIndexStore.open(indexDir(dataDir)) : await LevelIndexStore.open(indexDir(dataDir));
const follower = await IndexFollower.start(logSource(log), store, {
  chunkSize: 5,
  onChunk: (r) => process.stdout.write(`chunk ${r.end}\n`),
  onError: (e) => process.stdout.write(`error ${(e as Error).message}\n`),
});

if (mode === 'finish') {
  await follower.whenIndexed(log.committedSize);
  await follower.stop();
  await store.close();
  await log.close();
  process.stdout.write(`indexed ${follower.indexedSize}\n`);
} else {
  // Appends until killed; every round wakes the follower, which lags behind in 5-entry chunks.
  for (let round = 0; ; round++) {
    const [generated] = fc.sample(logArb, { numRuns: 1, seed: Number(seed) * 100_000 + round });
    await appendBatches(log, generated!.batches.slice(0, 3));
    process.stdout.write(`appended ${log.committedSize}\n`);
  }
}
