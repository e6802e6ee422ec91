/**
 * fsck of the identity and the stored checkpoints, through the store's read interface
 * (readIdentity, latestCheckpoint, listCheckpoints): the identity names a valid key whose name
 * is the origin; every stored note verifies with that key, states the size it is stored under,
 * and is extended by the latest one (a consistency proof built from the stored tiles, RFC 9162
 * §2.1.4; SPEC §6.2–6.3). Checkpoint keys of the wrong shape are the driver's to report.
 */
import { VerificationError, openCheckpoint, parseCheckpoint, parseNote, parseVerifierKey, type Checkpoint, type VerifierKey } from '../../../proofs/index.js';
import { StoreError, type LogStore, type StoredCheckpoint } from '../../store/store.js';
import { verifyConsistencyFromTiles } from '../../../client/index.js';
import { TileError as ToolError } from '../../../client/index.js';
import type { FsckContext } from './context.js';
import type { FsckFindings } from './report.js';

/** The identity's origin and key, or undefined (reported) when it is missing or broken. */
export async function checkIdentity(store: LogStore, findings: FsckFindings): Promise<{ origin: string; verifier: VerifierKey } | undefined> {
  let identity: { origin?: unknown; verifierKey?: unknown } | undefined;
  try {
    identity = await store.readIdentity();
  } catch (err) {
    if (!(err instanceof StoreError && err.code === 'STORE_CORRUPT')) throw err;
    findings.add('IDENTITY_MALFORMED', 'identity', 'the identity record is not valid JSON');
    return undefined;
  }
  if (identity === undefined) {
    findings.add('IDENTITY_MISSING', 'identity', 'the store has no log identity (origin and verifier key); no checkpoint can be verified');
    return undefined;
  }
  if (typeof identity !== 'object' || identity === null || typeof identity.origin !== 'string' || typeof identity.verifierKey !== 'string') {
    findings.add('IDENTITY_MALFORMED', 'identity', 'the identity record lacks its origin or verifier key');
    return undefined;
  }
  let verifier: VerifierKey;
  try {
    verifier = parseVerifierKey(identity.verifierKey);
  } catch (err) {
    findings.add('IDENTITY_MALFORMED', 'identity', `the identity's verifier key does not parse: ${(err as Error).message}`);
    return undefined;
  }
  if (verifier.name !== identity.origin) {
    findings.add(
      'IDENTITY_MALFORMED',
      'identity',
      `the identity's key is named ${JSON.stringify(verifier.name)}, not the origin ${JSON.stringify(identity.origin)}`,
    );
    return undefined;
  }
  return { origin: identity.origin, verifier };
}

/** A stored checkpoint: the size it is stored under and what its note says, when it can be read. */
export interface StoredNote {
  size: number;
  /** The parsed checkpoint, when the note parses (whether or not its signature verifies). */
  parsed: Checkpoint | undefined;
  /** True when the signature verifies with the identity's key. */
  verified: boolean;
}

/** Checks one stored checkpoint (its size and note) and reports what is wrong with it. Returns what could be read. */
export function checkStoredNote(stored: StoredCheckpoint, verifier: VerifierKey | undefined, findings: FsckFindings): StoredNote {
  const { treeSize: size, note } = stored;
  const where = `checkpoint ${size}`;
  let parsed: Checkpoint | undefined;
  try {
    parsed = parseCheckpoint(parseNote(note).text);
  } catch (err) {
    findings.add('CHECKPOINT_INVALID', where, `the stored note is not a checkpoint: ${(err as Error).message}`);
    return { size, parsed: undefined, verified: false };
  }
  let verified = false;
  if (verifier !== undefined) {
    try {
      openCheckpoint(note, verifier);
      verified = true;
    } catch (err) {
      if (!(err instanceof VerificationError)) throw err;
      findings.add('CHECKPOINT_INVALID', where, `the stored note does not verify with the log's key: ${err.message}`);
    }
  }
  if (parsed.treeSize !== size) findings.add('CHECKPOINT_SIZE', where, `the note stored under size ${size} says size ${parsed.treeSize}`);
  return { size, parsed, verified };
}

/** The latest stored checkpoint (the head), checked; undefined (reported) when there is none. */
export async function checkLatest(store: LogStore, verifier: VerifierKey | undefined, findings: FsckFindings): Promise<StoredNote | undefined> {
  const latest = await store.latestCheckpoint();
  if (latest !== undefined) return checkStoredNote(latest, verifier, findings);
  findings.add('NO_CHECKPOINT', 'checkpoints', 'the store holds no signed checkpoint: there is no tree to check');
  return undefined;
}

/** Checkpoints read per page of listCheckpoints. */
const PAGE = 256;

/**
 * Checks every stored checkpoint but the latest (checked by checkLatest): its note, and that the
 * latest tree extends it, with a proof from the stored tiles. Counts them all.
 */
export async function checkAllCheckpoints(ctx: FsckContext): Promise<void> {
  const { findings } = ctx;
  if (!ctx.rootOk) findings.skip('the consistency of stored checkpoints with the latest: the tiles do not give the latest root');
  // Proofs from authenticated tiles only: a damaged tile is reported once, by the tile checks.
  const authentic = ctx.authenticator.asSource();
  for await (const checkpoint of allCheckpoints(ctx.store)) {
    findings.counts.checkpoints++;
    if (checkpoint.treeSize === ctx.treeSize) continue;
    const stored = checkStoredNote(checkpoint, ctx.verifier, findings);
    if (stored.parsed === undefined || !ctx.rootOk || stored.parsed.treeSize !== stored.size) continue;
    const older = stored.parsed;
    try {
      // From size 0 this reads no tile and checks that the note holds the empty tree's root.
      await verifyConsistencyFromTiles(authentic, older, { treeSize: ctx.treeSize, rootHash: ctx.rootHash });
    } catch (err) {
      if (err instanceof VerificationError) {
        findings.add(
          'CHECKPOINT_INCONSISTENT',
          `checkpoint ${stored.size}`,
          `the latest tree (size ${ctx.treeSize}) does not extend this checkpoint: ${err.message}`,
        );
      } else if (!(err instanceof ToolError)) {
        throw err;
      }
      // A ToolError is a missing, short or wrong tile, reported by the tile checks.
    }
  }
}

/** Every stored checkpoint in increasing size, a page at a time. */
async function* allCheckpoints(store: LogStore): AsyncGenerator<StoredCheckpoint> {
  for (let from = 0; ;) {
    const page = await store.listCheckpoints(from, PAGE);
    yield* page;
    const last = page[page.length - 1];
    if (page.length < PAGE || last === undefined) return;
    from = last.treeSize + 1;
  }
}
