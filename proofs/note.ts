/**
 * C2SP signed notes (https://c2sp.org/signed-note), byte-compatible with Go's
 * golang.org/x/mod/sumdb/note:
 *
 *   <text, ending in a newline>
 *   <blank line>
 *   — <key name> <base64(4-byte big-endian key id || signature)>
 *   ... (1 to MAX_NOTE_SIGNATURES signature lines, each ending in a newline)
 *
 * The text may itself contain blank lines: it ends at the last blank line of the note. A note
 * must be valid UTF-8 without ASCII control characters other than the newline (so a CRLF note
 * is refused), at most MAX_NOTE_SIZE bytes. Signatures by unknown keys are ignored; a known
 * key (same name and key id) whose signature fails rejects the whole note.
 *
 * Notes may be given as text or as the raw bytes from the wire; bytes are decoded as strict
 * UTF-8, so invalid UTF-8 is refused rather than silently replaced.
 *
 * Browser-safe: no node: imports.
 */
import { utf8 } from '../merkle/index.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { VerificationError, fail, type VerificationErrorCode } from './errors.js';
import { formatKeyId, hasLoneSurrogate, keyNameProblem, type NoteSigner, type NoteVerifier } from './note-keys.js';

/** Largest note accepted, in UTF-8 bytes (checkpoints are a few hundred bytes). */
export const MAX_NOTE_SIZE = 1024 * 1024;

/** Most signature lines accepted in one note (Go's note package uses the same limit). */
export const MAX_NOTE_SIGNATURES = 100;

/** The start of every signature line: U+2014 EM DASH and a space. */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';

/** One signature line of a note. */
export interface NoteSignature {
  /** The key name. */
  name: string;
  /** The key id (first 4 bytes of the decoded signature), an unsigned 32-bit number. */
  keyId: number;
  /** The signature bytes, without the 4-byte key id. */
  signature: Uint8Array;
}

/** The result of opening a note: its text and the signatures checked against known keys. */
export interface OpenedNote {
  /** The note text, ending in a newline (the signed message). */
  text: string;
  /** Signatures by known keys, all valid (one per key). */
  verified: NoteSignature[];
  /** Signatures by keys the caller does not know, not checked (duplicates dropped). */
  unverified: NoteSignature[];
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Splits a signed note into its text and signature lines, checking the syntax only (no
 * signature is verified). Throws MALFORMED_NOTE for anything that is not a well-formed note
 * (each reason in the message), and NO_SIGNATURE for a text that carries no signature lines.
 */
export function parseNote(note: string | Uint8Array): { text: string; signatures: NoteSignature[] } {
  const s = noteString(note);
  if (s === '') fail('MALFORMED_NOTE', 'the note is empty');
  checkNoteCharacters(s, 'MALFORMED_NOTE', 'the note');
  if (!s.endsWith('\n')) fail('MALFORMED_NOTE', 'the note does not end with a newline');
  const split = s.lastIndexOf('\n\n');
  const looksSigned = s.startsWith(SIGNATURE_LINE_PREFIX) || s.includes(`\n${SIGNATURE_LINE_PREFIX}`);
  if (split < 0) {
    if (looksSigned) fail('MALFORMED_NOTE', 'the note has no blank line between its text and its signature lines');
    fail('NO_SIGNATURE', 'the note has no signature lines (a signed note ends with a blank line and "— <key name> <signature>" lines)');
  }
  const text = s.slice(0, split + 1);
  const block = s.slice(split + 2);
  if (block === '') {
    // The last blank line ends the note: either an unsigned text or junk after the signatures.
    if (looksSigned) fail('MALFORMED_NOTE', 'the note ends with a blank line after its signature lines');
    fail('NO_SIGNATURE', 'the note has no signature lines after its blank line');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    fail('MALFORMED_NOTE', `the note has ${lines.length} signature lines, more than the ${MAX_NOTE_SIGNATURES} accepted`);
  }
  const signatures = lines.map((line, i) => parseSignatureLine(line, i + 1));
  return { text, signatures };
}

/**
 * Signs `text` with every signer, in order, and returns the signed note. `text` must be a
 * valid note text: non-empty, ending in a newline, valid Unicode without control characters
 * other than the newline, within MAX_NOTE_SIZE (MALFORMED_NOTE otherwise). Each signer must
 * have a valid key name and a 32-bit key id (MALFORMED_KEY otherwise); at least one signer is
 * required (INVALID_ARGUMENT).
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (typeof text !== 'string') fail('MALFORMED_NOTE', 'the note text must be a string');
  if (!text.endsWith('\n')) fail('MALFORMED_NOTE', 'the note text must end with a newline');
  checkNoteCharacters(text, 'MALFORMED_NOTE', 'the note text');
  if (!Array.isArray(signers) || signers.length === 0) fail('INVALID_ARGUMENT', 'signNote needs at least one signer');
  if (signers.length > MAX_NOTE_SIGNATURES) fail('INVALID_ARGUMENT', `signNote accepts at most ${MAX_NOTE_SIGNATURES} signers`);
  const message = utf8(text);
  if (message.length > MAX_NOTE_SIZE) fail('MALFORMED_NOTE', `the note text is larger than ${MAX_NOTE_SIZE} bytes`);
  let note = `${text}\n`;
  for (const signer of signers) {
    const problem = keyNameProblem(signer?.name);
    if (problem !== undefined) fail('MALFORMED_KEY', `cannot sign: ${problem}`);
    if (!isKeyId(signer.keyId)) fail('MALFORMED_KEY', `cannot sign: the key id of ${signer.name} is not a 32-bit unsigned integer`);
    const signature = signer.sign(message);
    if (!(signature instanceof Uint8Array) || signature.length === 0) {
      fail('INVALID_ARGUMENT', `the signer ${signer.name} returned no signature`);
    }
    const bytes = new Uint8Array(4 + signature.length);
    new DataView(bytes.buffer).setUint32(0, signer.keyId);
    bytes.set(signature, 4);
    note += `${SIGNATURE_LINE_PREFIX}${signer.name} ${encodeBase64(bytes)}\n`;
  }
  if (utf8(note).length > MAX_NOTE_SIZE) fail('MALFORMED_NOTE', `the signed note would be larger than ${MAX_NOTE_SIZE} bytes`);
  return note;
}

/**
 * Parses `note` and checks its signatures against `verifiers` (C2SP signed-note,
 * "Signatures"): a signature whose key name and key id both match a verifier must be valid,
 * or the whole note is rejected (BAD_SIGNATURE); signatures by other keys, even ones sharing
 * a name or an id with a known key, are returned unverified. At least one signature must be
 * by a known key (UNKNOWN_KEY; NO_SIGNATURE when the note has none at all). Repeated
 * signatures by one key are counted once. Two verifiers with the same name and key id are a
 * configuration error (INVALID_ARGUMENT). Malformed notes throw as in parseNote.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  if (!Array.isArray(verifiers)) fail('INVALID_ARGUMENT', 'openNote needs an array of verifiers');
  const known = new Map<string, NoteVerifier>();
  for (const v of verifiers) {
    const id = `${v.name}+${formatKeyId(v.keyId)}`;
    if (known.has(id)) fail('INVALID_ARGUMENT', `two verifiers share the key name and key id ${id}`);
    known.set(id, v);
  }
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const sig of signatures) {
    const id = `${sig.name}+${formatKeyId(sig.keyId)}`;
    const verifier = known.get(id);
    if (verifier === undefined) {
      const line = `${id} ${encodeBase64(sig.signature)}`;
      if (!seen.has(line)) unverified.push(sig);
      seen.add(line);
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    if (!verifier.verify(message, sig.signature)) fail('BAD_SIGNATURE', `the signature by key ${id} is not valid for this note`);
    verified.push(sig);
  }
  if (verified.length === 0) {
    const found = listIds(signatures.map((sig) => `${sig.name}+${formatKeyId(sig.keyId)}`));
    const expected = known.size === 0 ? 'none given' : listIds([...known.keys()]);
    fail('UNKNOWN_KEY', `the note has no signature by a known key (signed by ${found}; known keys: ${expected})`);
  }
  return { text, verified, unverified };
}

/**
 * Throws `code` unless `s` is valid Unicode (no lone surrogates, so it has a UTF-8 encoding)
 * without ASCII control characters other than the newline (C2SP signed-note, "Format").
 * Exported for the checkpoint parser, which applies the same rule to checkpoint texts.
 */
export function checkNoteCharacters(s: string, code: VerificationErrorCode, what: string): void {
  if (hasLoneSurrogate(s)) fail(code, `${what} is not valid UTF-8 (it holds a lone UTF-16 surrogate)`);
  const bad = /[\x00-\x09\x0b-\x1f]/.exec(s);
  if (bad !== null) {
    const c = bad[0].charCodeAt(0);
    const hint = c === 0x0d ? ' (carriage return: CRLF line endings are not allowed)' : '';
    fail(code, `${what} contains the control character U+${c.toString(16).padStart(4, '0').toUpperCase()} at offset ${bad.index}${hint}`);
  }
}

/** The note as a string, size-capped; bytes are decoded as strict UTF-8. */
function noteString(note: string | Uint8Array): string {
  if (note instanceof Uint8Array) {
    if (note.length > MAX_NOTE_SIZE) fail('MALFORMED_NOTE', `the note is larger than ${MAX_NOTE_SIZE} bytes`);
    try {
      return STRICT_UTF8.decode(note);
    } catch (err) {
      fail('MALFORMED_NOTE', 'the note is not valid UTF-8', err);
    }
  }
  if (typeof note !== 'string') fail('MALFORMED_NOTE', 'the note must be a string or a Uint8Array');
  // Every UTF-16 unit is at least one UTF-8 byte: a cheap bound before the exact count.
  if (note.length > MAX_NOTE_SIZE || utf8Length(note) > MAX_NOTE_SIZE) {
    fail('MALFORMED_NOTE', `the note is larger than ${MAX_NOTE_SIZE} bytes`);
  }
  return note;
}

function parseSignatureLine(line: string, n: number): NoteSignature {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
    fail('MALFORMED_NOTE', `signature line ${n} does not start with an em dash (U+2014) and a space`);
  }
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) fail('MALFORMED_NOTE', `signature line ${n} has no space between the key name and the signature`);
  const name = rest.slice(0, space);
  const problem = keyNameProblem(name);
  if (problem !== undefined) fail('MALFORMED_NOTE', `signature line ${n}: ${problem}`);
  const b64 = rest.slice(space + 1);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(b64, `the signature on line ${n}`);
  } catch (err) {
    if (err instanceof VerificationError) fail('MALFORMED_NOTE', err.message, err);
    throw err;
  }
  // A key id and at least one byte of signature, as Go requires.
  if (bytes.length < 5) fail('MALFORMED_NOTE', `the signature on line ${n} is too short (${bytes.length} bytes)`);
  const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return { name, keyId, signature: bytes.slice(4) };
}

/** At most five distinct ids, for error messages (a note may carry 100 signatures). */
function listIds(ids: string[]): string {
  const unique = [...new Set(ids)];
  const shown = unique.slice(0, 5).join(', ');
  return unique.length > 5 ? `${shown} and ${unique.length - 5} more` : shown;
}

function isKeyId(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/** UTF-8 length of a string without lone surrogates, without allocating. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
