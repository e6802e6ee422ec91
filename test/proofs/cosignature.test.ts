/**
 * C2SP tlog-cosignature v1 (Ed25519): the shared vectors (Sunlight's skylight testdata and the
 * transparency-dev witness exchange), key IDs, the signed message, and every way a cosignature
 * line can be wrong.
 */
import { describe, expect, test } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  ALG_COSIGNATURE_V1,
  cosignatureKeyId,
  cosignatureMessage,
  createCosigner,
  decodeBase64,
  encodeBase64,
  formatCosignatureVerifierKey,
  formatKeyId,
  generateSignerKey,
  parseCosignatureVerifierKey,
  parseNote,
  parseSignerKey,
  verifierKeyOf,
  verifyCosignatures,
} from '../../proofs/index.js';
import { utf8 } from '../../merkle/index.js';
import { expectVerificationError } from '../helpers/expect-error.js';
import { readVectorText } from '../helpers/vectors.js';

const v1Key = readVectorText('witness/v1-cosigner.vkey').trim();
const v1Note = readVectorText('witness/v1-note.txt');
const v2Key = readVectorText('witness/v2-cosigner.vkey').trim();
const v2Note = readVectorText('witness/v2-note.txt');
const v3Dir = 'witness/v3-add-checkpoint';
const v3WitnessKey = readVectorText(`${v3Dir}/witness.skey`).trim();
const v3CosignatureKey = readVectorText(`${v3Dir}/witness-cosignature.vkey`).trim();
const V_TIME = 1767139200;

/** Replaces the base64 of the signature line by `name` with `edit(bytes)`. */
function editLine(note: string, name: string, edit: (bytes: Uint8Array) => Uint8Array): string {
  return note
    .split('\n')
    .map((line) => {
      const prefix = `\u2014 ${name} `;
      if (!line.startsWith(prefix)) return line;
      return prefix + encodeBase64(edit(decodeBase64(line.slice(prefix.length))));
    })
    .join('\n');
}

describe('shared vectors', () => {
  test('V1: the cosignature by witness.example.org verifies; the log line of type 0x05 is ignored', () => {
    const key = parseCosignatureVerifierKey(v1Key);
    expect(key.name).toBe('witness.example.org');
    expect(formatKeyId(key.keyId)).toBe('b8a2cf20');
    expect(verifyCosignatures(v1Note, [key])).toEqual([{ name: 'witness.example.org', keyId: 0xb8a2cf20, timestamp: V_TIME }]);
  });

  test("V1: the public key is the one derived from Sunlight's seed", () => {
    const seed = sha256(utf8('skylight test witness key'));
    const signer = generateSignerKey('witness.example.org', seed);
    expect(formatCosignatureVerifierKey(signer.name, signer.publicKey)).toBe(v1Key);
    // Re-signing gives the same line: Ed25519 is deterministic.
    const body = parseNote(v1Note).text;
    const line = createCosigner(signer).cosign(body, V_TIME);
    expect(v1Note).toContain(line);
  });

  test('V1: a key ID computed with 0x01 instead of 0x04 is 38236b08, and that vkey finds no cosignature', () => {
    const key = parseCosignatureVerifierKey(v1Key);
    const plain = parseSignerKey(generateSignerKey('witness.example.org', sha256(utf8('skylight test witness key'))).text);
    expect(formatKeyId(plain.keyId)).toBe('38236b08');
    expect(verifyCosignatures(v1Note, [{ ...key, keyId: plain.keyId }])).toEqual([]);
  });

  test('V2: a note carrying only a cosignature (no log signature) verifies', () => {
    const key = parseCosignatureVerifierKey(v2Key);
    expect(verifyCosignatures(v2Note, [key])).toEqual([{ name: 'witness2.example.org', keyId: key.keyId, timestamp: V_TIME }]);
  });

  test('V2 key does not verify V1 and V1 key finds nothing in V2', () => {
    expect(verifyCosignatures(v1Note, [parseCosignatureVerifierKey(v2Key)])).toEqual([]);
    expect(verifyCosignatures(v2Note, [parseCosignatureVerifierKey(v1Key)])).toEqual([]);
  });

  test('V3: the witness key file (Go note format, 0x01) gives the 0x04 vkey and the expected 200 line', () => {
    const signer = parseSignerKey(v3WitnessKey);
    const cosigner = createCosigner(signer);
    expect(cosigner.verifierKey).toBe(v3CosignatureKey);
    const request = readVectorText(`${v3Dir}/request.txt`);
    const note = request.slice(request.indexOf('\n\n') + 2);
    const line = cosigner.cosign(parseNote(note).text, V_TIME);
    expect(line).toBe(readVectorText(`${v3Dir}/response-200-at-1767139200.txt`));
    expect(verifyCosignatures(note + line, [parseCosignatureVerifierKey(v3CosignatureKey)])).toEqual([
      { name: 'witness', keyId: 0x24b37851, timestamp: V_TIME },
    ]);
  });

  test('V4: the spec example line decodes to key ID 8d66cf3f and time 1679315147', () => {
    const bytes = decodeBase64('jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==');
    expect(bytes.length).toBe(76);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(formatKeyId(view.getUint32(0))).toBe('8d66cf3f');
    expect(Number(view.getBigUint64(4))).toBe(1679315147);
  });
});

describe('formats', () => {
  const signer = generateSignerKey('example.com/w1', new Uint8Array(32).fill(7));

  test('the key ID is SHA-256(name || 0x0A || 0x04 || key)[:4]', () => {
    const digest = sha256(new Uint8Array([...utf8('example.com/w1'), 0x0a, ALG_COSIGNATURE_V1, ...signer.publicKey]));
    expect(cosignatureKeyId('example.com/w1', signer.publicKey)).toBe(new DataView(digest.buffer).getUint32(0));
  });

  test('the signed message is the header, the time line and the whole body', () => {
    expect(new TextDecoder().decode(cosignatureMessage('o\n1\nX\next\n', 1679315147))).toBe('cosignature/v1\ntime 1679315147\no\n1\nX\next\n');
  });

  test('the vkey round-trips and differs from the plain note vkey only in type and key ID', () => {
    const text = formatCosignatureVerifierKey(signer.name, signer.publicKey);
    expect(parseCosignatureVerifierKey(text).text).toBe(text);
    expect(decodeBase64(text.split('+')[2]!)[0]).toBe(0x04);
    const plain = verifierKeyOf(signer);
    expect(decodeBase64(plain.split('+')[2]!).slice(1)).toEqual(decodeBase64(text.split('+')[2]!).slice(1));
    expect(plain.split('+')[1]).not.toBe(text.split('+')[1]);
  });

  test('a cosigned checkpoint with extension lines verifies (they are part of the message)', () => {
    const body = 'o\n1\n' + encodeBase64(new Uint8Array(32)) + '\nextension\n';
    const note = `${body}\n${createCosigner(signer).cosign(body, 5)}`;
    expect(verifyCosignatures(note, [parseCosignatureVerifierKey(createCosigner(signer).verifierKey)])).toHaveLength(1);
  });

  test('two lines by one cosigner count once, with the latest time', () => {
    const cosigner = createCosigner(signer);
    const body = parseNote(v1Note).text;
    const note = `${body}\n${cosigner.cosign(body, 10)}${cosigner.cosign(body, 20)}`;
    expect(verifyCosignatures(note, [parseCosignatureVerifierKey(cosigner.verifierKey)])).toEqual([
      { name: signer.name, keyId: cosigner.keyId, timestamp: 20 },
    ]);
  });
});

describe('refused cosignatures (BAD_COSIGNATURE)', () => {
  const key = parseCosignatureVerifierKey(v1Key);
  const name = 'witness.example.org';

  test('a flipped bit in the signature', () => {
    const note = editLine(v1Note, name, (b) => {
      const c = b.slice();
      c[40]! ^= 1;
      return c;
    });
    expectVerificationError(() => verifyCosignatures(note, [key]), 'BAD_COSIGNATURE');
  });

  test('a flipped bit in the time', () => {
    const note = editLine(v1Note, name, (b) => {
      const c = b.slice();
      c[11]! ^= 1;
      return c;
    });
    expectVerificationError(() => verifyCosignatures(note, [key]), 'BAD_COSIGNATURE');
  });

  test('a different time re-encoded (the signature covers the time)', () => {
    const note = editLine(v1Note, name, (b) => {
      const c = b.slice();
      new DataView(c.buffer).setBigUint64(4, BigInt(V_TIME + 1));
      return c;
    });
    expectVerificationError(() => verifyCosignatures(note, [key]), 'BAD_COSIGNATURE');
  });

  test('a flipped bit in the checkpoint body', () => {
    expectVerificationError(() => verifyCosignatures(v1Note.replace('\n300\n', '\n301\n'), [key]), 'BAD_COSIGNATURE');
  });

  test('truncated: one byte short', () => {
    const note = editLine(v1Note, name, (b) => b.slice(0, -1));
    expectVerificationError(() => verifyCosignatures(note, [key]), 'BAD_COSIGNATURE', /bytes/);
  });

  test('one byte too long', () => {
    const note = editLine(v1Note, name, (b) => new Uint8Array([...b, 0]));
    expectVerificationError(() => verifyCosignatures(note, [key]), 'BAD_COSIGNATURE');
  });

  test('a time above 2^53-1 seconds', () => {
    const note = editLine(v1Note, name, (b) => {
      const c = b.slice();
      new DataView(c.buffer).setBigUint64(4, 2n ** 63n - 1n);
      return c;
    });
    expectVerificationError(() => verifyCosignatures(note, [key]), 'BAD_COSIGNATURE', /beyond any clock/);
  });

  test('a time after notAfter', () => {
    expectVerificationError(() => verifyCosignatures(v1Note, [key], { notAfter: V_TIME - 1 }), 'BAD_COSIGNATURE', /future/);
    expect(verifyCosignatures(v1Note, [key], { notAfter: V_TIME })).toHaveLength(1);
  });

  test('a wrong key ID is not a cosignature by this key: ignored, not refused', () => {
    const note = editLine(v1Note, name, (b) => {
      const c = b.slice();
      c[0]! ^= 1;
      return c;
    });
    expect(verifyCosignatures(note, [key])).toEqual([]);
  });

  test('a valid cosignature by another key under the same name and key ID', () => {
    const other = createCosigner(generateSignerKey(name, new Uint8Array(32).fill(9)));
    const body = parseNote(v1Note).text;
    const forged = other.cosign(body, V_TIME).trimEnd();
    const b = decodeBase64(forged.split(' ')[2]!);
    new DataView(b.buffer).setUint32(0, key.keyId);
    const note = `${body}\n\u2014 ${name} ${encodeBase64(b)}\n`;
    expectVerificationError(() => verifyCosignatures(note, [key]), 'BAD_COSIGNATURE');
  });
});

describe('refused keys (MALFORMED_KEY)', () => {
  test('a plain note key (0x01) is not a cosignature key', () => {
    expectVerificationError(() => parseCosignatureVerifierKey(readVectorText(`${v3Dir}/log.vkey`).trim()), 'MALFORMED_KEY', /0x01/);
  });

  test('an ML-DSA-44 key (0x06) is refused as not supported', () => {
    const text = `w+00000000+${encodeBase64(new Uint8Array([0x06, ...new Uint8Array(1312)]))}`;
    expectVerificationError(() => parseCosignatureVerifierKey(text), 'MALFORMED_KEY', /ML-DSA-44/);
  });

  test('a wrong key ID', () => {
    expectVerificationError(() => parseCosignatureVerifierKey(v1Key.replace('+b8a2cf20+', '+b8a2cf21+')), 'MALFORMED_KEY', /does not match/);
  });

  test('upper-case hex key ID', () => {
    expectVerificationError(() => parseCosignatureVerifierKey(v1Key.replace('+b8a2cf20+', '+B8A2CF20+')), 'MALFORMED_KEY', /hex/);
  });

  test('a truncated key', () => {
    expectVerificationError(() => parseCosignatureVerifierKey(`${v1Key.split('+').slice(0, 2).join('+')}+BFLN`), 'MALFORMED_KEY');
  });

  test('no key at all', () => {
    expectVerificationError(() => parseCosignatureVerifierKey('witness.example.org'), 'MALFORMED_KEY');
  });

  test('two verifiers with one name and key ID', () => {
    const key = parseCosignatureVerifierKey(v1Key);
    expectVerificationError(() => verifyCosignatures(v1Note, [key, key]), 'INVALID_ARGUMENT');
  });

  test('a cosigner refuses time 0', () => {
    expectVerificationError(() => createCosigner(parseSignerKey(v3WitnessKey)).cosign('a\n', 0), 'INVALID_ARGUMENT');
  });
});
