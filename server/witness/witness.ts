/**
 * A C2SP tlog-witness (https://c2sp.org/tlog-witness, "add-checkpoint"): it cosigns a log's
 * checkpoint only when it is consistent with the latest one it cosigned for that log, and
 * remembers that checkpoint durably before it answers.
 *
 * Order of checks (the spec's, with 422 for a same-size different root as in its current text):
 *   400 malformed body, note or checkpoint; old size above the checkpoint size
 *   404 the checkpoint's origin is not a known log
 *   403 no valid signature by the log's key (signatures by other keys are ignored)
 *   409 `old` is not the size it holds (Content-Type text/x.tlog.size, body "<size>\n")
 *   422 the consistency proof fails, or it is not empty for old 0, or same size another root
 *   200 one cosignature line
 *
 * Crash safety: for one origin, read → check → synced write → sign → answer run under one lock
 * (KeyedMutex), and the signature is made only after the write resolved. So whatever instant
 * the process dies at, every cosignature that ever left it covers a tree its stored state
 * already extends, and a restarted witness can never cosign a different root at a size it
 * cosigned, nor a tree that does not extend one it cosigned. A failed write answers 503 without
 * a signature.
 */
import { CodedError, EMPTY_ROOT, equalBytes } from '../../merkle/index.js';
import {
  VerificationError,
  createCosigner,
  openNote,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  verifyConsistency,
  type Checkpoint,
  type Cosigner,
  type SignerKey,
  type VerifierKey,
} from '../../proofs/index.js';
import { silentLogger, type Logger } from '../logger.js';
import { parseAddCheckpointBody } from './add-checkpoint-body.js';
import { KeyedMutex } from './keyed-mutex.js';
import { WitnessRefusal, refusalAnswer, type WitnessAnswer } from './witness-refusal.js';
import { WitnessState } from './witness-state.js';

/** The media type of a 409's body (tlog-witness): exactly this, no parameters. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

/** The media type of a 200's cosignature lines. */
export const COSIGNATURE_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** How to start a witness. */
export interface WitnessOptions {
  /** The LevelDB folder of the witness state. */
  dataDir: string;
  /** The witness's own key (a Go note signer key; its name is the witness name). */
  signerKey: SignerKey;
  /** Log verifier keys to add to the known logs (never re-keys a known origin). */
  logs: readonly VerifierKey[];
  /** The clock, in POSIX seconds (tests fix it). Default: the system clock. */
  now?: () => number;
  logger?: Logger;
}

/** Why a witness refuses to start; the message says what to do. */
export class WitnessConfigError extends CodedError<'WITNESS_CONFIG'> {
  override readonly name = 'WitnessConfigError';
  /** Requires a message that says what is wrong and what to do; the code is always WITNESS_CONFIG. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('WITNESS_CONFIG', message, options);
  }
}

/** A known log, as GET /v1/witness lists it. */
export interface KnownLog {
  origin: string;
  verifierKey: string;
}

/** A running witness over its state. */
export class Witness {
  private readonly mutex = new KeyedMutex();

  private constructor(
    private readonly state: WitnessState,
    private readonly cosigner: Cosigner,
    private readonly logs: ReadonlyMap<string, VerifierKey>,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /**
   * Opens the state in `options.dataDir` and merges `options.logs` into the known logs, only
   * ever adding (a known origin with another key is refused: re-keying a log would let the
   * witness cosign a split view). Throws WitnessConfigError or WitnessStateError.
   */
  static async open(options: WitnessOptions): Promise<Witness> {
    const cosigner = createCosigner(options.signerKey);
    const state = await WitnessState.open(options.dataDir);
    try {
      const stored = await state.knownLogs();
      const logs = new Map<string, VerifierKey>();
      for (const [origin, text] of stored) logs.set(origin, parseVerifierKey(text));
      for (const key of options.logs) {
        if (equalBytes(key.publicKey, options.signerKey.publicKey)) {
          throw new WitnessConfigError(
            `the log key ${key.text} is the witness's own key; a witness must have a key of its own (make one with \`cairn keygen\`)`,
          );
        }
        const known = logs.get(key.name);
        if (known !== undefined) {
          if (known.text !== key.text) {
            throw new WitnessConfigError(
              `the witness already knows the log ${key.name} with the key ${known.text}, and logs are never re-keyed (a witness that trusted a second key for one origin could cosign a split view); ` +
                `remove ${key.text} from --log/--logs, or run a new witness (new data folder and key) for the new key`,
            );
          }
          continue;
        }
        await state.addLog(key.name, key.text);
        logs.set(key.name, key);
      }
      return new Witness(state, cosigner, logs, options.now ?? (() => Math.floor(Date.now() / 1000)), options.logger ?? silentLogger);
    } catch (err) {
      await state.close().catch(() => undefined);
      throw err;
    }
  }

  /** The witness name (its key name). */
  get name(): string {
    return this.cosigner.name;
  }

  /** The cosignature verifier key (type 0x04) that checks this witness's lines. */
  get verifierKey(): string {
    return this.cosigner.verifierKey;
  }

  /** The known logs, by origin. */
  knownLogs(): KnownLog[] {
    return [...this.logs.values()].map((k) => ({ origin: k.name, verifierKey: k.text })).sort((a, b) => (a.origin < b.origin ? -1 : 1));
  }

  /** The latest tree cosigned for `origin`, if any (read from the state). */
  cosignedTree(origin: string) {
    return this.state.cosignedTree(origin);
  }

  /**
   * Answers one add-checkpoint body (see the file comment). Never throws: every failure is an
   * answer, and only a state failure is a 5xx.
   */
  async addCheckpoint(body: Uint8Array): Promise<WitnessAnswer> {
    try {
      return await this.handle(body);
    } catch (err) {
      if (err instanceof WitnessRefusal) {
        this.logger('witness_refused', { status: err.status, code: err.code, detail: err.message });
        return refusalAnswer(err);
      }
      this.logger('witness_error', { error: (err as Error).message });
      return refusalAnswer(
        new WitnessRefusal(503, 'STATE_UNAVAILABLE', 'The witness could not read or write its state; nothing was cosigned. Retry later.', err),
      );
    }
  }

  private async handle(body: Uint8Array): Promise<WitnessAnswer> {
    const request = parseAddCheckpointBody(body);
    const { text, checkpoint } = parseSignedCheckpoint(request.note);
    const key = this.logs.get(checkpoint.origin);
    if (key === undefined) {
      throw new WitnessRefusal(
        404,
        'UNKNOWN_LOG',
        `This witness does not know the log ${JSON.stringify(checkpoint.origin)}; ask its operator to add the log's verifier key.`,
      );
    }
    try {
      openNote(request.note, [key.verifier]);
    } catch (err) {
      throw new WitnessRefusal(
        403,
        'NOT_SIGNED_BY_LOG',
        `The checkpoint carries no valid signature by the key ${key.text} this witness trusts for ${checkpoint.origin}.`,
        err,
      );
    }
    if (request.oldSize > checkpoint.treeSize) {
      throw new WitnessRefusal(
        400,
        'MALFORMED_REQUEST',
        `The old size ${request.oldSize} is larger than the checkpoint's size ${checkpoint.treeSize}; a log never shrinks.`,
      );
    }
    return this.mutex.run(checkpoint.origin, () => this.cosignIfConsistent(checkpoint, text, request.oldSize, request.proof));
  }

  /** Under the origin's lock: compare, verify, persist (synced), then sign. */
  private async cosignIfConsistent(checkpoint: Checkpoint, text: string, oldSize: number, proof: Uint8Array[]): Promise<WitnessAnswer> {
    const origin = checkpoint.origin;
    const stored = await this.state.cosignedTree(origin);
    const storedSize = stored?.treeSize ?? 0;
    if (oldSize !== storedSize) {
      this.logger('witness_conflict', { origin, oldSize, storedSize });
      return { status: 409, contentType: TLOG_SIZE_CONTENT_TYPE, body: `${storedSize}\n` };
    }
    if (checkpoint.treeSize === 0 && !equalBytes(checkpoint.rootHash, EMPTY_ROOT)) {
      throw new WitnessRefusal(422, 'INCONSISTENT_TREE', 'A checkpoint of size 0 must have the root hash of the empty tree, SHA-256("").');
    }
    if (oldSize === 0 && proof.length > 0) {
      throw new WitnessRefusal(422, 'INCONSISTENT_TREE', `The consistency proof from size 0 must be empty, got ${proof.length} hashes.`);
    }
    try {
      verifyConsistency(storedSize, checkpoint.treeSize, stored?.rootHash ?? EMPTY_ROOT, checkpoint.rootHash, proof);
    } catch (err) {
      if (!(err instanceof VerificationError)) throw err;
      const what =
        storedSize === checkpoint.treeSize
          ? `The checkpoint has size ${storedSize}, which this witness cosigned with another root hash: that is a fork`
          : `The consistency proof from ${storedSize} to ${checkpoint.treeSize} does not verify against the tree this witness cosigned (${err.message})`;
      this.logger('witness_inconsistent', { origin, storedSize, treeSize: checkpoint.treeSize, reason: err.code });
      throw new WitnessRefusal(422, 'INCONSISTENT_TREE', `${what}; nothing was cosigned.`, err);
    }
    if (stored === undefined || stored.treeSize !== checkpoint.treeSize) {
      // Durable before anything is signed: a crash after this line leaves the new tree stored
      // and no cosignature out; a crash before it leaves the old tree and no cosignature.
      await this.state.setCosignedTree(origin, { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash });
    }
    const line = this.cosigner.cosign(text, this.now());
    this.logger('witness_cosigned', { origin, oldSize, treeSize: checkpoint.treeSize });
    return { status: 200, contentType: COSIGNATURE_CONTENT_TYPE, body: line };
  }

  /** Closes the state (after the HTTP server stopped). */
  async close(): Promise<void> {
    await this.state.close();
  }
}

/** The note's text and checkpoint; 400 for anything that is not a signed checkpoint. */
function parseSignedCheckpoint(note: Uint8Array): { text: string; checkpoint: Checkpoint } {
  try {
    const { text } = parseNote(note);
    return { text, checkpoint: parseCheckpoint(text) };
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw new WitnessRefusal(400, 'MALFORMED_REQUEST', `The checkpoint is not a valid signed checkpoint note: ${err.message}.`, err);
  }
}
