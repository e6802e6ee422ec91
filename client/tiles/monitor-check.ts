/**
 * One check of a monitor (SPEC §1 "monitor", §6.2–6.3): read the log's checkpoint, verify its
 * signature with the log's verifier key, and prove with tiles alone that it extends the last
 * checkpoint this monitor verified (RFC 9162 §2.1.4). Works on any C2SP tlog-tiles log.
 *
 * What can go wrong, and what it means:
 * - bad_signature: the checkpoint does not verify with the key (forged, another key of the same
 *   name, wrong origin, not a checkpoint at all);
 * - rollback: a validly signed checkpoint of a smaller tree than one the log signed before;
 * - fork: a validly signed checkpoint of the same size with another root, or of a larger tree
 *   that does not contain the trusted one (the consistency proof from its tiles fails). Two
 *   signed, inconsistent checkpoints are proof that the log misbehaved.
 * Network failures are not alerts: they throw TileError and the caller retries.
 *
 * Browser-safe: no node: imports.
 */
import { CodedError, equalBytes, toHex } from '../../merkle/index.js';
import { VerificationError, encodeBase64, openCheckpoint, type VerifierKey } from '../../proofs/index.js';
import { verifyConsistencyFromTiles, type HashTileSource } from './tile-proofs.js';

/** A checkpoint note verified with the log's key, with its parsed values. */
export interface VerifiedCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  /** The signed note, exactly as served. */
  note: string;
}

/** What a check found when all is well. */
export type MonitorOutcome =
  /** No trusted checkpoint yet: this one is trusted on first use. */
  | { kind: 'first_use'; checkpoint: VerifiedCheckpoint }
  /** The log still serves the trusted checkpoint's tree. */
  | { kind: 'unchanged'; checkpoint: VerifiedCheckpoint }
  /** A larger tree, proved consistent with the trusted one. */
  | { kind: 'consistent'; checkpoint: VerifiedCheckpoint; previous: VerifiedCheckpoint };

/** The three kinds of alert, each with its own exit code in `cairn monitor`. */
export type MonitorAlertKind = 'bad_signature' | 'rollback' | 'fork';

/** A log that misbehaved, with the evidence; `code` is the same as `kind`. */
export class MonitorAlert extends CodedError<MonitorAlertKind> {
  override readonly name = 'MonitorAlert';

  constructor(
    readonly kind: MonitorAlertKind,
    message: string,
    /** The last checkpoint verified before (absent on the first run). */
    readonly trusted: VerifiedCheckpoint | undefined,
    /** What the log served: the note, and its values when it verified. */
    readonly observed: { note: string; treeSize?: number; rootHash?: Uint8Array },
    options?: { cause?: unknown },
  ) {
    super(kind, message, options);
  }

  /** The alert as the JSON object `--json` prints and `--on-alert` receives. */
  toJson(url: string, time: Date): Record<string, unknown> {
    const side = (c: { note: string; treeSize?: number; rootHash?: Uint8Array } | undefined) =>
      c === undefined
        ? null
        : {
            ...(c.treeSize !== undefined ? { treeSize: c.treeSize } : {}),
            ...(c.rootHash !== undefined ? { rootHash: encodeBase64(c.rootHash) } : {}),
            checkpoint: c.note,
          };
    const code = this.cause instanceof VerificationError ? { code: this.cause.code } : {};
    return {
      event: 'alert',
      alert: this.kind,
      time: time.toISOString(),
      url,
      ...(this.trusted ? { origin: this.trusted.origin } : {}),
      message: this.message,
      ...code,
      trusted: side(this.trusted),
      observed: side(this.observed),
    };
  }
}

/** Where a monitor reads the log: its checkpoint and its hash tiles. */
export interface MonitoredLog extends HashTileSource {
  checkpoint(): Promise<string>;
}

/**
 * Verifies the `note` of a checkpoint with `key` (signature, format, origin = key name).
 * Throws VerificationError as openCheckpoint does.
 */
export function verifyCheckpointNote(note: string, key: VerifierKey): VerifiedCheckpoint {
  const c = openCheckpoint(note, key);
  return { origin: c.origin, treeSize: c.treeSize, rootHash: c.rootHash, note };
}

/**
 * Checks the log once against the `trusted` checkpoint (undefined on the first run). Resolves
 * with the outcome; throws MonitorAlert on a bad signature, a rollback or a fork; throws
 * TileError (FETCH_FAILED, NOT_FOUND, MALFORMED_TILE) when the checkpoint or a tile cannot be
 * read, which is not evidence of anything and worth a retry.
 */
export async function checkLog(log: MonitoredLog, key: VerifierKey, trusted: VerifiedCheckpoint | undefined): Promise<MonitorOutcome> {
  const note = await log.checkpoint();
  let observed: VerifiedCheckpoint;
  try {
    observed = verifyCheckpointNote(note, key);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw new MonitorAlert('bad_signature', `the checkpoint does not verify with the log's key: ${err.message}`, trusted, { note }, { cause: err });
  }
  if (trusted === undefined) return { kind: 'first_use', checkpoint: observed };

  const seen = { note, treeSize: observed.treeSize, rootHash: observed.rootHash };
  if (observed.treeSize < trusted.treeSize) {
    throw new MonitorAlert(
      'rollback',
      `the log went back from size ${trusted.treeSize} to ${observed.treeSize}: it signed a smaller tree than one it signed before`,
      trusted,
      seen,
    );
  }
  if (observed.treeSize === trusted.treeSize) {
    if (equalBytes(observed.rootHash, trusted.rootHash)) return { kind: 'unchanged', checkpoint: observed };
    throw new MonitorAlert(
      'fork',
      `the log signed two different trees of size ${observed.treeSize}: root ${toHex(trusted.rootHash)} before, ${toHex(observed.rootHash)} now`,
      trusted,
      seen,
    );
  }
  try {
    await verifyConsistencyFromTiles(log, trusted, observed);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw new MonitorAlert(
      'fork',
      `the tree of size ${observed.treeSize} does not extend the trusted tree of size ${trusted.treeSize}: the consistency proof from the log's tiles fails (${err.message})`,
      trusted,
      seen,
      { cause: err },
    );
  }
  return { kind: 'consistent', checkpoint: observed, previous: trusted };
}
