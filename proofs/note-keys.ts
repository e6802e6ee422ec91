/**
 * Keys of C2SP signed notes (https://c2sp.org/signed-note), in the text formats of Go's
 * golang.org/x/mod/sumdb/note so keys move freely between Cairn and Go tools (SPEC §2):
 *
 *   verifier key  <name>+<8 hex key id>+<base64(0x01 || 32-byte Ed25519 public key)>
 *   signer key    PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 || 32-byte Ed25519 seed)>
 *   key id        first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key)
 *
 * Parsing is stricter than Go in places no key made by Go's note.GenerateKey ever hits: the key
 * id must be exactly 8 lower-case hex digits (Go writes `%08x`), base64 must be canonical (no
 * embedded newlines, which Go's decoder skips, so a verifier key string must not end in one),
 * and the public key must be a canonical, not small-order, curve point (see ed25519.ts). Key
 * names also may not contain control characters (Go refuses most of them later, when a note is
 * opened). Every malformed input throws VerificationError MALFORMED_KEY.
 *
 * Browser-safe: @noble only, no node: imports.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes, utf8 } from '../merkle/index.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { ED25519_PUBLIC_KEY_SIZE, ED25519_SEED_SIZE, checkEd25519PublicKey, ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.js';
import { VerificationError, fail } from './errors.js';

/** The signature type byte of Ed25519 in signed notes (C2SP signed-note, "Signature types"). */
export const ALG_ED25519 = 0x01;

/** Longest key text (verifier or signer key) the parsers read: far above any real key. */
export const MAX_KEY_TEXT_LENGTH = 4096;

const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';

/**
 * Signs note texts with one key. `sign` receives the UTF-8 note text (with its final newline)
 * and returns the raw signature, without the 4-byte key id. Synchronous, so the server may plug
 * in a node:crypto signer with byte-identical output.
 */
export interface NoteSigner {
  readonly name: string;
  /** The key id as an unsigned 32-bit number. */
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

/** Verifies signatures of one key: true only for a valid signature of `message`. Never throws. */
export interface NoteVerifier {
  readonly name: string;
  /** The key id as an unsigned 32-bit number. */
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** A parsed verifier key string and a verifier for it. */
export interface VerifierKey {
  name: string;
  keyId: number;
  /** The 32-byte Ed25519 public key (without the algorithm byte). */
  publicKey: Uint8Array;
  /** The canonical verifier key string. */
  text: string;
  verifier: NoteVerifier;
}

/** A parsed signer key. Secret: never log it or send it anywhere. */
export interface SignerKey {
  name: string;
  keyId: number;
  /** The 32-byte Ed25519 seed (the RFC 8032 private key). */
  seed: Uint8Array;
  /** The 32-byte public key derived from the seed. */
  publicKey: Uint8Array;
  /** The signer key string in Go's format, without a trailing newline. */
  text: string;
}

/**
 * Throws MALFORMED_KEY unless `name` is a valid key name (C2SP signed-note, "Format"):
 * a non-empty, well-formed string without `+`, Unicode whitespace (the White_Space property,
 * the same set as Go's unicode.IsSpace) or control characters.
 */
export function checkKeyName(name: string): void {
  const problem = keyNameProblem(name);
  if (problem !== undefined) fail('MALFORMED_KEY', problem);
}

/**
 * Why `name` is not a valid key name, or undefined when it is. Shared with the note parser,
 * which reports the same problems under its own code.
 */
export function keyNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'the key name must be a string';
  if (name === '') return 'the key name is empty';
  if (hasLoneSurrogate(name)) return 'the key name is not valid Unicode (lone surrogate)';
  if (name.includes('+')) return `the key name ${JSON.stringify(name)} contains "+"`;
  if (/\p{White_Space}/u.test(name)) return `the key name ${JSON.stringify(name)} contains whitespace`;
  if (/\p{Cc}/u.test(name)) return `the key name ${JSON.stringify(name)} contains a control character`;
  return undefined;
}

/** True when `s` holds a UTF-16 surrogate without its pair, which has no UTF-8 encoding. */
export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/**
 * The key id of an Ed25519 key: the first 4 bytes of SHA-256(name || 0x0A || 0x01 ||
 * publicKey), big-endian, as a number in [0, 2^32) (C2SP signed-note, "Ed25519 signatures").
 * Requires a valid key name and a 32-byte public key; throws MALFORMED_KEY otherwise.
 */
export function computeKeyId(name: string, publicKey: Uint8Array): number {
  checkKeyName(name);
  checkPublicKeyLength(publicKey);
  const digest = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, ALG_ED25519), publicKey));
  // Multiplication, not `<<`: a 32-bit shift would make ids above 2^31 negative.
  return digest[0]! * 0x1000000 + digest[1]! * 0x10000 + digest[2]! * 0x100 + digest[3]!;
}

/**
 * Parses a verifier key string `<name>+<8 hex key id>+<base64(0x01 || public key)>`, split on
 * the first two `+` only (base64 may contain `+`). Strict: lower-case hex of exactly 8 digits,
 * canonical standard base64, algorithm byte 0x01, a 32-byte valid public key, and a key id that
 * matches name and key. Throws MALFORMED_KEY with the reason otherwise.
 */
export function parseVerifierKey(text: string): VerifierKey {
  checkKeyText(text, 'verifier key');
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) fail('MALFORMED_KEY', 'a verifier key has the form <name>+<key id>+<base64 key>');
  const name = text.slice(0, first);
  checkKeyName(name);
  const keyId = parseKeyIdHex(text.slice(first + 1, second));
  const publicKey = decodeKeyData(text.slice(second + 1), 'public key');
  checkEd25519PublicKey(publicKey);
  const expected = computeKeyId(name, publicKey);
  if (expected !== keyId) {
    fail('MALFORMED_KEY', `the verifier key's id ${formatKeyId(keyId)} does not match its name and public key (expected ${formatKeyId(expected)})`);
  }
  return { name, keyId, publicKey, text, verifier: makeVerifier(name, keyId, publicKey) };
}

/**
 * The verifier key string of an Ed25519 public key. Requires a valid key name and a 32-byte
 * valid public key; throws MALFORMED_KEY otherwise.
 */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  checkEd25519PublicKey(publicKey);
  const keyId = computeKeyId(name, publicKey);
  return `${name}+${formatKeyId(keyId)}+${encodeBase64(concatBytes(Uint8Array.of(ALG_ED25519), publicKey))}`;
}

/**
 * Parses a signer key `PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 || seed)>` as Go's note
 * package writes it. One trailing newline is accepted (key files end with one); nothing else
 * around the key is. The key id must match the public key derived from the seed. Throws
 * MALFORMED_KEY with the reason otherwise.
 */
export function parseSignerKey(text: string): SignerKey {
  if (typeof text === 'string' && text.endsWith('\n')) text = text.slice(0, -1);
  checkKeyText(text, 'signer key');
  if (!text.startsWith(SIGNER_KEY_PREFIX)) fail('MALFORMED_KEY', 'a signer key starts with "PRIVATE+KEY+"');
  const rest = text.slice(SIGNER_KEY_PREFIX.length);
  const first = rest.indexOf('+');
  const second = first < 0 ? -1 : rest.indexOf('+', first + 1);
  if (second < 0) fail('MALFORMED_KEY', 'a signer key has the form PRIVATE+KEY+<name>+<key id>+<base64 seed>');
  const name = rest.slice(0, first);
  checkKeyName(name);
  const keyId = parseKeyIdHex(rest.slice(first + 1, second));
  const seed = decodeKeyData(rest.slice(second + 1), 'seed');
  const publicKey = ed25519PublicKey(seed);
  const expected = computeKeyId(name, publicKey);
  if (expected !== keyId) {
    fail('MALFORMED_KEY', `the signer key's id ${formatKeyId(keyId)} does not match the key derived from its seed (expected ${formatKeyId(expected)})`);
  }
  return { name, keyId, seed, publicKey, text };
}

/**
 * The signer key string (Go's format, no trailing newline) of a 32-byte seed. Requires a valid
 * key name and a 32-byte seed; throws MALFORMED_KEY otherwise.
 */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  const publicKey = ed25519PublicKey(seed);
  const keyId = computeKeyId(name, publicKey);
  return `${SIGNER_KEY_PREFIX}${name}+${formatKeyId(keyId)}+${encodeBase64(concatBytes(Uint8Array.of(ALG_ED25519), seed))}`;
}

/**
 * A new signer key named `name`. `seed` (32 bytes) makes it reproducible; without it the seed
 * comes from globalThis.crypto.getRandomValues (a CSPRNG in browsers and Node). Throws
 * MALFORMED_KEY for an invalid name or a seed that is not 32 bytes.
 */
export function generateSignerKey(name: string, seed?: Uint8Array): SignerKey {
  checkKeyName(name);
  if (seed !== undefined && !(seed instanceof Uint8Array)) fail('MALFORMED_KEY', 'the seed must be a Uint8Array');
  const bytes = seed === undefined ? globalThis.crypto.getRandomValues(new Uint8Array(ED25519_SEED_SIZE)) : Uint8Array.from(seed);
  return parseSignerKey(formatSignerKey(name, bytes));
}

/** The verifier key string that checks signatures by `signerKey`. */
export function verifierKeyOf(signerKey: SignerKey): string {
  return formatVerifierKey(signerKey.name, signerKey.publicKey);
}

/**
 * A NoteSigner for `key` (noble Ed25519). Re-derives the public key and key id from the seed
 * and throws MALFORMED_KEY if the SignerKey object does not agree with them, so a hand-built
 * object can never sign under somebody else's key id.
 */
export function createSigner(key: SignerKey): NoteSigner {
  if (key === null || typeof key !== 'object') fail('MALFORMED_KEY', 'the signer key must be a SignerKey object');
  checkKeyName(key.name);
  // A private copy: later changes to the caller's array must not change what gets signed.
  const seed = key.seed instanceof Uint8Array ? Uint8Array.from(key.seed) : fail('MALFORMED_KEY', 'the signer key seed must be a Uint8Array');
  const publicKey = ed25519PublicKey(seed);
  const keyId = computeKeyId(key.name, publicKey);
  if (!(key.publicKey instanceof Uint8Array) || !equalBytes(publicKey, key.publicKey) || key.keyId !== keyId) {
    fail('MALFORMED_KEY', 'the signer key object is inconsistent: its public key or key id does not match its seed');
  }
  return { name: key.name, keyId, sign: (message) => ed25519Sign(message, seed) };
}

/**
 * A NoteVerifier for a parsed verifier key or a `{name, publicKey}` pair (noble Ed25519,
 * strict RFC 8032 verification, see ed25519.ts). Throws MALFORMED_KEY for an invalid name or
 * public key.
 */
export function createVerifier(key: VerifierKey | { name: string; publicKey: Uint8Array }): NoteVerifier {
  if (key === null || typeof key !== 'object') fail('MALFORMED_KEY', 'the verifier key must be an object with name and publicKey');
  checkEd25519PublicKey(key.publicKey);
  const keyId = computeKeyId(key.name, key.publicKey);
  return makeVerifier(key.name, keyId, Uint8Array.from(key.publicKey));
}

/** Formats a key id as Go does: `%08x`. */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function makeVerifier(name: string, keyId: number, publicKey: Uint8Array): NoteVerifier {
  return { name, keyId, verify: (message, signature) => ed25519Verify(message, signature, publicKey) };
}

function checkKeyText(text: unknown, what: string): asserts text is string {
  if (typeof text !== 'string') fail('MALFORMED_KEY', `the ${what} must be a string`);
  if (text.length > MAX_KEY_TEXT_LENGTH) fail('MALFORMED_KEY', `the ${what} is longer than ${MAX_KEY_TEXT_LENGTH} characters`);
  if (text === '') fail('MALFORMED_KEY', `the ${what} is empty`);
}

function parseKeyIdHex(hex: string): number {
  if (!/^[0-9a-f]{8}$/.test(hex)) fail('MALFORMED_KEY', `the key id ${JSON.stringify(hex)} is not 8 lower-case hex digits`);
  return Number.parseInt(hex, 16);
}

/** Decodes base64(0x01 || 32 bytes) and returns the 32 bytes. */
function decodeKeyData(b64: string, what: string): Uint8Array {
  let data: Uint8Array;
  try {
    data = decodeBase64(b64, `the ${what}`);
  } catch (err) {
    if (err instanceof VerificationError) fail('MALFORMED_KEY', err.message, err);
    throw err;
  }
  if (data.length === 0) fail('MALFORMED_KEY', `the ${what} is empty`);
  if (data[0] !== ALG_ED25519) {
    fail('MALFORMED_KEY', `unsupported signature algorithm 0x${data[0]!.toString(16).padStart(2, '0')} (only Ed25519, 0x01, is supported)`);
  }
  if (data.length !== 1 + ED25519_PUBLIC_KEY_SIZE) {
    fail('MALFORMED_KEY', `the ${what} must be ${ED25519_PUBLIC_KEY_SIZE} bytes after the algorithm byte, got ${data.length - 1}`);
  }
  return data.slice(1);
}

function checkPublicKeyLength(publicKey: Uint8Array): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_PUBLIC_KEY_SIZE) {
    fail('MALFORMED_KEY', `the Ed25519 public key must be a ${ED25519_PUBLIC_KEY_SIZE}-byte Uint8Array`);
  }
}
