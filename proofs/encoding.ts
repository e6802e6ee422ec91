/**
 * Strict text encodings used by the C2SP formats: standard base64 with padding (RFC 4648 §4)
 * and canonical decimal numbers. Parsers refuse anything that would not re-encode to the same
 * text, so one value has exactly one spelling (tlog-checkpoint, signed-note).
 *
 * Browser-safe: no Buffer, no node: imports.
 */
import { fail } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 with padding (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += ALPHABET[(v >>> 18) & 63]! + ALPHABET[(v >>> 12) & 63]! + ALPHABET[(v >>> 6) & 63]! + ALPHABET[v & 63]!;
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = n - i;
  if (rest === 1) {
    const v = bytes[i]! << 16;
    chunk += ALPHABET[(v >>> 18) & 63]! + ALPHABET[(v >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += ALPHABET[(v >>> 18) & 63]! + ALPHABET[(v >>> 12) & 63]! + ALPHABET[(v >>> 6) & 63]! + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

/**
 * Decodes canonical standard base64 with padding. Refuses whitespace, the URL-safe alphabet,
 * missing or extra padding and non-zero padding bits, with a MALFORMED_ENCODING error that
 * names `what`.
 */
export function decodeBase64(text: string, what = 'value'): Uint8Array {
  if (typeof text !== 'string') fail('MALFORMED_ENCODING', `${what} must be a base64 string`);
  if (text.length % 4 !== 0) fail('MALFORMED_ENCODING', `${what} is not canonical base64 (length ${text.length} is not a multiple of 4)`);
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const c0 = sextet(text, i, what);
    const c1 = sextet(text, i + 1, what);
    if (last && pad === 2) {
      if ((c1 & 15) !== 0) fail('MALFORMED_ENCODING', `${what} is not canonical base64 (non-zero padding bits)`);
      out[o++] = (c0 << 2) | (c1 >> 4);
      break;
    }
    const c2 = sextet(text, i + 2, what);
    if (last && pad === 1) {
      if ((c2 & 3) !== 0) fail('MALFORMED_ENCODING', `${what} is not canonical base64 (non-zero padding bits)`);
      out[o++] = (c0 << 2) | (c1 >> 4);
      out[o++] = ((c1 & 15) << 4) | (c2 >> 2);
      break;
    }
    const c3 = sextet(text, i + 3, what);
    out[o++] = (c0 << 2) | (c1 >> 4);
    out[o++] = ((c1 & 15) << 4) | (c2 >> 2);
    out[o++] = ((c2 & 3) << 6) | c3;
  }
  return out;
}

function sextet(text: string, i: number, what: string): number {
  const c = text.charCodeAt(i);
  const v = c < 128 ? DECODE[c]! : -1;
  if (v < 0) fail('MALFORMED_ENCODING', `${what} is not standard base64 (unexpected character at offset ${i})`);
  return v;
}

/**
 * Parses a canonical non-negative decimal integer: ASCII digits only, no sign, no leading
 * zeros (except "0" itself), at most Number.MAX_SAFE_INTEGER. Refuses anything else with a
 * MALFORMED_ENCODING error that names `what`.
 */
export function parseDecimal(text: string, what = 'number'): number {
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(text)) {
    fail('MALFORMED_ENCODING', `${what} must be a canonical decimal number without sign or leading zeros`);
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) fail('MALFORMED_ENCODING', `${what} is larger than 2^53-1`);
  return n;
}
