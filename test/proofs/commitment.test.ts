import { createHash } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { COMMITMENT_SIZE, NONCE_SIZE, computeCommitment, verifyCommitment } from '../../proofs/commitment.js';
import { VerificationError } from '../../proofs/errors.js';
import { expectVerificationError } from '../helpers/expect-error.js';

// Independent reference: node:crypto's SHA-256 over the concatenation.
function reference(nonce: Uint8Array, payload: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(nonce).update(payload).digest());
}

const NONCE = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const PAYLOAD = new TextEncoder().encode('{"event":"login","user":"alice"}');

describe('computeCommitment', () => {
  test('sizes are 32 bytes', () => {
    expect(NONCE_SIZE).toBe(32);
    expect(COMMITMENT_SIZE).toBe(32);
  });

  test('a known answer: SHA-256 of 32 zero bytes followed by "abc"', () => {
    const out = computeCommitment(new Uint8Array(32), new TextEncoder().encode('abc'));
    expect(Buffer.from(out).toString('hex')).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.alloc(32), Buffer.from('abc')]))
        .digest('hex'),
    );
  });

  test('is SHA-256(nonce || payload) for random inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (nonce, payload) => {
        expect(computeCommitment(nonce, payload)).toEqual(reference(nonce, payload));
      }),
    );
  });

  test('an empty payload', () => {
    expect(computeCommitment(NONCE, new Uint8Array(0))).toEqual(reference(NONCE, new Uint8Array(0)));
  });

  test('a payload of several megabytes', () => {
    const big = new Uint8Array(3 * 1024 * 1024 + 7).fill(0x5a);
    expect(computeCommitment(NONCE, big)).toEqual(reference(NONCE, big));
  });

  test('refuses a nonce of 31 bytes', () => {
    expectVerificationError(() => computeCommitment(new Uint8Array(31), PAYLOAD), 'INVALID_ARGUMENT');
  });

  test('refuses a nonce of 33 bytes', () => {
    expectVerificationError(() => computeCommitment(new Uint8Array(33), PAYLOAD), 'INVALID_ARGUMENT');
  });

  test('refuses a payload that is a string', () => {
    expectVerificationError(() => computeCommitment(NONCE, 'hello' as unknown as Uint8Array), 'INVALID_ARGUMENT');
  });
});

describe('verifyCommitment', () => {
  const commitment = reference(NONCE, PAYLOAD);

  test('accepts the right payload and nonce', () => {
    expect(() => verifyCommitment(commitment, NONCE, PAYLOAD)).not.toThrow();
  });

  test('refuses a flipped payload byte', () => {
    const payload = PAYLOAD.slice();
    payload[3]! ^= 0x01;
    expectVerificationError(() => verifyCommitment(commitment, NONCE, payload), 'COMMITMENT_MISMATCH');
  });

  test('refuses a flipped nonce byte', () => {
    const nonce = NONCE.slice();
    nonce[31]! ^= 0x80;
    expectVerificationError(() => verifyCommitment(commitment, nonce, PAYLOAD), 'COMMITMENT_MISMATCH');
  });

  test('refuses a flipped commitment byte', () => {
    const c = commitment.slice();
    c[0]! ^= 0x01;
    expectVerificationError(() => verifyCommitment(c, NONCE, PAYLOAD), 'COMMITMENT_MISMATCH');
  });

  test('refuses a truncated payload', () => {
    expectVerificationError(() => verifyCommitment(commitment, NONCE, PAYLOAD.subarray(1)), 'COMMITMENT_MISMATCH');
  });

  test('refuses the payload hashed without its nonce', () => {
    const bare = new Uint8Array(createHash('sha256').update(PAYLOAD).digest());
    expectVerificationError(() => verifyCommitment(bare, NONCE, PAYLOAD), 'COMMITMENT_MISMATCH');
  });

  test('refuses a commitment of the wrong length as an argument error', () => {
    expectVerificationError(() => verifyCommitment(commitment.subarray(1), NONCE, PAYLOAD), 'INVALID_ARGUMENT');
  });
});
