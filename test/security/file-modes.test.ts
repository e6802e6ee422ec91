/**
 * The files that hold secrets are private to the server's user (SECURITY.md "Keys"): a new data
 * folder is created with mode 0700 (it holds payloads, nonces and token hashes) and the key the
 * server makes in it with mode 0600.
 */
import { afterAll, expect, test } from '@jest/globals';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CairnLog } from '../../server/cairn-log.js';
import { dataPaths } from '../../server/data-folder.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temp = new TempDirs();

afterAll(async () => {
  await temp.cleanup();
});

test('a new data folder is mode 0700 and the signer key made in it mode 0600', async () => {
  const dataDir = join(await temp.make('cairn-modes-'), 'nested', 'data');
  const log = await CairnLog.open({ dataDir, origin: 'modes.example/log' });
  try {
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(dataPaths(dataDir).signerKey)).mode & 0o777).toBe(0o600);
  } finally {
    await log.close();
  }
});
