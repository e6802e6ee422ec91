/**
 * The crash rule of erasure (issue 14) with real `./bin/cairn serve` processes killed with
 * SIGKILL, and the promise that erased bytes leave the data folder:
 *
 * - between the record and the erasure (the test-only hook CAIRN_TEST_FAULT=erasure-after-record,
 *   server/erasure/system-log.ts): the record is committed and the payload still stored; the
 *   next start finishes the erasure;
 * - at an arbitrary moment while the erasure request is in flight, and right after its answer:
 *   after a restart every entry is either covered by a record and erased, or neither;
 * - once the erasure finished (with its compaction), a unique marker of the erased payload is
 *   found in no file of the data folder (LevelDB logs and tables included);
 * - the same on a server that has not restarted since the append (the payload still in LevelDB's
 *   memtable), for an indexed field (actor) too: search no longer finds the entry by it and no
 *   file of the data folder (the search index included) holds it.
 */
import { afterAll, afterEach, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openStore } from '../../server/store/open-store.js';
import { killAllServers, runCairn, startServer, type ServerProcess } from '../helpers/cli.js';
import { filesHolding } from '../helpers/files.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
afterEach(() => killAllServers());
afterAll(() => temps.cleanup());

/** Adds a token with `role` through the running server's admin socket. */
async function token(dataDir: string, name: string, role: string): Promise<string> {
  const r = await runCairn(['token', 'add', '--data', dataDir, '--name', name, '--role', role, '--json']);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { token: string }).token;
}

async function appendEvents(s: ServerProcess, count: number, marker: (i: number) => string, actor = (i: number) => `user-${i % 3}`): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actor: actor(i), action: 'login', target: 'app', outcome: 'success', context: { note: marker(i) } }),
    });
    expect(r.status).toBe(201);
  }
}

function erase(s: ServerProcess, admin: string, body: unknown): Promise<Response> {
  return fetch(`${s.url}/v1/erasures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The crash rule over every entry: erased exactly when a record covers it. */
async function expectCrashRule(s: ServerProcess, reader: string): Promise<{ erased: number[]; size: number }> {
  const r = await fetch(`${s.url}/v1/entries?start=0&end=1000`, { headers: { authorization: `Bearer ${reader}` } });
  const { entries } = (await r.json()) as { entries: { index: number; payloadAvailable: boolean; erased?: { record: number } }[] };
  const erased: number[] = [];
  for (const e of entries) {
    // A payload is never gone without a record, and a record never leaves its payload behind.
    expect({ index: e.index, gone: !e.payloadAvailable }).toEqual({ index: e.index, gone: e.erased !== undefined });
    if (e.erased) erased.push(e.index);
  }
  return { erased, size: entries.length };
}

test('killed between the erasure record and the erasure: the record is there, the payload too; the restart finishes it', async () => {
  const dataDir = await temps.make('cairn-erase-crash-');
  const s = await startServer(dataDir, { env: { CAIRN_TEST_FAULT: 'erasure-after-record' } });
  const admin = await token(dataDir, 'dpo', 'admin');
  const reader = await token(dataDir, 'auditor', 'reader');
  await appendEvents(s, 4, (i) => `note-${i}`);
  await expect(erase(s, admin, { indexes: [1, 2], reason: 'GDPR #1' })).rejects.toThrow();
  expect((await s.exited).signal).toBe('SIGKILL');

  // On disk now: the record (entry 4) committed, the payloads of 1 and 2 still stored.
  const store = await openStore(dataDir);
  expect((await store.latestCheckpoint())?.treeSize).toBe(5);
  const stored = await store.readPayloads(1, 3);
  expect(stored.map((p) => p !== undefined && !p.erased)).toEqual([true, true]);
  await store.close();

  const again = await startServer(dataDir);
  expect(await expectCrashRule(again, reader)).toEqual({ erased: [1, 2], size: 5 });
  expect((await fetch(`${again.url}/v1/entries/2/payload`, { headers: { authorization: `Bearer ${reader}` } })).status).toBe(410);
});

test('killed at arbitrary moments of erasures in flight: after each restart, erased exactly when recorded', async () => {
  const dataDir = await temps.make('cairn-erase-crash-');
  let s = await startServer(dataDir);
  const admin = await token(dataDir, 'dpo', 'admin');
  const reader = await token(dataDir, 'auditor', 'reader');
  await appendEvents(s, 12, (i) => `n-${i}`);
  for (const [round, indexes] of [
    [0, [0, 1, 2]],
    [1, [3, 4]],
    [2, [5, 6, 7]],
    [3, [8]],
  ] as [number, number[]][]) {
    const answer = erase(s, admin, { indexes, reason: `round ${round}` }).then(
      (r) => r.status,
      () => 'killed',
    );
    // Rounds 0 and 2: kill while the request is in flight; rounds 1 and 3: after its answer.
    if (round % 2 === 1) expect(await answer).toBe(201);
    else if (round === 2) await new Promise<void>((done) => setImmediate(done));
    await s.stop('SIGKILL');
    await answer;
    s = await startServer(dataDir);
    await expectCrashRule(s, reader);
  }
  const { erased } = await expectCrashRule(s, reader);
  expect(erased).toEqual(expect.arrayContaining([3, 4, 8]));
});

test("after erasure and compaction, the erased payload's bytes appear in no file of the data folder", async () => {
  const dataDir = await temps.make('cairn-erase-bytes-');
  // Random base64url, unique per entry: LevelDB's tables are Snappy-compressed, which keeps a
  // random string as a literal, so a search for its bytes is meaningful (the kept markers
  // below show that it finds what is there).
  const markers = Array.from({ length: 6 }, () => randomBytes(24).toString('base64url'));
  const marker = markers[3]!;
  const s = await startServer(dataDir);
  const admin = await token(dataDir, 'dpo', 'admin');
  await appendEvents(s, 6, (i) => markers[i]!);
  await s.stop('SIGTERM');
  // Before: the marker is on disk (the test would pass vacuously otherwise).
  expect((await filesHolding(dataDir, marker)).length).toBeGreaterThan(0);

  const again = await startServer(dataDir);
  expect((await erase(again, admin, { indexes: [3], reason: 'GDPR' })).status).toBe(201);
  await again.stop('SIGTERM');
  expect(await filesHolding(dataDir, marker)).toEqual([]);
  // The other payloads are still there.
  for (const i of [0, 1, 2, 4, 5]) expect((await filesHolding(dataDir, markers[i]!)).length).toBeGreaterThan(0);
});

test('on a server not restarted since the append, an erased actor leaves the log and the search index: search no longer finds the entry by it, no file of the data folder holds it', async () => {
  const dataDir = await temps.make('cairn-erase-index-');
  // Random actors (one per entry, as a person's identifier), looked for in the files by their
  // random part (LevelDB stores a key's prefix shared with the key before it only once).
  const ids = Array.from({ length: 6 }, () => randomBytes(24).toString('base64url'));
  const actors = ids.map((id) => `person-${id}`);
  const s = await startServer(dataDir);
  const admin = await token(dataDir, 'dpo', 'admin');
  const reader = await token(dataDir, 'auditor', 'reader');
  await appendEvents(
    s,
    6,
    (i) => `n-${i}`,
    (i) => actors[i]!,
  );
  const search = async (actor: string): Promise<{ events: { index: number }[]; skipped?: unknown[] }> => {
    const r = await fetch(`${s.url}/v1/events?actor=${encodeURIComponent(actor)}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(r.status).toBe(200);
    return (await r.json()) as { events: { index: number }[]; skipped?: unknown[] };
  };
  const until = async (done: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
  };
  await until(async () => (await search(actors[3]!)).events.length === 1);
  expect((await search(actors[3]!)).events.map((e) => e.index)).toEqual([3]);

  const r = await erase(s, admin, { filter: { actor: actors[3] }, reason: 'GDPR' });
  expect(r.status).toBe(201);
  await s.waitForLog((l) => l.event === 'index_erasures_purged');
  // Not found, and not even listed as skipped: the index no longer links the person to entry 3.
  // (The erasure record does not name the filter's value either: no file holds it below.)
  expect(await search(actors[3]!)).toEqual(expect.objectContaining({ events: [] }));
  expect((await search(actors[3]!)).skipped).toBeUndefined();
  expect((await search(actors[4]!)).events.map((e) => e.index)).toEqual([4]);
  await s.stop('SIGTERM');
  // Nowhere in the data folder: the log store's payload chunk (which was still in LevelDB's
  // memtable, with its erased version) and the index alike.
  expect(await filesHolding(dataDir, ids[3]!)).toEqual([]);
  // The other actors are still in the index's files (the search above found them there).
  for (const i of [0, 1, 2, 4, 5]) expect((await filesHolding(join(dataDir, 'index'), ids[i]!)).length).toBeGreaterThan(0);

  // `cairn reindex` (server stopped) rebuilds from the entries: the erased one by submitter only.
  const reindexed = await runCairn(['reindex', '--data', dataDir]);
  expect(reindexed.code).toBe(0);
  const again = await startServer(dataDir);
  const searchAgain = async (actor: string): Promise<unknown[]> => {
    const res = await fetch(`${again.url}/v1/events?actor=${encodeURIComponent(actor)}`, { headers: { authorization: `Bearer ${reader}` } });
    const page = (await res.json()) as { events: unknown[]; skipped?: unknown[] };
    return [...page.events, ...(page.skipped ?? [])];
  };
  expect(await searchAgain(actors[4]!)).toHaveLength(1);
  expect(await searchAgain(actors[3]!)).toEqual([]);
  await again.stop('SIGTERM');
  expect(await filesHolding(join(dataDir, 'index'), ids[3]!)).toEqual([]);
});

test('purges are gathered: the first erasure leaves the index at once, one within the interval waits for its end, listed meanwhile only as skipped, never as a result', async () => {
  const dataDir = await temps.make('cairn-erase-interval-');
  const ids = Array.from({ length: 4 }, () => randomBytes(24).toString('base64url'));
  const actors = ids.map((id) => `person-${id}`);
  const intervalMs = 4000;
  const s = await startServer(dataDir, { env: { CAIRN_INDEX_PURGE_INTERVAL_MS: String(intervalMs) } });
  const admin = await token(dataDir, 'dpo', 'admin');
  const reader = await token(dataDir, 'auditor', 'reader');
  await appendEvents(
    s,
    4,
    (i) => `n-${i}`,
    (i) => actors[i]!,
  );
  const search = async (actor: string): Promise<{ events: { index: number }[]; skipped?: { index: number; reason: string }[] }> => {
    const r = await fetch(`${s.url}/v1/events?actor=${encodeURIComponent(actor)}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(r.status).toBe(200);
    return (await r.json()) as { events: { index: number }[]; skipped?: { index: number; reason: string }[] };
  };
  for (let i = 0; i < 200 && (await search(actors[3]!)).events.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const purges = () => s.logs.filter((l) => l.event === 'index_erasures_purged');

  // After a quiet period: purged at once.
  expect((await erase(s, admin, { filter: { actor: actors[1] }, reason: 'GDPR' })).status).toBe(201);
  await s.waitForLog((l) => l.event === 'index_erasures_purged');
  const firstPurgeAt = Date.now();
  expect(await search(actors[1]!)).toEqual(expect.objectContaining({ events: [] }));
  expect((await search(actors[1]!)).skipped).toBeUndefined();

  // Right after: the purge waits for the interval; the entry is no result, at most skipped.
  expect((await erase(s, admin, { filter: { actor: actors[2] }, reason: 'GDPR' })).status).toBe(201);
  await new Promise((r) => setTimeout(r, 1000));
  expect(purges()).toHaveLength(1);
  const waiting = await search(actors[2]!);
  expect(waiting.events).toEqual([]);
  expect(waiting.skipped).toEqual([{ index: 2, reason: 'payload-erased' }]);

  // At the interval's end: purged, and no longer even skipped.
  await s.waitForLog((l) => l.event === 'index_erasures_purged' && l['entries'] === 1 && purges().length === 2);
  expect(Date.now() - firstPurgeAt).toBeGreaterThanOrEqual(intervalMs - 500);
  expect(await search(actors[2]!)).toEqual(expect.objectContaining({ events: [] }));
  expect((await search(actors[2]!)).skipped).toBeUndefined();
  expect((await search(actors[3]!)).events.map((e) => e.index)).toEqual([3]);
  await s.stop('SIGTERM');
});
