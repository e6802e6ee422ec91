/**
 * `cairn export` and `cairn verify-bundle` (issue 13 parts 5-6), as child processes against a
 * real log, index and HTTP server: a filtered and an unfiltered time-range bundle verify; the
 * unfiltered one proves its edges; every tampering (a changed line, a removed line, a changed
 * checkpoint, a changed manifest, a missing file, another key) fails with the named failure.
 */
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BundleManifest } from '../../../client/bundle/index.js';
import { formatTimestamp, generateSignerKey, verifierKeyOf } from '../../../proofs/index.js';
import { runCairn } from '../../helpers/cli.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { startEventsServer, type EventsServer } from '../http/events-fixture.js';
import { bruteForce, scanLog, type ScannedEntry } from '../http/events-oracle.js';

let s: EventsServer;
let scanned: ScannedEntry[];
const temp = new TempDirs();
let filtered: string;
let ranged: string;

beforeAll(async () => {
  s = await startEventsServer();
  for (let round = 0; round < 12; round++) {
    await s.appendJson(
      Array.from({ length: 25 }, (_, i) => ({
        actor: ['alice', 'bob', 'svc'][(round + i) % 3],
        action: i % 4 === 0 ? 'delete' : 'read',
        target: `doc/${i}`,
        outcome: 'success',
      })),
    );
  }
  await s.events.whenIndexed(s.log.committedSize);
  scanned = await scanLog(s.url, s.reader, s.log.checkpoint.treeSize);
  const root = await temp.make('cairn-export-');
  filtered = join(root, 'filtered');
  ranged = join(root, 'ranged');
  const common = ['--url', s.url, '--token', s.reader, '--vkey', s.log.verifierKey.text];
  const a = await runCairn(['export', ...common, '--actor', 'alice', '--action', 'delete', '--out', filtered]);
  expect(a).toMatchObject({ code: 0 });
  const b = await runCairn([
    'export',
    ...common,
    '--since',
    formatTimestamp(scanned[40]!.timestamp),
    '--until',
    formatTimestamp(scanned[260]!.timestamp),
    '--out',
    ranged,
    '--format',
    'csv',
  ]);
  expect(b).toMatchObject({ code: 0 });
}, 60_000);

afterAll(async () => {
  await s.stop();
  await temp.cleanup();
});

async function manifestOf(dir: string): Promise<BundleManifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
}

function verify(dir: string, vkey = s.log.verifierKey.text, env: Record<string, string> = {}): ReturnType<typeof runCairn> {
  return runCairn(['verify-bundle', '--vkey', vkey, dir], { env });
}

/** A copy of a bundle to tamper with. */
async function copyOf(dir: string): Promise<string> {
  const to = join(await temp.make('cairn-tamper-'), 'bundle');
  await cp(dir, to, { recursive: true });
  return to;
}

describe('export writes bundles that verify', () => {
  test('a filtered bundle holds exactly the matching events, and verifies', async () => {
    const m = await manifestOf(filtered);
    const expected = bruteForce(scanned, { actor: 'alice', action: 'delete' });
    expect(m.events.count).toBe(expected.length);
    const lines = (await readFile(join(filtered, 'events.ndjson'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { index: number }).index)).toEqual(expected);
    expect(m.boundary).toBeNull();
    expect((await readdir(filtered)).sort()).toEqual(['README.md', 'checkpoint', 'events.ndjson', 'manifest.json', 'verifier-key.txt']);
    const r = await verify(filtered);
    expect(r.stdout).toMatch(/^OK: \d+ receipts verify/m);
    expect(r.code).toBe(0);
  });

  test('the README says how to verify and what is not proved', async () => {
    const readme = await readFile(join(filtered, 'README.md'), 'utf8');
    expect(readme).toContain('cairn verify-bundle --vkey');
    expect(readme).toContain('verifyBundleFiles');
    expect(readme).toMatch(/That no matching event is missing/);
  });

  test('an unfiltered time range is contiguous and its edges are proved (issue 13 §6)', async () => {
    const m = await manifestOf(ranged);
    expect(m.events.ranges).toEqual([[40, 260]]);
    expect(m.boundary?.before?.index).toBe(39);
    expect(m.boundary?.after?.index).toBe(261);
    expect(m.events.first?.index).toBe(40);
    expect(m.events.last?.index).toBe(260);
    const csv = (await readFile(join(ranged, 'events.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toMatch(/^index,timestamp,submitter/);
    expect(csv).toHaveLength(222);
    const r = await verify(ranged);
    expect(r.code).toBe(0);
  });

  test('export refuses a folder that is not empty', async () => {
    const r = await runCairn(['export', '--url', s.url, '--token', s.reader, '--out', filtered]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not empty/);
  });

  test('export with a writer token names the refusal', async () => {
    const r = await runCairn(['export', '--url', s.url, '--token', s.writer, '--out', join(await temp.make('cairn-x-'), 'b')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 403 FORBIDDEN.*reader token/);
  });
});

// The lines of a large bundle are checked on worker threads (CAIRN_VERIFY_WORKERS_FROM lowers the
// size from which they are): every failure is named the same way on both paths.
describe.each([
  ['in one thread', {}],
  ['on worker threads', { CAIRN_VERIFY_WORKERS_FROM: '1' }],
] as const)('a tampered bundle fails verify-bundle (lines checked %s), naming the failure', (_how, env: Record<string, string>) => {
  test('the bundle untouched verifies', async () => {
    const r = await verify(filtered, undefined, env);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^OK: \d+ receipts verify/m);
  });

  test('a changed line', async () => {
    const dir = await copyOf(filtered);
    const path = join(dir, 'events.ndjson');
    const lines = (await readFile(path, 'utf8')).split('\n');
    const r0 = JSON.parse(lines[2]!) as { payload: string };
    r0.payload = Buffer.from(Buffer.from(r0.payload, 'base64').toString('utf8').replace('alice', 'alicf')).toString('base64');
    lines[2] = JSON.stringify(r0);
    await writeFile(path, lines.join('\n'));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL changed-line events\.ndjson:3: line 3 \(entry \d+\) was changed: COMMITMENT_MISMATCH/m);
    expect(r.stdout).toMatch(/^FAIL changed-file events\.ndjson/m);
  });

  test('a removed line', async () => {
    const dir = await copyOf(filtered);
    const path = join(dir, 'events.ndjson');
    const lines = (await readFile(path, 'utf8')).split('\n');
    const removed = (JSON.parse(lines[4]!) as { index: number }).index;
    lines.splice(4, 1);
    await writeFile(path, lines.join('\n'));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL missing-line events.ndjson:5: entry ${removed} is missing`);
  });

  test('a removed line with the manifest rewritten to match (hash, count, ranges) still fails on the ranges', async () => {
    const dir = await copyOf(ranged);
    const path = join(dir, 'events.ndjson');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines.splice(10, 1);
    await writeFile(path, lines.join('\n'));
    const m = await manifestOf(dir);
    const { createHash } = await import('node:crypto');
    m.files['events.ndjson'] = createHash('sha256').update(lines.join('\n')).digest('hex');
    m.events.count -= 1;
    m.events.ranges = [
      [40, 49],
      [51, 260],
    ];
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL boundary: a search without filters must export contiguous indexes/m);
  });

  test('a changed checkpoint', async () => {
    const dir = await copyOf(filtered);
    const path = join(dir, 'checkpoint');
    const note = await readFile(path, 'utf8');
    const lines = note.split('\n');
    lines[1] = String(Number(lines[1]) + 1);
    await writeFile(path, lines.join('\n'));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL changed-checkpoint checkpoint: the checkpoint does not verify/m);
  });

  test('a changed manifest (a file hash)', async () => {
    const dir = await copyOf(filtered);
    const m = await manifestOf(dir);
    m.files['README.md'] = '0'.repeat(64);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL changed-file README\.md: README\.md was changed/m);
  });

  test('a changed manifest (the count)', async () => {
    const dir = await copyOf(filtered);
    const m = await manifestOf(dir);
    m.events.count += 1;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL count-mismatch manifest\.json/m);
  });

  test('a missing file', async () => {
    const dir = await copyOf(ranged);
    await rm(join(dir, 'events.csv'));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL missing-file events\.csv/m);
  });

  test('a boundary receipt removed', async () => {
    const dir = await copyOf(ranged);
    const path = join(dir, 'boundary.ndjson');
    const lines = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, lines.slice(1).join('\n'));
    const r = await verify(dir, undefined, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL boundary: the entry just before the range \(39\) has no verified receipt/m);
  });

  test('another key', async () => {
    const other = verifierKeyOf(generateSignerKey('test.example/events'));
    const r = await verify(filtered, other, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL changed-checkpoint/m);
    expect(r.stdout).toMatch(/^FAIL changed-line events\.ndjson:1/m);
  });
});
