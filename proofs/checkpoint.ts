/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed tree head of a log.
 * The note text is
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n ...]
 *
 * Cairn writes no extension lines (SPEC §2) but reads the ones of other logs. The log's key
 * name equals its origin, so verification requires that too (SPEC §8).
 *
 * Browser-safe: no node: imports.
 */
import { HASH_SIZE } from '../merkle/index.js';
import { decodeBase64, encodeBase64, parseDecimal } from './encoding.js';
import { VerificationError, fail } from './errors.js';
import { parseVerifierKey, type NoteSigner, type VerifierKey } from './note-keys.js';
import { checkNoteCharacters, openNote, parseNote, signNote } from './note.js';
import { checkWitnessPolicy, parseWitnessPolicy, policyAllowsLog, type PolicyCosignature, type WitnessPolicy } from './witness-policy.js';

/** Largest checkpoint text accepted, in characters (a Cairn checkpoint is about 100). */
export const MAX_CHECKPOINT_SIZE = 64 * 1024;

/** A log's tree head as a checkpoint states it. */
export interface Checkpoint {
  /** The log's identity, also its key name. */
  origin: string;
  /** Number of leaves, a safe integer. */
  treeSize: number;
  /** RFC 6962 root hash of the first treeSize leaves, 32 bytes. */
  rootHash: Uint8Array;
  /** Extension lines of other logs, each non-empty, without newlines. Absent when none. */
  extensions?: string[];
}

/**
 * The note text of a checkpoint: `<origin>\n<treeSize>\n<base64 rootHash>\n`.
 * Requires a non-empty origin without newlines or control characters, a safe non-negative
 * integer treeSize, a 32-byte rootHash and no extension lines (Cairn never writes any); throws
 * INVALID_ARGUMENT otherwise.
 */
export function formatCheckpoint(c: Checkpoint): string {
  if (c === null || typeof c !== 'object') fail('INVALID_ARGUMENT', 'the checkpoint must be an object');
  if (typeof c.origin !== 'string' || c.origin === '') fail('INVALID_ARGUMENT', 'the checkpoint origin must be a non-empty string');
  if (c.origin.includes('\n')) fail('INVALID_ARGUMENT', 'the checkpoint origin must not contain a newline');
  checkNoteCharacters(c.origin, 'INVALID_ARGUMENT', 'the checkpoint origin');
  if (!Number.isSafeInteger(c.treeSize) || c.treeSize < 0) {
    fail('INVALID_ARGUMENT', `the tree size must be a non-negative safe integer, got ${String(c.treeSize)}`);
  }
  if (!(c.rootHash instanceof Uint8Array) || c.rootHash.length !== HASH_SIZE) {
    fail('INVALID_ARGUMENT', `the root hash must be a ${HASH_SIZE}-byte Uint8Array`);
  }
  if (c.extensions !== undefined && c.extensions.length > 0) {
    fail('INVALID_ARGUMENT', 'Cairn does not write checkpoint extension lines');
  }
  return `${c.origin}\n${c.treeSize}\n${encodeBase64(c.rootHash)}\n`;
}

/**
 * Parses a checkpoint note text strictly: at least three lines, each ending in a newline; a
 * non-empty origin; a canonical decimal tree size (no sign, no leading zeros, at most 2^53-1);
 * the canonical standard base64 of exactly 32 bytes; then optional non-empty extension lines.
 * Valid Unicode without control characters, at most MAX_CHECKPOINT_SIZE characters. Throws
 * MALFORMED_CHECKPOINT with the reason otherwise.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string') fail('MALFORMED_CHECKPOINT', 'the checkpoint must be a string');
  if (text.length > MAX_CHECKPOINT_SIZE) fail('MALFORMED_CHECKPOINT', `the checkpoint is longer than ${MAX_CHECKPOINT_SIZE} characters`);
  checkNoteCharacters(text, 'MALFORMED_CHECKPOINT', 'the checkpoint');
  if (!text.endsWith('\n')) fail('MALFORMED_CHECKPOINT', 'the checkpoint does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) fail('MALFORMED_CHECKPOINT', `the checkpoint has ${lines.length} lines, at least 3 are required (origin, tree size, root hash)`);
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') fail('MALFORMED_CHECKPOINT', 'the checkpoint origin is empty');
  const treeSize = rethrow(() => parseDecimal(sizeLine, 'the checkpoint tree size'));
  const rootHash = rethrow(() => decodeBase64(rootLine, 'the checkpoint root hash'));
  if (rootHash.length !== HASH_SIZE) fail('MALFORMED_CHECKPOINT', `the checkpoint root hash is ${rootHash.length} bytes, not ${HASH_SIZE}`);
  const empty = extensions.findIndex((line) => line === '');
  if (empty >= 0) fail('MALFORMED_CHECKPOINT', `checkpoint line ${empty + 4} is empty (extension lines must be non-empty)`);
  return extensions.length > 0 ? { origin, treeSize, rootHash, extensions } : { origin, treeSize, rootHash };
}

/**
 * The signed note of a checkpoint, signed by `signer`. The signer's key name must equal the
 * origin (SPEC §2; ORIGIN_MISMATCH otherwise). Throws as formatCheckpoint and signNote do.
 */
export function signCheckpoint(c: Checkpoint, signer: NoteSigner): string {
  const text = formatCheckpoint(c);
  if (signer?.name !== c.origin) {
    fail('ORIGIN_MISMATCH', `the signer's key name ${JSON.stringify(signer?.name)} is not the checkpoint origin ${JSON.stringify(c.origin)}`);
  }
  return signNote(text, [signer]);
}

/**
 * Opens a signed checkpoint with the log's verifier key (SPEC §8, C2SP tlog-checkpoint): the
 * note must be well formed (MALFORMED_NOTE), its text a valid checkpoint
 * (MALFORMED_CHECKPOINT) whose origin is the key's name (ORIGIN_MISMATCH), and it must carry a
 * valid signature by that key (UNKNOWN_KEY when it has none, BAD_SIGNATURE when it is wrong,
 * NO_SIGNATURE when the note has no signature at all). Other signatures (witnesses, rotated
 * keys) are ignored. Returns the verified checkpoint.
 */
export function openCheckpoint(note: string | Uint8Array, verifier: VerifierKey): Checkpoint {
  if (verifier === null || typeof verifier !== 'object' || verifier.verifier === undefined) {
    fail('INVALID_ARGUMENT', 'openCheckpoint needs a VerifierKey (see parseVerifierKey)');
  }
  // Parse before verifying: every check is strict and capped, and a wrong origin deserves its
  // own message (the verifier key of another log) rather than "unknown key".
  const checkpoint = parseCheckpoint(parseNote(note).text);
  if (checkpoint.origin !== verifier.name) {
    fail('ORIGIN_MISMATCH', `the checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the verifier key's name ${JSON.stringify(verifier.name)}`);
  }
  openNote(note, [verifier.verifier]);
  return checkpoint;
}

/** Options of verifyCheckpoint. */
export interface VerifyCheckpointOptions {
  /**
   * A C2SP tlog-policy (parsed, or its text): the log key must be one it lists (when it lists
   * any) and the cosignatures must satisfy its quorum.
   */
  policy?: WitnessPolicy | string;
  /** Refuse cosignatures dated after this time, in POSIX seconds (a clock-skew bound). */
  notAfter?: number;
}

/** A verified checkpoint; `cosignatures` is there when a policy was given. */
export type CosignedCheckpoint = Checkpoint & { cosignatures?: PolicyCosignature[] };

/**
 * Verifies a signed checkpoint against a verifier key string or a parsed VerifierKey and
 * returns it (SPEC §8). Throws MALFORMED_KEY for a bad key string, then as openCheckpoint.
 * With `options.policy` (C2SP tlog-policy) it also requires the key to be a log of the policy
 * and the cosignatures to satisfy its quorum (MALFORMED_POLICY for a bad policy text,
 * POLICY_NOT_SATISFIED, BAD_COSIGNATURE; see checkWitnessPolicy), and returns the cosignatures
 * it checked. Signature lines by keys neither the log's nor a policy witness's are ignored.
 */
export function verifyCheckpoint(note: string | Uint8Array, verifierKey: string | VerifierKey, options: VerifyCheckpointOptions = {}): CosignedCheckpoint {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const checkpoint = openCheckpoint(note, key);
  if (options?.policy === undefined) return checkpoint;
  const policy = typeof options.policy === 'string' ? parseWitnessPolicy(options.policy) : options.policy;
  policyAllowsLog(policy, key);
  const cosignatures = checkWitnessPolicy(note, policy, options.notAfter === undefined ? {} : { notAfter: options.notAfter });
  return { ...checkpoint, cosignatures };
}

/** Runs a strict encoding parser and turns its MALFORMED_ENCODING into MALFORMED_CHECKPOINT. */
function rethrow<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof VerificationError) fail('MALFORMED_CHECKPOINT', err.message, err);
    throw err;
  }
}
