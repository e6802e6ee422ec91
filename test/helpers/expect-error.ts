/** Assertions on the typed errors of merkle/ and proofs/. */
import { expect } from '@jest/globals';
import { MerkleError } from '../../merkle/index.js';
import { VerificationError } from '../../proofs/errors.js';

/** Asserts that fn throws a MerkleError with the given code (and message pattern). */
export function expectMerkleError(fn: () => unknown, code: MerkleError['code'], message?: RegExp): MerkleError {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(MerkleError);
  expect((error as MerkleError).code).toBe(code);
  if (message) expect((error as MerkleError).message).toMatch(message);
  return error as MerkleError;
}

/**
 * Asserts that fn throws a VerificationError, with the given code when one is given (and the
 * message pattern).
 */
export function expectVerificationError(fn: () => unknown, code?: VerificationError['code'], message?: RegExp): VerificationError {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(VerificationError);
  if (code) expect((error as VerificationError).code).toBe(code);
  if (message) expect((error as VerificationError).message).toMatch(message);
  return error as VerificationError;
}

/** The VerificationError code fn throws, or 'accepted' when it returns. For bulk loops. */
export function verificationOutcome(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (err instanceof VerificationError) return err.code;
    throw err;
  }
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, but the call returned normally');
}
