/**
 * Bearer tokens (SPEC §4): `cairn_<id>_<secret>`, where `id` (12 hex digits) names the stored
 * credential and `secret` is 32 random bytes in base64url. Only SHA-256(secret) is stored; the
 * presented secret's hash is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_PATTERN = /^cairn_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A new token and what is stored of it. */
export interface NewToken {
  id: string;
  token: string;
  secretHash: string;
}

/** Hex SHA-256 of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Makes a fresh random token. */
export function generateToken(): NewToken {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `cairn_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token into id and secret; undefined when it is not of our form. */
export function splitToken(token: string): { id: string; secret: string } | undefined {
  const m = TOKEN_PATTERN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** True when SHA-256(secret) equals the stored hex hash; constant time in the secret. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
