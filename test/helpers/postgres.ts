/**
 * A throwaway PostgreSQL cluster for tests (issue 11, "Tests with the real thing"): `initdb` in a
 * fresh temporary folder, a unix socket in that folder and no TCP port, fsync on, run as the
 * `postgres` OS user when the tests run as root (PostgreSQL refuses to run as root). Starts in
 * about a second; `destroy()` stops it and removes the folder.
 *
 * The postmaster is started directly (not through pg_ctl) as a child of this process, so its
 * exit is an event to await, and it is stopped with the signals pg_ctl would send: SIGTERM
 * (smart), SIGINT (fast), SIGQUIT (immediate). `kill9()` is a crash of the whole server.
 *
 * Usage:
 *   const tools = findPostgres();
 *   describeExternal('the PostgreSQL store', tools, () => {
 *     let pg: ThrowawayPostgres;
 *     beforeAll(async () => { pg = await ThrowawayPostgres.create(tools); });
 *     afterAll(() => pg.destroy());
 *     test('...', async () => { const url = await pg.createDatabase(); ... });
 *   });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { chown, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findExternal, type ExternalTools } from './external.js';

const PG_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** initdb, postgres and (as root) runuser: what a throwaway cluster needs. */
export function findPostgres(): ExternalTools {
  return findExternal([
    { command: 'initdb', debianPackage: 'postgresql', extraDirs: PG_DIRS },
    { command: 'postgres', debianPackage: 'postgresql', extraDirs: PG_DIRS },
    ...(isRoot() ? [{ command: 'runuser', debianPackage: 'util-linux' }] : []),
  ]);
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Server settings every throwaway cluster gets (`-c name=value`); `create` may add or override. */
export const DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '',
  fsync: 'on',
  synchronous_commit: 'on',
  max_connections: '100',
  // Messages the tests can read, whatever the machine's locale.
  lc_messages: 'C',
};

/** How long the last steps took, in milliseconds (reported by the tests that measure them). */
export interface PostgresTimings {
  initdb: number;
  /** From spawning the postmaster to "ready to accept connections". */
  start: number;
}

/** Clusters still running, stopped at process exit if a test forgot (or jest exited early). */
const live = new Set<ThrowawayPostgres>();
process.on('exit', () => {
  for (const c of live) if (c.postmasterPid !== undefined) safeKill(c.postmasterPid, 'SIGQUIT');
});

function safeKill(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** One throwaway cluster. Make it with `ThrowawayPostgres.create`. */
export class ThrowawayPostgres {
  /** The temporary folder: `data/` (the cluster), the socket and `postgres.log`. */
  readonly dir: string;
  readonly dataDir: string;
  /** Folder of the unix socket (`.s.PGSQL.5432`), the `host` of every connection string. */
  readonly socketDir: string;
  readonly timings: PostgresTimings = { initdb: 0, start: 0 };
  private readonly settings: Record<string, string>;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private pid: number | undefined;
  private databases = 0;

  private constructor(
    private readonly tools: ExternalTools,
    dir: string,
    settings: Record<string, string>,
  ) {
    this.dir = dir;
    this.dataDir = join(dir, 'data');
    this.socketDir = dir;
    this.settings = { ...DEFAULT_SETTINGS, unix_socket_directories: dir, ...settings };
  }

  /**
   * initdb in a new temporary folder, then start the server. Requires `tools` from
   * `findPostgres()` with nothing missing. `settings` are extra `-c` server settings.
   */
  static async create(tools: ExternalTools, settings: Record<string, string> = {}): Promise<ThrowawayPostgres> {
    if (tools.reason !== '') throw new Error(tools.reason);
    const dir = await mkdtemp(join(tmpdir(), 'cairn-pg-'));
    const cluster = new ThrowawayPostgres(tools, dir, settings);
    try {
      if (isRoot()) {
        const { uid, gid } = postgresUser();
        await chown(dir, uid, gid);
      }
      const t0 = performance.now();
      // --no-sync: only initdb's own files skip fsync; the running server keeps fsync on.
      await cluster.run(tools.paths['initdb']!, ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
      cluster.timings.initdb = performance.now() - t0;
      await cluster.start();
      return cluster;
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
  }

  /** The postmaster's process id while it runs. */
  get postmasterPid(): number | undefined {
    return this.pid;
  }

  /** True between a successful `start()` and the postmaster's exit. */
  get running(): boolean {
    return this.pid !== undefined;
  }

  /** A connection string for `database`: `postgres://postgres@/<database>?host=<socketDir>`. */
  url(database = 'postgres'): string {
    return `postgres://postgres@/${encodeURIComponent(database)}?host=${encodeURIComponent(this.socketDir)}`;
  }

  /** Creates a fresh database (a unique name unless given) and returns its connection string. */
  async createDatabase(name = `test_${++this.databases}_${randomBytes(4).toString('hex')}`): Promise<string> {
    await this.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return this.url(name);
  }

  /** Runs one statement on a short-lived connection to `database` and returns its rows. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /**
   * Starts the postmaster and resolves once it accepts connections (its log says so; crash
   * recovery after `kill9()` runs first). Rejects with the log when it exits before that.
   * Returns the milliseconds it took.
   */
  async start(): Promise<number> {
    if (this.child !== undefined) throw new Error('the throwaway PostgreSQL is already running');
    const args = ['-D', this.dataDir, ...Object.entries(this.settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const t0 = performance.now();
    const child = this.spawnAsPostgres(this.tools.paths['postgres']!, args, ['ignore', 'ignore', 'pipe']);
    this.child = child;
    const log = createWriteStream(join(this.dir, 'postgres.log'), { flags: 'a' });
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        this.child = undefined;
        this.pid = undefined;
        live.delete(this);
        log.end();
        resolve();
      });
    });
    live.add(this);
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const onData = (chunk: Buffer): void => {
        log.write(chunk);
        seen += chunk.toString('utf8');
        if (seen.includes('database system is ready to accept connections')) {
          child.off('exit', onExit);
          resolve();
        }
      };
      const onExit = (code: number | null, signal: string | null): void => {
        reject(new Error(`the throwaway PostgreSQL exited before it was ready (code ${code}, signal ${signal}):\n${seen}`));
      };
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
      child.once('error', reject);
    });
    this.timings.start = performance.now() - t0;
    this.pid = Number.parseInt(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return this.timings.start;
  }

  /**
   * Stops the server the way `pg_ctl stop -m <mode>` does and resolves when the postmaster has
   * exited. `fast` aborts open transactions and checkpoints; `immediate` skips the checkpoint
   * (the next start runs crash recovery). Does nothing when it is not running.
   */
  async stop(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (this.pid === undefined) return this.exited;
    const signal = mode === 'smart' ? 'SIGTERM' : mode === 'fast' ? 'SIGINT' : 'SIGQUIT';
    safeKill(this.pid, signal);
    await this.exited;
  }

  /** Stops (`mode`) and starts again; resolves when it accepts connections. */
  async restart(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.stop(mode);
    await this.start();
  }

  /**
   * A crash: SIGKILL to the postmaster and every process it started, at once (a power cut of the
   * database machine, as far as clients see it: connections reset, nothing after the last
   * durable commit survives). Resolves when the postmaster is gone; `start()` then runs recovery.
   */
  async kill9(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return this.exited;
    const children = await childPids(pid);
    safeKill(pid, 'SIGKILL');
    // Backends are their own process-group leaders (PostgreSQL calls setsid in each child), so
    // they are killed one by one; a backend still attached to the old shared memory would make
    // the next start refuse ("pre-existing shared memory block is still in use").
    for (const c of children) safeKill(c, 'SIGKILL');
    await this.exited;
  }

  /** The server log so far. */
  log(): Promise<string> {
    return readFile(join(this.dir, 'postgres.log'), 'utf8').catch(() => '');
  }

  /** Stops the server (immediate: the data is thrown away) and removes the folder. */
  async destroy(): Promise<void> {
    await this.stop('immediate');
    await rm(this.dir, { recursive: true, force: true });
  }

  private spawnAsPostgres(command: string, args: string[], stdio: ('ignore' | 'pipe')[]): ChildProcess {
    const [file, argv] = isRoot() ? [this.tools.paths['runuser']!, ['-u', 'postgres', '--', command, ...args]] : [command, args];
    return spawn(file, argv, { stdio, env: { ...process.env, LC_ALL: 'C' } });
  }

  private run(command: string, args: string[]): Promise<void> {
    const child = this.spawnAsPostgres(command, args, ['ignore', 'pipe', 'pipe']);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (code ${code}):\n${output}`))));
    });
  }
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined || fields.length < 4) {
    throw new Error(`tests run as root (${userInfo().username}) but there is no \`postgres\` OS user; install the Debian postgresql package`);
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Process ids whose parent is `pid` (from /proc). */
async function childPids(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) out.push(Number(name));
  }
  return out;
}
