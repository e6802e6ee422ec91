/**
 * `cairn monitor --policy FILE [--max-unwitnessed-seconds N]` (issue 12 part 4): besides proving
 * consistency, the monitor checks that the newest checkpoint the log shows carries cosignatures
 * meeting the policy's quorum, and alerts when it has lacked one for more than N seconds (0: at
 * once). A split view shows here: a log that shows a history the witnesses never cosigned
 * (another tree under the same key) never reaches a quorum.
 */
import { VerificationError, checkWitnessPolicy, policyAllowsLog, type VerifierKey, type WitnessPolicy } from '../../proofs/index.js';
import { UsageError } from './command.js';

/** Exit code of an `unwitnessed` alert (after the monitor's 3 bad signature, 4 rollback, 5 fork, 6 mismatch). */
export const EXIT_UNWITNESSED = 7;

/** Default --max-unwitnessed-seconds: a healthy log is witnessed within seconds. */
export const DEFAULT_MAX_UNWITNESSED_SECONDS = 300;

/** Tracks how long the newest checkpoint has lacked a quorum. */
export class WitnessWatch {
  private since: Date | undefined;

  constructor(
    readonly policy: WitnessPolicy,
    readonly maxUnwitnessedMs: number,
    key: VerifierKey,
  ) {
    policyAllowsLog(policy, key);
  }

  /**
   * Looks at the newest checkpoint note seen at `now`. Returns undefined while it is witnessed
   * or has lacked a quorum for no longer than the limit; otherwise the alert's sentence.
   * A bad cosignature line (BAD_COSIGNATURE) is alerted at once.
   */
  observe(note: string, treeSize: number, now: Date): string | undefined {
    try {
      checkWitnessPolicy(note, this.policy);
      this.since = undefined;
      return undefined;
    } catch (err) {
      if (!(err instanceof VerificationError)) throw err;
      if (err.code === 'BAD_COSIGNATURE') return `the checkpoint of size ${treeSize} carries a bad cosignature: ${err.message}`;
      if (err.code !== 'POLICY_NOT_SATISFIED') throw err;
      this.since ??= now;
      const waited = now.getTime() - this.since.getTime();
      if (waited < this.maxUnwitnessedMs) return undefined;
      return `the newest checkpoint (size ${treeSize}) has lacked the policy's quorum for ${Math.round(waited / 1000)} s (limit ${this.maxUnwitnessedMs / 1000} s): ${err.message}. A log that shows a tree its witnesses never cosigned may be showing you a split view.`;
    }
  }
}

/** Parses --max-unwitnessed-seconds: a whole number from 0 to one day. */
export function parseMaxUnwitnessed(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_UNWITNESSED_SECONDS * 1000;
  const n = /^(0|[1-9][0-9]*)$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n > 86_400)
    throw new UsageError(`--max-unwitnessed-seconds must be a whole number from 0 to 86400, not ${JSON.stringify(text)}`);
  return n * 1000;
}
