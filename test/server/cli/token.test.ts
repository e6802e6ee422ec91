/**
 * `cairn token add|list|revoke` (SPEC §7): offline (the command opens the store itself) and while
 * a real `cairn serve` child process holds the folder (the command goes through its admin socket).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyReceipt, type ReceiptJson } from '../../../client/index.js';
import { adminRequest, ADMIN_PATHS, AdminError } from '../../../server/admin/index.js';
import type { CommandIo } from '../../../server/cli/command.js';
import { runCli } from '../../../server/cli/main.js';
import { startCredentialRefresh } from '../../../server/auth/credential-refresh.js';
import { CredentialRegistry } from '../../../server/auth/credentials.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { openStore } from '../../../server/store/open-store.js';
import { describeExternal } from '../../helpers/external.js';
import { TOKEN_PATTERN, killAllServers, runCairn, startServer } from '../../helpers/cli.js';
import { findPostgres, ThrowawayPostgres } from '../../helpers/postgres.js';
import { appendOne, getJson } from '../../helpers/server-calls.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
afterEach(() => killAllServers());
afterAll(() => temps.cleanup());

/** Runs `cairn <args>` in-process with captured output and only the given environment. */
async function cairn(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: async () => new Uint8Array(0),
    env,
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** A data folder with a log in it (made in-process, then closed) and its default token. */
async function offlineLog(): Promise<{ dataDir: string; token: string }> {
  const dataDir = await temps.make();
  const log = await CairnLog.open({ dataDir, origin: 'token.test/log' });
  const token = log.firstStart!.token;
  await log.close();
  return { dataDir, token };
}

/** Who a token authenticates as, checked by opening the log (as a restarted server would). */
async function whoIs(dataDir: string, token: string) {
  const log = await CairnLog.open({ dataDir });
  try {
    return log.credentials.authenticate(token);
  } finally {
    await log.close();
  }
}

interface ListedCredential {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt?: string;
}

describe('cairn token, no server running', () => {
  test('add --json prints exactly name, role and token, and the token authenticates with that role', async () => {
    const { dataDir } = await offlineLog();
    const r = await cairn(['token', 'add', '--data', dataDir, '--name', 'ci-writer', '--role', 'writer', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(Object.keys(out).sort()).toEqual(['name', 'role', 'token']);
    expect(out['name']).toBe('ci-writer');
    expect(out['role']).toBe('writer');
    expect(out['token']).toMatch(TOKEN_PATTERN);
    expect(await whoIs(dataDir, out['token']!)).toEqual({ name: 'ci-writer', role: 'writer' });
  });

  test('add without --json prints the token once with a warning to keep it', async () => {
    const { dataDir } = await offlineLog();
    const r = await cairn(['token', 'add', '--data', dataDir, '--name', 'auditor', '--role', 'reader']);
    expect(r.code).toBe(0);
    const tokens = r.stdout.match(new RegExp(TOKEN_PATTERN, 'g'));
    expect(tokens).toHaveLength(1);
    expect(r.stdout).toContain('only this once');
    expect(await whoIs(dataDir, tokens![0]!)).toEqual({ name: 'auditor', role: 'reader' });
  });

  test('list shows names, roles and status, never a secret', async () => {
    const { dataDir, token } = await offlineLog();
    const added = JSON.parse((await cairn(['token', 'add', '--data', dataDir, '--name', 'r1', '--role', 'reader', '--json'])).stdout) as { token: string };
    const json = await cairn(['token', 'list', '--data', dataDir, '--json']);
    expect(json.code).toBe(0);
    const { credentials } = JSON.parse(json.stdout) as { credentials: ListedCredential[] };
    expect(credentials.map((c) => [c.name, c.role])).toEqual([
      ['default', 'writer'],
      ['r1', 'reader'],
    ]);
    for (const c of credentials) expect(Object.keys(c).sort()).toEqual(['createdAt', 'id', 'name', 'role']);
    const table = await cairn(['token', 'list', '--data', dataDir]);
    expect(table.stdout).toMatch(/^NAME\s+ROLE\s+ID\s+CREATED\s+STATUS\n/);
    expect(table.stdout).toMatch(/\nr1\s+reader\s+[0-9a-f]{12}\s+\S+\s+active\n/);
    for (const out of [json.stdout, table.stdout]) {
      expect(out).not.toMatch(TOKEN_PATTERN);
      // Not even the secret part of a token (or a prefix of it).
      for (const t of [token, added.token]) expect(out).not.toContain(t.slice(20, 40));
    }
  });

  test('revoke revokes every token of the name; list shows when', async () => {
    const { dataDir } = await offlineLog();
    const a = JSON.parse((await cairn(['token', 'add', '--data', dataDir, '--name', 'app', '--role', 'writer', '--json'])).stdout) as { token: string };
    const b = JSON.parse((await cairn(['token', 'add', '--data', dataDir, '--name', 'app', '--role', 'writer', '--json'])).stdout) as { token: string };
    const r = await cairn(['token', 'revoke', '--data', dataDir, '--name', 'app', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'app', revoked: 2 });
    expect(await whoIs(dataDir, a.token)).toBeUndefined();
    expect(await whoIs(dataDir, b.token)).toBeUndefined();
    const { credentials } = JSON.parse((await cairn(['token', 'list', '--data', dataDir, '--json'])).stdout) as { credentials: ListedCredential[] };
    const app = credentials.filter((c) => c.name === 'app');
    expect(app).toHaveLength(2);
    for (const c of app) expect(typeof c.revokedAt).toBe('string');
    expect(credentials.find((c) => c.name === 'default')!.revokedAt).toBeUndefined();
  });

  test('revoking a name whose tokens are revoked already reports 0 and succeeds', async () => {
    const { dataDir } = await offlineLog();
    expect((await cairn(['token', 'revoke', '--data', dataDir, '--name', 'default'])).code).toBe(0);
    const again = await cairn(['token', 'revoke', '--data', dataDir, '--name', 'default']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('revoked already');
  });

  test('revoking an unknown name fails with exit 1 and says how to see the names', async () => {
    const { dataDir } = await offlineLog();
    const r = await cairn(['token', 'revoke', '--data', dataDir, '--name', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no credential named "nobody"');
    expect(r.stderr).toContain('cairn token list');
  });

  test('an unknown role is a usage error (exit 2)', async () => {
    const { dataDir } = await offlineLog();
    const r = await cairn(['token', 'add', '--data', dataDir, '--name', 'x', '--role', 'root']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--role must be writer, reader or admin');
  });

  test('a missing --name is a usage error that names the variable', async () => {
    const { dataDir } = await offlineLog();
    const r = await cairn(['token', 'add', '--data', dataDir, '--role', 'reader']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--name is required (or set CAIRN_TOKEN_NAME)');
  });

  test('an invalid name is refused with the rule (exit 1)', async () => {
    const { dataDir } = await offlineLog();
    const r = await cairn(['token', 'add', '--data', dataDir, '--name', 'has space', '--role', 'reader']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not valid: use 1 to 128 letters');
  });

  test('a folder without a log is refused, and no store is created there', async () => {
    const dataDir = join(await temps.make(), 'typo');
    const r = await cairn(['token', 'list', '--data', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`there is no Cairn log in ${dataDir}`);
    expect(existsSync(dataDir)).toBe(false);
  });

  test('--data and the other flags come from CAIRN_* variables', async () => {
    const { dataDir } = await offlineLog();
    const r = await cairn(['token', 'add', '--json'], { CAIRN_DATA: dataDir, CAIRN_TOKEN_NAME: 'from-env', CAIRN_TOKEN_ROLE: 'reader' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'from-env', role: 'reader' });
  });

  test('--json errors are JSON on stdout too', async () => {
    const r = await cairn(['token', 'list', '--data', join(await temps.make(), 'none'), '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { error: string }).error).toContain('there is no Cairn log');
  });
});

describe('cairn token while the server runs (admin socket)', () => {
  test('a reader token added while the server runs reads payloads at once', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir);
    const appended = await appendOne(server.url, server.token, '{"secret":"payload"}');
    expect(appended.status).toBe(201);
    const index = (appended.body as ReceiptJson).index;

    const withoutReader = await getJson(server.url, `/v1/entries/${index}`);
    expect(withoutReader.status).toBe(200);
    expect((withoutReader.body as { payload?: string }).payload).toBeUndefined();

    const added = await runCairn(['token', 'add', '--data', dataDir, '--name', 'auditor', '--role', 'reader', '--json']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const reader = (JSON.parse(added.stdout) as { token: string }).token;
    const withReader = await getJson(server.url, `/v1/entries/${index}`, reader);
    expect(withReader.status).toBe(200);
    const body = withReader.body as { payload?: string; payloadAvailable: boolean };
    expect(body.payloadAvailable).toBe(true);
    expect(Buffer.from(body.payload!, 'base64').toString('utf8')).toBe('{"secret":"payload"}');
    // A reader may read but not append.
    expect((await appendOne(server.url, reader, '"no"')).status).toBe(403);
    // The server logged the addition, never the token.
    await server.waitForLog((l) => l.event === 'credential_added' && l['name'] === 'auditor');
    expect(server.stdout()).not.toContain(reader);
  });

  test('a revoked token gets 401 on the very next request', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir);
    const added = JSON.parse((await runCairn(['token', 'add', '--data', dataDir, '--name', 'app', '--role', 'writer', '--json'])).stdout) as { token: string };
    expect((await appendOne(server.url, added.token, '"before"')).status).toBe(201);
    const revoked = await runCairn(['token', 'revoke', '--data', dataDir, '--name', 'app', '--json']);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toEqual({ name: 'app', revoked: 1 });
    const after = await appendOne(server.url, added.token, '"after"');
    expect(after.status).toBe(401);
    // Other credentials are untouched.
    const ok = await appendOne(server.url, server.token, '"default still works"');
    expect(ok.status).toBe(201);
    verifyReceipt(ok.body as ReceiptJson, server.verifierKey);
  });

  test('list goes through the server and matches what it holds, and survives its restart', async () => {
    const dataDir = await temps.make();
    const server = await startServer(dataDir);
    expect((await runCairn(['token', 'add', '--data', dataDir, '--name', 'r', '--role', 'reader'])).code).toBe(0);
    const online = await runCairn(['token', 'list', '--data', dataDir, '--json']);
    expect(online.code).toBe(0);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    const offline = await runCairn(['token', 'list', '--data', dataDir, '--json']);
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout)).toEqual(JSON.parse(online.stdout));
    expect((JSON.parse(offline.stdout) as { credentials: ListedCredential[] }).credentials.map((c) => c.name)).toEqual(['default', 'r']);
  });

  test('errors come back through the socket with the same sentence', async () => {
    const dataDir = await temps.make();
    await startServer(dataDir);
    const r = await runCairn(['token', 'revoke', '--data', dataDir, '--name', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no credential named "nobody"');
  });

  test('the admin socket refuses a malformed request with 400 and an unknown path with 404', async () => {
    const dataDir = await temps.make();
    await startServer(dataDir);
    const socket = join(dataDir, 'admin.sock');
    await expect(adminRequest(socket, 'POST', ADMIN_PATHS.credentials, { name: 'x' })).rejects.toThrow('The field "role" must be a string.');
    await expect(adminRequest(socket, 'GET', '/v1/nothing')).rejects.toThrow('The admin socket has no "/v1/nothing".');
    const err = await adminRequest(socket, 'POST', ADMIN_PATHS.revoke, { name: 'nobody' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminError);
    expect((err as AdminError).code).toBe('REFUSED');
  });
});

describeExternal('cairn token --store postgres:// (issue 11)', findPostgres(), () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create(findPostgres());
  });
  afterAll(() => cluster?.destroy());

  /** A log provisioned in a fresh database (as `cairn serve --store` does), closed again; its first token. */
  async function pgLog(): Promise<{ url: string; token: string; dataDir: string }> {
    const url = await cluster.createDatabase();
    // The folder holds the signer key only (as --key-file would); the log lives in the database.
    const dataDir = await temps.make();
    const log = await CairnLog.open({ dataDir, origin: 'token.test/pg' }, { store: await openStore(url) });
    const token = log.firstStart!.token;
    await log.close();
    return { url, token, dataDir };
  }

  /** Who a token authenticates as, by a fresh load of the database's credentials. */
  async function whoIsIn(url: string, token: string) {
    const store = await openStore(url, { createIfMissing: false });
    try {
      return (await CredentialRegistry.load(store)).authenticate(token);
    } finally {
      await store.close();
    }
  }

  test('add, list and revoke write to the database directly', async () => {
    const { url, token } = await pgLog();
    const boss = await cairn(['token', 'add', '--store', url, '--name', 'boss', '--role', 'admin', '--json']);
    expect(await whoIsIn(url, (JSON.parse(boss.stdout) as { token: string }).token)).toEqual({ name: 'boss', role: 'admin' });
    const added = await cairn(['token', 'add', '--store', url, '--name', 'alice', '--role', 'reader', '--json']);
    expect(added.code).toBe(0);
    const alice = (JSON.parse(added.stdout) as { token: string }).token;
    expect(alice).toMatch(TOKEN_PATTERN);
    expect(await whoIsIn(url, alice)).toEqual({ name: 'alice', role: 'reader' });
    expect(await whoIsIn(url, token)).toEqual({ name: 'default', role: 'writer' });

    const listed = await cairn(['token', 'list', '--store', url, '--json']);
    expect((JSON.parse(listed.stdout) as { credentials: { name: string }[] }).credentials.map((c) => c.name)).toEqual(['default', 'boss', 'alice']);
    expect(listed.stdout).not.toContain(alice.slice(-20));

    const revoked = await cairn(['token', 'revoke', '--store', url, '--name', 'alice', '--json']);
    expect(JSON.parse(revoked.stdout)).toEqual({ name: 'alice', revoked: 1 });
    expect(await whoIsIn(url, alice)).toBeUndefined();
  });

  test('--store comes from CAIRN_STORE and wins over --data', async () => {
    const { url } = await pgLog();
    const r = await cairn(['token', 'add', '--data', join(await temps.make(), 'none'), '--json'], {
      CAIRN_STORE: url,
      CAIRN_TOKEN_NAME: 'env',
      CAIRN_TOKEN_ROLE: 'writer',
    });
    expect(r.code).toBe(0);
    expect(await whoIsIn(url, (JSON.parse(r.stdout) as { token: string }).token)).toEqual({ name: 'env', role: 'writer' });
  });

  test('a database without a Cairn store is refused (exit 1) and gets none', async () => {
    const url = await cluster.createDatabase();
    const r = await cairn(['token', 'list', '--store', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds no Cairn store');
    const db = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1, url.indexOf('?')));
    expect(await cluster.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'cairn'`, [], db)).toEqual([]);
  });

  test('a log name the database does not hold is refused (exit 1) with the way to make it', async () => {
    const { url } = await pgLog();
    const r = await cairn(['token', 'list', '--store', `${url}&log=other`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no Cairn log in');
    expect(r.stderr).toContain('cairn serve --store');
  });

  test('a running process picks up a token added and a name revoked from outside, without a restart', async () => {
    const { url, dataDir } = await pgLog();
    // The running server's side: its log on the database, and the refresh it runs.
    const log = await CairnLog.open({ dataDir }, { store: await openStore(url) });
    const reloads: (() => void)[] = [];
    const refresh = startCredentialRefresh(log.credentials, log.store, { intervalMs: 60_000, onReload: () => reloads.splice(0).forEach((f) => f()) });
    /**
     * Resolves once `check` holds: at once if a reload already made it hold (the notification can
     * arrive, and its reload finish, before the `cairn token` process has exited), else at the
     * first reload after which it does.
     */
    const until = (check: () => boolean) =>
      new Promise<void>((resolve) => {
        const wait = () => (check() ? resolve() : reloads.push(wait));
        wait();
      });
    try {
      await refresh.reloadNow();
      const added = await cairn(['token', 'add', '--store', url, '--name', 'bob', '--role', 'writer', '--json']);
      const bob = (JSON.parse(added.stdout) as { token: string }).token;
      // The periodic reload is a minute away: only the notification can bring it in time.
      await until(() => log.credentials.authenticate(bob) !== undefined);
      expect(log.credentials.authenticate(bob)).toEqual({ name: 'bob', role: 'writer' });
      await cairn(['token', 'revoke', '--store', url, '--name', 'bob']);
      await until(() => log.credentials.authenticate(bob) === undefined);
    } finally {
      await refresh.stop();
      await log.close();
    }
  });
});
