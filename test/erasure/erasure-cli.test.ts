/**
 * `cairn erase` and `cairn hold add|list|release` (issue 14) against a real `cairn serve`: a
 * worked GDPR request and a worked legal hold, as the README shows them, and the refusals.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { killAllServers, runCairn, startServer, type ServerProcess } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
afterEach(() => killAllServers());
afterAll(() => temps.cleanup());

async function started(): Promise<{ s: ServerProcess; admin: string }> {
  const dataDir = await temps.make('cairn-erase-cli-');
  const s = await startServer(dataDir);
  const r = await runCairn(['token', 'add', '--data', dataDir, '--name', 'dpo', '--role', 'admin', '--json']);
  const admin = (JSON.parse(r.stdout) as { token: string }).token;
  for (const actor of ['alice', 'bob', 'alice']) {
    const a = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actor, action: 'login', target: 'app', outcome: 'success' }),
    });
    expect(a.status).toBe(201);
  }
  return { s, admin };
}

describe('cairn erase', () => {
  test('erases by actor and says which entries and which record', async () => {
    const { s, admin } = await started();
    const r = await runCairn(['erase', '--url', s.url, '--token', admin, '--actor', 'alice', '--reason', 'GDPR request 2026-031']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Erased the payloads of 2 entries (0, 2); the erasure is recorded as entry 3.\n');
  });

  test("--json prints the answer with the record's receipt", async () => {
    const { s, admin } = await started();
    const r = await runCairn(['erase', '--url', s.url, '--token', admin, '--index', '1', '--reason', 'r', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as { record: number; erased: number[]; receipt: { index: number } };
    expect(a).toMatchObject({ record: 3, erased: [1], receipt: { index: 3 } });
  });

  test('without --reason it is a usage error (exit 2) and nothing is sent', async () => {
    const { s, admin } = await started();
    const r = await runCairn(['erase', '--url', s.url, '--token', admin, '--index', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reason');
  });

  test('with both --index and --actor it is a usage error', async () => {
    const { s, admin } = await started();
    const r = await runCairn(['erase', '--url', s.url, '--token', admin, '--index', '1', '--actor', 'a', '--reason', 'r']);
    expect(r.code).toBe(2);
  });

  test('a writer token is refused: exit 1 with the problem', async () => {
    const { s } = await started();
    const r = await runCairn(['erase', '--url', s.url, '--token', s.token!, '--index', '1', '--reason', 'r']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 403');
  });
});

describe('cairn hold', () => {
  test('add, list, erase refused, release, erase', async () => {
    const { s, admin } = await started();
    const add = await runCairn(['hold', 'add', '--url', s.url, '--token', admin, '--actor', 'bob', '--reason', 'case 17-cv-042']);
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('Placed hold 3: entries matching {"actor":"bob"}; active; by dpo: case 17-cv-042\n');
    const list = await runCairn(['hold', 'list', '--url', s.url, '--token', admin]);
    expect(list.stdout).toBe('hold 3: entries matching {"actor":"bob"}; active; by dpo: case 17-cv-042\n');
    const refused = await runCairn(['erase', '--url', s.url, '--token', admin, '--index', '1', '--reason', 'GDPR']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 409 ENTRY_HELD');
    expect(refused.stderr).toContain('legal hold 3');
    const release = await runCairn(['hold', 'release', '--url', s.url, '--token', admin, '3']);
    expect(release.stdout).toBe('Released hold 3: entries matching {"actor":"bob"}; released by entry 4; by dpo: case 17-cv-042\n');
    expect((await runCairn(['erase', '--url', s.url, '--token', admin, '--index', '1', '--reason', 'GDPR'])).code).toBe(0);
  });

  test('release without an id is a usage error', async () => {
    const { s, admin } = await started();
    expect((await runCairn(['hold', 'release', '--url', s.url, '--token', admin])).code).toBe(2);
  });
});
