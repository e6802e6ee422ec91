/**
 * SPEC §6 guarantees 1–4 across `kill -9`: a real `cairn serve` child process is SIGKILLed while
 * concurrent clients append (single and batch, some with idempotency keys), then restarted on the
 * same folder. After each restart: every acknowledged receipt verifies offline and is included in
 * the NEW checkpoint (inclusion proof from /v1/proof/inclusion, verified here), every checkpoint
 * seen before is consistent with the new one, and retrying an acknowledged idempotency key returns
 * the very same receipt without appending anything.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { decodeBase64, verifyReceipt, type ReceiptJson } from '../../client/index.js';
import { killAllServers, startServer, type ServerProcess } from '../helpers/cli.js';
import { appendBatch, appendOne, fetchCheckpoint, proveConsistency, proveInclusion, receiptsOf, type SeenCheckpoint } from '../helpers/server-calls.js';
import { TempDirs } from '../helpers/temp-dir.js';

const temps = new TempDirs();
afterEach(() => killAllServers());
afterAll(() => temps.cleanup());

/** An acknowledged entry and how to retry it. */
interface Acknowledged {
  receipt: ReceiptJson;
  payload: string;
  idempotencyKey: string | undefined;
  /** How it was appended, so the retry goes the same way. */
  via: 'single' | 'batch';
}

/**
 * Every checkpoint seen, one per tree size: two different roots for one size would be a fork,
 * so `add` checks that first.
 */
class Seen {
  readonly bySize = new Map<number, SeenCheckpoint>();
  add(c: SeenCheckpoint): void {
    const earlier = this.bySize.get(c.treeSize);
    if (earlier === undefined) this.bySize.set(c.treeSize, c);
    else expect(Buffer.from(c.rootHash).toString('hex')).toBe(Buffer.from(earlier.rootHash).toString('hex'));
  }
}

const CLIENTS = 6;
const BATCH_SIZE = 5;
const CYCLES = 3;

/**
 * Runs CLIENTS append loops and one checkpoint watcher against `server` until the process dies.
 * Kills it with SIGKILL at the first moment when at least `killAfter` appends of this cycle were
 * acknowledged AND another append is in flight (sent, not answered). Resolves when every loop
 * has seen the server go away.
 */
async function appendUntilKilled(server: ServerProcess, token: string, cycle: number, killAfter: number, acked: Acknowledged[], seen: Seen) {
  let ackedThisCycle = 0;
  let inFlight = 0;
  let killed = false;
  const kill = () => {
    if (!killed && ackedThisCycle >= killAfter && inFlight > 0) {
      killed = true;
      server.process.kill('SIGKILL');
    }
  };
  const client = async (c: number) => {
    for (let n = 0; !killed; n++) {
      const keyed = n % 2 === 0;
      const id = `c${cycle}-${c}-${n}`;
      inFlight++;
      try {
        if (n % 3 === 2) {
          const entries = Array.from({ length: BATCH_SIZE }, (_, j) => ({
            json: { id, j },
            ...(keyed ? { idempotencyKey: `${id}-${j}` } : {}),
          }));
          const r = await appendBatch(server.url, token, entries);
          if (r.status === 201) {
            receiptsOf(r).forEach((receipt, j) =>
              acked.push({ receipt, payload: JSON.stringify(entries[j]!.json), idempotencyKey: entries[j]!.idempotencyKey, via: 'batch' }),
            );
            ackedThisCycle += BATCH_SIZE;
          } else {
            expect(r.status).toBe(503); // refused whole, never half-accepted
          }
        } else {
          const payload = JSON.stringify({ id, single: true });
          const r = await appendOne(server.url, token, payload, keyed ? { idempotencyKey: id } : {});
          if (r.status === 201) {
            acked.push({ receipt: r.body as ReceiptJson, payload, idempotencyKey: keyed ? id : undefined, via: 'single' });
            ackedThisCycle++;
          } else {
            expect(r.status).toBe(503);
          }
        }
      } catch (err) {
        // The connection died with the process: nothing was acknowledged, so nothing is promised.
        if (!killed) throw err;
        return;
      } finally {
        inFlight--;
      }
      kill();
    }
  };
  const watcher = async () => {
    while (!killed) {
      try {
        seen.add(await fetchCheckpoint(server.url, server.verifierKey));
      } catch (err) {
        if (!killed) throw err;
      }
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), watcher()]);
  const exit = await server.exited;
  expect(exit.signal).toBe('SIGKILL');
}

/** Retries an acknowledged append with its idempotency key; returns the receipt answered. */
async function retry(url: string, token: string, a: Acknowledged): Promise<{ status: number; receipt: ReceiptJson }> {
  if (a.via === 'single') {
    const r = await appendOne(url, token, a.payload, { idempotencyKey: a.idempotencyKey! });
    return { status: r.status, receipt: r.body as ReceiptJson };
  }
  const r = await appendBatch(url, token, [{ json: JSON.parse(a.payload) as unknown, idempotencyKey: a.idempotencyKey! }]);
  return { status: r.status, receipt: receiptsOf(r)[0]! };
}

describe('crash safety of cairn serve (SIGKILL while appending)', () => {
  test('after each of 3 kills, every acknowledged receipt is proven in the new checkpoint and idempotent retries return it', async () => {
    const dataDir = await temps.make('cairn-crash-');
    let server = await startServer(dataDir);
    const token = server.token!;
    const verifierKey = server.verifierKey;
    expect(token).toBeDefined();
    const acked: Acknowledged[] = [];
    const seen = new Seen();

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const before = acked.length;
      await appendUntilKilled(server, token, cycle, 30 + 15 * cycle, acked, seen);
      expect(acked.length).toBeGreaterThan(before);

      server = await startServer(dataDir);
      expect(server.token).toBeUndefined(); // a restart never makes a new token
      expect(server.verifierKey).toBe(verifierKey);
      const now = await fetchCheckpoint(server.url, verifierKey);

      for (const a of acked) {
        const v = verifyReceipt(a.receipt, verifierKey);
        expect(new TextDecoder().decode(v.payload)).toBe(a.payload);
        expect(now.treeSize).toBeGreaterThanOrEqual(v.treeSize);
        await proveInclusion(server.url, now, v.index, decodeBase64(a.receipt.leafHash));
        seen.add({ ...v.checkpoint, note: v.checkpointNote });
      }
      // No two acknowledged entries share an index.
      expect(new Set(acked.map((a) => a.receipt.index)).size).toBe(acked.length);
      // Every checkpoint seen in every cycle so far, the receipts' ones included.
      for (const old of seen.bySize.values()) await proveConsistency(server.url, old, now);

      const keyed = acked.slice(before).filter((a) => a.idempotencyKey !== undefined);
      expect(keyed.some((a) => a.via === 'single')).toBe(true);
      expect(keyed.some((a) => a.via === 'batch')).toBe(true);
      for (const a of keyed) {
        const r = await retry(server.url, token, a);
        expect(r.status).toBe(200);
        expect(r.receipt).toEqual(a.receipt);
      }
      // The retries appended nothing.
      expect((await fetchCheckpoint(server.url, verifierKey)).treeSize).toBe(now.treeSize);
      seen.add(now);
    }

    const exit = await server.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
  }, 40_000);
});
