/**
 * Asking one witness to cosign one checkpoint (tlog-witness; docs/witness.md "The log asks"):
 * send it with a consistency proof from the size the log believes the witness holds, learn the
 * witness's size from a 409 and retry once, verify every returned line with the witness's key
 * from the policy before keeping it, and raise the alarm on a 422 (the witness holds another
 * tree: a fork) or a 409 above the log's own size (a rollback of the log).
 */
import { verifyCosignatures, VerificationError, type PolicyWitness } from '../../proofs/index.js';
import type { Logger } from '../logger.js';
import type { SignedTreeHead } from '../state/index.js';
import { askWitness, type WitnessAnswer } from './witness-client.js';
import type { WitnessMetrics } from './witness-metrics.js';

/** One policy witness and what the log has learnt about it. */
export interface WitnessTrack {
  witness: PolicyWitness;
  /** The witness's submission prefix (the policy line's URL). */
  url: string;
  /** The size the log believes the witness holds (0 until it cosigned or a 409 taught more). */
  believed: number;
  /** Whether its last request failed: outages are logged when they start and end, not per round. */
  failing: boolean;
  /** The last alarm raised (`reason@size`): the same alarm is raised once, not every round. */
  alarmed?: string;
}

/** What the asker needs from the log and the process. */
export interface AskContext {
  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]>;
  logger: Logger;
  metrics: WitnessMetrics;
  timeoutMs: number;
}

// `— <name> <base64>`: the C2SP signed-note signature line.
const SIGNATURE_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/;

/**
 * Asks `track`'s witness to cosign `cp`. Resolves with the verified cosignature line (ending in
 * a newline), or undefined when the witness did not cosign; never rejects for anything the
 * witness does.
 */
export async function askOneWitness(track: WitnessTrack, cp: SignedTreeHead, ctx: AskContext): Promise<string | undefined> {
  const name = track.witness.name;
  // One retry: a 409 teaches the size, and the second request carries the right proof.
  for (let attempt = 0; attempt < 2; attempt++) {
    const old = track.believed;
    if (old > cp.treeSize) return undefined; // reported as a rollback when it was learnt
    const proof = old === 0 || old === cp.treeSize ? [] : await ctx.consistencyProof(old, cp.treeSize);
    const started = performance.now();
    const answer = await askWitness(track.url, old, proof, cp.note, ctx.timeoutMs);
    ctx.metrics.request(name, answer.status, (performance.now() - started) / 1000);
    if (answer.kind === 'cosigned') {
      if (track.failing) ctx.logger('witness_recovered', { witness: name, treeSize: cp.treeSize });
      track.failing = false;
      return acceptLines(track, cp, answer.body, ctx);
    }
    if (answer.kind === 'conflict') {
      track.believed = answer.size;
      if (answer.size > cp.treeSize) {
        alarm(
          ctx,
          track,
          'rollback',
          cp,
          `the witness holds size ${answer.size}, above this log's ${cp.treeSize}: the log was rolled back (restored from an old backup?) or another log signs with its key`,
        );
        return undefined;
      }
      continue;
    }
    report(ctx, track, answer, cp);
    return undefined;
  }
  ctx.logger('witness_refused', { witness: name, treeSize: cp.treeSize, detail: 'the witness answered 409 twice; trying again next round' });
  return undefined;
}

/** Keeps the first line of the answer that verifies with the witness's key. */
function acceptLines(track: WitnessTrack, cp: SignedTreeHead, body: string, ctx: AskContext): string | undefined {
  const key = track.witness.verifierKey;
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = SIGNATURE_LINE.exec(line);
    if (m === null || m[1] !== key.name) continue;
    try {
      const checked = verifyCosignatures(cp.note + line + '\n', [key]);
      if (checked.length === 1) {
        track.believed = cp.treeSize;
        ctx.metrics.cosigned(track.witness.name, cp.treeSize);
        return line + '\n';
      }
    } catch (err) {
      if (!(err instanceof VerificationError)) throw err;
      ctx.logger('witness_bad_cosignature', { witness: track.witness.name, treeSize: cp.treeSize, detail: err.message });
    }
  }
  ctx.logger('witness_bad_cosignature', {
    witness: track.witness.name,
    treeSize: cp.treeSize,
    detail: "no line of the answer is a valid cosignature by the policy's key for this witness; nothing was stored",
  });
  return undefined;
}

function report(ctx: AskContext, track: WitnessTrack, answer: Exclude<WitnessAnswer, { kind: 'cosigned' | 'conflict' }>, cp: SignedTreeHead): void {
  const name = track.witness.name;
  if (answer.status === 422) {
    alarm(
      ctx,
      track,
      'inconsistent',
      cp,
      `the witness refused the consistency proof (422: ${answer.detail}): it cosigned a different tree of this log, a possible fork`,
    );
    return;
  }
  if (!track.failing)
    ctx.logger(answer.kind === 'unreachable' ? 'witness_unreachable' : 'witness_refused', {
      witness: name,
      treeSize: cp.treeSize,
      status: answer.status,
      detail: answer.detail,
    });
  track.failing = true;
}

function alarm(ctx: AskContext, track: WitnessTrack, reason: 'inconsistent' | 'rollback', cp: SignedTreeHead, detail: string): void {
  const name = track.witness.name;
  if (track.alarmed === `${reason}@${cp.treeSize}`) return;
  track.alarmed = `${reason}@${cp.treeSize}`;
  ctx.metrics.alarm(name, reason);
  ctx.logger('witness-alarm', { witness: name, reason, treeSize: cp.treeSize, detail });
}
