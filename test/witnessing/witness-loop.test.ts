/**
 * The witness loop in process (server/witnessing/): a real log (CairnLog on LevelDB), a real
 * witness (server/witness on 127.0.0.1) and, to inject what a real witness never does, a fake
 * one that answers 200 with a forged cosignature line. The loop must verify every line before
 * storing it, keep what it stored across a restart, and never store or serve a forged line.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { encodeBase64, formatCosignatureVerifierKey, generateSignerKey, parseWitnessPolicy, verifyCheckpoint, type WitnessPolicy } from '../../proofs/index.js';
import { cosignatureKeyId } from '../../proofs/index.js';
import { CairnLog } from '../../server/cairn-log.js';
import { CosignatureStore, WitnessLoop, createWitnessMetrics } from '../../server/witnessing/index.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { startWitness, witnessKey, type RunningWitness } from '../witness/witness-fixture.js';

const dirs = new TempDirs();
let root: string;
let log: CairnLog;
let honest: RunningWitness;
let forger: Server;
let forgerUrl: string;
let policy: WitnessPolicy;
const lines: Array<{ event: string; fields: Record<string, unknown> }> = [];
const logger = (event: string, fields: Record<string, unknown> = {}) => void lines.push({ event, fields });

/** A witness that answers every request with a correctly framed line whose signature is garbage. */
function startForger(name: string, publicKey: Uint8Array): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const sig = new Uint8Array(4 + 8 + 64);
      new DataView(sig.buffer).setUint32(0, cosignatureKeyId(name, publicKey));
      new DataView(sig.buffer).setBigUint64(4, BigInt(Math.floor(Date.now() / 1000)));
      sig.fill(7, 12);
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`\u2014 ${name} ${encodeBase64(sig)}\n`);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function startLoop(refreshMs = 600_000, metrics = createWitnessMetrics(new Registry())): Promise<WitnessLoop> {
  const store = await CosignatureStore.open(join(root, 'witnessing'));
  return WitnessLoop.start(log, store, { policy, enforce: true, intervalMs: 10, timeoutMs: 2000, refreshMs }, logger, metrics);
}

/** Resolves after the loop's first round at `size` or above. */
function roundAt(loop: WitnessLoop, size: number): Promise<void> {
  return new Promise((resolve) => {
    const off = loop.onRound((s) => {
      if (s >= size) {
        off();
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  root = await dirs.make('cairn-witness-loop-');
  log = await CairnLog.open({ dataDir: join(root, 'log'), origin: 'log.example/loop' });
  const key = witnessKey('honest.example', 21);
  honest = await startWitness({ dataDir: join(root, 'honest'), key, logs: [log.verifierKey] });
  const forged = generateSignerKey('forger.example', new Uint8Array(32).fill(22));
  forger = await startForger(forged.name, forged.publicKey);
  const address = forger.address();
  forgerUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  policy = parseWitnessPolicy(
    [
      `witness honest ${formatCosignatureVerifierKey(key.name, key.publicKey)} ${honest.url}`,
      `witness forger ${formatCosignatureVerifierKey(forged.name, forged.publicKey)} ${forgerUrl}`,
      'group g any honest forger',
      'quorum g',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await log.close();
  await honest.stop();
  await new Promise((resolve) => forger.close(resolve));
  await dirs.cleanup();
});

describe('WitnessLoop', () => {
  test('a forged line is dropped (witness_bad_cosignature); only verified lines are stored and served', async () => {
    const loop = await startLoop();
    try {
      await log.append('test', [{ payload: new TextEncoder().encode('one'), contentType: 'text/plain', occurredAt: 0n }]);
      const size = log.checkpoint.treeSize;
      await roundAt(loop, size);
      expect(loop.witnessedSize).toBe(size);
      const served = loop.witnessedCheckpoint()!;
      // A forged line on the note would make the policy check throw BAD_COSIGNATURE.
      const checked = verifyCheckpoint(served.note, log.verifierKey, { policy });
      expect(checked.cosignatures!.map((c) => c.witness)).toEqual(['honest']);
      expect(served.note).not.toContain('forger.example');
      expect(lines.some((l) => l.event === 'witness_bad_cosignature' && l.fields['witness'] === 'forger')).toBe(true);
    } finally {
      await loop.stop();
    }
  });

  test('the stored cosignatures survive a restart of the loop', async () => {
    const before = (await startLoop().then(async (loop) => {
      const w = loop.witnessedCheckpoint();
      await loop.stop();
      return w;
    }))!;
    expect(before.treeSize).toBe(log.checkpoint.treeSize);
    expect(verifyCheckpoint(before.note, log.verifierKey, { policy }).cosignatures).toHaveLength(1);
    const loop = await startLoop();
    try {
      expect(loop.witnessedCheckpoint()).toEqual(before);
      expect(await loop.decorateStored({ treeSize: before.treeSize, note: (await log.checkpointAt(before.treeSize))!.note })).toBe(before.note);
    } finally {
      await loop.stop();
    }
  });

  test('a checkpoint the loop never asked about is served without lines', async () => {
    const append = (text: string) => log.append('test', [{ payload: new TextEncoder().encode(text), contentType: 'text/plain', occurredAt: 0n }]);
    // Two appends with no loop running: the loop only ever sees the newer head.
    await append('skipped');
    const skipped = log.checkpoint.treeSize;
    await append('head');
    const loop = await startLoop();
    try {
      await roundAt(loop, skipped + 1);
      const stored = (await log.checkpointAt(skipped))!;
      expect(await loop.decorateStored(stored)).toBe(stored.note);
      expect(loop.witnessedSize).toBe(skipped + 1);
    } finally {
      await loop.stop();
    }
  });

  test('an unchanged head is sent to every witness again once refreshMs has passed, and only then', async () => {
    const asked: string[] = [];
    const metrics = { request: (w: string) => void asked.push(w), cosigned: () => undefined, alarm: () => undefined, witnessed: () => undefined };
    const size = log.checkpoint.treeSize;
    // 1 s between refreshes: the forger's retries every 10 ms tick outnumber the honest witness's
    // refreshes even when a loaded machine runs few ticks (at 150 ms, a CI run saw 3 against 3).
    const loop = await startLoop(1000, metrics);
    try {
      // The first round after a start refreshes at once; then, with the head unchanged, only the
      // witness without a line (the forger) is retried every tick, until 1 s has passed.
      await roundAt(loop, size);
      const honestAfterFirst = asked.filter((w) => w === 'honest').length;
      // A fresh loop believes the witness holds 0: a 409 with its size, then the 200.
      expect(honestAfterFirst).toBe(2);
      await new Promise<void>((resolve) => {
        const off = loop.onRound(() => {
          if (asked.filter((w) => w === 'honest').length > honestAfterFirst) {
            off();
            resolve();
          }
        });
      });
      expect(asked.filter((w) => w === 'forger').length).toBeGreaterThan(asked.filter((w) => w === 'honest').length);
      expect(log.checkpoint.treeSize).toBe(size);
    } finally {
      await loop.stop();
    }
  });
});
