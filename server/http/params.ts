/**
 * Strict request parameters (SPEC §5): query strings and path segments that carry sizes and
 * indexes are canonical decimals (digits only, no sign, no leading zeros, at most 2^53-1), each
 * given at most once, and a query may hold only the parameters its route knows, so a typo such
 * as `?tree_size=` is a 400 rather than a silently ignored default.
 */
import type { Request } from 'express';
import { VerificationError, decodeBase64, parseDecimal } from '../../proofs/index.js';
import { ServerError } from '../errors.js';

/**
 * The query parameters of `req`, each a single string or undefined. Throws INVALID_PARAMETER
 * for a parameter not in `allowed`, or one given more than once or in bracket form.
 */
export function queryParams<K extends string>(req: Request, allowed: readonly K[]): Partial<Record<K, string>> {
  const query = req.query as Record<string, unknown>;
  const out: Partial<Record<K, string>> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!(allowed as readonly string[]).includes(name)) {
      const known = allowed.length === 0 ? 'no query parameters' : `only ${allowed.join(', ')}`;
      throw new ServerError('INVALID_PARAMETER', `The query parameter ${JSON.stringify(name.slice(0, 64))} is not known here; this endpoint takes ${known}.`);
    }
    if (typeof value !== 'string') {
      throw new ServerError('INVALID_PARAMETER', `The query parameter ${name} must be given exactly once.`);
    }
    out[name as K] = value;
  }
  return out;
}

/**
 * Parses a canonical decimal parameter. Throws INVALID_PARAMETER with a sentence naming `what`.
 */
export function parseNumberParam(text: string, what: string): number {
  try {
    return parseDecimal(text, what);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw new ServerError(
      'INVALID_PARAMETER',
      `${what} must be a decimal number without sign or leading zeros, at most 2^53-1; got ${JSON.stringify(text.slice(0, 64))}.`,
      { cause: err },
    );
  }
}

/** Parses a base64 SHA-256 hash parameter (standard alphabet, padded). Throws INVALID_PARAMETER. */
export function parseHashParam(text: string, what: string): Uint8Array {
  let bytes: Uint8Array | undefined;
  try {
    bytes = decodeBase64(text, what);
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
  }
  if (bytes === undefined || bytes.length !== 32) {
    throw new ServerError(
      'INVALID_PARAMETER',
      `${what} must be a 32-byte SHA-256 hash in standard padded base64 (44 characters; escape + and / as %2B and %2F in a URL).`,
    );
  }
  return bytes;
}
