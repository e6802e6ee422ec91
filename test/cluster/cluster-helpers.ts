/**
 * Several real `./bin/cairn serve` processes on one throwaway PostgreSQL database (issue 11):
 * a fresh database and signer key per cluster, each process with its own local folder
 * (search index, admin socket), all on 127.0.0.1 port 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllServers, runCairn, startServer, type ServerProcess } from '../helpers/cli.js';
import type { ThrowawayPostgres } from '../helpers/postgres.js';

/** A cluster of processes on one database. */
export interface TestCluster {
  store: string;
  keyFile: string;
  dir: string;
  servers: ServerProcess[];
  /** The default writer token, printed by the one process that provisioned the log. */
  token: string;
  verifierKey: string;
  /** Starts one more process (folder `name`) on the same database. */
  add(name: string, args?: string[]): Promise<ServerProcess>;
  /** The process the database names as leader. */
  leader(): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/** Starts `count` processes at once on a new database of `pg`, each with `args` and the CAIRN_* variables of `env`. */
export async function startCluster(pg: ThrowawayPostgres, count: number, args: string[] = [], env: Record<string, string> = {}): Promise<TestCluster> {
  const store = await pg.createDatabase();
  const database = databaseOf(store);
  const dir = await mkdtemp(join(tmpdir(), 'cairn-cluster-'));
  const keyFile = join(dir, 'signer.key');
  const keygen = await runCairn(['keygen', '--origin', 'cluster.example/log', '--out', keyFile]);
  if (keygen.code !== 0) throw new Error(keygen.stderr);
  const serveArgs = ['--store', store, '--key-file', keyFile, ...args];
  const add = (name: string, extra: string[] = []) => startServer(join(dir, name), { args: [...serveArgs, ...extra], env });
  const servers = await Promise.all(Array.from({ length: count }, (_, i) => add(`p${i}`)));
  const tokens = servers.flatMap((s) => (s.token === undefined ? [] : [s.token]));
  if (tokens.length !== 1) throw new Error(`${tokens.length} processes printed a first-start token; exactly one must`);
  await Promise.race(servers.map(whenLeading));
  for (const s of servers) await whenReady(s.url);
  return {
    store,
    keyFile,
    dir,
    servers,
    token: tokens[0]!,
    verifierKey: servers[0]!.verifierKey,
    async add(name, extra = []) {
      const s = await add(name, extra);
      servers.push(s);
      return s;
    },
    async leader() {
      const rows = await pg.query<{ leader: string | null }>('SELECT leader FROM cairn.logs', [], database);
      const s = servers.find((x) => x.url === rows[0]?.leader && x.process.exitCode === null && x.process.signalCode === null);
      if (s === undefined) throw new Error(`no running process is the leader (${String(rows[0]?.leader)})`);
      return s;
    },
    async stop() {
      await Promise.all(servers.filter((s) => s.process.exitCode === null && s.process.signalCode === null).map((s) => s.stop('SIGTERM')));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The end of a suite: stops `cluster` (killing every server process if a stop fails) and then
 * destroys `pg`. Either may be undefined, when the suite's setup failed before making it.
 */
export async function stopCluster(cluster: TestCluster | undefined, pg: ThrowawayPostgres | undefined): Promise<void> {
  await cluster?.stop().catch(() => killAllServers());
  await pg?.destroy();
}

/** Resolves when `server` logs its `leading` line. */
export function whenLeading(server: ServerProcess): Promise<unknown> {
  return server.waitForLog((l) => l.event === 'leading');
}

/** The database name of a throwaway cluster's URL (`postgres://postgres@/<db>?host=...`). */
export function databaseOf(store: string): string {
  return decodeURIComponent(store.split('/')[3]!.split('?')[0]!);
}

/** Resolves when GET /readyz of `url` answers 200 (a leader is elected and known there). */
export async function whenReady(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/readyz`);
    const body = await res.text();
    if (res.status === 200) return;
    if (performance.now() > deadline) throw new Error(`${url} is not ready after ${timeoutMs} ms: ${res.status} ${body}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls `probe` until it returns true (a process sees a commit within its 150 ms follow, then catches up). Throws after `ms`. */
export async function eventually(probe: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
