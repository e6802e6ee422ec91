/**
 * A real NTP server for tests (issue 15): Debian's chronyd bound to 127.0.0.1 on an unprivileged
 * free port, serving its local clock (`local stratum 8`), started with `-x` so it never touches
 * the system clock, with its own config, pid and drift files in a temp folder and no command
 * port. `offsetSeconds` starts it under libfaketime, so it serves a clock that far from ours: a
 * lying or drifting server. libfaketime is preloaded into chronyd itself (what the `faketime`
 * wrapper does) rather than run through the wrapper, because the wrapper forks and does not pass
 * signals on: stopping it would leave chronyd running. The start checks that the offset is
 * really served.
 *
 * Readiness is awaited by querying it with SNTP until it answers (never a fixed sleep); a
 * chronyd that exits first fails the start with its stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseNtpServer, querySntp, type NtpServerAddress, type SntpResult } from '../../server/clock/index.js';
import { findExternal, type ExternalTools } from './external.js';

/** chronyd and faketime, looked up once per suite. */
export function findChronyTools(): ExternalTools {
  return findExternal([
    { command: 'chronyd', debianPackage: 'chrony', extraDirs: ['/usr/sbin'] },
    { command: 'faketime', debianPackage: 'faketime' },
  ]);
}

/** The library the `faketime` wrapper preloads (Debian package libfaketime, a dependency of faketime). */
export const FAKETIME_LIBRARY = '/usr/$LIB/faketime/libfaketime.so.1';

/** Our wall clock for tests: ms resolution is plenty against offsets of seconds and bounds of 250 ms. */
export const testWallClock = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** A running chronyd. */
export interface ChronyServer {
  port: number;
  /** Its address for the clock code (`127.0.0.1:<port>`). */
  address: NtpServerAddress;
  /** The offset it was started with (faketime), seconds; 0 = our clock. */
  offsetSeconds: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited and its folder is removed. */
  stop(): Promise<void>;
  /** SIGKILL at once (a server that dies); resolves once it has exited. */
  kill(): Promise<void>;
}

export interface ChronyOptions {
  /** A port to bind (to restart a server where it was); default a free one. */
  port?: number;
  /** Serve a clock this many seconds from ours (libfaketime), e.g. 30 or -30. */
  offsetSeconds?: number;
}

/** Starts chronyd and resolves once it answers SNTP. Requires the tools of findChronyTools(). */
export async function startChrony(tools: ExternalTools, options: ChronyOptions = {}): Promise<ChronyServer> {
  const chronyd = tools.paths['chronyd'];
  if (chronyd === undefined || tools.missing.length > 0) throw new Error(`startChrony: ${tools.reason}`);
  const port = options.port ?? (await freeUdpPort());
  const offsetSeconds = options.offsetSeconds ?? 0;
  const dir = await mkdtemp(join(tmpdir(), 'cairn-chrony-'));
  const conf = join(dir, 'chrony.conf');
  await writeFile(
    conf,
    [
      `port ${port}`,
      'bindaddress 127.0.0.1',
      'allow 127.0.0.1',
      'local stratum 8',
      'cmdport 0',
      `pidfile ${join(dir, 'chronyd.pid')}`,
      `driftfile ${join(dir, 'chrony.drift')}`,
      '',
    ].join('\n'),
  );
  // -x: never adjust the system clock; -d: stay in the foreground, log to stderr; -u: keep the
  // current user (the default drops to _chrony, which cannot read our temp folder).
  const user = process.getuid?.() === 0 ? 'root' : (process.env['USER'] ?? 'root');
  const chronyArgs = ['-f', conf, '-x', '-d', '-u', user];
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (offsetSeconds !== 0) {
    // The path the Debian faketime wrapper preloads; ld.so expands $LIB (lib/x86_64-linux-gnu).
    env['LD_PRELOAD'] = FAKETIME_LIBRARY;
    env['FAKETIME'] = `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}s`;
  }
  const child = spawn(chronyd, chronyArgs, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit').then(() => undefined);
  const address = parseNtpServer(`127.0.0.1:${port}`);
  const server: ChronyServer = {
    port,
    address,
    offsetSeconds,
    stop: async () => {
      await terminate(child, exited, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    kill: async () => {
      await terminate(child, exited, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    const first = await awaitAnswer(address, exited, () => stderr);
    const seenSeconds = Number(first.offsetNs) / 1e9;
    if (Math.abs(seenSeconds - offsetSeconds) > 1) {
      throw new Error(
        `chronyd on ${address.label} serves an offset of ${seenSeconds} s, not the ${offsetSeconds} s asked (is libfaketime at ${FAKETIME_LIBRARY}?)`,
      );
    }
  } catch (err) {
    await server.kill();
    throw err;
  }
  return server;
}

/** Queries until the server answers; fails if the process exits or 15 s pass. */
async function awaitAnswer(address: NtpServerAddress, exited: Promise<void>, stderr: () => string): Promise<SntpResult> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 15_000;
  let last: unknown;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`chronyd exited before it answered:\n${stderr()}`);
    try {
      return await querySntp(address, { timeoutMs: 250, wall: testWallClock });
    } catch (err) {
      last = err;
      // Port unreachable comes back at once: pace the polling on the process's exit instead.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20))]);
    }
  }
  throw new Error(`chronyd on ${address.label} did not answer within 15 s (${(last as Error)?.message}):\n${stderr()}`);
}

async function terminate(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
