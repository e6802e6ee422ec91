/**
 * What the HTTP routes read of the witness loop (issue 12 parts 3-4): cosignature lines to append
 * to served checkpoint notes, the newest witnessed checkpoint, and whether `/checkpoint` must
 * serve only witnessed ones (`--witness-enforce`).
 */

/** The witness state of one log, as the routes see it. */
export interface WitnessView {
  /** `--witness-enforce`: `/checkpoint` serves the newest checkpoint that meets the quorum. */
  readonly enforce: boolean;
  /** The newest tree size whose cosignatures meet the policy's quorum, or undefined. */
  readonly witnessedSize: number | undefined;
  /** The note of `cp` with the cosignature lines held in memory for its size (the head and the witnessed one). */
  decorate(cp: { treeSize: number; note: string }): string;
  /** The note of any stored checkpoint with its stored cosignature lines. */
  decorateStored(cp: { treeSize: number; note: string }): Promise<string>;
  /** The newest witnessed checkpoint, its note with its cosignatures, or undefined. */
  witnessedCheckpoint(): { treeSize: number; note: string } | undefined;
}
