/**
 * A throwaway PostgreSQL for the benchmarks (as test/helpers/postgres.ts does for the tests):
 * initdb in a temporary folder, a unix socket there and no TCP port, fsync and
 * synchronous_commit on, run as the `postgres` OS user when this runs as root. `stop()` stops it
 * and removes the folder.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCpuMs } from '../lib/system.mjs';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** The folder of initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBin() {
  return BIN_DIRS.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

/**
 * Starts a cluster and returns {url(db), createDatabase(name), stop()}. Throws when PostgreSQL
 * is not installed (Debian package `postgresql`).
 */
export function startPostgres() {
  const bin = postgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-pg-'));
  if (root) {
    const fields = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'))
      ?.split(':');
    if (fields === undefined) throw new Error('running as root but there is no postgres OS user');
    chownSync(dir, Number(fields[2]), Number(fields[3]));
  }
  const run = (tool, args) => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LC_ALL: 'C' } });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-c listen_addresses= -c unix_socket_directories=${dir} -c fsync=on -c synchronous_commit=on`;
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-s', '-o', options, 'start']);
  const url = (db = 'postgres') => `postgres://postgres@/${db}?host=${encodeURIComponent(dir)}`;
  return {
    /** The cluster's folder (its unix socket, data and log). */
    dir,
    url,
    /** Creates database `name` (psql is not needed: pg from the project's dependencies). */
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      return url(name);
    },
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-s', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CPU milliseconds so far of every process of the PostgreSQL cluster in `dir` (its command lines name the folder, or their parent's does). */
export function clusterCpuMs(dir) {
  const procs = new Map();
  const inCluster = new Set();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      procs.set(name, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(dir)) inCluster.add(name);
    } catch {
      // Gone meanwhile.
    }
  }
  let ms = 0;
  for (const [pid, ppid] of procs) {
    if (!inCluster.has(pid) && !inCluster.has(ppid)) continue;
    try {
      ms += processCpuMs(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return ms;
}
