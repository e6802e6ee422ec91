/**
 * C2SP tlog-proof (`c2sp.org/tlog-proof@v1`): an offline-verifiable proof that an entry is in a
 * log, made of the entry's index, its Merkle inclusion proof and the signed checkpoint that the
 * proof leads to (SPEC §2, §4). The receipt's `proof` field is this text.
 *
 * ```
 * c2sp.org/tlog-proof@v1
 * extra <base64>             (optional, opaque, unauthenticated)
 * index <decimal>
 * <base64 hash>              (zero or more, from the leaf's sibling up to the root's child)
 *
 * <the checkpoint: a signed note, verbatim>
 * ```
 *
 * Parsing is strict, after x/mod sumdb and torchwood: a size cap before anything else, the exact
 * header, canonical decimals, standard base64 with padding, 32-byte hashes, at most 63 of them,
 * and a checkpoint part that parses as a signed note. Every refusal is a VerificationError
 * MALFORMED_RECEIPT (with the underlying error as `cause`).
 *
 * Browser-safe: no node: imports.
 */
import { HASH_SIZE } from '../merkle/index.js';
import { verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { decodeBase64, encodeBase64, parseDecimal } from './encoding.js';
import { fail } from './errors.js';
import { verifyInclusion } from './inclusion.js';
import { parseNote } from './note.js';
import type { VerifierKey } from './note-keys.js';

/** The first line of every tlog-proof. */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/**
 * The largest tlog-proof text accepted, in UTF-16 code units: 63 hashes take about 3 KB; the rest
 * is the checkpoint with its (co)signatures and the optional extra data.
 */
export const MAX_TLOG_PROOF_SIZE = 64 * 1024;

/** The most inclusion hashes a proof can need: one per level of a tree of up to 2^63 leaves. */
export const MAX_PROOF_HASHES = 63;

/** A parsed C2SP tlog-proof. */
export interface TlogProof {
  /** Zero-based index of the entry in the log. */
  index: number;
  /** The RFC 6962 inclusion proof, from the leaf's sibling up to the root's child. */
  hashes: Uint8Array[];
  /** The signed checkpoint note, verbatim (ends with a newline). */
  checkpoint: string;
  /** Opaque extra data; not authenticated, never trust it. */
  extra?: Uint8Array;
}

/**
 * Formats a tlog-proof (C2SP tlog-proof §Format).
 *
 * Requires: index a safe integer >= 0; at most 63 hashes of 32 bytes each; checkpoint a signed
 * note text ending with a newline; extra, when present, a Uint8Array. Otherwise throws
 * VerificationError INVALID_ARGUMENT. The checkpoint's signatures are not checked here.
 * `encodeHash` gives the base64 of a hash (a caller may pass a memoizing one).
 */
export function formatTlogProof(p: TlogProof, encodeHash: (hash: Uint8Array) => string = encodeBase64): string {
  if (typeof p !== 'object' || p === null) fail('INVALID_ARGUMENT', 'tlog-proof must be an object');
  if (!Number.isSafeInteger(p.index) || p.index < 0) fail('INVALID_ARGUMENT', 'tlog-proof index must be a safe integer >= 0');
  if (!Array.isArray(p.hashes) || p.hashes.length > MAX_PROOF_HASHES) {
    fail('INVALID_ARGUMENT', `tlog-proof hashes must be an array of at most ${MAX_PROOF_HASHES} hashes`);
  }
  if (typeof p.checkpoint !== 'string' || !p.checkpoint.endsWith('\n')) {
    fail('INVALID_ARGUMENT', 'tlog-proof checkpoint must be a signed note ending with a newline');
  }
  if (p.extra !== undefined && !(p.extra instanceof Uint8Array)) fail('INVALID_ARGUMENT', 'tlog-proof extra must be a Uint8Array');
  const lines = [TLOG_PROOF_HEADER];
  if (p.extra !== undefined) lines.push(`extra ${encodeBase64(p.extra)}`);
  lines.push(`index ${p.index}`);
  for (const [i, hash] of p.hashes.entries()) {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      fail('INVALID_ARGUMENT', `tlog-proof hash ${i} must be a Uint8Array of ${HASH_SIZE} bytes`);
    }
    lines.push(encodeHash(hash));
  }
  return `${lines.join('\n')}\n\n${p.checkpoint}`;
}

/**
 * Parses a tlog-proof strictly (C2SP tlog-proof §Format): at most MAX_TLOG_PROOF_SIZE, the exact
 * header line, an optional `extra` line, `index` as a canonical decimal up to 2^53-1, at most 63
 * hash lines of canonical base64 decoding to 32 bytes, one empty line, then a checkpoint that
 * parses as a signed note. Throws VerificationError MALFORMED_RECEIPT otherwise. Checks no
 * signature and no hash: see verifyTlogProof.
 */
export function parseTlogProof(text: string): TlogProof {
  if (typeof text !== 'string') fail('MALFORMED_RECEIPT', 'tlog-proof must be a string');
  if (text.length > MAX_TLOG_PROOF_SIZE) fail('MALFORMED_RECEIPT', `tlog-proof is longer than ${MAX_TLOG_PROOF_SIZE} characters`);
  const cursor = { text, at: 0 };

  if (nextLine(cursor, 'header') !== TLOG_PROOF_HEADER) {
    fail('MALFORMED_RECEIPT', `tlog-proof must start with the line ${TLOG_PROOF_HEADER}`);
  }
  let line = nextLine(cursor, 'index');
  let extra: Uint8Array | undefined;
  if (line.startsWith('extra ')) {
    extra = wrap(() => decodeBase64(line.slice('extra '.length), 'tlog-proof extra data'));
    line = nextLine(cursor, 'index');
  }
  if (!line.startsWith('index ')) fail('MALFORMED_RECEIPT', 'tlog-proof has no "index <N>" line');
  const index = wrap(() => parseDecimal(line.slice('index '.length), 'tlog-proof index'));

  const hashes: Uint8Array[] = [];
  for (;;) {
    line = nextLine(cursor, 'empty line before the checkpoint');
    if (line === '') break;
    if (hashes.length === MAX_PROOF_HASHES) fail('MALFORMED_RECEIPT', `tlog-proof has more than ${MAX_PROOF_HASHES} hashes`);
    const hash = wrap(() => decodeBase64(line, `tlog-proof hash ${hashes.length}`));
    if (hash.length !== HASH_SIZE) fail('MALFORMED_RECEIPT', `tlog-proof hash ${hashes.length} is ${hash.length} bytes, not ${HASH_SIZE}`);
    hashes.push(hash);
  }

  const checkpoint = text.slice(cursor.at);
  // Only the envelope here; verifyTlogProof checks the checkpoint body and its signature.
  wrap(() => parseNote(checkpoint));
  return extra === undefined ? { index, hashes, checkpoint } : { index, hashes, checkpoint, extra };
}

/**
 * Verifies a tlog-proof for the entry whose RFC 6962 leaf hash is `leafHash` (C2SP tlog-proof,
 * RFC 9162 §2.1.3.2): parses it (MALFORMED_RECEIPT), verifies the checkpoint's signature by
 * `verifierKey` and that its origin is the key's name (verifyCheckpoint's codes: BAD_SIGNATURE,
 * UNKNOWN_KEY, ORIGIN_MISMATCH, MALFORMED_CHECKPOINT, ...), then the inclusion proof of
 * `leafHash` at `index` in the checkpoint's tree (verifyInclusion's codes: INCLUSION_FAILED,
 * INDEX_OUT_OF_RANGE, ...). Returns the index and the verified checkpoint; every number in the
 * result is covered by the signature or by the proof.
 */
export function verifyTlogProof(text: string, leafHash: Uint8Array, verifierKey: string | VerifierKey): { index: number; checkpoint: Checkpoint } {
  if (!(leafHash instanceof Uint8Array) || leafHash.length !== HASH_SIZE) {
    fail('INVALID_ARGUMENT', `leafHash must be a Uint8Array of ${HASH_SIZE} bytes`);
  }
  const proof = parseTlogProof(text);
  const checkpoint = verifyCheckpoint(proof.checkpoint, verifierKey);
  verifyInclusion(leafHash, proof.index, checkpoint.treeSize, proof.hashes, checkpoint.rootHash);
  return { index: proof.index, checkpoint };
}

interface Cursor {
  text: string;
  at: number;
}

/** The next newline-terminated line (without its newline); MALFORMED_RECEIPT when there is none. */
function nextLine(cursor: Cursor, expected: string): string {
  const end = cursor.text.indexOf('\n', cursor.at);
  if (end < 0) fail('MALFORMED_RECEIPT', `tlog-proof ends before the ${expected}`);
  const line = cursor.text.slice(cursor.at, end);
  cursor.at = end + 1;
  return line;
}

/** Runs a parser of encodings or notes and reports its refusal as MALFORMED_RECEIPT. */
function wrap<T>(parse: () => T): T {
  try {
    return parse();
  } catch (cause) {
    fail('MALFORMED_RECEIPT', `tlog-proof: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
}
