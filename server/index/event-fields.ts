/**
 * The index fields of a payload (actor, action, target; docs/events.md) read by a scanner over
 * its bytes, for the index follower: `JSON.parse` of the whole payload (every member, `context`
 * included, made into objects) was its largest cost per entry. The scanner checks the JSON
 * grammar of the whole payload, so it indexes exactly the payloads `extractIndexFields`
 * (proofs/audit-event.ts, the definition) indexes, and decodes only the strings it returns.
 * What it does not handle itself (an escaped member name, nesting deeper than MAX_DEPTH) goes to
 * `extractIndexFields`; test/server/index/event-fields.test.ts holds the two to the same answers.
 */
import { isUtf8 } from 'node:buffer';
import { MAX_INDEXED_VALUE_BYTES, extractIndexFields, isJsonContentType, type IndexFields } from '../../proofs/index.js';

/** The fields the index keeps (outcome is not indexed). */
export type EventFields = Pick<IndexFields, 'actor' | 'action' | 'target'>;

/**
 * The indexable actor, action and target of `payload`, as `extractIndexFields` finds them, or
 * undefined when it has none: not a JSON content type, not UTF-8, not JSON, not an object, no
 * field in the documented shape. Never throws.
 */
export function eventFieldsOf(payload: Uint8Array, contentType: string): EventFields | undefined {
  if (!isJsonContentType(contentType)) return undefined;
  const scanner = new Scanner(payload);
  try {
    scanner.event();
  } catch (err) {
    if (err === MALFORMED) return undefined;
    if (err !== UNHANDLED) throw err;
    const all = extractIndexFields(payload, contentType);
    if (all === undefined) return undefined;
    const fields: EventFields = {};
    if (all.actor !== undefined) fields.actor = all.actor;
    if (all.action !== undefined) fields.action = all.action;
    if (all.target !== undefined) fields.target = all.target;
    return Object.keys(fields).length === 0 ? undefined : fields;
  }
  const actor = decode(payload, scanner.found[ACTOR]!);
  const action = decode(payload, scanner.found[ACTION]!);
  const target = decode(payload, scanner.found[TARGET]!);
  if (actor === undefined && action === undefined && target === undefined) return undefined;
  const fields: EventFields = {};
  if (actor !== undefined) fields.actor = actor;
  if (action !== undefined) fields.action = action;
  if (target !== undefined) fields.target = target;
  return fields;
}

/** Nesting deeper than this goes to extractIndexFields (the scanner recurses). */
const MAX_DEPTH = 64;
/** Thrown for a payload JSON.parse would refuse. */
const MALFORMED = Symbol('malformed');
/** Thrown for what the scanner leaves to extractIndexFields. */
const UNHANDLED = Symbol('unhandled');

/**
 * Where each field's string is, as found[field] = [start, end, flags]: bytes start..end-1 with
 * its quotes (start -1: absent or of another type; last member winning, as in JSON.parse);
 * flags ESCAPED when it holds a backslash, NON_ASCII when a byte is above 0x7f.
 */
type Found = [number, number, number];
const ACTOR = 0;
const ACTION = 1;
const TARGET = 2;
const ESCAPED = 1;
const NON_ASCII = 2;
/** How object() reads members: the event's, a ref's (its id), or none (skipped). */
const TOP = 0;
const REF = 1;
const SKIP = 2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NAME_ACTOR = [0x61, 0x63, 0x74, 0x6f, 0x72];
const NAME_ACTION = [0x61, 0x63, 0x74, 0x69, 0x6f, 0x6e];
const NAME_TARGET = [0x74, 0x61, 0x72, 0x67, 0x65, 0x74];
const NAME_ID = [0x69, 0x64];

/** A recursive-descent check of RFC 8259 JSON over UTF-8 bytes that remembers the three fields. */
class Scanner {
  readonly found: Found[] = [
    [-1, 0, 0],
    [-1, 0, 0],
    [-1, 0, 0],
  ];
  private at = 0;
  /** The last string() token: its end and flags (its start is where it was called). */
  private tokenEnd = 0;
  private tokenFlags = 0;
  /** The id of the ref being read (object() in REF mode). */
  private readonly id: Found = [-1, 0, 0];

  constructor(private readonly b: Uint8Array) {}

  /** Scans the payload, which must be one JSON object (with whitespace around); fills `found`. */
  event(): void {
    const { b } = this;
    this.ws();
    if (b[this.at] !== 0x7b) throw MALFORMED;
    // Strict UTF-8, as the decoder before JSON.parse requires (checked only for objects).
    if (!isUtf8(b)) throw MALFORMED;
    this.object(TOP, 0);
    this.ws();
    if (this.at !== b.length) throw MALFORMED;
  }

  /** An object at `at` (its `{`), its members read as `mode` says, at nesting `depth`. */
  private object(mode: number, depth: number): void {
    const { b } = this;
    if (this.opened(0x7d)) return;
    for (;;) {
      if (b[this.at] !== QUOTE) throw MALFORMED;
      const name = this.at;
      this.string();
      // Comparing an escaped name would need it decoded.
      if ((this.tokenFlags & ESCAPED) !== 0) throw UNHANDLED;
      const nameLength = this.tokenEnd - name - 2;
      this.ws();
      if (b[this.at] !== 0x3a) throw MALFORMED;
      this.at++;
      this.ws();
      if (mode === TOP && this.named(name, nameLength, NAME_ACTION)) this.stringOrSkip(this.found[ACTION]!, depth + 1);
      else if (mode === TOP && this.named(name, nameLength, NAME_ACTOR)) this.ref(this.found[ACTOR]!, depth + 1);
      else if (mode === TOP && this.named(name, nameLength, NAME_TARGET)) this.ref(this.found[TARGET]!, depth + 1);
      else if (mode === REF && this.named(name, nameLength, NAME_ID)) this.stringOrSkip(this.id, depth + 1);
      else this.value(depth + 1);
      if (this.closed(0x7d)) return;
    }
  }

  /** Past the opening bracket at `at` and whitespace: true (and past `close`) when it is empty. */
  private opened(close: number): boolean {
    this.at++;
    this.ws();
    if (this.b[this.at] !== close) return false;
    this.at++;
    return true;
  }

  /** After a member or element: true past `close`, false past a comma (whitespace skipped around). */
  private closed(close: number): boolean {
    this.ws();
    const c = this.b[this.at];
    this.at++;
    if (c === close) return true;
    if (c !== 0x2c) throw MALFORMED;
    this.ws();
    return false;
  }

  /** An actor or target into `into`: a string, or an object whose member `id` is a string (refId). */
  private ref(into: Found, depth: number): void {
    if (this.b[this.at] !== 0x7b) return this.stringOrSkip(into, depth);
    if (depth >= MAX_DEPTH) throw UNHANDLED;
    const { id } = this;
    id[0] = -1;
    this.object(REF, depth);
    into[0] = id[0];
    into[1] = id[1];
    into[2] = id[2];
  }

  /** The string at `at` into `into`, or absent after skipping a value of another type. */
  private stringOrSkip(into: Found, depth: number): void {
    if (this.b[this.at] !== QUOTE) {
      into[0] = -1;
      return this.value(depth);
    }
    into[0] = this.at;
    this.string();
    into[1] = this.tokenEnd;
    into[2] = this.tokenFlags;
  }

  /** Skips one value. */
  private value(depth: number): void {
    const { b } = this;
    const c = b[this.at];
    if (c === QUOTE) {
      this.string();
    } else if (c === 0x7b) {
      if (depth >= MAX_DEPTH) throw UNHANDLED;
      this.object(SKIP, depth);
    } else if (c === 0x5b) {
      if (depth >= MAX_DEPTH) throw UNHANDLED;
      if (this.opened(0x5d)) return;
      do this.value(depth + 1);
      while (!this.closed(0x5d));
    } else if (c === 0x74) {
      this.literal(TRUE);
    } else if (c === 0x66) {
      this.literal(FALSE);
    } else if (c === 0x6e) {
      this.literal(NULL);
    } else {
      this.number();
    }
  }

  /** A string token at `at` (its opening quote): sets tokenEnd and tokenFlags, moves past it. */
  private string(): void {
    const { b } = this;
    let i = this.at + 1;
    let flags = 0;
    for (;;) {
      if (i >= b.length) throw MALFORMED;
      const c = b[i]!;
      if (c === QUOTE) break;
      if (c < 0x20) throw MALFORMED;
      if (c >= 0x80) flags |= NON_ASCII;
      else if (c === BACKSLASH) {
        flags |= ESCAPED;
        const e = b[i + 1];
        if (e === 0x75) {
          for (let h = i + 2; h < i + 6; h++) if (!isHex(b[h])) throw MALFORMED;
          i += 6;
          continue;
        }
        if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) throw MALFORMED;
        i += 2;
        continue;
      }
      i++;
    }
    this.at = i + 1;
    this.tokenEnd = i + 1;
    this.tokenFlags = flags;
  }

  /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private number(): void {
    const { b } = this;
    let i = this.at;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else throw MALFORMED;
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) throw MALFORMED;
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) throw MALFORMED;
      while (isDigit(b[i])) i++;
    }
    this.at = i;
  }

  private literal(word: readonly number[]): void {
    for (let k = 0; k < word.length; k++) if (this.b[this.at + k] !== word[k]) throw MALFORMED;
    this.at += word.length;
  }

  private ws(): void {
    const { b } = this;
    let c = b[this.at];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++this.at];
  }

  /** True when the unescaped member name at `start` (its quote), `length` bytes, is `name`. */
  private named(start: number, length: number, name: readonly number[]): boolean {
    if (length !== name.length) return false;
    for (let k = 0; k < length; k++) if (this.b[start + 1 + k] !== name[k]) return false;
    return true;
  }
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/** The string of a token, if it is indexable (non-empty, at most MAX_INDEXED_VALUE_BYTES in UTF-8). */
function decode(payload: Uint8Array, [start, end, flags]: Found): string | undefined {
  if (start < 0 || end - start === 2) return undefined;
  if (flags === 0) return end - start - 2 <= MAX_INDEXED_VALUE_BYTES ? ascii(payload, start + 1, end - 1) : undefined;
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const value = (flags & ESCAPED) !== 0 ? (JSON.parse(bytes.toString('utf8', start, end)) as string) : bytes.toString('utf8', start + 1, end - 1);
  return value.length > 0 && Buffer.byteLength(value, 'utf8') <= MAX_INDEXED_VALUE_BYTES ? value : undefined;
}

/** Bytes start..end-1, all below 0x80, as a string (short ones without a call into the runtime). */
function ascii(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 48) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}
