/**
 * Publishing a checkpoint is a step of its own, after signing it (after Tessera's
 * `CheckpointPublisher`). A round signs its checkpoint and commits it with the round; only then
 * does the sequencer hand the signed checkpoint to the publisher, and what the publisher returns
 * is "the latest" that the log shows: `GET /checkpoint`, `/v1/log`, the receipts of the round
 * and the size reads are checked against.
 *
 * Witnesses sit here: a publisher may collect cosignatures and return the note with them
 * appended (same origin, size and root: the log's own signature stays first), or, under an
 * enforcing policy, keep returning an older checkpoint that has enough cosignatures until the
 * new one gets them. Rules for implementations:
 * - `published.treeSize <= signed.treeSize`, and published sizes never go down;
 * - a published checkpoint is one the log signed (the committed one or an earlier one), whose
 *   note may carry extra signature lines;
 * - `publish` is awaited inside the round, before the round's requests are answered: a slow
 *   publisher delays the answers and the rounds after it (the next one or two may commit
 *   meanwhile, later ones wait; pipeline.ts), never the durability of this one (the round is committed
 *   before `publish` is called). Calls for committed rounds come in round order, one at a time. If it rejects, the
 *   round's requests get the error (the entries are durable: a retry with the same
 *   Idempotency-Key returns them).
 */
import type { SignedTreeHead } from '../state/index.js';

/** Turns a signed (and committed) checkpoint into the published one. */
export interface CheckpointPublisher {
  /**
   * Called once on start with the latest stored checkpoint, after every committed round, and
   * after the state is reloaded following a failed commit (that round may have landed).
   * Resolves with the checkpoint to show as the latest (see the rules in the file comment).
   */
  publish(signed: SignedTreeHead): Promise<SignedTreeHead>;
}

/** The default: every signed checkpoint is published at once, as signed. */
export const IMMEDIATE_PUBLISHER: CheckpointPublisher = {
  publish: (signed) => Promise.resolve(signed),
};
