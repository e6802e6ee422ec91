/**
 * `cairn fsck` and erasure (issue 14), on real LevelDB folders: a payload erased by a recorded
 * erasure is valid; one gone without a record is PAYLOAD_MISSING (tampering); one still stored
 * although a record lists it is ERASURE_UNFINISHED, and the next start finishes it.
 */
import { afterAll, expect, test } from '@jest/globals';
import { utf8 } from '../../merkle/index.js';
import { CairnLog } from '../../server/cairn-log.js';
import { ERASURE_CONTENT_TYPE, SYSTEM_SUBMITTER } from '../../server/erasure/system-records.js';
import { runCairn } from '../helpers/cli.js';
import { TEST_ORIGIN } from '../helpers/server.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

interface Problem {
  code: string;
  where: string;
}

/** A log of 6 JSON events, `edit` applied to the open log, closed. */
async function logWith(edit: (log: CairnLog) => Promise<void>): Promise<string> {
  const dir = await temps.make('cairn-erase-fsck-');
  const log = await CairnLog.open({ dataDir: dir, origin: TEST_ORIGIN });
  try {
    await log.append(
      'default',
      Array.from({ length: 6 }, (_, i) => ({ payload: utf8(`{"actor":"u${i % 2}","n":${i}}`), contentType: 'application/json', occurredAt: 0n })),
    );
    await edit(log);
  } finally {
    await log.close();
  }
  return dir;
}

async function fsck(dir: string): Promise<{ code: number | null; clean: boolean; problems: Problem[] }> {
  const r = await runCairn(['fsck', '--data', dir, '--json']);
  const report = JSON.parse(r.stdout) as { clean: boolean; problems: Problem[] };
  return { code: r.code, clean: report.clean, problems: report.problems };
}

test('payloads erased by a recorded erasure are valid: fsck is clean', async () => {
  const dir = await logWith(async (log) => {
    await (await log.startErasures()).erase({ indexes: [1, 3], reason: 'GDPR' }, 'dpo');
  });
  expect(await fsck(dir)).toEqual({ code: 0, clean: true, problems: [] });
});

test('an erased payload appended with an idempotency key is valid too: its record keeps the digest of bytes that are gone', async () => {
  const dir = await logWith(async (log) => {
    await log.append('default', [{ payload: utf8('{"actor":"u9","n":6}'), contentType: 'application/json', occurredAt: 0n, idempotencyKey: 'k-6' }]);
    await (await log.startErasures()).erase({ indexes: [6], reason: 'GDPR' }, 'dpo');
  });
  expect(await fsck(dir)).toEqual({ code: 0, clean: true, problems: [] });
});

test('a payload gone without a record is reported as PAYLOAD_MISSING (tampering)', async () => {
  const dir = await logWith(async (log) => {
    await log.store.erasePayloads!([2]);
  });
  const r = await fsck(dir);
  expect(r.code).toBe(1);
  expect(r.problems).toEqual([expect.objectContaining({ code: 'PAYLOAD_MISSING', where: 'entry 2' })]);
});

test('a record whose payloads are still stored is ERASURE_UNFINISHED; the next start finishes it and fsck is clean', async () => {
  const dir = await logWith(async (log) => {
    // What a crash between the record and the erasure leaves: the record, and no clean close of
    // the erasures (which would finish it; the kill -9 case is test/erasure/erasure-crash.test.ts).
    await log.append(SYSTEM_SUBMITTER, [
      { payload: utf8(JSON.stringify({ indexes: [4], by: 'dpo', reason: 'GDPR' })), contentType: ERASURE_CONTENT_TYPE, occurredAt: 0n },
    ]);
    log.erasures = undefined;
  });
  const r = await fsck(dir);
  expect(r.code).toBe(1);
  expect(r.problems).toEqual([expect.objectContaining({ code: 'ERASURE_UNFINISHED', where: 'entry 4' })]);

  const log = await CairnLog.open({ dataDir: dir, origin: TEST_ORIGIN });
  expect(log.erasureOf(4)).toBe(6);
  expect((await log.payload(4))?.erased).toEqual({ size: expect.any(Number) });
  await log.close();
  expect(await fsck(dir)).toEqual({ code: 0, clean: true, problems: [] });
});

test('an erasure record that does not parse is reported', async () => {
  const dir = await logWith(async (log) => {
    await log.append(SYSTEM_SUBMITTER, [{ payload: utf8('{"indexes": "all"}'), contentType: ERASURE_CONTENT_TYPE, occurredAt: 0n }]);
  });
  const r = await fsck(dir);
  expect(r.problems).toEqual([expect.objectContaining({ code: 'ERASURE_RECORD_MALFORMED', where: 'entry 6' })]);
});
