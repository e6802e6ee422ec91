/**
 * C2SP tlog-cosignature v1 with Ed25519 (https://c2sp.org/tlog-cosignature, "Format" and
 * "Ed25519 signed message"): the statement of a witness that, at a time, the checkpoint is the
 * largest consistent tree head it has seen for the log. A cosignature is a signed-note line
 *
 *   — <name> base64( keyID[4] || timestamp u64 big-endian [8] || Ed25519 signature [64] )
 *
 *   keyID   = SHA-256(name || 0x0A || 0x04 || 32-byte public key)[0:4]
 *   message = "cosignature/v1\n" "time " <decimal seconds> "\n" <whole checkpoint body>
 *   vkey    = <name>+<8 hex keyID>+base64(0x04 || 32-byte public key)
 *
 * The body is the note text with its final newline and any extension lines, never the
 * signature lines. A witness's signer key is a plain Go note signer key (0x01, as Go's
 * note.GenerateKey and `cairn keygen` write it): the same Ed25519 key gives the 0x04 key ID.
 * ML-DSA-44 (type 0x06) keys are recognised and refused with a sentence: not supported yet.
 *
 * Browser-safe: @noble only, no node: imports.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from '../merkle/index.js';
import { ED25519_PUBLIC_KEY_SIZE, ED25519_SIGNATURE_SIZE, checkEd25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { VerificationError, fail } from './errors.js';
import { MAX_KEY_TEXT_LENGTH, checkKeyName, createSigner, formatKeyId, type SignerKey } from './note-keys.js';
import { SIGNATURE_LINE_PREFIX, parseNote } from './note.js';

/** The signature type byte of Ed25519 cosignatures (cosignature/v1). */
export const ALG_COSIGNATURE_V1 = 0x04;

/** The signature type byte of ML-DSA-44 cosignatures (recognised, not supported). */
const ALG_ML_DSA_44 = 0x06;

/** Bytes of a cosignature/v1 signature after its key ID: the u64 time and the Ed25519 signature. */
export const COSIGNATURE_V1_SIZE = 8 + ED25519_SIGNATURE_SIZE;

/**
 * Latest cosignature time accepted, in seconds: 2^53-1. The format allows up to 2^63-1, and
 * verifiers may reject times in the future (tlog-cosignature, "Format"); no clock reaches 2^53
 * seconds (285 million years), so such a time is refused rather than rounded.
 */
export const MAX_COSIGNATURE_TIME = Number.MAX_SAFE_INTEGER;

/** A parsed cosignature verifier key (a 0x04 vkey). */
export interface CosignatureVerifierKey {
  /** The cosigner's name, which its signature lines carry. */
  name: string;
  /** The 0x04 key ID as an unsigned 32-bit number. */
  keyId: number;
  /** The 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  /** The canonical vkey string. */
  text: string;
}

/** One cosignature a verifier checked. */
export interface Cosignature {
  /** The cosigner's key name. */
  name: string;
  /** The cosigner's key ID. */
  keyId: number;
  /** When the cosigner signed, in POSIX seconds. */
  timestamp: number;
}

/** Makes cosignature lines with one witness key. */
export interface Cosigner {
  readonly name: string;
  readonly keyId: number;
  /** The cosignature vkey that checks this cosigner's lines. */
  readonly verifierKey: string;
  /**
   * The signature line (ending in a newline) over `checkpointBody` at `timestamp` seconds.
   * Requires a note body ending in a newline and an integer time in [1, MAX_COSIGNATURE_TIME]
   * (0 means "no time statement" in some formats, so a witness never writes it).
   */
  cosign(checkpointBody: string, timestamp: number): string;
}

/**
 * The key ID of an Ed25519 cosigner: SHA-256(name || 0x0A || 0x04 || publicKey)[0:4] as an
 * unsigned 32-bit number (tlog-cosignature, "Format"). Throws MALFORMED_KEY for an invalid
 * name or a public key that is not 32 bytes.
 */
export function cosignatureKeyId(name: string, publicKey: Uint8Array): number {
  checkKeyName(name);
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_PUBLIC_KEY_SIZE) {
    fail('MALFORMED_KEY', `the Ed25519 public key must be a ${ED25519_PUBLIC_KEY_SIZE}-byte Uint8Array`);
  }
  const digest = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, ALG_COSIGNATURE_V1), publicKey));
  return digest[0]! * 0x1000000 + digest[1]! * 0x10000 + digest[2]! * 0x100 + digest[3]!;
}

/**
 * The signed message of a cosignature/v1: `cosignature/v1\ntime <seconds>\n` followed by the
 * whole checkpoint body (tlog-cosignature, "Ed25519 signed message"). Requires a body ending in
 * a newline and an integer time in [0, MAX_COSIGNATURE_TIME]; throws INVALID_ARGUMENT otherwise.
 */
export function cosignatureMessage(checkpointBody: string, timestamp: number): Uint8Array {
  if (typeof checkpointBody !== 'string' || !checkpointBody.endsWith('\n')) {
    fail('INVALID_ARGUMENT', 'the checkpoint body must be a string ending in a newline');
  }
  checkTime(timestamp, 0);
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointBody}`);
}

/**
 * Parses a cosignature vkey `<name>+<8 hex key ID>+base64(0x04 || public key)` strictly: lower
 * case hex, canonical base64, type 0x04, a valid 32-byte Ed25519 key, and a key ID that matches
 * (tlog-cosignature, signed-note "Verifier keys"). A plain note key (0x01) or an ML-DSA-44 key
 * (0x06) is refused with a sentence. Throws MALFORMED_KEY.
 */
export function parseCosignatureVerifierKey(text: string): CosignatureVerifierKey {
  if (typeof text !== 'string') fail('MALFORMED_KEY', 'the cosignature verifier key must be a string');
  if (text === '' || text.length > MAX_KEY_TEXT_LENGTH) fail('MALFORMED_KEY', `the cosignature verifier key must be 1 to ${MAX_KEY_TEXT_LENGTH} characters`);
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) fail('MALFORMED_KEY', 'a cosignature verifier key has the form <name>+<key id>+<base64 key>');
  const name = text.slice(0, first);
  checkKeyName(name);
  const hex = text.slice(first + 1, second);
  if (!/^[0-9a-f]{8}$/.test(hex)) fail('MALFORMED_KEY', `the key id ${JSON.stringify(hex)} is not 8 lower-case hex digits`);
  let data: Uint8Array;
  try {
    data = decodeBase64(text.slice(second + 1), 'the cosignature public key');
  } catch (err) {
    if (err instanceof VerificationError) fail('MALFORMED_KEY', err.message, err);
    throw err;
  }
  const type = data[0];
  if (type === ALG_ML_DSA_44)
    fail(
      'MALFORMED_KEY',
      `the key ${name} is an ML-DSA-44 cosigner key (type 0x06), which Cairn does not support yet; ask the witness for its Ed25519 (0x04) key`,
    );
  if (type === 0x01) {
    fail(
      'MALFORMED_KEY',
      `the key ${name} is a plain signed-note key (type 0x01), not a cosignature key; a witness's cosignature key has type 0x04 (\`cairn witness\` prints it)`,
    );
  }
  if (type !== ALG_COSIGNATURE_V1)
    fail(
      'MALFORMED_KEY',
      `the key ${name} has signature type ${type === undefined ? 'none' : `0x${type.toString(16).padStart(2, '0')}`}, not 0x04 (cosignature/v1)`,
    );
  if (data.length !== 1 + ED25519_PUBLIC_KEY_SIZE)
    fail('MALFORMED_KEY', `the cosignature public key must be ${ED25519_PUBLIC_KEY_SIZE} bytes, got ${data.length - 1}`);
  const publicKey = data.slice(1);
  checkEd25519PublicKey(publicKey);
  const keyId = Number.parseInt(hex, 16);
  const expected = cosignatureKeyId(name, publicKey);
  if (expected !== keyId) fail('MALFORMED_KEY', `the cosignature key id ${hex} does not match its name and public key (expected ${formatKeyId(expected)})`);
  return { name, keyId, publicKey, text };
}

/** The cosignature vkey of an Ed25519 public key. Throws MALFORMED_KEY for a bad name or key. */
export function formatCosignatureVerifierKey(name: string, publicKey: Uint8Array): string {
  checkEd25519PublicKey(publicKey);
  const keyId = cosignatureKeyId(name, publicKey);
  return `${name}+${formatKeyId(keyId)}+${encodeBase64(concatBytes(Uint8Array.of(ALG_COSIGNATURE_V1), publicKey))}`;
}

/**
 * A Cosigner for a witness's signer key (a Go note signer key; its name is the witness name).
 * Re-derives the public key from the seed (createSigner's checks), so a hand-built key object
 * cannot sign under another key ID. Throws MALFORMED_KEY.
 */
export function createCosigner(key: SignerKey): Cosigner {
  createSigner(key);
  const seed = Uint8Array.from(key.seed);
  const name = key.name;
  const keyId = cosignatureKeyId(name, key.publicKey);
  const verifierKey = formatCosignatureVerifierKey(name, key.publicKey);
  return {
    name,
    keyId,
    verifierKey,
    cosign(checkpointBody, timestamp) {
      checkTime(timestamp, 1);
      const signature = ed25519Sign(cosignatureMessage(checkpointBody, timestamp), seed);
      const bytes = new Uint8Array(4 + COSIGNATURE_V1_SIZE);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, keyId);
      view.setBigUint64(4, BigInt(timestamp));
      bytes.set(signature, 12);
      return `${SIGNATURE_LINE_PREFIX}${name} ${encodeBase64(bytes)}\n`;
    },
  };
}

/** Options of verifyCosignatures. */
export interface CosignatureOptions {
  /** Refuse cosignatures dated after this time (POSIX seconds), as BAD_COSIGNATURE. */
  notAfter?: number;
}

/**
 * Checks the cosignatures of `note` by the given cosigners and returns one per cosigner that
 * signed (its latest time), in the order of `verifiers`. Signature lines whose name and key ID
 * match no verifier are ignored, as Go's note package does (the log's own line among them). A
 * line that matches a verifier must be valid: 76 bytes, a time within MAX_COSIGNATURE_TIME (and
 * `notAfter`), and an Ed25519 signature over the cosignature/v1 message; otherwise the whole
 * note is refused with BAD_COSIGNATURE. Malformed notes throw as parseNote does; two verifiers
 * with one name and key ID are INVALID_ARGUMENT. Returns [] when no verifier signed.
 */
export function verifyCosignatures(note: string | Uint8Array, verifiers: readonly CosignatureVerifierKey[], options: CosignatureOptions = {}): Cosignature[] {
  if (!Array.isArray(verifiers)) fail('INVALID_ARGUMENT', 'verifyCosignatures needs an array of cosignature verifier keys');
  const known = new Map<string, CosignatureVerifierKey>();
  for (const v of verifiers) {
    const id = `${v.name}+${formatKeyId(v.keyId)}`;
    if (known.has(id)) fail('INVALID_ARGUMENT', `two cosignature verifier keys share the name and key id ${id}`);
    known.set(id, v);
  }
  const notAfter = options.notAfter;
  if (notAfter !== undefined) checkTime(notAfter, 0);
  const { text, signatures } = parseNote(note);
  const latest = new Map<string, Cosignature>();
  for (const sig of signatures) {
    const id = `${sig.name}+${formatKeyId(sig.keyId)}`;
    const verifier = known.get(id);
    if (verifier === undefined) continue;
    if (sig.signature.length !== COSIGNATURE_V1_SIZE) {
      fail(
        'BAD_COSIGNATURE',
        `the cosignature by ${id} is ${sig.signature.length + 4} bytes, not ${COSIGNATURE_V1_SIZE + 4} (key id, time, Ed25519 signature)`,
      );
    }
    const view = new DataView(sig.signature.buffer, sig.signature.byteOffset, 8);
    const time = view.getBigUint64(0);
    if (time > BigInt(MAX_COSIGNATURE_TIME)) fail('BAD_COSIGNATURE', `the cosignature by ${id} is dated ${time} seconds, beyond any clock`);
    const timestamp = Number(time);
    if (notAfter !== undefined && timestamp > notAfter) {
      fail('BAD_COSIGNATURE', `the cosignature by ${id} is dated ${timestamp}, after ${notAfter} (in the future: check the witness's clock and yours)`);
    }
    if (!ed25519Verify(cosignatureMessage(text, timestamp), sig.signature.subarray(8), verifier.publicKey)) {
      fail('BAD_COSIGNATURE', `the cosignature by ${id} is not valid for this checkpoint`);
    }
    const previous = latest.get(id);
    if (previous === undefined || previous.timestamp < timestamp) latest.set(id, { name: sig.name, keyId: sig.keyId, timestamp });
  }
  const result: Cosignature[] = [];
  for (const id of known.keys()) {
    const c = latest.get(id);
    if (c !== undefined) result.push(c);
  }
  return result;
}

function checkTime(t: number, min: number): void {
  if (!Number.isSafeInteger(t) || t < min)
    fail('INVALID_ARGUMENT', `a cosignature time must be a whole number of seconds from ${min} to 2^53-1, got ${String(t)}`);
}
