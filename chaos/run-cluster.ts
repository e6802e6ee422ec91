/**
 * The chaos run on a shared store (issue 11, `npm run chaos -- --store postgres`): three real
 * `./bin/cairn serve` processes on one throwaway PostgreSQL (test/helpers/postgres.ts), started
 * at once on the empty database (exactly one of them may print the first-start block), under
 * load from the writers of writers.ts through one of the processes at a time. Each cycle kills,
 * in turn:
 *
 * - the leader (SIGKILL): the writers move at once to another process, which forwards to the
 *   new leader once one is elected; the takeover time (kill to the `leading` line of another
 *   process) is measured and must stay under 5 s; the killed process is started again;
 * - PostgreSQL (SIGKILL of the postmaster and its backends, then a restart): no Cairn process
 *   is restarted; the log must recover by itself;
 * - a follower (SIGKILL, restarted).
 *
 * After each cycle the writers settle their retries and the checks of checks.ts run against one
 * of the processes (in turn), once it has caught up with the leader: 0 lost, 0 forks, every
 * checkpoint ever served consistent. At the end every process stops with SIGTERM and
 * `cairn fsck --store` must find the database clean.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCairn, startServer, type ServerProcess } from '../test/helpers/cli.js';
import { findPostgres, ThrowawayPostgres } from '../test/helpers/postgres.js';
import { checkRestartedLog } from './checks.js';
import { Gate } from './gate.js';
import { Ledger } from './ledger.js';
import type { ChaosOptions } from './options.js';
import { Random } from './random.js';
import { cycleLine, cycleReport, type ChaosResult, type CycleReport } from './run.js';
import { runLoad } from './writers.js';
import { runAdmin } from './admin.js';

/** What is killed in each cycle, in turn. */
const TARGETS = ['leader', 'postgres', 'follower'] as const;
/** The bound on a takeover after the leader died. */
export const TAKEOVER_LIMIT_MS = 5000;
const SETTLE_TIMEOUT_MS = 120_000;
const PROCESSES = 3;

/** A chaos result on a shared store: also each leader takeover, in ms. */
export interface ClusterChaosResult extends ChaosResult {
  takeoversMs: number[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function timeout(ms: number, message: string | (() => string)): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(typeof message === 'string' ? message : message())), ms).unref());
}

/** One Cairn process of the run and its restarts. */
interface Member {
  dir: string;
  server: ServerProcess;
  killedByUs: boolean;
}

/**
 * Runs the cluster chaos run of `options` (options.store 'postgres'), printing a line per cycle.
 * Throws when PostgreSQL is not installed or a process cannot start (after recording why).
 */
export async function runClusterChaos(options: ChaosOptions, print: (line: string) => void): Promise<ClusterChaosResult> {
  const started = performance.now();
  const tools = findPostgres();
  if (tools.missing.length > 0) throw new Error(`--store postgres needs PostgreSQL: ${tools.reason}`);
  const root = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cairn-chaos-pg-')));
  const pg = await ThrowawayPostgres.create(tools);
  const random = new Random(options.seed);
  const ledger = new Ledger();
  const gate = new Gate();
  const cycles: CycleReport[] = [];
  const takeoversMs: number[] = [];
  const result: ClusterChaosResult = { dataDir: root, kills: 0, ms: 0, ledger, cycles, fsck: undefined, treeSize: 0, takeoversMs };
  const run = `r${options.seed.toString(36)}`;
  const members: Member[] = [];
  try {
    const database = `chaos_${run}`;
    const store = await pg.createDatabase(database);
    const keyFile = join(root, 'signer.key');
    const keygen = await runCairn(['keygen', '--origin', `chaos.example/${run}`, '--out', keyFile]);
    if (keygen.code !== 0) throw new Error(`cairn keygen failed: ${keygen.stderr}`);
    const args = ['--store', store, '--key-file', keyFile];
    const start = (dir: string) => startServer(dir, { args });
    // All at once on the empty database: provisioning must happen exactly once.
    const dirs = Array.from({ length: PROCESSES }, (_, i) => join(root, `p${i}`));
    for (const [i, server] of (await Promise.all(dirs.map(start))).entries()) members.push({ dir: dirs[i]!, server, killedByUs: false });
    const firstStarts = members.filter((m) => m.server.token !== undefined).length;
    if (firstStarts !== 1) ledger.fail(`${firstStarts} of ${PROCESSES} processes printed the first-start block on the empty database; exactly one must`);
    const verifierKey = members[0]!.server.verifierKey;
    let failRun: (err: Error) => void = () => undefined;
    const died = new Promise<never>((_, reject) => (failRun = reject));
    /** Fails the run when `s` (the current process of `m`) exits without our signal. */
    const watch = (m: Member, s: ServerProcess): void =>
      void s.exited.then((exit) => {
        if (m.killedByUs || m.server !== s) return;
        const message = `cairn serve (${m.dir}) exited by itself (code ${exit.code}, signal ${exit.signal}):\n${s.stderr().slice(-2000)}`;
        ledger.fail(message);
        failRun(new Error(message));
      });
    for (const m of members) watch(m, m.server);
    died.catch(() => undefined);
    const token = async (role: 'writer' | 'reader' | 'admin'): Promise<string> => {
      const r = await runCairn(['token', 'add', '--store', store, '--name', `chaos-${role}-${run}`, '--role', role, '--json']);
      if (r.code !== 0) throw new Error(`cairn token add --store (${role}) failed: ${r.stderr}`);
      return (JSON.parse(r.stdout) as { token: string }).token;
    };
    const writerToken = await token('writer');
    const readerToken = await token('reader');
    const adminToken = await token('admin');
    for (const m of members) await knowsToken(m.server.url, readerToken);
    for (const m of members) await knowsToken(m.server.url, adminToken);
    print(`PostgreSQL in ${pg.dir}, processes in ${root}, verifier key ${verifierKey}`);

    const leaderOf = async (): Promise<Member | undefined> => {
      const rows = await pg.query<{ leader: string | null }>('SELECT leader FROM cairn.logs', [], database);
      return members.find((m) => m.server.url === rows[0]?.leader);
    };
    const restart = async (m: Member): Promise<void> => {
      m.server = await start(m.dir);
      m.killedByUs = false;
      watch(m, m.server);
    };

    let cycle = 0;
    let entry = members[0]!;
    gate.set('load', { url: entry.server.url, epoch: 0 });
    const load = Promise.all([
      runLoad({ gate, ledger, token: writerToken, verifierKey, cycle: () => cycle }, options.writers, options.seed, run),
      runAdmin({ gate, ledger, token: adminToken, readerToken, random: new Random(options.seed * 64 + 63) }),
    ]);
    try {
      for (let kill = 1; kill <= options.kills; kill++) {
        const loadMs = random.int(options.minLoadMs, options.maxLoadMs);
        await Promise.race([pause(loadMs).then(() => gate.whenInFlight()), died]);
        const inFlightAtKill = gate.inFlight;
        const target = TARGETS[(kill - 1) % TARGETS.length]!;
        const restartStart = performance.now();
        const leadingBefore = members.map((m) => m.server.logs.filter((l) => l.event === 'leading').length);
        if (target === 'postgres') {
          await pg.kill9();
          await pause(random.int(100, 1500));
          await pg.start();
          // No Cairn process restarts: one of them must lead again by itself.
          await Promise.race([
            newLeader(members, leadingBefore),
            died,
            timeout(30_000, `kill ${kill}: no process led again within 30 s of PostgreSQL's restart`),
          ]);
          gate.set('retry', { url: entry.server.url, epoch: kill });
        } else {
          const leader = await leaderOf();
          const victim = target === 'leader' ? leader : members.find((m) => m !== leader);
          if (victim === undefined) throw new Error(`kill ${kill}: no ${target} to kill`);
          victim.killedByUs = true;
          victim.server.process.kill('SIGKILL');
          const killedAt = performance.now();
          // Under load on: the writers move to a live process at once.
          entry = random.sample(
            members.filter((m) => m !== victim),
            1,
          )[0]!;
          gate.set('retry', { url: entry.server.url, epoch: kill });
          await victim.server.exited;
          if (target === 'leader') {
            const others = members.filter((m) => m !== victim);
            await Promise.race([
              newLeader(
                others,
                others.map((m) => leadingBefore[members.indexOf(m)]!),
              ),
              died,
              timeout(30_000, `kill ${kill}: no process took over within 30 s`),
            ]);
            const ms = performance.now() - killedAt;
            takeoversMs.push(ms);
            if (ms > TAKEOVER_LIMIT_MS)
              ledger.fail(`kill ${kill}: another process led ${Math.round(ms)} ms after the leader was killed (limit ${TAKEOVER_LIMIT_MS} ms)`);
            print(`kill ${kill}: leader ${victim.server.url} killed; another process led after ${Math.round(ms)} ms`);
          }
          await restart(victim);
          if (victim.server.verifierKey !== verifierKey) ledger.fail(`kill ${kill}: the restarted process has another verifier key`);
        }
        result.kills = kill;
        cycle = kill;
        const restartMs = performance.now() - restartStart;

        const settleStart = performance.now();
        await Promise.race([
          gate.whenIdle(),
          died,
          timeout(SETTLE_TIMEOUT_MS, () => {
            const pending = ledger.requests.filter((r) => r.state === 'pending').map((r) => `${r.request.id} (${r.attempts} attempts)`);
            const admin = ledger.admin.current === undefined ? '' : `, the admin loop is in ${ledger.admin.current}`;
            return `kill ${kill}: the writers did not settle their retries within ${SETTLE_TIMEOUT_MS} ms (${gate.busy} busy, ${gate.inFlight} requests in flight, pending: ${pending.join(', ') || 'none'}${admin})`;
          }),
        ]);
        const settleMs = performance.now() - settleStart;

        gate.set('check');
        const checkStart = performance.now();
        const checked = members[kill % members.length]!;
        await caughtUp(checked.server.url, (await leaderOf())?.server.url);
        const check = await Promise.race([
          died,
          checkRestartedLog({
            url: checked.server.url,
            verifierKey,
            writerToken,
            readerToken,
            ledger,
            random,
            cycle: kill - 1,
            proofSample: options.proofSample,
            replaySample: options.replaySample,
          }),
        ]);
        const report = cycleReport({ kill, loadMs, inFlightAtKill, restartMs, settleMs, checkStart, check }, ledger);
        cycles.push(report);
        result.treeSize = check.treeSize;
        print(`[${target}] ${cycleLine(report, options.kills, ledger)}`);
        if (kill < options.kills) gate.set('load', { url: entry.server.url, epoch: kill });
      }
    } finally {
      gate.set('done');
      await load;
      for (const m of members) {
        m.killedByUs = true;
        if (m.server.process.exitCode === null && m.server.process.signalCode === null) {
          const exit = await m.server.stop('SIGTERM');
          if (exit.code !== 0) ledger.fail(`SIGTERM at the end: cairn serve (${m.dir}) exited with code ${exit.code}, signal ${exit.signal}`);
        }
      }
      result.ms = performance.now() - started;
    }

    const fsck = await runCairn(['fsck', '--store', store, '--json']);
    let clean = false;
    try {
      clean = fsck.code === 0 && (JSON.parse(fsck.stdout) as { clean?: unknown }).clean === true;
    } catch {
      clean = false;
    }
    if (!clean) ledger.fail(`cairn fsck --store on the stopped log is not clean (exit ${fsck.code}):\n${fsck.stdout}${fsck.stderr}`);
    result.fsck = { clean, output: fsck.stdout };
    return result;
  } finally {
    for (const m of members) m.killedByUs = true;
    await pg.destroy();
  }
}

/** Resolves when one of `members` logs a `leading` line beyond the counts in `before`. */
function newLeader(members: readonly Member[], before: readonly number[]): Promise<void> {
  return Promise.race(
    members.map((m, i) => {
      let seen = 0;
      return m.server.waitForLog((l) => l.event === 'leading' && ++seen > before[i]!).then(() => undefined);
    }),
  );
}

/** Resolves once `url` accepts `token` (the credential reached every process through NOTIFY). */
async function knowsToken(url: string, token: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 401) return;
    await pause(25);
  }
  throw new Error(`${url} did not accept the new token within 5 s`);
}

/** Resolves once the process at `url` serves a checkpoint at least as large as the leader's. */
async function caughtUp(url: string, leaderUrl: string | undefined): Promise<void> {
  if (leaderUrl === undefined || leaderUrl === url) return;
  const size = async (u: string): Promise<number> => {
    const res = await fetch(`${u}/checkpoint`);
    const text = await res.text();
    return Number(text.split('\n')[1]);
  };
  const want = await size(leaderUrl);
  for (let i = 0; i < 200; i++) {
    if ((await size(url)) >= want) return;
    await pause(25);
  }
  throw new Error(`${url} did not catch up with the leader's checkpoint of size ${want} within 5 s`);
}
