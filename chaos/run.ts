/**
 * The chaos run (issue 6 part 1): the real `./bin/cairn serve` on one data folder, under load
 * from concurrent writers (writers.ts), SIGKILLed at random moments and restarted on the same
 * folder, checked after every restart (checks.ts); at the end stopped with SIGTERM and checked
 * with `cairn fsck`. Each cycle:
 *
 *   load for a random time ─▶ SIGKILL (with requests in flight) ─▶ restart ─▶ writers retry
 *   what got no answer ─▶ checks ─▶ next cycle
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCairn, startServer, type ServerProcess } from '../test/helpers/cli.js';
import { runAdmin } from './admin.js';
import { checkRestartedLog, type CheckReport } from './checks.js';
import { Gate } from './gate.js';
import { Ledger } from './ledger.js';
import type { ChaosOptions } from './options.js';
import { Random } from './random.js';
import { runLoad } from './writers.js';

/** One kill and what followed. */
export interface CycleReport {
  kill: number;
  loadMs: number;
  inFlightAtKill: number;
  /** Requests that got no answer because of this kill (retried when keyed). */
  cutOff: number;
  acknowledgedTotal: number;
  restartMs: number;
  settleMs: number;
  checkMs: number;
  check: CheckReport;
}

/**
 * The report of cycle `kill` once its check is done: the timings measured by the runner, plus
 * what the ledger says about the cycle (requests the kill cut off, acknowledgements so far).
 */
export function cycleReport(
  m: { kill: number; loadMs: number; inFlightAtKill: number; restartMs: number; settleMs: number; checkStart: number; check: CheckReport },
  ledger: Ledger,
): CycleReport {
  return {
    kill: m.kill,
    loadMs: m.loadMs,
    inFlightAtKill: m.inFlightAtKill,
    cutOff: ledger.requests.filter((r) => r.unanswered > 0 && r.cycle === m.kill - 1).length,
    acknowledgedTotal: ledger.acks.length,
    restartMs: m.restartMs,
    settleMs: m.settleMs,
    checkMs: performance.now() - m.checkStart,
    check: m.check,
  };
}

/** What a chaos run did and found. */
export interface ChaosResult {
  dataDir: string;
  kills: number;
  ms: number;
  ledger: Ledger;
  cycles: CycleReport[];
  fsck: { clean: boolean; output: string } | undefined;
  /** The log's size when the run stopped. */
  treeSize: number;
}

/** How long the writers may take to settle their retries after a restart. */
const SETTLE_TIMEOUT_MS = 120_000;

/** Rejects after `ms` with `message`; the timer does not keep the process alive. */
function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

/**
 * The self-test of `--sabotage-rollback`: after kill 1 keep a copy of the stopped folder, after
 * kill 2 put it back, as an operator restoring an old backup would. The restarted log is then
 * behind what it acknowledged and served.
 */
async function rollback(dataDir: string, kill: number, print: (line: string) => void): Promise<void> {
  const copy = `${dataDir}.rollback`;
  // The stale admin socket of the killed server cannot be copied, and the server replaces it.
  const filter = (source: string) => !source.endsWith('admin.sock');
  if (kill === 1) await cp(dataDir, copy, { recursive: true, filter });
  if (kill === 2) {
    await rm(dataDir, { recursive: true, force: true });
    await cp(copy, dataDir, { recursive: true, filter });
    await rm(copy, { recursive: true, force: true });
    print('SABOTAGE: the data folder was rolled back to its copy from kill 1; this run must fail');
  }
}

/** `work`, unless the server dies first. */
function raceDeath<T>(died: Promise<never>, work: Promise<T>): Promise<T> {
  return Promise.race([work, died]);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes a token with `cairn token add` (through the admin socket of the running server). */
async function addToken(dataDir: string, name: string, role: 'writer' | 'reader' | 'admin'): Promise<string> {
  const r = await runCairn(['token', 'add', '--data', dataDir, '--name', name, '--role', role, '--json']);
  if (r.code !== 0) throw new Error(`cairn token add (${role}) failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { token: string }).token;
}

/**
 * Runs the chaos run of `options`, printing a line per cycle through `print`. Never throws for
 * a failed check (the ledger holds those); throws only when it cannot go on (the server does
 * not start, or a check could not run) after recording why in the ledger.
 */
export async function runChaos(options: ChaosOptions, print: (line: string) => void): Promise<ChaosResult> {
  const started = performance.now();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cairn-chaos-')));
  const random = new Random(options.seed);
  const ledger = new Ledger();
  const gate = new Gate();
  const cycles: CycleReport[] = [];
  const result: ChaosResult = { dataDir, kills: 0, ms: 0, ledger, cycles, fsck: undefined, treeSize: 0 };
  const run = `r${options.seed.toString(36)}`;

  let server = await startServer(dataDir);
  let running = true;
  let killedByUs = false;
  /** Rejects if `s` exits without our signal (it never resolves). */
  const watch = (s: ServerProcess): Promise<never> =>
    s.exited.then((exit) => {
      if (killedByUs) return new Promise<never>(() => undefined);
      running = false;
      const message = `cairn serve exited by itself (code ${exit.code}, signal ${exit.signal}):\n${s.stderr().slice(-2000)}`;
      ledger.fail(message);
      throw new Error(message);
    });
  let died = watch(server);
  // Handled where it is raced; this only keeps an unraced rejection from ending the process.
  died.catch(() => undefined);
  const verifierKey = server.verifierKey;
  const writerToken = await addToken(dataDir, `chaos-writer-${run}`, 'writer');
  const readerToken = await addToken(dataDir, `chaos-reader-${run}`, 'reader');
  const adminToken = await addToken(dataDir, `chaos-admin-${run}`, 'admin');
  print(`data folder ${dataDir}, verifier key ${verifierKey}`);

  let cycle = 0;
  gate.set('load', { url: server.url, epoch: 0 });
  const load = Promise.all([
    runLoad({ gate, ledger, token: writerToken, verifierKey, cycle: () => cycle }, options.writers, options.seed, run),
    runAdmin({ gate, ledger, token: adminToken, readerToken, random: new Random(options.seed * 64 + 63) }),
  ]);
  try {
    for (let kill = 1; kill <= options.kills; kill++) {
      // Some kills come at once after the restart, into the new process's first rounds.
      const loadMs = kill > 1 && random.chance(options.earlyKillChance) ? random.int(0, 150) : random.int(options.minLoadMs, options.maxLoadMs);
      await Promise.race([pause(loadMs).then(() => gate.whenInFlight()), died]);
      const inFlightAtKill = gate.inFlight;
      killedByUs = true;
      server.process.kill('SIGKILL');
      gate.set('down');
      const exit = await server.exited;
      running = false;
      if (exit.signal !== 'SIGKILL') ledger.fail(`kill ${kill}: the server ended with code ${exit.code}, signal ${exit.signal}, not by SIGKILL`);
      result.kills = kill;
      cycle = kill;
      if (options.sabotage === 'rollback') await rollback(dataDir, kill, print);

      const restartStart = performance.now();
      try {
        server = await startServer(dataDir);
        running = true;
      } catch (err) {
        ledger.fail(`kill ${kill}: cairn serve did not start again on the folder: ${(err as Error).message}`);
        throw err;
      }
      killedByUs = false;
      died = watch(server);
      died.catch(() => undefined);
      if (server.verifierKey !== verifierKey) ledger.fail(`kill ${kill}: the restarted server has another verifier key: ${server.verifierKey}`);
      const restartMs = performance.now() - restartStart;

      const settleStart = performance.now();
      gate.set('retry', { url: server.url, epoch: kill });
      await Promise.race([
        gate.whenIdle(),
        died,
        timeout(SETTLE_TIMEOUT_MS, `kill ${kill}: the writers did not settle their retries within ${SETTLE_TIMEOUT_MS} ms`),
      ]);
      const settleMs = performance.now() - settleStart;

      gate.set('check');
      const checkStart = performance.now();
      const check = await raceDeath(
        died,
        checkRestartedLog({
          url: server.url,
          verifierKey,
          writerToken,
          readerToken,
          ledger,
          random,
          cycle: kill - 1,
          proofSample: options.proofSample,
          replaySample: options.replaySample,
        }),
      );
      const report = cycleReport({ kill, loadMs, inFlightAtKill, restartMs, settleMs, checkStart, check }, ledger);
      cycles.push(report);
      result.treeSize = check.treeSize;
      print(cycleLine(report, options.kills, ledger));
      if (kill < options.kills) gate.set('load', { url: server.url, epoch: kill });
    }
  } finally {
    gate.set('done');
    await load;
    killedByUs = true;
    if (running) {
      const exit = await server.stop('SIGTERM');
      if (exit.code !== 0) ledger.fail(`SIGTERM at the end: cairn serve exited with code ${exit.code}, signal ${exit.signal}`);
    }
    result.ms = performance.now() - started;
  }

  const fsck = await runCairn(['fsck', '--data', dataDir, '--json']);
  let clean = false;
  try {
    clean = fsck.code === 0 && (JSON.parse(fsck.stdout) as { clean?: unknown }).clean === true;
  } catch {
    clean = false;
  }
  if (!clean) ledger.fail(`cairn fsck on the stopped folder is not clean (exit ${fsck.code}):\n${fsck.stdout}${fsck.stderr}`);
  result.fsck = { clean, output: fsck.stdout };
  return result;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** One line per kill. */
export function cycleLine(r: CycleReport, kills: number, ledger: Ledger): string {
  const c = r.check;
  const width = String(kills).length;
  return (
    `kill ${String(r.kill).padStart(width)}/${kills} after ${seconds(r.loadMs)} (${r.inFlightAtKill} in flight, ${r.cutOff} cut off) | ` +
    `restart ${seconds(r.restartMs)}, retries settled ${seconds(r.settleMs)} | ` +
    `tree ${c.treeSize}, acknowledged ${r.acknowledgedTotal} | checked ${c.receiptsVerified} new receipts, ${c.entriesRead} entries, ` +
    `${c.checkpointsChecked} checkpoints, ${c.inclusionProofs}+${c.consistencyProofs} proofs, ${c.replays} replays in ${seconds(r.checkMs)} ` +
    `(${(['receipts', 'walk', 'proofs', 'replays'] as const).map((k) => `${k} ${seconds(c.ms[k])}`).join(', ')}) | ` +
    `lost ${ledger.lost.size}, forks ${ledger.forks.size}, failures ${ledger.failures.length}`
  );
}
