/**
 * Real processes for the "log asks" tests (issue 12): `cairn witness` children on fixed ports
 * (so one can be killed and come back at the same URL, as the policy names it), a log key file,
 * a tlog-policy file naming them, and `cairn serve` with `--witness-policy`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { generateSignerKey, verifierKeyOf, type ReceiptJson, type SignerKey } from '../../proofs/index.js';
import { CAIRN_BIN, startServer, type LogLine, type ServerProcess } from '../helpers/cli.js';

/** A running `cairn witness`. */
export interface WitnessRun {
  name: string;
  url: string;
  port: number;
  dataDir: string;
  keyFile: string;
  /** The 0x04 cosignature vkey from its `listening` line. */
  verifierKey: string;
  process: ChildProcess;
  exited: Promise<void>;
  /** SIGKILLs it and waits. */
  kill(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** A TCP port that was free a moment ago (the witness binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CAIRN_') && k !== 'NODE_OPTIONS') env[k] = v;
  return env;
}

/** Starts `cairn witness` on `port` and resolves at its `listening` line. */
export function startWitness(opts: { name: string; dataDir: string; keyFile: string; port: number; logs: string[] }): Promise<WitnessRun> {
  const args = ['witness', '--data', opts.dataDir, '--key-file', opts.keyFile, '--name', opts.name, '--host', '127.0.0.1', '--port', String(opts.port)];
  for (const log of opts.logs) args.push('--log', log);
  const child = spawn(process.execPath, [CAIRN_BIN, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      children.delete(child);
      resolve();
    }),
  );
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (err += t));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line === undefined) return;
      const parsed = JSON.parse(line) as { url: string; verifierKey: string };
      resolve({
        name: opts.name,
        url: parsed.url,
        port: opts.port,
        dataDir: opts.dataDir,
        keyFile: opts.keyFile,
        verifierKey: parsed.verifierKey,
        process: child,
        exited,
        kill: () => {
          child.kill('SIGKILL');
          return exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`cairn witness exited before listening:\n${out}\n${err}`)));
  });
}

/** SIGKILLs every witness started here. */
export async function killWitnesses(): Promise<void> {
  await Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.once('close', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
}

/** A log identity shared by the tests (and by the split-view twin). */
export interface LogIdentity {
  origin: string;
  key: SignerKey;
  verifierKey: string;
  keyFile: string;
}

/** Writes a log signer key file in `dir`. */
export async function makeLogIdentity(dir: string, origin = 'log.example/witnessed', seed = 41): Promise<LogIdentity> {
  const key = generateSignerKey(origin, new Uint8Array(32).fill(seed));
  const keyFile = join(dir, 'log.key');
  await writeFile(keyFile, key.text + '\n', { mode: 0o600 });
  return { origin, key, verifierKey: verifierKeyOf(key), keyFile };
}

/** Writes a policy: the log, each witness with its URL, and a group needing `k` of them. */
export async function writePolicy(file: string, log: LogIdentity, witnesses: readonly WitnessRun[], k: number | 'all'): Promise<string> {
  const text = [
    '# test policy',
    `log ${log.verifierKey}`,
    ...witnesses.map((w) => `witness ${w.name} ${w.verifierKey} ${w.url}`),
    `group wits ${k} ${witnesses.map((w) => w.name).join(' ')}`,
    'quorum wits',
    '',
  ].join('\n');
  await writeFile(file, text);
  return text;
}

/** Starts `cairn serve` on `dataDir` with the log key, public payloads and the witness flags. */
export function startWitnessedLog(dataDir: string, log: LogIdentity, extra: string[]): Promise<ServerProcess> {
  return startServer(dataDir, { args: ['--key-file', log.keyFile, '--origin', log.origin, '--public-payloads', '--batch-delay-ms', '0', ...extra] });
}

/** Appends `n` text events one request each; returns the receipts (JSON). */
export async function appendEvents(server: ServerProcess, token: string, n: number, prefix = 'event'): Promise<ReceiptJson[]> {
  const receipts: ReceiptJson[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${server.url}/v1/entries`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: `${prefix}-${i}`,
    });
    if (res.status !== 201) throw new Error(`append answered ${res.status}: ${await res.text()}`);
    receipts.push((await res.json()) as ReceiptJson);
  }
  return receipts;
}

/** Resolves at the first `witness_round` line (seen or future) matching `match`. */
export function waitForRound(server: ServerProcess, match: (line: LogLine) => boolean): Promise<LogLine> {
  return server.waitForLog((l) => l.event === 'witness_round' && match(l));
}
