/**
 * Runs the real `./bin/cairn` (the dist/ build that jest's globalSetup makes) as a child process:
 * `startServer` starts `cairn serve` on a folder and port 0 and waits for its `listening` log
 * line (an event, never a fixed sleep); `runCairn` runs a one-shot command. Every process started
 * here is tracked, and `killAllServers()` (call it in afterEach/afterAll) SIGKILLs what is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The launcher under test. */
export const CAIRN_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'cairn');

/** A token as `cairn serve` prints it on first start. */
export const TOKEN_PATTERN = /cairn_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/;

/** One structured log line of the server (stdout). */
export interface LogLine {
  event: string;
  [field: string]: unknown;
}

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `cairn serve`. */
export interface ServerProcess {
  url: string;
  dataDir: string;
  verifierKey: string;
  /** The `default` writer token, when this start was the folder's first. */
  token: string | undefined;
  process: ChildProcess;
  /** Every JSON log line so far (stdout). */
  logs: LogLine[];
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first log line (already seen or future) that matches. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const running = new Set<ChildProcess>();
const closed = new WeakMap<ChildProcess, Promise<Exit>>();

/** The environment of a child: ours without CAIRN_* (tests say what they mean) and jest's NODE_OPTIONS. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('CAIRN_') && k !== 'NODE_OPTIONS') env[k] = v;
  }
  return { ...env, ...extra };
}

function spawnCairn(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [CAIRN_BIN, ...args], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  // 'close' (not 'exit'): by then every byte the process wrote has been read.
  closed.set(
    child,
    new Promise((done) =>
      child.once('close', (code, signal) => {
        running.delete(child);
        done({ code, signal });
      }),
    ),
  );
  return child;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return closed.get(child)!;
}

/** SIGKILLs every process started here that still runs, and waits for them. */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map((child) => {
      const exited = exitOf(child);
      child.kill('SIGKILL');
      return exited;
    }),
  );
}

/** What a one-shot command printed and its exit code. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cairn <args>` to completion. */
export async function runCairn(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CommandResult> {
  const child = spawnCairn(args, options.env ?? {});
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  child.stdin!.end(options.input ?? '');
  const { code } = await exitOf(child);
  return { code, stdout, stderr };
}

/** Options of `startServer`. */
export interface StartOptions {
  /** More flags for `cairn serve`. */
  args?: string[];
  env?: Record<string, string>;
}

/**
 * Starts `cairn serve --data <dataDir> --port 0 --host 127.0.0.1` and resolves once it logs
 * `listening` (and, on a first start, once its first-start block with the token is read).
 * Rejects with the process's output if it exits first.
 */
export async function startServer(dataDir: string, options: StartOptions = {}): Promise<ServerProcess> {
  const child = spawnCairn(['serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', ...(options.args ?? [])], options.env ?? {});
  const logs: LogLine[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  const watchers = new Set<() => void>();
  const notify = () => watchers.forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (t: string) => {
    stdout += t;
    partial += t;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as unknown;
        if (typeof parsed === 'object' && parsed !== null && typeof (parsed as LogLine).event === 'string') logs.push(parsed as LogLine);
      } catch {
        // Not a log line; kept in stdout() for the test to look at.
      }
    }
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    stderr += t;
    notify();
  });
  const exited = exitOf(child);
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    notify();
  });

  /** Resolves when `check` returns a value; rejects if the process exits before. */
  const waitFor = <T>(check: () => T | undefined, what: string): Promise<T> =>
    new Promise((done, fail) => {
      const watcher = () => {
        const value = check();
        if (value !== undefined) {
          watchers.delete(watcher);
          done(value);
        } else if (hasExited) {
          watchers.delete(watcher);
          fail(
            new Error(
              `cairn serve exited (code ${String(child.exitCode)}, signal ${String(child.signalCode)}) before ${what}.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
            ),
          );
        }
      };
      watchers.add(watcher);
      watcher();
    });
  const waitForLog = (match: (line: LogLine) => boolean) => waitFor(() => logs.find(match), 'the awaited log line');

  const listening = await waitForLog((l) => l.event === 'listening');
  const first = logs.find((l) => l.event === 'first_start');
  // stdout and stderr are separate pipes: the block may arrive after the listening line.
  const token = first === undefined ? undefined : await waitFor(() => TOKEN_PATTERN.exec(stderr)?.[0], 'printing the first-start token');
  return {
    url: String(listening['url']),
    dataDir,
    verifierKey: String(listening['verifierKey']),
    token,
    process: child,
    logs,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLog,
    exited,
    stop(signal = 'SIGTERM') {
      if (!hasExited) child.kill(signal);
      return exited;
    },
  };
}
