/**
 * The hiding commitment a leaf holds instead of the payload (SPEC §3):
 * commitment = SHA-256(nonce || payload), with a fresh 32-byte random nonce per entry, so equal
 * payloads give different commitments and nobody can confirm a guessed payload from the public
 * tree. Whoever holds the payload and its nonce can open it.
 *
 * Browser-safe: noble hashes, no node: imports.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../merkle/index.js';
import { fail } from './errors.js';

/** Length in bytes of the random nonce drawn for every entry. */
export const NONCE_SIZE = 32;

/** Length in bytes of a commitment (a SHA-256 digest). */
export const COMMITMENT_SIZE = 32;

/**
 * SHA-256(nonce || payload) (SPEC §3).
 *
 * Requires a Uint8Array nonce of NONCE_SIZE bytes and a Uint8Array payload; otherwise throws
 * VerificationError INVALID_ARGUMENT. `hash` is SHA-256 over the concatenation of its parts
 * (default: noble's, browser-safe; the server passes node:crypto's, `server/fast-hash.ts`).
 */
export function computeCommitment(nonce: Uint8Array, payload: Uint8Array, hash: (parts: readonly Uint8Array[]) => Uint8Array = nobleSha256Parts): Uint8Array {
  checkBytes(nonce, 'nonce', NONCE_SIZE);
  checkBytes(payload, 'payload');
  return hash([nonce, payload]);
}

/** Incremental hashing: payloads may be megabytes, so never concatenate them. */
function nobleSha256Parts(parts: readonly Uint8Array[]): Uint8Array {
  const h = sha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * Opens a commitment: checks that `commitment` = SHA-256(nonce || payload) (SPEC §3, §6.4).
 * Throws VerificationError COMMITMENT_MISMATCH when it does not, INVALID_ARGUMENT on arguments
 * of the wrong type or length. Returns nothing on success.
 */
export function verifyCommitment(commitment: Uint8Array, nonce: Uint8Array, payload: Uint8Array): void {
  checkBytes(commitment, 'commitment', COMMITMENT_SIZE);
  // The commitment and the payload are public once the receipt is shown: no constant-time need.
  if (!equalBytes(computeCommitment(nonce, payload), commitment)) {
    fail('COMMITMENT_MISMATCH', 'the payload and nonce do not open the commitment: SHA-256(nonce || payload) differs');
  }
}

function checkBytes(value: Uint8Array, what: string, size?: number): void {
  if (!(value instanceof Uint8Array)) fail('INVALID_ARGUMENT', `${what} must be a Uint8Array`);
  if (size !== undefined && value.length !== size) {
    fail('INVALID_ARGUMENT', `${what} must be ${size} bytes, got ${value.length}`);
  }
}
