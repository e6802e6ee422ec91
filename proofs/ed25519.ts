/**
 * Ed25519 (RFC 8032) through @noble/ed25519, wrapped so that no caller ever meets a noble
 * RangeError: every length is checked here first and bad input becomes a VerificationError.
 *
 * Verification policy: strict RFC 8032 (`zip215: false`), not ZIP-215. Strict mode refuses an
 * S outside [0, L), non-canonical encodings of R and of the public key (y >= p), and
 * small-order public keys. ZIP-215 exists for consensus systems that must agree on every edge
 * case; a log verifier is better served by refusing them. Compared with Go's crypto/ed25519
 * (which signed every Go note and the reference logs): Go also refuses S >= L and, since it
 * compares R byte for byte, a non-canonical R; Go accepts non-canonical or small-order public
 * keys, which its key generation never makes and which Cairn refuses when a key is parsed.
 * Noble checks the cofactored equation ([8]SB = [8]R + [8]kA) where Go checks the cofactorless
 * one; the two differ only on signatures crafted with torsion components, which no honest
 * signer makes. So every signature of an honestly made key verifies on both sides: tested on
 * the Go vectors and through Go's own note package in test/interop/.
 *
 * Browser-safe: @noble only, no node: imports.
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { fail } from './errors.js';

// noble's synchronous API needs a SHA-512; setting it at load keeps every call below sync.
ed.hashes.sha512 = sha512;

/** Length of an Ed25519 seed (the RFC 8032 private key), of a public key, of a signature. */
export const ED25519_SEED_SIZE = 32;
export const ED25519_PUBLIC_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

/**
 * The public key of a 32-byte seed (RFC 8032 §5.1.5).
 * Throws MALFORMED_KEY when `seed` is not 32 bytes.
 */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  checkBytes(seed, ED25519_SEED_SIZE, 'Ed25519 seed');
  return ed.getPublicKey(seed);
}

/**
 * The deterministic RFC 8032 §5.1.6 signature of `message` by `seed` (64 bytes; identical to
 * Go's crypto/ed25519 and node:crypto for the same inputs).
 * Throws MALFORMED_KEY when `seed` is not 32 bytes.
 */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  checkBytes(seed, ED25519_SEED_SIZE, 'Ed25519 seed');
  if (!(message instanceof Uint8Array)) fail('INVALID_ARGUMENT', 'the message to sign must be a Uint8Array');
  return ed.sign(message, seed);
}

/**
 * Strict RFC 8032 §5.1.7 verification (see the file comment). Returns false, never throws, for
 * a signature that is not 64 bytes or a public key that is not 32 bytes, so the caller can
 * treat any of them as "does not verify".
 */
export function ed25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) {
    return false;
  }
  if (signature.length !== ED25519_SIGNATURE_SIZE || publicKey.length !== ED25519_PUBLIC_KEY_SIZE) return false;
  const memoKey = message.length <= VERIFIED_MESSAGE_MAX ? binaryString(publicKey) + binaryString(signature) + binaryString(message) : undefined;
  if (memoKey !== undefined && verified.has(memoKey)) return true;
  const ok = ed.verify(signature, message, publicKey, { zip215: false });
  if (ok && memoKey !== undefined) {
    if (verified.size >= VERIFIED_CAPACITY) verified.delete(verified.keys().next().value!);
    verified.set(memoKey, true);
  }
  return ok;
}

/**
 * The last VERIFIED_CAPACITY (public key, signature, message) triples that verified, oldest
 * first. Verification is deterministic, so an exact repeat needs no second curve operation: the
 * receipts of one round share their checkpoint note, and a client verifying many receipts (or a
 * monitor re-reading a checkpoint) pays for each distinct signature once. Only successes are
 * kept, keyed by every byte of the triple (key and signature have fixed sizes, so the
 * concatenation is unambiguous); messages above VERIFIED_MESSAGE_MAX bytes are not kept.
 */
const verified = new Map<string, true>();
const VERIFIED_CAPACITY = 256;
const VERIFIED_MESSAGE_MAX = 4096;

/** The bytes as a string of code units 0-255 (a Map key). */
function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 1024) s += String.fromCharCode(...bytes.subarray(i, i + 1024));
  return s;
}

/**
 * Throws MALFORMED_KEY unless `publicKey` is the canonical encoding of an Ed25519 point that
 * is not of small order: strict verification (above) could never accept a signature by any
 * other key, so such a key is refused when it is parsed rather than at every signature.
 */
export function checkEd25519PublicKey(publicKey: Uint8Array): void {
  checkBytes(publicKey, ED25519_PUBLIC_KEY_SIZE, 'Ed25519 public key');
  let point: ed.Point;
  try {
    point = ed.Point.fromBytes(publicKey, false);
  } catch (err) {
    fail('MALFORMED_KEY', 'the Ed25519 public key is not a valid curve point', err);
  }
  if (point.isSmallOrder()) fail('MALFORMED_KEY', 'the Ed25519 public key is a small-order point and cannot verify any signature');
}

function checkBytes(value: Uint8Array, length: number, what: string): void {
  if (!(value instanceof Uint8Array)) fail('MALFORMED_KEY', `the ${what} must be a Uint8Array`);
  if (value.length !== length) fail('MALFORMED_KEY', `the ${what} must be ${length} bytes, got ${value.length}`);
}
