/**
 * The erasure state snapshot (server/erasure/erasure-snapshot.ts): a restart restores the state
 * from it and reads only later leaves; a damaged snapshot, or one of a longer log, is ignored and
 * the state is rebuilt from the log's records, the same.
 */
import { afterAll, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { utf8 } from '../../merkle/index.js';
import { CairnLog } from '../../server/cairn-log.js';
import { TEST_ORIGIN } from '../helpers/server.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

async function erasedFolder(): Promise<string> {
  const dir = await temps.make('cairn-erase-snap-');
  const log = await CairnLog.open({ dataDir: dir, origin: TEST_ORIGIN });
  await log.append(
    'w',
    Array.from({ length: 4 }, (_, i) => ({ payload: utf8(`{"n":${i}}`), contentType: 'application/json', occurredAt: 0n })),
  );
  const system = await log.startErasures();
  await system.erase({ indexes: [1], reason: 'r' }, 'dpo');
  await system.hold({ indexes: [2], reason: 'h' }, 'dpo');
  await log.append('w', [{ payload: utf8('{"n":4}'), contentType: 'application/json', occurredAt: 0n }]);
  await log.close();
  return dir;
}

async function stateOf(dir: string) {
  const log = await CairnLog.open({ dataDir: dir, origin: TEST_ORIGIN });
  try {
    return { erasedBy: [0, 1, 2, 3].map((i) => log.erasureOf(i)), holds: log.erasures!.state.holds().map((h) => h.id) };
  } finally {
    await log.close();
  }
}

test('a restart restores the state from the snapshot, which covers the whole log after a clean close', async () => {
  const dir = await erasedFolder();
  const snapshot = JSON.parse(await readFile(join(dir, 'erasure-state.json'), 'utf8')) as { scannedTo: number };
  expect(snapshot.scannedTo).toBe(7);
  expect(await stateOf(dir)).toEqual({ erasedBy: [undefined, 4, undefined, undefined], holds: [5] });
});

test('a damaged snapshot is ignored: the state is rebuilt from the records, the same', async () => {
  const dir = await erasedFolder();
  await writeFile(join(dir, 'erasure-state.json'), '{"format": "cairn.erasure-state/v1", "scannedTo": ');
  expect(await stateOf(dir)).toEqual({ erasedBy: [undefined, 4, undefined, undefined], holds: [5] });
});

test('a snapshot of a longer log (an older folder restored) is ignored', async () => {
  const dir = await erasedFolder();
  const file = join(dir, 'erasure-state.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as { scannedTo: number; state: { erasures: unknown[] } };
  await writeFile(file, JSON.stringify({ ...doc, scannedTo: 1000, state: { ...doc.state, erasures: [] } }));
  expect(await stateOf(dir)).toEqual({ erasedBy: [undefined, 4, undefined, undefined], holds: [5] });
});
