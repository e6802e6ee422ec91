import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  MAX_CHECKPOINT_SIZE,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
} from '../../proofs/checkpoint.js';
import { createCosigner } from '../../proofs/cosignature.js';
import { encodeBase64 } from '../../proofs/encoding.js';
import { parseWitnessPolicy } from '../../proofs/witness-policy.js';
import { VerificationError } from '../../proofs/errors.js';
import { createSigner, generateSignerKey, parseVerifierKey, verifierKeyOf } from '../../proofs/note-keys.js';
import { parseNote, signNote } from '../../proofs/note.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const ORIGIN = 'example.com/log';
const KEY = generateSignerKey(ORIGIN, new Uint8Array(32).fill(1));
const SIGNER = createSigner(KEY);
const VKEY = verifierKeyOf(KEY);
const ROOT = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const ROOT_B64 = encodeBase64(ROOT);
const CHECKPOINT: Checkpoint = { origin: ORIGIN, treeSize: 1234, rootHash: ROOT };
const BODY = `${ORIGIN}\n1234\n${ROOT_B64}\n`;
const SIGNED = signCheckpoint(CHECKPOINT, SIGNER);

describe('formatCheckpoint and parseCheckpoint', () => {
  test('format is origin, size and base64 root, each followed by a newline', () => {
    expect(formatCheckpoint(CHECKPOINT)).toBe(BODY);
  });

  test('parse returns origin, size and root, without extensions', () => {
    expect(parseCheckpoint(BODY)).toEqual(CHECKPOINT);
    expect('extensions' in parseCheckpoint(BODY)).toBe(false);
  });

  test('the empty tree (size 0) round-trips', () => {
    const c = { origin: ORIGIN, treeSize: 0, rootHash: new Uint8Array(32) };
    expect(parseCheckpoint(formatCheckpoint(c))).toEqual(c);
  });

  test('the largest safe tree size, 2^53-1, round-trips', () => {
    const c = { origin: ORIGIN, treeSize: Number.MAX_SAFE_INTEGER, rootHash: ROOT };
    expect(formatCheckpoint(c)).toBe(`${ORIGIN}\n9007199254740991\n${ROOT_B64}\n`);
    expect(parseCheckpoint(formatCheckpoint(c))).toEqual(c);
  });

  test('extension lines of other logs are returned in order', () => {
    expect(parseCheckpoint(`${BODY}ext one\n— not a signature\n`).extensions).toEqual(['ext one', '— not a signature']);
  });

  test('an origin with spaces is a valid checkpoint origin (only Cairn key names forbid them)', () => {
    expect(parseCheckpoint(`Log with spaces\n1\n${ROOT_B64}\n`).origin).toBe('Log with spaces');
  });

  test('random checkpoints round-trip', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.uint8Array({ minLength: 32, maxLength: 32 }), (treeSize, rootHash) => {
        const c = { origin: ORIGIN, treeSize, rootHash };
        expect(parseCheckpoint(formatCheckpoint(c))).toEqual(c);
      }),
    );
  });
});

describe('parseCheckpoint refuses malformed checkpoints with MALFORMED_CHECKPOINT', () => {
  const bad = (text: string) => () => void expectVerificationError(() => parseCheckpoint(text), 'MALFORMED_CHECKPOINT');

  test('empty string', bad(''));
  test('not a string', () => void expectVerificationError(() => parseCheckpoint(5 as unknown as string), 'MALFORMED_CHECKPOINT'));
  test('no trailing newline', bad(BODY.slice(0, -1)));
  test('only two lines', bad(`${ORIGIN}\n1234\n`));
  test('only one line', bad(`${ORIGIN}\n`));
  test('empty origin', bad(`\n1234\n${ROOT_B64}\n`));
  test('leading zeros in the size', bad(`${ORIGIN}\n01234\n${ROOT_B64}\n`));
  test('size "00"', bad(`${ORIGIN}\n00\n${ROOT_B64}\n`));
  test('"+5" size', bad(`${ORIGIN}\n+5\n${ROOT_B64}\n`));
  test('"-5" size', bad(`${ORIGIN}\n-5\n${ROOT_B64}\n`));
  test('size with a leading space', bad(`${ORIGIN}\n 5\n${ROOT_B64}\n`));
  test('size with a trailing space', bad(`${ORIGIN}\n5 \n${ROOT_B64}\n`));
  test('size in exponent notation', bad(`${ORIGIN}\n1e3\n${ROOT_B64}\n`));
  test('size in hex', bad(`${ORIGIN}\n0x10\n${ROOT_B64}\n`));
  test('size with a decimal point', bad(`${ORIGIN}\n5.0\n${ROOT_B64}\n`));
  test('size in non-ASCII digits', bad(`${ORIGIN}\n\u0665\n${ROOT_B64}\n`));
  test('empty size', bad(`${ORIGIN}\n\n${ROOT_B64}\n`));
  test('size 2^53 (not a safe integer)', bad(`${ORIGIN}\n9007199254740992\n${ROOT_B64}\n`));
  test('size with 20 digits', bad(`${ORIGIN}\n18446744073709551615\n${ROOT_B64}\n`));
  test('31-byte root', bad(`${ORIGIN}\n5\n${encodeBase64(ROOT.subarray(1))}\n`));
  test('33-byte root', bad(`${ORIGIN}\n5\n${encodeBase64(Uint8Array.from([...ROOT, 0]))}\n`));
  test('empty root', bad(`${ORIGIN}\n5\n\n`));
  test('non-canonical base64 root (non-zero padding bits)', () => {
    // 32 bytes: 44 characters ending in one "="; the 43rd carries 2 spare bits.
    const c = ROOT_B64.charAt(42);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const bumped = ROOT_B64.slice(0, 42) + alphabet.charAt(alphabet.indexOf(c) ^ 1) + '=';
    const err = expectVerificationError(() => parseCheckpoint(`${ORIGIN}\n5\n${bumped}\n`), 'MALFORMED_CHECKPOINT');
    expect(err.message).toMatch(/canonical/);
  });
  test('root without base64 padding', bad(`${ORIGIN}\n5\n${ROOT_B64.slice(0, -1)}\n`));
  test('URL-safe base64 root', () => {
    const root = new Uint8Array(32).fill(0xfb);
    const urlSafe = encodeBase64(root).replace(/\+/g, '-').replace(/\//g, '_');
    expect(urlSafe).toMatch(/[-_]/);
    expectVerificationError(() => parseCheckpoint(`${ORIGIN}\n5\n${urlSafe}\n`), 'MALFORMED_CHECKPOINT');
  });
  test('root in hex instead of base64', bad(`${ORIGIN}\n5\n${Buffer.from(ROOT).toString('hex')}\n`));
  test('root with a trailing space', bad(`${ORIGIN}\n5\n${ROOT_B64} \n`));
  test('an empty extension line', bad(`${BODY}\n`));
  test('an empty line between extension lines', bad(`${BODY}a\n\nb\n`));
  test('CRLF line endings', bad(BODY.replace(/\n/g, '\r\n')));
  test('a tab in the origin', bad(`a\tb\n5\n${ROOT_B64}\n`));
  test('a NUL character', bad(`${ORIGIN}\u0000\n5\n${ROOT_B64}\n`));
  test('a lone surrogate in the origin', bad(`a\ud800\n5\n${ROOT_B64}\n`));
  test('huge input', bad(`${'a'.repeat(MAX_CHECKPOINT_SIZE)}\n5\n${ROOT_B64}\n`));
  test('a signed note given instead of its text', bad(SIGNED));
});

describe('formatCheckpoint refuses bad values with INVALID_ARGUMENT', () => {
  const bad = (c: unknown) => () => void expectVerificationError(() => formatCheckpoint(c as Checkpoint), 'INVALID_ARGUMENT');
  test('empty origin', bad({ ...CHECKPOINT, origin: '' }));
  test('origin with a newline', bad({ ...CHECKPOINT, origin: 'a\nb' }));
  test('origin with a carriage return', bad({ ...CHECKPOINT, origin: 'a\rb' }));
  test('negative size', bad({ ...CHECKPOINT, treeSize: -1 }));
  test('fractional size', bad({ ...CHECKPOINT, treeSize: 1.5 }));
  test('size 2^53', bad({ ...CHECKPOINT, treeSize: 2 ** 53 }));
  test('size NaN', bad({ ...CHECKPOINT, treeSize: Number.NaN }));
  test('bigint size', bad({ ...CHECKPOINT, treeSize: 5n }));
  test('31-byte root', bad({ ...CHECKPOINT, rootHash: new Uint8Array(31) }));
  test('root as an array of numbers', bad({ ...CHECKPOINT, rootHash: Array.from(ROOT) }));
  test('extension lines (Cairn never writes them)', bad({ ...CHECKPOINT, extensions: ['x'] }));
  test('not an object', bad(null));
});

describe('signCheckpoint', () => {
  test('the signed note is the checkpoint text, a blank line and one signature by the log key', () => {
    const { text, signatures } = parseNote(SIGNED);
    expect(text).toBe(BODY);
    expect(signatures.map((s) => [s.name, s.keyId])).toEqual([[ORIGIN, KEY.keyId]]);
  });

  test('a signer whose key name is not the origin: ORIGIN_MISMATCH', () => {
    const other = createSigner(generateSignerKey('example.com/other', new Uint8Array(32).fill(2)));
    expectVerificationError(() => signCheckpoint(CHECKPOINT, other), 'ORIGIN_MISMATCH');
  });
});

describe('verifyCheckpoint', () => {
  test('returns the checkpoint for a key string', () => {
    expect(verifyCheckpoint(SIGNED, VKEY)).toEqual(CHECKPOINT);
  });

  test('returns the checkpoint for a parsed key and through openCheckpoint', () => {
    expect(verifyCheckpoint(SIGNED, parseVerifierKey(VKEY))).toEqual(CHECKPOINT);
    expect(openCheckpoint(SIGNED, parseVerifierKey(VKEY))).toEqual(CHECKPOINT);
  });

  test('accepts the raw bytes of the note', () => {
    expect(verifyCheckpoint(new TextEncoder().encode(SIGNED), VKEY)).toEqual(CHECKPOINT);
  });

  test('ignores witness cosignatures and other unknown signatures', () => {
    const witness = createSigner(generateSignerKey('example.com/witness', new Uint8Array(32).fill(4)));
    const cosigned = signNote(BODY, [SIGNER, witness]);
    expect(verifyCheckpoint(cosigned, VKEY)).toEqual(CHECKPOINT);
  });

  test('returns the extension lines of a checkpoint that has them', () => {
    const note = signNote(`${BODY}extension\n`, [SIGNER]);
    expect(verifyCheckpoint(note, VKEY).extensions).toEqual(['extension']);
  });

  test('a flipped signature bit: BAD_SIGNATURE', () => {
    const { signatures } = parseNote(SIGNED);
    const bytes = new Uint8Array(68);
    new DataView(bytes.buffer).setUint32(0, KEY.keyId);
    bytes.set(signatures[0]!.signature, 4);
    bytes[40]! ^= 0x10;
    expectVerificationError(() => verifyCheckpoint(`${BODY}\n\u2014 ${ORIGIN} ${encodeBase64(bytes)}\n`, VKEY), 'BAD_SIGNATURE');
  });

  test('a changed tree size: BAD_SIGNATURE', () =>
    void expectVerificationError(() => verifyCheckpoint(SIGNED.replace('\n1234\n', '\n1235\n'), VKEY), 'BAD_SIGNATURE'));

  test('a changed root hash: BAD_SIGNATURE', () => {
    const other = encodeBase64(new Uint8Array(32));
    expectVerificationError(() => verifyCheckpoint(SIGNED.replace(ROOT_B64, other), VKEY), 'BAD_SIGNATURE');
  });

  test('the key of another log: ORIGIN_MISMATCH', () => {
    const other = verifierKeyOf(generateSignerKey('example.com/other', new Uint8Array(32).fill(5)));
    const err = expectVerificationError(() => verifyCheckpoint(SIGNED, other), 'ORIGIN_MISMATCH');
    expect(err.message).toMatch(/example\.com\/other/);
  });

  test('another key with the log name: UNKNOWN_KEY', () => {
    const sameName = verifierKeyOf(generateSignerKey(ORIGIN, new Uint8Array(32).fill(6)));
    expectVerificationError(() => verifyCheckpoint(SIGNED, sameName), 'UNKNOWN_KEY');
  });

  test('a checkpoint of another origin signed by the log key: ORIGIN_MISMATCH', () => {
    const note = signNote(`example.com/elsewhere\n1234\n${ROOT_B64}\n`, [SIGNER]);
    expectVerificationError(() => verifyCheckpoint(note, VKEY), 'ORIGIN_MISMATCH');
  });

  test('a malformed verifier key string: MALFORMED_KEY', () => void expectVerificationError(() => verifyCheckpoint(SIGNED, `${VKEY}x`), 'MALFORMED_KEY'));

  test('a verifier key with a wrong key id: MALFORMED_KEY', () => {
    const wrong = VKEY.replace(/\+[0-9a-f]{8}\+/, (m) => (m === '+00000000+' ? '+00000001+' : '+00000000+'));
    expectVerificationError(() => verifyCheckpoint(SIGNED, wrong), 'MALFORMED_KEY');
  });

  test('a signed note whose text is not a checkpoint: MALFORMED_CHECKPOINT', () => {
    expectVerificationError(() => verifyCheckpoint(signNote(`${ORIGIN}\nnot a size\n${ROOT_B64}\n`, [SIGNER]), VKEY), 'MALFORMED_CHECKPOINT');
  });

  test('a malformed note (missing blank line): MALFORMED_NOTE', () =>
    void expectVerificationError(() => verifyCheckpoint(SIGNED.replace('\n\n', '\n'), VKEY), 'MALFORMED_NOTE'));

  test('a CRLF note: MALFORMED_NOTE', () => void expectVerificationError(() => verifyCheckpoint(SIGNED.replace(/\n/g, '\r\n'), VKEY), 'MALFORMED_NOTE'));

  test('an unsigned checkpoint: NO_SIGNATURE', () => void expectVerificationError(() => verifyCheckpoint(BODY, VKEY), 'NO_SIGNATURE'));

  test('openCheckpoint without a VerifierKey: INVALID_ARGUMENT', () => {
    expectVerificationError(() => openCheckpoint(SIGNED, VKEY as never), 'INVALID_ARGUMENT');
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
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        onlyVerificationErrors(() => parseCheckpoint(s));
        onlyVerificationErrors(() => verifyCheckpoint(s, VKEY));
      }),
      { numRuns: 1000 },
    );
  });

  test('random checkpoint-shaped strings never throw anything but VerificationError', () => {
    const piece = fc.constantFrom('\n', ORIGIN, '0', '1', '01', '+', '-', ROOT_B64, ROOT_B64.slice(1), '=', ' ', '\r', '\u2014 ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => onlyVerificationErrors(() => parseCheckpoint(pieces.join('')))),
      { numRuns: 1000 },
    );
  });

  test('changing one character of a signed checkpoint is refused with VerificationError or changes nothing', () => {
    fc.assert(
      fc.property(fc.nat(SIGNED.length - 1), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (i, c) => {
        const mutated = SIGNED.slice(0, i) + c + SIGNED.slice(i + 1);
        try {
          expect(verifyCheckpoint(mutated, VKEY)).toEqual(CHECKPOINT);
          expect(mutated).toBe(SIGNED);
        } catch (e) {
          expect(e).toBeInstanceOf(VerificationError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('verifyCheckpoint with a witness policy (C2SP tlog-policy)', () => {
  const witnesses = [1, 2, 3].map((i) => createCosigner(generateSignerKey(`w${i}.example`, new Uint8Array(32).fill(40 + i))));
  const policyText = `log ${VKEY}\n${witnesses.map((w, i) => `witness W${i} ${w.verifierKey}`).join('\n')}\ngroup two 2 W0 W1 W2\nquorum two\n`;
  const cosigned = (n: number, time = 1767139200): string =>
    SIGNED +
    witnesses
      .slice(0, n)
      .map((w) => w.cosign(BODY, time))
      .join('');

  test('without a policy nothing changes: no cosignatures member, cosignature lines ignored', () => {
    expect(verifyCheckpoint(cosigned(3), VKEY)).toEqual(CHECKPOINT);
  });

  test('a satisfied quorum returns the cosignatures checked (policy as text or parsed)', () => {
    const result = verifyCheckpoint(cosigned(2), VKEY, { policy: policyText });
    expect(result.cosignatures?.map((c) => [c.witness, c.timestamp])).toEqual([
      ['W0', 1767139200],
      ['W1', 1767139200],
    ]);
    expect(verifyCheckpoint(cosigned(3), VKEY, { policy: parseWitnessPolicy(policyText) }).cosignatures).toHaveLength(3);
  });

  test('POLICY_NOT_SATISFIED with one cosignature of two needed', () => {
    expectVerificationError(() => verifyCheckpoint(cosigned(1), VKEY, { policy: policyText }), 'POLICY_NOT_SATISFIED');
  });

  test('POLICY_NOT_SATISFIED when the policy lists another log key', () => {
    const other = verifierKeyOf(generateSignerKey(ORIGIN, new Uint8Array(32).fill(2)));
    expectVerificationError(
      () => verifyCheckpoint(cosigned(3), VKEY, { policy: policyText.replace(VKEY, other) }),
      'POLICY_NOT_SATISFIED',
      /does not list the log key/,
    );
  });

  test('BAD_COSIGNATURE when a policy witness line is forged', () => {
    const forged = witnesses[2]!.cosign(BODY.replace('1234', '1235'), 1);
    expectVerificationError(() => verifyCheckpoint(cosigned(2) + forged, VKEY, { policy: policyText }), 'BAD_COSIGNATURE');
  });

  test('BAD_COSIGNATURE for a cosignature dated after notAfter', () => {
    expectVerificationError(() => verifyCheckpoint(cosigned(2, 2000), VKEY, { policy: policyText, notAfter: 1999 }), 'BAD_COSIGNATURE', /future/);
  });

  test('MALFORMED_POLICY for a bad policy text', () => {
    expectVerificationError(() => verifyCheckpoint(cosigned(2), VKEY, { policy: 'quorum nobody\n' }), 'MALFORMED_POLICY', /line 1/);
  });

  test('the log signature is still required first (UNKNOWN_KEY), whatever the cosignatures', () => {
    const other = verifierKeyOf(generateSignerKey(ORIGIN, new Uint8Array(32).fill(3)));
    expectVerificationError(() => verifyCheckpoint(cosigned(3), other, { policy: 'quorum none\n' }), 'UNKNOWN_KEY');
  });
});
