/**
 * The load of a chaos run: `writers` concurrent append loops and one checkpoint poller, all
 * driven by the Gate. A writer sends a new request only in the load phase. When a request gets
 * no answer (the server was killed under it), a keyed one is sent again with the same
 * idempotency keys once the restarted server is up, as often as needed until receipts come; an
 * unkeyed one is left as it is (it may or may not be in the log). A 503 is retried the same way
 * for keyed requests, after its Retry-After (capped), and recorded as refused for unkeyed ones.
 */
import { verifyCheckpoint, type CairnClient } from '../client/index.js';
import type { Gate, Up } from './gate.js';
import type { Ledger, RequestRecord } from './ledger.js';
import { Random } from './random.js';
import { RequestPlanner, sendRequest, writerClient, type PlannedRequest } from './requests.js';

/** What the load needs besides the gate and the ledger. */
export interface LoadContext {
  gate: Gate;
  ledger: Ledger;
  token: string;
  verifierKey: string;
  /** The current cycle (kills so far). */
  cycle(): number;
}

/** The longest a refused request waits before it is sent again (the server asks for 1–5 s). */
const MAX_REFUSAL_WAIT_MS = 200;

/** One CairnClient per server epoch, shared by the writers. */
class Clients {
  private epoch = -1;
  private client: CairnClient | undefined;

  constructor(
    private readonly token: string,
    private readonly verifierKey: string,
  ) {}

  for(up: Up): CairnClient {
    if (this.client === undefined || this.epoch !== up.epoch) {
      this.client = writerClient(up.url, this.token, this.verifierKey);
      this.epoch = up.epoch;
    }
    return this.client;
  }
}

/** After no answer, how long a writer waits for a restart before it sends to the server that is up. */
const RESEND_AFTER_MS = 500;

/** Time between two checkpoint polls. */
const POLL_INTERVAL_MS = 25;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the writers and the poller until the gate is done. Resolves when all have returned.
 * Each writer draws from its own generator, seeded from `seed`, so its plan is replayable.
 */
export async function runLoad(ctx: LoadContext, writers: number, seed: number, run: string): Promise<void> {
  const clients = new Clients(ctx.token, ctx.verifierKey);
  const loops = Array.from({ length: writers }, (_, w) => writerLoop(ctx, clients, new RequestPlanner(new Random(seed * 64 + w + 1), run, w)));
  await Promise.all([...loops, pollCheckpoints(ctx)]);
}

async function writerLoop(ctx: LoadContext, clients: Clients, planner: RequestPlanner): Promise<void> {
  for (;;) {
    const up = await ctx.gate.whenLoad();
    if (up === undefined) return;
    ctx.gate.writerBusy(1);
    try {
      const record = ctx.ledger.record(planner.next(), ctx.cycle());
      await settle(ctx, clients, record, up);
    } finally {
      ctx.gate.writerBusy(-1);
    }
  }
}

/** Sends `record`'s request until it is settled: receipts, a refusal, or no answer for an unkeyed one. */
async function settle(ctx: LoadContext, clients: Clients, record: RequestRecord, first: Up): Promise<void> {
  const request: PlannedRequest = record.request;
  let up: Up | undefined = first;
  while (up !== undefined) {
    record.attempts++;
    ctx.gate.requestInFlight(1);
    const outcome = await sendRequest({ url: up.url, token: ctx.token, verifierKey: ctx.verifierKey, client: clients.for(up) }, request);
    ctx.gate.requestInFlight(-1);
    switch (outcome.kind) {
      case 'receipts':
        if (record.unanswered > 0) record.retriedAfterNoAnswer = true;
        ctx.ledger.acknowledged(record, outcome.receipts, ctx.cycle());
        return;
      case 'failed':
        record.state = 'failed';
        ctx.ledger.fail(`request ${request.id} (${request.kind}, attempt ${record.attempts}): ${outcome.error}`);
        return;
      case 'refused':
        record.refused++;
        if (!request.keyed) {
          // "503 accepted nothing": the checks make sure none of its payloads is in the log.
          record.state = 'refused';
          return;
        }
        await pause(Math.min(outcome.retryAfterMs, MAX_REFUSAL_WAIT_MS));
        up = await ctx.gate.whenUp(-1);
        break;
      case 'no-answer':
        record.unanswered++;
        if (!request.keyed) {
          record.state = 'unanswered';
          return;
        }
        // The server is gone: wait for the restarted one, then the same request again. A live
        // process can leave the outcome open too (a follower whose forwarded write lost the
        // leader answers "may have landed"); the run then stays on its epoch until the writers
        // are idle, so after RESEND_AFTER_MS the same request goes to whichever server is up.
        {
          const epoch = up.epoch;
          up = await Promise.race([ctx.gate.whenUp(epoch), pause(RESEND_AFTER_MS).then(() => ctx.gate.whenUp(epoch - 1))]);
        }
        break;
    }
  }
}

/** Polls GET /checkpoint in the load phase; every checkpoint is verified and remembered. */
async function pollCheckpoints(ctx: LoadContext): Promise<void> {
  for (;;) {
    const up = await ctx.gate.whenLoad();
    if (up === undefined) return;
    let note: string;
    try {
      const res = await fetch(`${up.url}/checkpoint`);
      note = await res.text();
      if (res.status !== 200) {
        ctx.ledger.fail(`GET /checkpoint answered ${res.status}: ${note.slice(0, 200)}`);
        await ctx.gate.whenUp(up.epoch);
        continue;
      }
    } catch {
      // Killed while polling: wait for the next load phase.
      await ctx.gate.whenUp(up.epoch);
      continue;
    }
    try {
      const c = verifyCheckpoint(note, ctx.verifierKey);
      ctx.ledger.checkpointPolls++;
      ctx.ledger.addCheckpoint({ treeSize: c.treeSize, rootHash: c.rootHash, note, cycle: ctx.cycle(), source: 'poll' });
    } catch (err) {
      ctx.ledger.fail(`GET /checkpoint served a checkpoint that does not verify: ${(err as Error).message}`);
    }
    // About one poll per round or two: enough to see most checkpoints, without stealing the CPU.
    await pause(POLL_INTERVAL_MS);
  }
}
