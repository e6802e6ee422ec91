/**
 * What `cairn verify --policy FILE [--previous NOTE]` concludes about time from cosignatures
 * (issue 12 part 4; docs/witness.md "Time from witnesses"), on clocks the log does not control:
 *
 * - upper bound: witness W cosigned the receipt's checkpoint at T, so the entry (in that tree)
 *   was logged no later than T. Printed: the earliest such T among the checked cosignatures
 *   (the tightest; it holds if that witness's clock is right), and the latest (it holds as long
 *   as any one cosigner is honest);
 * - lower bound, with the previous witnessed checkpoint (a note of size P <= the entry's index,
 *   so without the entry): W cosigned that tree at T', and a witness never cosigns a smaller tree
 *   after a larger one, so W had seen no tree with the entry before T'. Printed: the latest
 *   such T' (tightest) and the earliest (holds with one honest cosigner).
 */
import { readFile } from 'node:fs/promises';
import {
  VerificationError,
  checkWitnessPolicy,
  parseWitnessPolicy,
  verifyCheckpoint,
  type PolicyCosignature,
  type VerifierKey,
  type WitnessPolicy,
} from '../../proofs/index.js';
import { UsageError } from './command.js';

/** A time bound from one cosignature. */
export interface WitnessBound {
  time: string;
  witness: string;
}

/** The bounds `cairn verify` prints. */
export interface WitnessBounds {
  notLaterThan: WitnessBound;
  /** Holds with one honest cosigner. */
  notLaterThanAnyHonest: WitnessBound;
  notEarlierThan?: WitnessBound;
  notEarlierThanAnyHonest?: WitnessBound;
  previousTreeSize?: number;
}

/** Reads and parses `--policy FILE`; UsageError when it cannot. */
export async function loadPolicyOption(file: string): Promise<WitnessPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the --policy file ${JSON.stringify(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return parseWitnessPolicy(text);
  } catch (err) {
    if (err instanceof VerificationError) throw new UsageError(`the --policy file ${file} is not a valid tlog-policy: ${err.message}`);
    throw err;
  }
}

function bound(c: PolicyCosignature): WitnessBound {
  return { time: new Date(c.timestamp * 1000).toISOString().replace('.000Z', 'Z'), witness: c.witness };
}

/**
 * The bounds from the receipt's checked cosignatures (non-empty) and, when given, the previous
 * witnessed checkpoint note. Throws VerificationError when the previous note is not a checkpoint
 * of this log meeting the policy, or already holds the entry (its size is above `index`).
 */
export function witnessBounds(
  cosignatures: readonly PolicyCosignature[],
  index: number,
  key: VerifierKey,
  policy: WitnessPolicy,
  previousNote?: string,
): WitnessBounds {
  const byTime = [...cosignatures].sort((a, b) => a.timestamp - b.timestamp);
  const result: WitnessBounds = { notLaterThan: bound(byTime[0]!), notLaterThanAnyHonest: bound(byTime[byTime.length - 1]!) };
  if (previousNote === undefined) return result;
  const previous = verifyCheckpoint(previousNote, key);
  if (previous.treeSize > index) {
    throw new VerificationError(
      'FIELD_MISMATCH',
      `the previous checkpoint has size ${previous.treeSize}, so it already holds entry ${index}; give one of size ${index} or less`,
    );
  }
  const earlier = checkWitnessPolicy(previousNote, policy).sort((a, b) => a.timestamp - b.timestamp);
  return { ...result, notEarlierThan: bound(earlier[earlier.length - 1]!), notEarlierThanAnyHonest: bound(earlier[0]!), previousTreeSize: previous.treeSize };
}

/** The human lines of the bounds, for the summary. */
export function formatWitnessBounds(b: WitnessBounds, cosigners: readonly PolicyCosignature[]): string[] {
  const lines = [
    `  witnessed by:  ${cosigners.map((c) => c.witness).join(', ')} (the policy's quorum is met)`,
    `  logged no later than ${b.notLaterThan.time} (witness ${b.notLaterThan.witness})`,
  ];
  if (cosigners.length > 1)
    lines.push(`    (no later than ${b.notLaterThanAnyHonest.time} as long as any one cosigner is honest: ${b.notLaterThanAnyHonest.witness})`);
  if (b.notEarlierThan !== undefined) {
    lines.push(
      `  logged no earlier than ${b.notEarlierThan.time} as far as witness ${b.notEarlierThan.witness} saw (it cosigned size ${b.previousTreeSize}, without this entry, then)`,
    );
  }
  return lines;
}
