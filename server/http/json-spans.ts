/**
 * Byte spans of JSON values inside a request body. A batch entry's `json` member is stored as
 * the exact bytes it had in the request (SPEC §4: JSON events are never re-serialised), so the
 * server needs where each value starts and ends, which JSON.parse does not say.
 *
 * The scanner walks UTF-8 bytes: every structural character of JSON is ASCII and every byte of a
 * multi-byte character is >= 0x80, so no character can be mistaken for `"`, `\`, `{` and the
 * like. It expects a document JSON.parse already accepted, and still refuses anything
 * unexpected with MALFORMED_REQUEST. Nesting is walked with a counter, never recursion, so deep
 * documents cannot overflow the stack.
 */
import { ServerError } from '../errors.js';

/** The bytes [start, end) of one JSON value. */
export interface Span {
  start: number;
  end: number;
}

/** One member of an object: its decoded key and the span of its value. */
export interface MemberSpan {
  key: string;
  value: Span;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function malformed(at: number): never {
  throw new ServerError('MALFORMED_REQUEST', `The request body is not valid JSON near byte ${at}.`);
}

function isWhitespace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The first index at or after `i` that is not JSON whitespace. */
export function skipWhitespace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isWhitespace(bytes[i])) i++;
  return i;
}

/** The end (exclusive) of the string starting with the quote at `start`. */
function stringEnd(bytes: Uint8Array, start: number): number {
  for (let j = start + 1; j < bytes.length; j++) {
    const c = bytes[j];
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return malformed(start);
}

/** The end (exclusive) of the JSON value that starts at `start` (no leading whitespace). */
export function valueEnd(bytes: Uint8Array, start: number): number {
  const first = bytes[start];
  if (first === undefined) return malformed(start);
  if (first === QUOTE) return stringEnd(bytes, start);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let j = start; j < bytes.length; j++) {
      const c = bytes[j];
      if (c === QUOTE) {
        j = stringEnd(bytes, j) - 1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        depth++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return malformed(start);
  }
  // A number or a literal runs to the next delimiter.
  let j = start;
  while (j < bytes.length) {
    const c = bytes[j];
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isWhitespace(c)) break;
    j++;
  }
  if (j === start) malformed(start);
  return j;
}

/** The span of the whole document's value, without the whitespace around it. */
export function documentSpan(bytes: Uint8Array): Span {
  const start = skipWhitespace(bytes, 0);
  const end = valueEnd(bytes, start);
  if (skipWhitespace(bytes, end) !== bytes.length) malformed(end);
  return { start, end };
}

function decodeKey(bytes: Uint8Array, start: number, end: number): string {
  const inner = bytes.subarray(start + 1, end - 1);
  // Escapes (\u0061, \") need JSON's own decoding; plain keys are their UTF-8 text.
  if (inner.includes(BACKSLASH)) return JSON.parse(decoder.decode(bytes.subarray(start, end))) as string;
  return decoder.decode(inner);
}

/** The members of the object whose `{` is at `start`, in document order (duplicates kept). */
export function objectMembers(bytes: Uint8Array, start: number): MemberSpan[] {
  if (bytes[start] !== OPEN_OBJECT) malformed(start);
  const members: MemberSpan[] = [];
  let i = skipWhitespace(bytes, start + 1);
  if (bytes[i] === CLOSE_OBJECT) return members;
  for (;;) {
    if (bytes[i] !== QUOTE) malformed(i);
    const keyEnd = stringEnd(bytes, i);
    const key = decodeKey(bytes, i, keyEnd);
    i = skipWhitespace(bytes, keyEnd);
    if (bytes[i] !== COLON) malformed(i);
    i = skipWhitespace(bytes, i + 1);
    const end = valueEnd(bytes, i);
    members.push({ key, value: { start: i, end } });
    i = skipWhitespace(bytes, end);
    if (bytes[i] === CLOSE_OBJECT) return members;
    if (bytes[i] !== COMMA) malformed(i);
    i = skipWhitespace(bytes, i + 1);
  }
}

/** The elements of the array whose `[` is at `start`, in order. */
export function arrayElements(bytes: Uint8Array, start: number): Span[] {
  if (bytes[start] !== OPEN_ARRAY) malformed(start);
  const elements: Span[] = [];
  let i = skipWhitespace(bytes, start + 1);
  if (bytes[i] === CLOSE_ARRAY) return elements;
  for (;;) {
    const end = valueEnd(bytes, i);
    elements.push({ start: i, end });
    i = skipWhitespace(bytes, end);
    if (bytes[i] === CLOSE_ARRAY) return elements;
    if (bytes[i] !== COMMA) malformed(i);
    i = skipWhitespace(bytes, i + 1);
  }
}
