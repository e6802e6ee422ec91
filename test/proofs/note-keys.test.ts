import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { encodeBase64 } from '../../proofs/encoding.js';
import { VerificationError } from '../../proofs/errors.js';
import {
  ALG_ED25519,
  MAX_KEY_TEXT_LENGTH,
  checkKeyName,
  computeKeyId,
  createSigner,
  createVerifier,
  formatSignerKey,
  formatVerifierKey,
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyOf,
} from '../../proofs/note-keys.js';
import { expectVerificationError } from '../helpers/expect-error.js';

// The example keys of Go's golang.org/x/mod/sumdb/note documentation: independent vectors.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';

const SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const NAME = 'example.com/log';

/** A verifier key string with any key data, its key id computed so only the data is wrong. */
function vkeyWithData(name: string, data: Uint8Array, keyIdHex?: string): string {
  const id = keyIdHex ?? (data.length === 33 ? computeKeyId(name, data.subarray(1)).toString(16).padStart(8, '0') : '00000000');
  return `${name}+${id}+${encodeBase64(data)}`;
}

/** Splits `<name>+<hex>+<base64>` on the first two "+" only (base64 may hold "+"). */
function splitKey(text: string): [string, string, string] {
  const a = text.indexOf('+');
  const b = text.indexOf('+', a + 1);
  return [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)];
}

/** Base64 of `n` bytes (n % 3 != 0) whose spare padding bits are set: decoders that are not strict accept it. */
function nonCanonicalBase64(n: number): string {
  const b64 = encodeBase64(withAlg(1, new Uint8Array(n - 1)));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const i = b64.replace(/=+$/, '').length - 1;
  return b64.slice(0, i) + alphabet.charAt(alphabet.indexOf(b64.charAt(i)) | 1) + b64.slice(i + 1);
}

function withAlg(alg: number, key: Uint8Array): Uint8Array {
  return Uint8Array.from([alg, ...key]);
}

describe('Go note package example keys', () => {
  test('the verifier key parses, with key id 0xc74f20a3', () => {
    const key = parseVerifierKey(GO_VKEY);
    expect(key.name).toBe('PeterNeumann');
    expect(key.keyId).toBe(0xc74f20a3);
    expect(key.publicKey).toHaveLength(32);
    expect(key.text).toBe(GO_VKEY);
    expect(key.verifier.name).toBe('PeterNeumann');
    expect(key.verifier.keyId).toBe(0xc74f20a3);
  });

  test('the signer key parses and derives the public key of the verifier key', () => {
    const skey = parseSignerKey(GO_SKEY);
    expect(skey.keyId).toBe(0xc74f20a3);
    expect(skey.publicKey).toEqual(parseVerifierKey(GO_VKEY).publicKey);
    expect(verifierKeyOf(skey)).toBe(GO_VKEY);
    expect(formatSignerKey(skey.name, skey.seed)).toBe(GO_SKEY);
    expect(skey.text).toBe(GO_SKEY);
  });

  test('computeKeyId is SHA-256(name || 0x0A || 0x01 || key)[:4], big-endian', () => {
    const key = parseVerifierKey(GO_VKEY);
    expect(computeKeyId('PeterNeumann', key.publicKey)).toBe(0xc74f20a3);
    expect(ALG_ED25519).toBe(1);
  });
});

describe('generating and formatting keys', () => {
  test('a seed gives a reproducible key that round-trips through both formats', () => {
    const a = generateSignerKey(NAME, SEED);
    const b = generateSignerKey(NAME, SEED);
    expect(a).toEqual(b);
    expect(parseSignerKey(a.text)).toEqual(a);
    const vkey = parseVerifierKey(verifierKeyOf(a));
    expect(vkey.publicKey).toEqual(a.publicKey);
    expect(vkey.keyId).toBe(a.keyId);
    expect(formatVerifierKey(NAME, a.publicKey)).toBe(vkey.text);
  });

  test('without a seed, keys are random', () => {
    const a = generateSignerKey(NAME);
    const b = generateSignerKey(NAME);
    expect(a.seed).toHaveLength(32);
    expect(a.seed).not.toEqual(b.seed);
    expect(parseSignerKey(a.text)).toEqual(a);
  });

  test('generateSignerKey copies the seed it is given', () => {
    const seed = Uint8Array.from(SEED);
    const key = generateSignerKey(NAME, seed);
    seed.fill(0);
    expect(key.seed).toEqual(SEED);
  });

  test('a signer key file with one trailing newline parses; its text has no newline', () => {
    const key = generateSignerKey(NAME, SEED);
    const parsed = parseSignerKey(`${key.text}\n`);
    expect(parsed).toEqual(key);
    expect(parsed.text.endsWith('\n')).toBe(false);
  });

  test('Unicode key names without spaces are valid', () => {
    for (const name of ['example.com/log', 'ünïcode/日本', 'a', 'log-\u{1F332}']) {
      expect(() => checkKeyName(name)).not.toThrow();
      const key = generateSignerKey(name, SEED);
      expect(parseVerifierKey(verifierKeyOf(key)).name).toBe(name);
    }
  });
});

describe('signers and verifiers', () => {
  const key = generateSignerKey(NAME, SEED);
  const message = new TextEncoder().encode('hello\n');

  test('a signature by createSigner verifies with createVerifier and with the parsed key', () => {
    const signer = createSigner(key);
    expect(signer.name).toBe(NAME);
    expect(signer.keyId).toBe(key.keyId);
    const sig = signer.sign(message);
    expect(sig).toHaveLength(64);
    expect(createVerifier({ name: NAME, publicKey: key.publicKey }).verify(message, sig)).toBe(true);
    expect(parseVerifierKey(verifierKeyOf(key)).verifier.verify(message, sig)).toBe(true);
  });

  test('the signature is byte-identical to node:crypto Ed25519 (the server may use either)', () => {
    // PKCS#8 wrapping of an Ed25519 seed (RFC 8410).
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(key.seed)]);
    const nodeKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    expect(createSigner(key).sign(message)).toEqual(new Uint8Array(nodeSign(null, message, nodeKey)));
  });

  test('verifications are memoized by every byte: after a success, a changed bit of the signature, message or key still fails', () => {
    const verifier = createVerifier(key);
    const other = createVerifier(generateSignerKey(NAME, new Uint8Array(32).fill(7)));
    const sig = createSigner(key).sign(message);
    for (let round = 0; round < 2; round++) expect(verifier.verify(message, sig)).toBe(true);
    for (let i = 0; i < sig.length; i += 9) {
      const bad = sig.slice();
      bad[i]! ^= 0x80;
      expect(verifier.verify(message, bad)).toBe(false);
    }
    const changed = message.slice();
    changed[0]! ^= 0x01;
    expect(verifier.verify(changed, sig)).toBe(false);
    expect(verifier.verify(message.subarray(0, message.length - 1), sig)).toBe(false);
    expect(other.verify(message, sig)).toBe(false);
    expect(verifier.verify(message, sig)).toBe(true);
  });

  test('a flipped signature bit does not verify', () => {
    const sig = createSigner(key).sign(message);
    sig[10]! ^= 0x01;
    expect(createVerifier(key).verify(message, sig)).toBe(false);
  });

  test('a changed message does not verify', () => {
    const sig = createSigner(key).sign(message);
    expect(createVerifier(key).verify(new TextEncoder().encode('hello!\n'), sig)).toBe(false);
  });

  test('a signature by another key does not verify', () => {
    const sig = createSigner(generateSignerKey(NAME)).sign(message);
    expect(createVerifier(key).verify(message, sig)).toBe(false);
  });

  test('signatures of the wrong length return false instead of throwing', () => {
    const verifier = createVerifier(key);
    const sig = createSigner(key).sign(message);
    expect(verifier.verify(message, sig.subarray(0, 63))).toBe(false);
    expect(verifier.verify(message, Uint8Array.from([...sig, 0]))).toBe(false);
    expect(verifier.verify(message, new Uint8Array(0))).toBe(false);
  });

  test('a signature with S >= L (malleated) does not verify (strict RFC 8032)', () => {
    const sig = createSigner(key).sign(message);
    // S + L, the classic malleability: ZIP-215 and RFC 8032 both refuse it, noble too.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
    let t = s + L;
    for (let i = 32; i < 64; i++) {
      sig[i] = Number(t & 0xffn);
      t >>= 8n;
    }
    expect(createVerifier(key).verify(message, sig)).toBe(false);
  });

  test('the verifier copies the public key it is given', () => {
    const publicKey = Uint8Array.from(key.publicKey);
    const verifier = createVerifier({ name: NAME, publicKey });
    publicKey.fill(0);
    expect(verifier.verify(message, createSigner(key).sign(message))).toBe(true);
  });
});

describe('parseVerifierKey refuses malformed keys with MALFORMED_KEY', () => {
  const key = generateSignerKey(NAME, SEED);
  const good = verifierKeyOf(key);
  const [, hex, b64] = splitKey(good);

  test('the well-formed key parses (control), also when its base64 holds "+"', () => {
    expect(parseVerifierKey(good).text).toBe(good);
    expect(`${NAME}+${hex}+${b64}`).toBe(good);
    expect(b64).toContain('+');
  });
  test('empty string', () => void expectVerificationError(() => parseVerifierKey(''), 'MALFORMED_KEY'));
  test('not a string', () => void expectVerificationError(() => parseVerifierKey(42 as unknown as string), 'MALFORMED_KEY'));
  test('no "+" at all', () => void expectVerificationError(() => parseVerifierKey('example.com'), 'MALFORMED_KEY'));
  test('only one "+"', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+${hex}`), 'MALFORMED_KEY'));
  test('empty name', () => void expectVerificationError(() => parseVerifierKey(`+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with a space', () => void expectVerificationError(() => parseVerifierKey(`a b+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with a no-break space (Unicode whitespace)', () =>
    void expectVerificationError(() => parseVerifierKey(`a\u00a0b+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with U+0085 NEXT LINE (whitespace to Go)', () => void expectVerificationError(() => parseVerifierKey(`a\u0085b+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with an ideographic space U+3000', () => void expectVerificationError(() => parseVerifierKey(`a\u3000b+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with a control character', () => void expectVerificationError(() => parseVerifierKey(`a\u0001b+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with DEL', () => void expectVerificationError(() => parseVerifierKey(`a\u007fb+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with a lone surrogate (not UTF-8)', () => void expectVerificationError(() => parseVerifierKey(`a\ud800b+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('upper-case key id', () => {
    // The seed is chosen so that the id has hex letters; upper case must then be refused.
    expect(hex).toMatch(/[a-f]/);
    expectVerificationError(() => parseVerifierKey(`${NAME}+${hex.toUpperCase()}+${b64}`), 'MALFORMED_KEY');
  });
  test('key id of 7 hex digits', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+${hex.slice(1)}+${b64}`), 'MALFORMED_KEY'));
  test('key id of 9 hex digits', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+0${hex}+${b64}`), 'MALFORMED_KEY'));
  test('key id with a non-hex character', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+${hex.slice(0, 7)}g+${b64}`), 'MALFORMED_KEY'));
  test('key id with a sign', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+-${hex.slice(1)}+${b64}`), 'MALFORMED_KEY'));
  test('wrong key id', () => {
    const wrong = ((key.keyId + 1) % 2 ** 32).toString(16).padStart(8, '0');
    const err = expectVerificationError(() => parseVerifierKey(`${NAME}+${wrong}+${b64}`), 'MALFORMED_KEY');
    expect(err.message).toMatch(/does not match/);
  });
  test('key id of the same key under another name', () =>
    void expectVerificationError(() => parseVerifierKey(`example.com/other+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('empty key data', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+${hex}+`), 'MALFORMED_KEY'));
  test('key data with an extra "="', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+${hex}+${b64}=`), 'MALFORMED_KEY'));
  test('key data with "====" appended', () => void expectVerificationError(() => parseVerifierKey(`${NAME}+${hex}+${b64}====`), 'MALFORMED_KEY'));
  test('non-canonical base64 (non-zero padding bits)', () => {
    const err = expectVerificationError(() => parseVerifierKey(`${NAME}+${hex}+${nonCanonicalBase64(32)}`), 'MALFORMED_KEY');
    expect(err.message).toMatch(/canonical/);
  });
  test('base64 without its padding', () => {
    const err = expectVerificationError(
      () => parseVerifierKey(`${NAME}+${hex}+${encodeBase64(new Uint8Array(32).fill(1)).replace(/=$/, '')}`),
      'MALFORMED_KEY',
    );
    expect(err.message).toMatch(/canonical/);
  });
  test('URL-safe base64 alphabet', () => {
    const data = withAlg(
      1,
      Uint8Array.from({ length: 32 }, () => 0xfb),
    );
    const std = vkeyWithData(NAME, data);
    expect(std).toMatch(/[+/]/);
    expectVerificationError(
      () => parseVerifierKey(std.split('+').slice(0, 2).join('+') + '+' + encodeBase64(data).replace(/\+/g, '-').replace(/\//g, '_')),
      'MALFORMED_KEY',
    );
  });
  test('whitespace inside the key data', () =>
    void expectVerificationError(() => parseVerifierKey(`${NAME}+${hex}+${b64.slice(0, 20)} ${b64.slice(20)}`), 'MALFORMED_KEY'));
  test('a trailing newline', () => void expectVerificationError(() => parseVerifierKey(`${good}\n`), 'MALFORMED_KEY'));
  test('a trailing space', () => void expectVerificationError(() => parseVerifierKey(`${good} `), 'MALFORMED_KEY'));
  test('unknown algorithm byte 0x02', () => {
    const err = expectVerificationError(() => parseVerifierKey(vkeyWithData(NAME, withAlg(2, key.publicKey))), 'MALFORMED_KEY');
    expect(err.message).toMatch(/algorithm 0x02/);
  });
  test('algorithm byte only', () => void expectVerificationError(() => parseVerifierKey(vkeyWithData(NAME, Uint8Array.of(1))), 'MALFORMED_KEY'));
  test('31-byte public key', () =>
    void expectVerificationError(() => parseVerifierKey(vkeyWithData(NAME, withAlg(1, key.publicKey.subarray(1)))), 'MALFORMED_KEY'));
  test('33-byte public key', () =>
    void expectVerificationError(() => parseVerifierKey(vkeyWithData(NAME, withAlg(1, Uint8Array.from([...key.publicKey, 0])))), 'MALFORMED_KEY'));
  test('public key that is not a curve point encoding (y >= p)', () => {
    const notCanonical = new Uint8Array(32).fill(0xff);
    notCanonical[31] = 0x7f;
    expectVerificationError(() => parseVerifierKey(vkeyWithData(NAME, withAlg(1, notCanonical))), 'MALFORMED_KEY');
  });
  test('small-order public key (the identity point)', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const err = expectVerificationError(() => parseVerifierKey(vkeyWithData(NAME, withAlg(1, identity))), 'MALFORMED_KEY');
    expect(err.message).toMatch(/small-order/);
  });
  test('a signer key given as a verifier key', () => void expectVerificationError(() => parseVerifierKey(key.text), 'MALFORMED_KEY'));
  test('huge input', () => void expectVerificationError(() => parseVerifierKey(`${'a'.repeat(MAX_KEY_TEXT_LENGTH)}+${hex}+${b64}`), 'MALFORMED_KEY'));
});

describe('parseSignerKey refuses malformed keys with MALFORMED_KEY', () => {
  const key = generateSignerKey(NAME, SEED);
  const rest = key.text.slice('PRIVATE+KEY+'.length);
  const [, hex, b64] = splitKey(rest);

  function skeyWithData(data: Uint8Array, keyIdHex = hex): string {
    return `PRIVATE+KEY+${NAME}+${keyIdHex}+${encodeBase64(data)}`;
  }

  test('the well-formed key parses (control)', () => expect(parseSignerKey(key.text)).toEqual(key));
  test('empty string', () => void expectVerificationError(() => parseSignerKey(''), 'MALFORMED_KEY'));
  test('only a newline', () => void expectVerificationError(() => parseSignerKey('\n'), 'MALFORMED_KEY'));
  test('not a string', () => void expectVerificationError(() => parseSignerKey(undefined as unknown as string), 'MALFORMED_KEY'));
  test('a verifier key given as a signer key', () => void expectVerificationError(() => parseSignerKey(verifierKeyOf(key)), 'MALFORMED_KEY'));
  test('lower-case prefix', () => void expectVerificationError(() => parseSignerKey(key.text.replace('PRIVATE+KEY', 'private+key')), 'MALFORMED_KEY'));
  test('missing key data', () => void expectVerificationError(() => parseSignerKey(`PRIVATE+KEY+${NAME}+${hex}`), 'MALFORMED_KEY'));
  test('two trailing newlines', () => void expectVerificationError(() => parseSignerKey(`${key.text}\n\n`), 'MALFORMED_KEY'));
  test('CRLF line ending', () => void expectVerificationError(() => parseSignerKey(`${key.text}\r\n`), 'MALFORMED_KEY'));
  test('leading whitespace', () => void expectVerificationError(() => parseSignerKey(` ${key.text}`), 'MALFORMED_KEY'));
  test('empty name', () => void expectVerificationError(() => parseSignerKey(`PRIVATE+KEY++${hex}+${b64}`), 'MALFORMED_KEY'));
  test('name with a space', () => void expectVerificationError(() => parseSignerKey(`PRIVATE+KEY+a b+${hex}+${b64}`), 'MALFORMED_KEY'));
  test('wrong key id', () => {
    const wrong = (key.keyId ^ 0x80).toString(16).padStart(8, '0');
    expectVerificationError(() => parseSignerKey(skeyWithData(withAlg(1, key.seed), wrong)), 'MALFORMED_KEY');
  });
  test('key id of 7 hex digits', () => void expectVerificationError(() => parseSignerKey(skeyWithData(withAlg(1, key.seed), hex.slice(1))), 'MALFORMED_KEY'));
  test('31-byte seed', () => void expectVerificationError(() => parseSignerKey(skeyWithData(withAlg(1, key.seed.subarray(1)))), 'MALFORMED_KEY'));
  test('33-byte seed', () => void expectVerificationError(() => parseSignerKey(skeyWithData(withAlg(1, Uint8Array.from([...key.seed, 7])))), 'MALFORMED_KEY'));
  test('unknown algorithm byte 0x02', () => void expectVerificationError(() => parseSignerKey(skeyWithData(withAlg(2, key.seed))), 'MALFORMED_KEY'));
  test('non-canonical base64 (non-zero padding bits)', () => {
    const err = expectVerificationError(() => parseSignerKey(`PRIVATE+KEY+${NAME}+${hex}+${nonCanonicalBase64(32)}`), 'MALFORMED_KEY');
    expect(err.message).toMatch(/canonical/);
  });
  test('key data with an extra "="', () => void expectVerificationError(() => parseSignerKey(`PRIVATE+KEY+${NAME}+${hex}+${b64}=`), 'MALFORMED_KEY'));
  test('huge input', () => void expectVerificationError(() => parseSignerKey(`PRIVATE+KEY+${'a'.repeat(MAX_KEY_TEXT_LENGTH)}+${hex}+${b64}`), 'MALFORMED_KEY'));
});

describe('other functions refuse bad arguments with MALFORMED_KEY', () => {
  const key = generateSignerKey(NAME, SEED);

  test('checkKeyName: empty', () => void expectVerificationError(() => checkKeyName(''), 'MALFORMED_KEY'));
  test('checkKeyName: "+"', () => void expectVerificationError(() => checkKeyName('a+b'), 'MALFORMED_KEY'));
  test('checkKeyName: space', () => void expectVerificationError(() => checkKeyName('a b'), 'MALFORMED_KEY'));
  test('checkKeyName: tab', () => void expectVerificationError(() => checkKeyName('a\tb'), 'MALFORMED_KEY'));
  test('checkKeyName: newline', () => void expectVerificationError(() => checkKeyName('a\n'), 'MALFORMED_KEY'));
  test('checkKeyName: U+2028 LINE SEPARATOR', () => void expectVerificationError(() => checkKeyName('a\u2028b'), 'MALFORMED_KEY'));
  test('checkKeyName: C1 control U+0090', () => void expectVerificationError(() => checkKeyName('a\u0090b'), 'MALFORMED_KEY'));
  test('checkKeyName: lone low surrogate', () => void expectVerificationError(() => checkKeyName('\udc00'), 'MALFORMED_KEY'));
  test('checkKeyName: not a string', () => void expectVerificationError(() => checkKeyName(null as unknown as string), 'MALFORMED_KEY'));
  test('computeKeyId: 31-byte key', () => void expectVerificationError(() => computeKeyId(NAME, new Uint8Array(31)), 'MALFORMED_KEY'));
  test('computeKeyId: invalid name', () => void expectVerificationError(() => computeKeyId('a b', key.publicKey), 'MALFORMED_KEY'));
  test('formatVerifierKey: 33-byte key', () => void expectVerificationError(() => formatVerifierKey(NAME, new Uint8Array(33)), 'MALFORMED_KEY'));
  test('formatVerifierKey: name with "+"', () => void expectVerificationError(() => formatVerifierKey('a+b', key.publicKey), 'MALFORMED_KEY'));
  test('formatSignerKey: 31-byte seed', () => void expectVerificationError(() => formatSignerKey(NAME, new Uint8Array(31)), 'MALFORMED_KEY'));
  test('generateSignerKey: 33-byte seed', () => void expectVerificationError(() => generateSignerKey(NAME, new Uint8Array(33)), 'MALFORMED_KEY'));
  test('generateSignerKey: a seed that is a plain array', () =>
    void expectVerificationError(() => generateSignerKey(NAME, Array.from(SEED) as never), 'MALFORMED_KEY'));
  test('generateSignerKey: name with a space', () => void expectVerificationError(() => generateSignerKey('my log'), 'MALFORMED_KEY'));
  test('createSigner: a key id that does not match the seed', () =>
    void expectVerificationError(() => createSigner({ ...key, keyId: key.keyId ^ 1 }), 'MALFORMED_KEY'));
  test('createSigner: a public key that does not match the seed', () => {
    expectVerificationError(() => createSigner({ ...key, publicKey: generateSignerKey(NAME).publicKey }), 'MALFORMED_KEY');
  });
  test('createSigner: a 16-byte seed', () => void expectVerificationError(() => createSigner({ ...key, seed: new Uint8Array(16) }), 'MALFORMED_KEY'));
  test('createSigner: not an object', () => void expectVerificationError(() => createSigner(null as never), 'MALFORMED_KEY'));
  test('createVerifier: 31-byte public key', () =>
    void expectVerificationError(() => createVerifier({ name: NAME, publicKey: new Uint8Array(31) }), 'MALFORMED_KEY'));
  test('createVerifier: invalid name', () => void expectVerificationError(() => createVerifier({ name: '', publicKey: key.publicKey }), 'MALFORMED_KEY'));
});

describe('properties', () => {
  const key = generateSignerKey(NAME, SEED);
  const vkey = verifierKeyOf(key);

  function onlyVerificationErrors(parse: (s: string) => unknown): (s: string) => void {
    return (s) => {
      try {
        parse(s);
      } catch (e) {
        expect(e).toBeInstanceOf(VerificationError);
      }
    };
  }

  test('random strings never throw anything but VerificationError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), onlyVerificationErrors(parseVerifierKey)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), onlyVerificationErrors(parseSignerKey)), { numRuns: 500 });
  });

  test('random "+"-separated triples never throw anything but VerificationError', () => {
    const part = fc.string({ unit: fc.constantFrom(...'ab+/=0123456789ABCDEFabcdef \n\u00a0'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        onlyVerificationErrors(parseVerifierKey)(`${a}+${b}+${c}`);
        onlyVerificationErrors(parseSignerKey)(`PRIVATE+KEY+${a}+${b}+${c}`);
      }),
      { numRuns: 500 },
    );
  });

  test('changing one character of a valid verifier key either fails with VerificationError or changes nothing', () => {
    fc.assert(
      fc.property(fc.nat(vkey.length - 1), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (i, c) => {
        const mutated = vkey.slice(0, i) + c + vkey.slice(i + 1);
        try {
          expect(parseVerifierKey(mutated).text).toBe(vkey);
        } catch (e) {
          expect(e).toBeInstanceOf(VerificationError);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('every generated key round-trips and its signatures verify', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 100 }), (seed, message) => {
        const k = generateSignerKey(NAME, seed);
        expect(parseSignerKey(k.text)).toEqual(k);
        const v = parseVerifierKey(verifierKeyOf(k));
        expect(v.verifier.verify(message, createSigner(k).sign(message))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
