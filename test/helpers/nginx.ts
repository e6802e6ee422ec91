/**
 * A throwaway nginx for tests, running the shipped configuration deploy/nginx/cairn.conf (issue
 * 11, "Reads that scale out"): only the listen port, the upstream addresses and the cache folder
 * are replaced, so the tested configuration is the one users install. Everything nginx writes
 * (pid, logs, temp files, cache) stays in a temporary folder; it binds 127.0.0.1 only.
 *
 * nginx runs in the foreground (`daemon off`) as a child of this process. It is ready when its
 * log says "start worker processes" (logged after the listening socket is bound), and stopped
 * when its master process has exited: both are awaited events, no sleeps.
 *
 * Usage:
 *   const tools = findNginx();
 *   describeExternal('nginx in front of Cairn', tools, () => {
 *     const proxy = await ThrowawayNginx.start(tools, { upstreams: ['127.0.0.1:4001', '127.0.0.1:4002'] });
 *     ... fetch(`${proxy.url}/tile/0/000`) ...
 *     await proxy.stop();
 *   });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExternal, type ExternalTools } from './external.js';

/** The shipped configuration (an `http`-block include). */
export const CAIRN_NGINX_CONF = join(import.meta.dirname, '..', '..', 'deploy', 'nginx', 'cairn.conf');

/** The nginx binary. */
export function findNginx(): ExternalTools {
  return findExternal([{ command: 'nginx', debianPackage: 'nginx', extraDirs: ['/usr/sbin'] }]);
}

/** What the test replaces in the shipped configuration. */
export interface CairnConfValues {
  /** Port nginx listens on, on 127.0.0.1. */
  port: number;
  /** `host:port` of each Cairn process, at least one. */
  upstreams: readonly string[];
  /** Folder of the tile cache. */
  cacheDir: string;
}

// The exact text of the shipped file that is replaced; each must occur exactly once, so the test
// fails (rather than silently testing something else) when the shipped file changes shape.
const LISTEN = 'listen 8080;';
const CACHE_PATH = 'proxy_cache_path /var/cache/nginx/cairn ';
const UPSTREAM_LINES = /^( *)server 127\.0\.0\.1:8081 (.*);\n *server 127\.0\.0\.1:8082 .*;\n/m;

/** The shipped configuration with the test's port, upstreams and cache folder. */
export function renderCairnConf(shipped: string, values: CairnConfValues): string {
  const once = (text: string, needle: string): void => {
    const count = text.split(needle).length - 1;
    if (count !== 1) throw new Error(`deploy/nginx/cairn.conf: expected "${needle}" once, found it ${count} times; update test/helpers/nginx.ts`);
  };
  once(shipped, LISTEN);
  once(shipped, CACHE_PATH);
  const upstream = UPSTREAM_LINES.exec(shipped);
  if (upstream === null) throw new Error('deploy/nginx/cairn.conf: the upstream no longer lists 127.0.0.1:8081 and :8082; update test/helpers/nginx.ts');
  if (values.upstreams.length === 0) throw new Error('renderCairnConf needs at least one upstream');
  const [, indent, options] = upstream;
  const servers = values.upstreams.map((u) => `${indent}server ${u} ${options};\n`).join('');
  return shipped
    .replace(LISTEN, `listen 127.0.0.1:${values.port};`)
    .replace(CACHE_PATH, `proxy_cache_path ${values.cacheDir} `)
    .replace(UPSTREAM_LINES, servers);
}

/** A free TCP port on 127.0.0.1 (bound and released; nginx binds it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** A running nginx with the shipped Cairn configuration. */
export class ThrowawayNginx {
  private readonly exited: Promise<void>;
  private running = true;

  private constructor(
    /** The temporary folder (nginx.conf, cairn.conf, logs, cache, temp files). */
    readonly dir: string,
    /** The port on 127.0.0.1. */
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => (this.running = false));
  }

  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Writes the configuration into a new temporary folder and starts nginx on a free port;
   * resolves once it accepts connections. Requires `tools` from `findNginx()` with nothing missing.
   */
  static async start(tools: ExternalTools, options: { upstreams: readonly string[] }): Promise<ThrowawayNginx> {
    if (tools.reason !== '') throw new Error(tools.reason);
    const dir = await mkdtemp(join(tmpdir(), 'cairn-nginx-'));
    try {
      for (const sub of ['logs', 'cache', 'temp']) await mkdir(join(dir, sub));
      const shipped = await readFile(CAIRN_NGINX_CONF, 'utf8');
      const port = await freePort();
      await writeFile(join(dir, 'cairn.conf'), renderCairnConf(shipped, { port, upstreams: options.upstreams, cacheDir: join(dir, 'cache') }));
      await writeFile(join(dir, 'nginx.conf'), mainConf(dir));
      // -e: the error log before the configuration is read; -p: relative paths stay in `dir`.
      const child = spawn(tools.paths['nginx']!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
      const nginx = new ThrowawayNginx(dir, port, child);
      await new Promise<void>((resolve, reject) => {
        let log = '';
        const onData = (chunk: Buffer): void => {
          log += chunk.toString('utf8');
          if (log.includes('start worker processes')) {
            child.off('exit', onExit);
            child.stderr!.off('data', onData);
            child.stderr!.resume();
            resolve();
          }
        };
        const onExit = (code: number | null): void => reject(new Error(`nginx exited before it was ready (code ${code}):\n${log}`));
        child.stderr!.on('data', onData);
        child.once('exit', onExit);
        child.once('error', reject);
      });
      return nginx;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The access log so far: one line per request, `<status> <upstream_addr> <cache status> <uri>`. */
  async accessLog(): Promise<string[]> {
    const text = await readFile(join(this.dir, 'logs', 'access.log'), 'utf8').catch(() => '');
    return text.split('\n').filter((l) => l !== '');
  }

  /** Stops nginx (fast shutdown: SIGTERM), awaits its exit and removes its folder. */
  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    await this.exited;
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The main configuration around the shipped include: everything inside `dir`, in the foreground. */
function mainConf(dir: string): string {
  const asRoot = process.getuid?.() === 0;
  const temp = join(dir, 'temp');
  return `# Written by test/helpers/nginx.ts.
daemon off;
master_process on;
worker_processes 1;
${asRoot ? 'user root;\n' : ''}pid ${join(dir, 'nginx.pid')};
# notice: the "start worker processes" line tells the test that nginx is listening.
error_log stderr notice;

events {
    worker_connections 256;
}

http {
    log_format cairn_test '$status $upstream_addr $upstream_cache_status $request_uri';
    access_log ${join(dir, 'logs', 'access.log')} cairn_test;
    client_body_temp_path ${temp}/client;
    proxy_temp_path ${temp}/proxy;
    fastcgi_temp_path ${temp}/fastcgi;
    uwsgi_temp_path ${temp}/uwsgi;
    scgi_temp_path ${temp}/scgi;
    include ${join(dir, 'cairn.conf')};
}
`;
}
