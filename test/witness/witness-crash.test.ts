/**
 * Crash safety of `cairn witness` (issue 12: "a witness killed at any moment never cosigns two
 * different trees of the same size, nor a tree that is not an extension of one it cosigned"):
 * a real child process gets a stream of concurrent add-checkpoint requests for two forks of one
 * log (same key, a shared prefix, then different leaves), is SIGKILLed while requests are in
 * flight, and restarted on the same folder, several times. Afterwards every cosignature that
 * came back verifies, all of them lie on one chain (one root per size, each extending the
 * smaller ones), and the stored state is at or beyond every cosigned size on that chain.
 */
import { afterAll, afterEach, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { equalBytes } from '../../merkle/index.js';
import { parseCosignatureVerifierKey, verifyCosignatures } from '../../proofs/index.js';
import { WitnessState } from '../../server/witness/index.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { TestLog, addCheckpoint } from './witness-fixture.js';
import { killAllWitnesses, startWitnessProcess, type WitnessProcess } from './witness-process.js';

const dirs = new TempDirs();
afterEach(killAllWitnesses);
afterAll(() => dirs.cleanup());

const SHARED = 12;
const KILLS = 4;
const WORKERS = 4;

/** A small deterministic PRNG, so a failure can be replayed from the seed in its message. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('SIGKILLed during concurrent add-checkpoints and restarted: never two roots for one size, never a non-extension', async () => {
  const seed = Date.now() % 100_000;
  const random = prng(seed);
  const dir = await dirs.make('cairn-witness-crash-');
  const dataDir = join(dir, 'data');
  const keyFile = join(dir, 'witness.key');
  const forks = [new TestLog('example.com/log', 5, 'a', SHARED), new TestLog('example.com/log', 5, 'b', SHARED)];
  const args = ['--data', dataDir, '--key-file', keyFile, '--log', forks[0]!.verifierKey.text];
  const cosigned: { fork: number; size: number; line: string }[] = [];
  let known = 0;
  let verifierKey = '';

  for (let life = 0; life <= KILLS; life++) {
    const witness: WitnessProcess = await startWitnessProcess(life === 0 ? [...args, '--name', 'crash.witness'] : args);
    verifierKey ||= witness.verifierKey;
    expect(witness.verifierKey).toBe(verifierKey);
    let answered = 0;
    const killAfter = 10 + Math.floor(random() * 30);
    let dead = false;
    const worker = async (): Promise<void> => {
      while (!dead) {
        const fork = random() < 0.5 ? 0 : 1;
        const old = known;
        const size = old + Math.floor(random() * 4);
        let answer;
        try {
          answer = await addCheckpoint(witness.url, forks[fork]!.body(old, size));
        } catch {
          return; // the process died under this request: no answer, no cosignature
        }
        answered++;
        if (answer.status === 200) {
          cosigned.push({ fork, size, line: answer.body });
          known = Math.max(known, size);
        } else if (answer.status === 409) {
          known = Number(answer.body.trim());
        } else {
          expect([answer.status, `seed ${seed}`]).toEqual([422, `seed ${seed}`]);
        }
        if (life < KILLS && answered >= killAfter && !dead) {
          dead = true;
          witness.process.kill('SIGKILL');
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, worker);
    if (life === KILLS) {
      // The last life ends cleanly after a while, so the state can be opened afterwards.
      while (answered < 30) await Promise.race([...workers, new Promise((r) => setImmediate(r))]);
      dead = true;
      await Promise.all(workers);
      witness.process.kill('SIGTERM');
      expect((await witness.exited).code).toBe(0);
    } else {
      await Promise.all(workers);
      expect((await witness.exited).signal).toBe('SIGKILL');
    }
  }

  expect(cosigned.length).toBeGreaterThan(KILLS);
  const key = parseCosignatureVerifierKey(verifierKey);
  for (const c of cosigned) {
    expect(verifyCosignatures(forks[c.fork]!.checkpoint(c.size) + c.line, [key])).toHaveLength(1);
  }
  // One chain: beyond the shared prefix, only one fork was ever cosigned.
  const diverged = new Set(cosigned.filter((c) => c.size > SHARED).map((c) => c.fork));
  expect([diverged.size <= 1, `seed ${seed}`]).toEqual([true, `seed ${seed}`]);
  const chain = forks[[...diverged][0] ?? 0]!;
  for (const c of cosigned) expect(equalBytes(forks[c.fork]!.root(c.size), chain.root(c.size))).toBe(true);
  // The stored state is never behind a cosignature that left the process.
  const state = await WitnessState.open(dataDir);
  try {
    const stored = (await state.cosignedTree('example.com/log'))!;
    expect(stored.treeSize).toBeGreaterThanOrEqual(Math.max(...cosigned.map((c) => c.size)));
    expect(equalBytes(stored.rootHash, chain.root(stored.treeSize))).toBe(true);
  } finally {
    await state.close();
  }
}, 120_000);
