/**
 * Search in a real `cairn serve` child (issue 13 "Done when"): kill -9 during indexing loses no
 * index entry (after the restart indexedSize catches up and search equals a brute-force scan);
 * `cairn reindex` rebuilds the index and refuses while a server holds the folder; `cairn tail`
 * prints the stream and resumes from its state file after SIGTERM with nothing lost or repeated.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import type { LogInfoJson } from '../../../client/index.js';
import { CAIRN_BIN, TOKEN_PATTERN, killAllServers, runCairn, startServer, type ServerProcess } from '../../helpers/cli.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { bruteForce, scanLog, searchAll } from '../http/events-oracle.js';

const temp = new TempDirs();
afterEach(async () => {
  await killAllServers();
});
afterAll(async () => {
  await temp.cleanup();
});

async function readerToken(dataDir: string): Promise<string> {
  const r = await runCairn(['token', 'add', '--data', dataDir, '--name', 'auditor', '--role', 'reader']);
  expect(r.code).toBe(0);
  return TOKEN_PATTERN.exec(r.stdout + r.stderr)![0];
}

async function appendBatch(url: string, token: string, round: number, n: number): Promise<void> {
  const entries = Array.from({ length: n }, (_, i) => ({
    json: { actor: `user-${(round * n + i) % 7}`, action: i % 2 ? 'read' : 'write', target: `doc/${i}`, outcome: 'success' },
  }));
  const res = await fetch(`${url}/v1/entries/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
  expect(res.status).toBe(201);
}

async function info(url: string): Promise<LogInfoJson> {
  return (await (await fetch(`${url}/v1/log`)).json()) as LogInfoJson;
}

/** Resolves when the server's indexedSize reaches its tree size (it logs index_caught_up or the size shows it). */
async function caughtUp(server: ServerProcess): Promise<number> {
  for (;;) {
    const i = await info(server.url);
    if (i.indexedSize === i.treeSize) return i.treeSize;
    await server.waitForLog((l) => l.event === 'index_caught_up' || l.event === 'round');
  }
}

describe('kill -9 during indexing', () => {
  test('loses no index entry: after the restart indexedSize catches up and search equals brute force', async () => {
    const dataDir = await temp.make('cairn-kill-');
    let server = await startServer(dataDir);
    const writer = server.token!;
    const reader = await readerToken(dataDir);
    for (let r = 0; r < 10; r++) await appendBatch(server.url, writer, r, 500);
    // Kill while the follower is still behind (or just caught up): either way nothing may be lost.
    const before = await info(server.url);
    server.process.kill('SIGKILL');
    await server.exited;
    expect(before.indexedSize).toBeDefined();

    server = await startServer(dataDir);
    const size = await caughtUp(server);
    expect(size).toBe(5000);
    const scanned = await scanLog(server.url, reader, size);
    const queries: Record<string, string>[] = [{ actor: 'user-3' }, { action: 'write', actor: 'user-5' }, { submitter: 'default' }];
    for (const q of queries) {
      const { indexes } = await searchAll(server.url, reader, { ...q, order: 'asc', limit: '1000' }, server.verifierKey);
      expect(indexes).toEqual(bruteForce(scanned, q));
    }
    await server.stop();
  }, 120_000);
});

describe('cairn reindex', () => {
  test('refuses while a server holds the folder, and rebuilds the index when it is stopped', async () => {
    const dataDir = await temp.make('cairn-reindex-');
    let server = await startServer(dataDir);
    const writer = server.token!;
    for (let r = 0; r < 3; r++) await appendBatch(server.url, writer, r, 100);
    const busy = await runCairn(['reindex', '--data', dataDir]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/in use by a running server.*stop it/);
    expect(await server.stop()).toMatchObject({ code: 0 });

    const done = await runCairn(['reindex', '--data', dataDir, '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ indexedSize: 300 });
    server = await startServer(dataDir);
    expect((await info(server.url)).indexedSize).toBe(300);
    const reader = await readerToken(dataDir);
    const { indexes } = await searchAll(server.url, reader, { actor: 'user-2', order: 'asc' }, server.verifierKey);
    expect(indexes).toEqual(bruteForce(await scanLog(server.url, reader, 300), { actor: 'user-2' }));
    await server.stop();
  }, 60_000);

  test('refuses a folder that holds no log', async () => {
    const r = await runCairn(['reindex', '--data', await temp.make('cairn-empty-')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds no log/);
  });
});

describe('cairn tail', () => {
  test('prints the stream and resumes from its state file after SIGTERM, nothing lost or repeated', async () => {
    const dataDir = await temp.make('cairn-tail-');
    const server = await startServer(dataDir);
    const writer = server.token!;
    const reader = await readerToken(dataDir);
    const state = join(dataDir, '..', `tail-state-${Date.now()}.json`);
    const seen: number[] = [];
    const runTail = (stopAfter: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CAIRN_BIN, 'tail', '--url', server.url, '--token', reader, '--state', state], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let rest = '';
        let count = 0;
        child.stdout.setEncoding('utf8').on('data', (t: string) => {
          rest += t;
          const lines = rest.split('\n');
          rest = lines.pop()!;
          for (const l of lines) {
            seen.push((JSON.parse(l) as { index: number }).index);
            if (++count === stopAfter) child.kill('SIGTERM');
          }
        });
        child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tail exited ${code}`))));
      });
    await appendBatch(server.url, writer, 0, 120);
    await runTail(50);
    const saved = JSON.parse(await readFile(state, 'utf8')) as { after: number };
    expect(saved.after).toBe(seen[seen.length - 1]);
    await appendBatch(server.url, writer, 1, 80);
    await runTail(200 - seen.length);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    await server.stop();
  }, 60_000);
});
