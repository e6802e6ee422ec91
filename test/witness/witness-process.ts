/**
 * Runs the real `./bin/cairn witness` (the dist/ build jest's globalSetup makes) as a child
 * process and resolves once its `listening` line is read (an event, never a sleep). Every
 * process started here is tracked; `killAllWitnesses()` SIGKILLs what is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CAIRN_BIN } from '../helpers/cli.js';

/** A running `cairn witness`. */
export interface WitnessProcess {
  url: string;
  /** The cosignature verifier key from the `listening` line. */
  verifierKey: string;
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** The child's environment: ours without CAIRN_* variables and jest's NODE_OPTIONS. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CAIRN_') && k !== 'NODE_OPTIONS') env[k] = v;
  return env;
}

/** Starts `cairn witness <args> --port 0 --host 127.0.0.1`; rejects with its output if it exits first. */
export function startWitnessProcess(args: string[]): Promise<WitnessProcess> {
  const child = spawn(process.execPath, [CAIRN_BIN, 'witness', ...args, '--port', '0', '--host', '127.0.0.1'], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (err += t));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      for (const line of out.split('\n')) {
        if (!line.includes('"listening"')) continue;
        const parsed = JSON.parse(line) as { url: string; verifierKey: string };
        resolve({ url: parsed.url, verifierKey: parsed.verifierKey, process: child, stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`cairn witness exited (${code ?? signal}) before listening:\n${out}\n${err}`)));
  });
}

/** SIGKILLs every witness started here that still runs, and waits for them. */
export async function killAllWitnesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
