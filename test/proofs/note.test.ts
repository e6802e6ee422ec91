import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { encodeBase64 } from '../../proofs/encoding.js';
import { VerificationError } from '../../proofs/errors.js';
import { createSigner, generateSignerKey, parseSignerKey, parseVerifierKey, verifierKeyOf, type NoteSigner } from '../../proofs/note-keys.js';
import { MAX_NOTE_SIGNATURES, MAX_NOTE_SIZE, openNote, parseNote, signNote } from '../../proofs/note.js';
import { expectVerificationError } from '../helpers/expect-error.js';

// The worked example of Go's golang.org/x/mod/sumdb/note documentation: independent vectors.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const GO_DOUBLE_NOTE = `${GO_NOTE}\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n`;

const KEY = generateSignerKey(
  'example.com/log',
  Uint8Array.from({ length: 32 }, (_, i) => i),
);
const SIGNER = createSigner(KEY);
const VERIFIER = parseVerifierKey(verifierKeyOf(KEY)).verifier;
const OTHER = generateSignerKey('example.com/witness', new Uint8Array(32).fill(7));
const TEXT = 'example.com/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';

/** A syntactically valid signature line by an arbitrary key. */
function fakeLine(name: string, keyId = 0x01020304, length = 64): string {
  const bytes = new Uint8Array(4 + length).fill(0x5a);
  new DataView(bytes.buffer).setUint32(0, keyId);
  return `\u2014 ${name} ${encodeBase64(bytes)}\n`;
}

const SIGNED = signNote(TEXT, [SIGNER]);

describe('Go note package example', () => {
  test('signing the example text with the example key gives the documented note', () => {
    expect(signNote(GO_TEXT, [createSigner(parseSignerKey(GO_SKEY))])).toBe(GO_NOTE);
  });

  test('the documented note opens with the example verifier key', () => {
    const opened = openNote(GO_NOTE, [parseVerifierKey(GO_VKEY).verifier]);
    expect(opened.text).toBe(GO_TEXT);
    expect(opened.verified).toHaveLength(1);
    expect(opened.verified[0]!.name).toBe('PeterNeumann');
    expect(opened.verified[0]!.keyId).toBe(0xc74f20a3);
    expect(opened.unverified).toEqual([]);
  });

  test('the doubly-signed example opens; the unknown EnochRoot signature is returned unverified', () => {
    const opened = openNote(GO_DOUBLE_NOTE, [parseVerifierKey(GO_VKEY).verifier]);
    expect(opened.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(opened.unverified[0]!.signature).toHaveLength(64);
  });
});

describe('parseNote', () => {
  test('splits text and signatures; the signature excludes the 4-byte key id', () => {
    const { text, signatures } = parseNote(SIGNED);
    expect(text).toBe(TEXT);
    expect(signatures).toHaveLength(1);
    expect(signatures[0]!.name).toBe('example.com/log');
    expect(signatures[0]!.keyId).toBe(KEY.keyId);
    expect(signatures[0]!.signature).toEqual(SIGNER.sign(new TextEncoder().encode(TEXT)));
  });

  test('the text may contain blank lines: it ends at the last one', () => {
    const text = 'first\n\nsecond\n\n';
    const note = signNote(text, [SIGNER]);
    expect(parseNote(note).text).toBe(text);
    expect(openNote(note, [VERIFIER]).text).toBe(text);
  });

  test('a text that is only a newline is allowed (as in Go)', () => {
    expect(openNote(signNote('\n', [SIGNER]), [VERIFIER]).text).toBe('\n');
  });

  test('Unicode text, including a byte order mark, is kept exactly', () => {
    const text = '\ufeffjournal: café ☕ \u{1F332}\n';
    const note = signNote(text, [SIGNER]);
    expect(openNote(note, [VERIFIER]).text).toBe(text);
    expect(openNote(new TextEncoder().encode(note), [VERIFIER]).text).toBe(text);
  });

  test('accepts exactly 100 signatures', () => {
    const note = `${TEXT}\n${fakeLine('a').repeat(MAX_NOTE_SIGNATURES)}`;
    expect(parseNote(note).signatures).toHaveLength(100);
  });

  test('signatures of unknown algorithms (any length of at least one byte) parse', () => {
    expect(parseNote(`${TEXT}\n${fakeLine('a', 1, 1)}${fakeLine('b', 2, 4000)}`).signatures.map((s) => s.signature.length)).toEqual([1, 4000]);
  });
});

describe('parseNote refuses malformed notes', () => {
  test('empty note', () => void expectVerificationError(() => parseNote(''), 'MALFORMED_NOTE'));
  test('not a string', () => void expectVerificationError(() => parseNote(7 as unknown as string), 'MALFORMED_NOTE'));
  test('null', () => void expectVerificationError(() => parseNote(null as unknown as string), 'MALFORMED_NOTE'));
  test('no trailing newline', () => void expectVerificationError(() => parseNote(SIGNED.slice(0, -1)), 'MALFORMED_NOTE'));
  test('missing blank line', () => {
    const err = expectVerificationError(() => parseNote(SIGNED.replace('\n\n', '\n')), 'MALFORMED_NOTE');
    expect(err.message).toMatch(/blank line/);
  });
  test('CRLF line endings', () => {
    const err = expectVerificationError(() => parseNote(SIGNED.replace(/\n/g, '\r\n')), 'MALFORMED_NOTE');
    expect(err.message).toMatch(/carriage return/);
  });
  test('a carriage return in the text', () => void expectVerificationError(() => parseNote(`a\rb\n\n${fakeLine('a')}`), 'MALFORMED_NOTE'));
  test('a NUL character', () => void expectVerificationError(() => parseNote(`a\u0000\n\n${fakeLine('a')}`), 'MALFORMED_NOTE'));
  test('a tab character', () => void expectVerificationError(() => parseNote(`a\tb\n\n${fakeLine('a')}`), 'MALFORMED_NOTE'));
  test('an escape character', () => void expectVerificationError(() => parseNote(`\u001b[31m\n\n${fakeLine('a')}`), 'MALFORMED_NOTE'));
  test('a lone surrogate (no UTF-8 encoding)', () => void expectVerificationError(() => parseNote(`a\ud800\n\n${fakeLine('a')}`), 'MALFORMED_NOTE'));
  test('bad UTF-8 bytes', () => {
    const bytes = new TextEncoder().encode(SIGNED);
    bytes[2] = 0xff;
    const err = expectVerificationError(() => parseNote(bytes), 'MALFORMED_NOTE');
    expect(err.message).toMatch(/UTF-8/);
  });
  test('an overlong UTF-8 encoding', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('a'), 0xc0, 0x8a, ...new TextEncoder().encode(`\n\n${fakeLine('a')}`)]);
    expectVerificationError(() => parseNote(bytes), 'MALFORMED_NOTE');
  });
  test('a truncated UTF-8 sequence at the end', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode(SIGNED), 0xe2, 0x80]);
    expectVerificationError(() => parseNote(bytes), 'MALFORMED_NOTE');
  });
  test('a signature line with a hyphen instead of an em dash', () =>
    void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a').replace('\u2014', '-')}`), 'MALFORMED_NOTE'));
  test('a signature line with an en dash', () =>
    void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a').replace('\u2014', '\u2013')}`), 'MALFORMED_NOTE'));
  test('an em dash without the space', () =>
    void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a').replace('\u2014 ', '\u2014')}`), 'MALFORMED_NOTE'));
  test('two spaces after the em dash (empty key name)', () =>
    void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a').replace('\u2014 a', '\u2014  a')}`), 'MALFORMED_NOTE'));
  test('no space between key name and signature', () => void expectVerificationError(() => parseNote(`${TEXT}\n\u2014 nameonly\n`), 'MALFORMED_NOTE'));
  test('empty signature', () => void expectVerificationError(() => parseNote(`${TEXT}\n\u2014 a \n`), 'MALFORMED_NOTE'));
  test('key name with "+"', () => void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a+b')}`), 'MALFORMED_NOTE'));
  test('key name with a no-break space', () => void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a\u00a0b')}`), 'MALFORMED_NOTE'));
  test('a trailing space after the signature', () =>
    void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a').replace(/\n$/, ' \n')}`), 'MALFORMED_NOTE'));
  test('signature shorter than key id plus one byte', () => void expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a', 1, 0)}`), 'MALFORMED_NOTE'));
  test('non-canonical base64 signature (non-zero padding bits)', () => {
    const line = fakeLine('a', 1, 63); // 67 bytes: base64 ends in "==", with 4 spare bits
    expect(line).toMatch(/==\n$/);
    const i = line.length - 4;
    const bumped = `${line.slice(0, i)}${line.charAt(i) === 'a' ? 'b' : 'a'}${line.slice(i + 1)}`;
    expect(bumped).not.toBe(line);
    expectVerificationError(() => parseNote(`${TEXT}\n${bumped}`), 'MALFORMED_NOTE');
  });
  test('base64 signature without padding', () => {
    const line = fakeLine('a');
    expect(line).toMatch(/=\n$/);
    expectVerificationError(() => parseNote(`${TEXT}\n${line.replace('=\n', '\n')}`), 'MALFORMED_NOTE');
  });
  test('URL-safe base64 signature', () => {
    const bytes = new Uint8Array(68).fill(0xfb);
    const urlSafe = encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_');
    expect(urlSafe).toMatch(/[-_]/);
    expectVerificationError(() => parseNote(`${TEXT}\n\u2014 a ${urlSafe}\n`), 'MALFORMED_NOTE');
  });
  test('101 signatures', () => {
    const err = expectVerificationError(() => parseNote(`${TEXT}\n${fakeLine('a').repeat(MAX_NOTE_SIGNATURES + 1)}`), 'MALFORMED_NOTE');
    expect(err.message).toMatch(/101/);
  });
  test('a blank line after the signatures', () => void expectVerificationError(() => parseNote(`${SIGNED}\n`), 'MALFORMED_NOTE'));
  test('text after the signatures', () => void expectVerificationError(() => parseNote(`${SIGNED}trailing garbage\n`), 'MALFORMED_NOTE'));
  test('a huge string (over 1 MiB)', () => void expectVerificationError(() => parseNote(`${'a'.repeat(MAX_NOTE_SIZE)}\n\n${fakeLine('a')}`), 'MALFORMED_NOTE'));
  test('a string under 1 Mi characters but over 1 MiB in UTF-8', () => {
    expectVerificationError(() => parseNote(`${'é'.repeat(MAX_NOTE_SIZE / 2)}\n\n${fakeLine('a')}`), 'MALFORMED_NOTE');
  });
  test('huge bytes (over 1 MiB)', () => void expectVerificationError(() => parseNote(new Uint8Array(MAX_NOTE_SIZE + 1).fill(0x61)), 'MALFORMED_NOTE'));
  test('an unsigned text: NO_SIGNATURE', () => void expectVerificationError(() => parseNote(TEXT), 'NO_SIGNATURE'));
  test('a text and a blank line but no signature lines: NO_SIGNATURE', () => void expectVerificationError(() => parseNote(`${TEXT}\n`), 'NO_SIGNATURE'));
});

describe('signNote', () => {
  test('appends one line per signer, in order, after a blank line', () => {
    const note = signNote(TEXT, [SIGNER, createSigner(OTHER)]);
    const lines = note.slice(TEXT.length).split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]!.startsWith('\u2014 example.com/log ')).toBe(true);
    expect(lines[2]!.startsWith('\u2014 example.com/witness ')).toBe(true);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  test('is deterministic (Ed25519)', () => {
    expect(signNote(TEXT, [SIGNER])).toBe(SIGNED);
  });

  test('a text without the final newline: MALFORMED_NOTE', () => void expectVerificationError(() => signNote('abc', [SIGNER]), 'MALFORMED_NOTE'));
  test('a text with a carriage return: MALFORMED_NOTE', () => void expectVerificationError(() => signNote('a\r\n', [SIGNER]), 'MALFORMED_NOTE'));
  test('a text with a lone surrogate: MALFORMED_NOTE', () => void expectVerificationError(() => signNote('a\udfff\n', [SIGNER]), 'MALFORMED_NOTE'));
  test('a text over 1 MiB: MALFORMED_NOTE', () => void expectVerificationError(() => signNote(`${'a'.repeat(MAX_NOTE_SIZE)}\n`, [SIGNER]), 'MALFORMED_NOTE'));
  test('no signers: INVALID_ARGUMENT', () => void expectVerificationError(() => signNote(TEXT, []), 'INVALID_ARGUMENT'));
  test('a signer with an invalid name: MALFORMED_KEY', () => {
    const bad: NoteSigner = { name: 'my log', keyId: 1, sign: () => new Uint8Array(64) };
    expectVerificationError(() => signNote(TEXT, [bad]), 'MALFORMED_KEY');
  });
  test('a signer with a key id outside 32 bits: MALFORMED_KEY', () => {
    const bad: NoteSigner = { name: 'log', keyId: 2 ** 32, sign: () => new Uint8Array(64) };
    expectVerificationError(() => signNote(TEXT, [bad]), 'MALFORMED_KEY');
  });
  test('a signer with a negative key id: MALFORMED_KEY', () => {
    const bad: NoteSigner = { name: 'log', keyId: -1, sign: () => new Uint8Array(64) };
    expectVerificationError(() => signNote(TEXT, [bad]), 'MALFORMED_KEY');
  });
});

describe('openNote', () => {
  test('returns the text and the verified signature', () => {
    const opened = openNote(SIGNED, [VERIFIER]);
    expect(opened.text).toBe(TEXT);
    expect(opened.verified.map((s) => s.keyId)).toEqual([KEY.keyId]);
    expect(opened.unverified).toEqual([]);
  });

  test('opens raw bytes the same way as text', () => {
    expect(openNote(new TextEncoder().encode(SIGNED), [VERIFIER])).toEqual(openNote(SIGNED, [VERIFIER]));
  });

  test('signatures by unknown keys are ignored and returned unverified, in any position', () => {
    const note = signNote(TEXT, [createSigner(OTHER), SIGNER]) + fakeLine('example.com/third');
    const opened = openNote(note, [VERIFIER]);
    expect(opened.verified.map((s) => s.name)).toEqual(['example.com/log']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['example.com/witness', 'example.com/third']);
  });

  test('several known keys: every one present must verify, all are returned', () => {
    const note = signNote(TEXT, [SIGNER, createSigner(OTHER)]);
    const opened = openNote(note, [VERIFIER, parseVerifierKey(verifierKeyOf(OTHER)).verifier]);
    expect(opened.verified.map((s) => s.name)).toEqual(['example.com/log', 'example.com/witness']);
  });

  test('a known key that did not sign is not required', () => {
    expect(openNote(SIGNED, [VERIFIER, parseVerifierKey(verifierKeyOf(OTHER)).verifier]).verified).toHaveLength(1);
  });

  test('a signature by another key with the same name is ignored, not failed', () => {
    const impostor = generateSignerKey('example.com/log', new Uint8Array(32).fill(9));
    const note = signNote(TEXT, [createSigner(impostor), SIGNER]);
    const opened = openNote(note, [VERIFIER]);
    expect(opened.verified.map((s) => s.keyId)).toEqual([KEY.keyId]);
    expect(opened.unverified.map((s) => s.keyId)).toEqual([impostor.keyId]);
  });

  test('a repeated signature by one key is counted once; repeated unknown lines too', () => {
    const line = SIGNED.slice(TEXT.length + 1);
    const note = `${SIGNED}${line}${fakeLine('x')}${fakeLine('x')}`;
    const opened = openNote(note, [VERIFIER]);
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toHaveLength(1);
  });

  test('a flipped signature bit: BAD_SIGNATURE', () => {
    const { signatures } = parseNote(SIGNED);
    const sig = Uint8Array.from(signatures[0]!.signature);
    sig[0]! ^= 1;
    const bytes = new Uint8Array(68);
    new DataView(bytes.buffer).setUint32(0, KEY.keyId);
    bytes.set(sig, 4);
    expectVerificationError(() => openNote(`${TEXT}\n\u2014 example.com/log ${encodeBase64(bytes)}\n`, [VERIFIER]), 'BAD_SIGNATURE');
  });

  test('a changed text: BAD_SIGNATURE', () => void expectVerificationError(() => openNote(SIGNED.replace('\n5\n', '\n6\n'), [VERIFIER]), 'BAD_SIGNATURE'));

  test('a failing known signature rejects the note even when another known one verifies', () => {
    const good = signNote(TEXT, [createSigner(OTHER)]);
    const forged = `${good}${fakeLine('example.com/log', KEY.keyId)}`;
    expectVerificationError(() => openNote(forged, [VERIFIER, parseVerifierKey(verifierKeyOf(OTHER)).verifier]), 'BAD_SIGNATURE');
  });

  test('a failing known signature rejects the note even after a valid one', () => {
    const note = `${SIGNED}${fakeLine('example.com/witness', OTHER.keyId)}`;
    expectVerificationError(() => openNote(note, [VERIFIER, parseVerifierKey(verifierKeyOf(OTHER)).verifier]), 'BAD_SIGNATURE');
  });

  test('a wrong key (another name and key): UNKNOWN_KEY', () => {
    expectVerificationError(() => openNote(SIGNED, [parseVerifierKey(verifierKeyOf(OTHER)).verifier]), 'UNKNOWN_KEY');
  });

  test('another key with the same name: UNKNOWN_KEY', () => {
    const sameName = generateSignerKey('example.com/log', new Uint8Array(32).fill(3));
    expectVerificationError(() => openNote(SIGNED, [parseVerifierKey(verifierKeyOf(sameName)).verifier]), 'UNKNOWN_KEY');
  });

  test('a wrong key id in the signature line: UNKNOWN_KEY', () => {
    const bytes = new Uint8Array(68);
    new DataView(bytes.buffer).setUint32(0, (KEY.keyId + 1) % 2 ** 32);
    bytes.set(parseNote(SIGNED).signatures[0]!.signature, 4);
    expectVerificationError(() => openNote(`${TEXT}\n\u2014 example.com/log ${encodeBase64(bytes)}\n`, [VERIFIER]), 'UNKNOWN_KEY');
  });

  test('the right key id under another name: UNKNOWN_KEY', () => {
    expectVerificationError(() => openNote(SIGNED.replace('\u2014 example.com/log ', '\u2014 example.com/other '), [VERIFIER]), 'UNKNOWN_KEY');
  });

  test('no verifiers at all: UNKNOWN_KEY', () => void expectVerificationError(() => openNote(SIGNED, []), 'UNKNOWN_KEY'));

  test('no signature at all: NO_SIGNATURE', () => void expectVerificationError(() => openNote(TEXT, [VERIFIER]), 'NO_SIGNATURE'));

  test('a malformed note: MALFORMED_NOTE before any verification', () =>
    void expectVerificationError(() => openNote(SIGNED.replace('\n\n', '\n'), [VERIFIER]), 'MALFORMED_NOTE'));

  test('two verifiers with the same name and key id: INVALID_ARGUMENT', () => {
    expectVerificationError(() => openNote(SIGNED, [VERIFIER, VERIFIER]), 'INVALID_ARGUMENT');
  });

  test('verifiers not given as an array: INVALID_ARGUMENT', () => {
    expectVerificationError(() => openNote(SIGNED, undefined as never), 'INVALID_ARGUMENT');
  });
});

describe('properties', () => {
  function onlyVerificationErrors(fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(VerificationError);
    }
  }

  test('random strings never throw anything but VerificationError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        onlyVerificationErrors(() => parseNote(s));
        onlyVerificationErrors(() => openNote(s, [VERIFIER]));
      }),
      { numRuns: 1000 },
    );
  });

  test('random note-shaped strings never throw anything but VerificationError', () => {
    const piece = fc.constantFrom('\n', '\n\n', '\u2014 ', ' ', 'a', '+', '=', 'AAAA', 'example.com/log', '\r', '\u00a0', '\ud800', 'é', fakeLine('a'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const s = pieces.join('');
        onlyVerificationErrors(() => parseNote(s));
        onlyVerificationErrors(() => openNote(s, [VERIFIER]));
      }),
      { numRuns: 1000 },
    );
  });

  test('random bytes never throw anything but VerificationError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => onlyVerificationErrors(() => openNote(bytes, [VERIFIER]))),
      { numRuns: 500 },
    );
  });

  test('changing one character of a signed note either is refused with VerificationError or changes nothing', () => {
    fc.assert(
      fc.property(fc.nat(SIGNED.length - 1), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (i, c) => {
        const mutated = SIGNED.slice(0, i) + c + SIGNED.slice(i + 1);
        try {
          const opened = openNote(mutated, [VERIFIER]);
          expect(mutated).toBe(SIGNED);
          expect(opened.text).toBe(TEXT);
        } catch (e) {
          expect(e).toBeInstanceOf(VerificationError);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('any valid text signs and opens to itself', () => {
    const line = fc.string({
      unit: fc.oneof(fc.constantFrom('a', ' ', '\u2014', '+', '='), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = lines.join('\n').replace(/[\x00-\x09\x0b-\x1f]/g, '') + '\n';
        expect(openNote(signNote(text, [SIGNER]), [VERIFIER]).text).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});
