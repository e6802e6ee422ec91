import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import protobuf from 'protobufjs/minimal.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hashLeaf } from '../../merkle/index.js';
import {
  MAX_PAYLOAD_SIZE,
  MAX_RECEIPT_JSON_SIZE,
  VerificationError,
  buildReceipt,
  createSigner,
  decodeBase64,
  encodeBase64,
  formatTimestamp,
  formatTlogProof,
  parseTlogProof,
  parseVerifierKey,
  receiptFromProto,
  receiptToProto,
  signCheckpoint,
  verifierKeyOf,
  verifyReceipt,
  type ReceiptJson,
  type VerifiedReceipt,
} from '../../proofs/index.js';
import { cairn } from '../../proto/gen/cairn.js';
import { ORIGIN, makeTestLog, testKey, type TestLog } from './receipt-fixture.js';
import { expectVerificationError } from '../helpers/expect-error.js';

/** A copy of base64 `text` with `edit` applied to its bytes. */
function editBase64(text: string, edit: (bytes: Uint8Array) => void): string {
  const bytes = decodeBase64(text);
  edit(bytes);
  return encodeBase64(bytes);
}

/** A copy of the receipt whose tlog-proof's checkpoint note went through `edit`. */
function editCheckpoint(r: ReceiptJson, edit: (note: string) => string): ReceiptJson {
  const proof = parseTlogProof(r.proof);
  return { ...r, proof: formatTlogProof({ ...proof, checkpoint: edit(proof.checkpoint) }) };
}

function checkVerified(v: VerifiedReceipt, log: TestLog, index: number): void {
  expect(v.index).toBe(index);
  expect(v.treeSize).toBe(log.size);
  expect(v.leafHash).toEqual(log.leafHashes[index]);
  expect(v.entry).toEqual(log.entries[index]);
  expect(v.entryBytes).toEqual(log.entryBytes[index]);
  expect(v.payload).toEqual(log.payloads[index]);
  expect(v.nonce).toEqual(log.nonces[index]);
  expect(v.checkpoint).toEqual({ origin: ORIGIN, treeSize: log.size, rootHash: log.rootHash });
  expect(v.checkpointNote).toBe(log.checkpoint);
}

describe('real receipts verify', () => {
  // Sizes around powers of two and both rounds' boundaries; every leaf of the last round.
  const shapes: Array<[number, number]> = [
    [1, 0],
    [2, 1],
    [3, 0],
    [4, 3],
    [7, 2],
    [8, 8 - 5],
    [9, 8],
    [16, 1],
    [17, 9],
    [31, 30],
    [64, 40],
    [100, 77],
    [257, 250],
  ];
  for (const [size, roundStart] of shapes) {
    test(`tree size ${size}, leaves ${roundStart}..${size - 1}: JSON object, JSON text and protobuf`, () => {
      const log = makeTestLog(size, roundStart);
      for (let index = roundStart; index < size; index++) {
        const r = log.receipt(index);
        checkVerified(verifyReceipt(r, log.verifierKey), log, index);
        checkVerified(verifyReceipt(JSON.stringify(r), log.verifierKey), log, index);
        checkVerified(verifyReceipt(receiptToProto(r), log.verifierKey), log, index);
      }
    });
  }

  test('the receipt has the SPEC §4 fields, in order, with the entry timestamp in RFC 3339', () => {
    const log = makeTestLog(13, 5);
    const r = log.receipt(6);
    expect(Object.keys(r)).toEqual(['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'payload', 'nonce', 'proof']);
    expect(r.index).toBe(6);
    expect(r.treeSize).toBe(13);
    expect(r.timestamp).toBe(formatTimestamp(log.entries[6]!.timestamp));
    expect(r.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(r.proof.startsWith('c2sp.org/tlog-proof@v1\nindex 6\n')).toBe(true);
    expect(r.proof.endsWith(log.checkpoint)).toBe(true);
    expect(decodeBase64(r.leafHash)).toEqual(hashLeaf(decodeBase64(r.entry)));
  });

  test('a parsed VerifierKey works as well as the key string', () => {
    const log = makeTestLog(5, 0);
    const key = parseVerifierKey(log.verifierKey);
    expect(verifyReceipt(log.receipt(3), key).index).toBe(3);
  });

  test('a protobuf receipt in a Node Buffer', () => {
    const log = makeTestLog(10, 3);
    checkVerified(verifyReceipt(Buffer.from(receiptToProto(log.receipt(5))), log.verifierKey), log, 5);
  });

  test('the protobuf form round-trips to the same JSON receipt', () => {
    const log = makeTestLog(10, 3);
    const r = log.receipt(4);
    expect(receiptFromProto(receiptToProto(r))).toEqual(r);
  });

  test('the protobuf form uses the cairn.v1.Receipt field numbers', () => {
    const log = makeTestLog(10, 3);
    const r = log.receipt(4);
    const decoded = cairn.v1.Receipt.toObject(cairn.v1.Receipt.decode(receiptToProto(r)), { longs: String });
    expect(decoded['index']).toBe('4');
    expect(decoded['treeSize']).toBe('10');
    expect(decoded['timestamp']).toBe(log.entries[4]!.timestamp.toString());
    expect(decoded['proof']).toBe(r.proof);
  });

  test('an empty payload', () => {
    const log = makeTestLog(3, 0, { payload: (i) => (i === 1 ? new Uint8Array(0) : undefined) });
    const r = log.receipt(1);
    expect(r.payload).toBe('');
    expect(verifyReceipt(r, log.verifierKey).payload).toEqual(new Uint8Array(0));
    expect(verifyReceipt(receiptToProto(r), log.verifierKey).entry.payloadSize).toBe(0);
  });

  test('a binary payload of 1 MiB', () => {
    const big = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 31) & 0xff);
    const log = makeTestLog(2, 0, { payload: (i) => (i === 0 ? big : undefined) });
    expect(verifyReceipt(JSON.stringify(log.receipt(0)), log.verifierKey).payload).toEqual(big);
  });
});

describe('tampering is refused with its own code', () => {
  const log = makeTestLog(13, 5);
  const good = log.receipt(6);
  const vkey = log.verifierKey;

  test('the untampered receipt verifies (control)', () => {
    expect(verifyReceipt(good, vkey).index).toBe(6);
  });

  test('an entry byte: LEAF_HASH_MISMATCH', () => {
    const r = { ...good, entry: editBase64(good.entry, (b) => (b[b.length - 1]! ^= 0x01)) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'LEAF_HASH_MISMATCH');
  });

  test('a payload byte: COMMITMENT_MISMATCH', () => {
    const r = { ...good, payload: editBase64(good.payload, (b) => (b[2]! ^= 0x20)) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'COMMITMENT_MISMATCH');
  });

  test('a nonce byte: COMMITMENT_MISMATCH', () => {
    const r = { ...good, nonce: editBase64(good.nonce, (b) => (b[0]! ^= 0x80)) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'COMMITMENT_MISMATCH');
  });

  test('the leafHash: LEAF_HASH_MISMATCH', () => {
    const r = { ...good, leafHash: editBase64(good.leafHash, (b) => (b[31]! ^= 0x01)) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'LEAF_HASH_MISMATCH');
  });

  test('an inclusion proof hash: INCLUSION_FAILED', () => {
    const p = parseTlogProof(good.proof);
    p.hashes[1]![0]! ^= 0x01;
    expectVerificationError(() => verifyReceipt({ ...good, proof: formatTlogProof(p) }, vkey), 'INCLUSION_FAILED');
  });

  test('the size number in the checkpoint: BAD_SIGNATURE', () => {
    const r = editCheckpoint({ ...good, treeSize: 14 }, (note) => note.replace(`\n13\n`, `\n14\n`));
    expectVerificationError(() => verifyReceipt(r, vkey), 'BAD_SIGNATURE');
  });

  test('the root in the checkpoint: BAD_SIGNATURE', () => {
    const root = encodeBase64(log.rootHash);
    const other = editBase64(root, (b) => (b[5]! ^= 0x04));
    const r = editCheckpoint(good, (note) => note.replace(root, other));
    expectVerificationError(() => verifyReceipt(r, vkey), 'BAD_SIGNATURE');
  });

  test('the index: FIELD_MISMATCH', () => {
    expectVerificationError(() => verifyReceipt({ ...good, index: 7 }, vkey), 'FIELD_MISMATCH');
  });

  test('the treeSize: FIELD_MISMATCH', () => {
    expectVerificationError(() => verifyReceipt({ ...good, treeSize: 12 }, vkey), 'FIELD_MISMATCH');
  });

  test('the timestamp (one nanosecond later): FIELD_MISMATCH', () => {
    const r = { ...good, timestamp: formatTimestamp(log.entries[6]!.timestamp + 1n) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'FIELD_MISMATCH');
  });

  test('a bit of the signature: BAD_SIGNATURE', () => {
    const r = editCheckpoint(good, (note) => {
      const lines = note.split('\n');
      const sigLine = lines[lines.length - 2]!;
      const at = sigLine.lastIndexOf(' ') + 1;
      lines[lines.length - 2] = sigLine.slice(0, at) + editBase64(sigLine.slice(at), (b) => (b[20]! ^= 0x10));
      return lines.join('\n');
    });
    expectVerificationError(() => verifyReceipt(r, vkey), 'BAD_SIGNATURE');
  });

  test('a wrong key (another log): ORIGIN_MISMATCH', () => {
    const other = verifierKeyOf(testKey('example.com/another-log', 'another log'));
    expectVerificationError(() => verifyReceipt(good, other), 'ORIGIN_MISMATCH');
  });

  test('another key with the same name: the origin matches but UNKNOWN_KEY', () => {
    const impostor = verifierKeyOf(testKey(ORIGIN, 'an impostor key'));
    expectVerificationError(() => verifyReceipt(good, impostor), 'UNKNOWN_KEY');
  });

  test('a checkpoint re-signed by another key with the same name: UNKNOWN_KEY', () => {
    const forged = signCheckpoint({ origin: ORIGIN, treeSize: 13, rootHash: log.rootHash }, createSigner(testKey(ORIGIN, 'an impostor key')));
    expectVerificationError(
      () =>
        verifyReceipt(
          editCheckpoint(good, () => forged),
          vkey,
        ),
      'UNKNOWN_KEY',
    );
  });

  test("another key's signature under the genuine key id: BAD_SIGNATURE", () => {
    const impostor = testKey(ORIGIN, 'an impostor key');
    const forged = signCheckpoint({ origin: ORIGIN, treeSize: 13, rootHash: log.rootHash }, { ...createSigner(impostor), keyId: log.key.keyId });
    expectVerificationError(
      () =>
        verifyReceipt(
          editCheckpoint(good, () => forged),
          vkey,
        ),
      'BAD_SIGNATURE',
    );
  });

  test('an extra JSON field: MALFORMED_RECEIPT', () => {
    expectVerificationError(() => verifyReceipt({ ...good, extra: 1 } as unknown as ReceiptJson, vkey), 'MALFORMED_RECEIPT');
  });

  test('an extra field in the JSON text: MALFORMED_RECEIPT', () => {
    const text = JSON.stringify(good).replace(/}$/, ',"note":"hi"}');
    expectVerificationError(() => verifyReceipt(text, vkey), 'MALFORMED_RECEIPT');
  });

  test('a __proto__ field in the JSON text: MALFORMED_RECEIPT', () => {
    const text = JSON.stringify(good).replace(/}$/, ',"__proto__":{"index":1}}');
    expectVerificationError(() => verifyReceipt(text, vkey), 'MALFORMED_RECEIPT');
  });

  for (const field of ['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'payload', 'nonce', 'proof'] as const) {
    test(`a missing ${field} field: MALFORMED_RECEIPT`, () => {
      const r: Partial<ReceiptJson> = { ...good };
      delete r[field];
      expectVerificationError(() => verifyReceipt(r as ReceiptJson, vkey), 'MALFORMED_RECEIPT');
    });
  }

  test('non-string base64 (an array of bytes for the payload): MALFORMED_RECEIPT', () => {
    const r = { ...good, payload: [...decodeBase64(good.payload)] } as unknown as ReceiptJson;
    expectVerificationError(() => verifyReceipt(r, vkey), 'MALFORMED_RECEIPT');
  });

  test('non-string base64 (a number for the nonce): MALFORMED_RECEIPT', () => {
    expectVerificationError(() => verifyReceipt({ ...good, nonce: 12 } as unknown as ReceiptJson, vkey), 'MALFORMED_RECEIPT');
  });

  test('trailing garbage in the proof: MALFORMED_RECEIPT', () => {
    expectVerificationError(() => verifyReceipt({ ...good, proof: `${good.proof}garbage` }, vkey), 'MALFORMED_RECEIPT');
  });

  test('a trailing line of garbage in the proof: MALFORMED_RECEIPT', () => {
    expectVerificationError(() => verifyReceipt({ ...good, proof: `${good.proof}garbage\n` }, vkey), 'MALFORMED_RECEIPT');
  });

  test('a trailing blank line in the proof: MALFORMED_RECEIPT', () => {
    expectVerificationError(() => verifyReceipt({ ...good, proof: `${good.proof}\n` }, vkey), 'MALFORMED_RECEIPT');
  });
});

describe('receipts that lie consistently are refused', () => {
  const log = makeTestLog(13, 5);
  const good = log.receipt(6);
  const vkey = log.verifierKey;

  test("another leaf's entry and leafHash with this leaf's proof: INCLUSION_FAILED", () => {
    const other = log.receipt(7);
    const r = { ...good, entry: other.entry, leafHash: other.leafHash, timestamp: other.timestamp, payload: other.payload, nonce: other.nonce };
    expectVerificationError(() => verifyReceipt(r, vkey), 'INCLUSION_FAILED');
  });

  test('another index in both the receipt and the proof: INCLUSION_FAILED', () => {
    const p = parseTlogProof(good.proof);
    const r = { ...good, index: 7, proof: formatTlogProof({ ...p, index: 7 }) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'INCLUSION_FAILED');
  });

  test('an index beyond the signed size in both the receipt and the proof: INDEX_OUT_OF_RANGE', () => {
    const p = parseTlogProof(good.proof);
    const r = { ...good, index: 13, proof: formatTlogProof({ ...p, index: 13 }) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'INDEX_OUT_OF_RANGE');
  });

  test('an extra hash in the proof: MALFORMED_PROOF', () => {
    const p = parseTlogProof(good.proof);
    const r = { ...good, proof: formatTlogProof({ ...p, hashes: [...p.hashes, log.rootHash] }) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'MALFORMED_PROOF');
  });

  test('a missing hash in the proof: MALFORMED_PROOF', () => {
    const p = parseTlogProof(good.proof);
    const r = { ...good, proof: formatTlogProof({ ...p, hashes: p.hashes.slice(0, -1) }) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'MALFORMED_PROOF');
  });

  test('two proof hashes swapped: INCLUSION_FAILED', () => {
    const p = parseTlogProof(good.proof);
    const [a, b, ...rest] = p.hashes;
    const r = { ...good, proof: formatTlogProof({ ...p, hashes: [b!, a!, ...rest] }) };
    expectVerificationError(() => verifyReceipt(r, vkey), 'INCLUSION_FAILED');
  });

  test('an entry whose payloadSize is not the payload length: COMMITMENT_MISMATCH', () => {
    const bad = makeTestLog(6, 0, { editEntry: (i, e) => (i === 2 ? { ...e, payloadSize: e.payloadSize + 1 } : e) });
    expectVerificationError(() => verifyReceipt(bad.receipt(2), bad.verifierKey), 'COMMITMENT_MISMATCH');
  });

  test('an entry that commits to another payload: COMMITMENT_MISMATCH', () => {
    const bad = makeTestLog(6, 0, { editEntry: (i, e) => (i === 2 ? { ...e, commitment: sha256(new Uint8Array([1])) } : e) });
    expectVerificationError(() => verifyReceipt(bad.receipt(2), bad.verifierKey), 'COMMITMENT_MISMATCH');
  });

  test('a signed leaf that is not a LogEntry: MALFORMED_ENTRY', () => {
    const bad = makeTestLog(6, 0, { rawLeaf: (i) => (i === 2 ? new TextEncoder().encode('leaf-2') : undefined) });
    expectVerificationError(() => verifyReceipt(bad.receipt(2), bad.verifierKey), 'MALFORMED_ENTRY');
  });

  test('a signed leaf with an unknown protobuf field: MALFORMED_ENTRY', () => {
    const bad = makeTestLog(6, 0, {
      rawLeaf: (i) => (i === 2 ? new Uint8Array([...makeTestLog(3, 0).entryBytes[2]!, 0x78, 0x01]) : undefined), // field 15 (varint): unknown
    });
    expectVerificationError(() => verifyReceipt(bad.receipt(2), bad.verifierKey), 'MALFORMED_ENTRY');
  });
});

describe('malformed receipts are refused with MALFORMED_RECEIPT', () => {
  const log = makeTestLog(13, 5);
  const good = log.receipt(6);
  const vkey = log.verifierKey;

  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['a number', 42],
    ['an array', [good]],
    ['the index as a string', { ...good, index: '6' }],
    ['a negative index', { ...good, index: -1 }],
    ['a fractional index', { ...good, index: 6.5 }],
    ['a treeSize above 2^53-1', { ...good, treeSize: 2 ** 53 }],
    ['the treeSize as null', { ...good, treeSize: null }],
    ['a leafHash of 31 bytes', { ...good, leafHash: encodeBase64(new Uint8Array(31)) }],
    ['a nonce of 31 bytes', { ...good, nonce: encodeBase64(new Uint8Array(31)) }],
    ['a nonce of 33 bytes', { ...good, nonce: encodeBase64(new Uint8Array(33)) }],
    [
      'URL-safe base64 in the nonce',
      {
        ...good,
        nonce: encodeBase64(Uint8Array.from({ length: 32 }, (_, i) => (i < 2 ? [0xfb, 0xff][i]! : i)))
          .replace('+', '-')
          .replace('/', '_'),
      },
    ],
    ['base64 without padding', { ...good, leafHash: good.leafHash.replace(/=+$/, '') }],
    ['whitespace in base64', { ...good, entry: ` ${good.entry}` }],
    ['a timestamp without nanoseconds that is not RFC 3339', { ...good, timestamp: '2026-11-26 16:56:52Z' }],
    ['a timestamp as a number', { ...good, timestamp: 1795712212123456789 }],
    ['an entry longer than an entry bundle can hold', { ...good, entry: encodeBase64(new Uint8Array(70_000)) }],
    ['a proof that is not a tlog-proof', { ...good, proof: 'hello' }],
    ['a proof with another header', { ...good, proof: good.proof.replace('tlog-proof@v1', 'tlog-proof@v2') }],
    ['a proof index with a leading zero', { ...good, proof: good.proof.replace('index 6\n', 'index 06\n') }],
    ['a proof as an object', { ...good, proof: parseTlogProof(good.proof) }],
  ];
  for (const [name, value] of cases) {
    test(name, () => {
      expectVerificationError(() => verifyReceipt(value as ReceiptJson, vkey), 'MALFORMED_RECEIPT');
    });
  }

  test('JSON text that is not JSON', () => {
    expectVerificationError(() => verifyReceipt('{"index": 6,', vkey), 'MALFORMED_RECEIPT');
  });

  test('JSON text of a string', () => {
    expectVerificationError(() => verifyReceipt('"receipt"', vkey), 'MALFORMED_RECEIPT');
  });

  test('JSON text longer than the cap, refused before parsing', () => {
    expectVerificationError(() => verifyReceipt(' '.repeat(MAX_RECEIPT_JSON_SIZE + 1), vkey), 'MALFORMED_RECEIPT');
  });

  test('a payload field longer than 64 MiB, refused before decoding', () => {
    const tooLong = 'A'.repeat(Math.ceil(MAX_PAYLOAD_SIZE / 3) * 4 + 4);
    expectVerificationError(() => verifyReceipt({ ...good, payload: tooLong }, vkey), 'MALFORMED_RECEIPT');
  });

  test('protobuf garbage', () => {
    expectVerificationError(() => verifyReceipt(new Uint8Array([0xff, 0xff, 0xff, 0xff]), vkey), 'MALFORMED_RECEIPT');
  });

  test('truncated protobuf', () => {
    const bytes = receiptToProto(good);
    expectVerificationError(() => verifyReceipt(bytes.subarray(0, bytes.length - 3), vkey), 'MALFORMED_RECEIPT');
  });

  test('protobuf with an unknown field', () => {
    const bytes = receiptToProto(good);
    expectVerificationError(() => verifyReceipt(new Uint8Array([...bytes, 0x48, 0x01]), vkey), 'MALFORMED_RECEIPT');
  });

  test('protobuf with an unknown field even when protobufjs keeps unknown fields', () => {
    const bytes = receiptToProto(good);
    const saved = protobuf.Reader.discardUnknown;
    protobuf.Reader.discardUnknown = false;
    try {
      expectVerificationError(() => verifyReceipt(new Uint8Array([...bytes, 0x48, 0x01]), vkey), 'MALFORMED_RECEIPT');
    } finally {
      protobuf.Reader.discardUnknown = saved;
    }
  });

  test('protobuf with a duplicated index field', () => {
    const bytes = receiptToProto(good);
    expectVerificationError(() => verifyReceipt(new Uint8Array([...bytes, 0x08, 0x06]), vkey), 'MALFORMED_RECEIPT');
  });

  test('protobuf with a nonce of 31 bytes', () => {
    const bytes = cairn.v1.Receipt.encode({ ...cairn.v1.Receipt.decode(receiptToProto(good)), nonce: new Uint8Array(31) }).finish();
    expectVerificationError(() => verifyReceipt(bytes, vkey), 'MALFORMED_RECEIPT');
  });

  test('protobuf with an index of 2^64-1', () => {
    const bytes = new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expectVerificationError(() => receiptFromProto(bytes), 'MALFORMED_RECEIPT');
  });

  test('receiptToProto refuses a malformed receipt', () => {
    expectVerificationError(() => receiptToProto({ ...good, nonce: 'not base64!' }), 'MALFORMED_RECEIPT');
  });

  test('a malformed verifier key: MALFORMED_KEY', () => {
    expectVerificationError(() => verifyReceipt(good, 'not a key'), 'MALFORMED_KEY');
  });
});

describe('buildReceipt refuses bad parts', () => {
  const log = makeTestLog(4, 0);
  const r = log.receipt(1);
  const parts = {
    index: 1,
    entry: log.entryBytes[1]!,
    leafHash: log.leafHashes[1]!,
    timestamp: log.entries[1]!.timestamp,
    payload: log.payloads[1]!,
    nonce: log.nonces[1]!,
    inclusion: parseTlogProof(r.proof).hashes,
    checkpoint: log.checkpoint,
    treeSize: 4,
  };

  test('the parts of a real receipt rebuild it (control)', () => {
    expect(buildReceipt(parts)).toEqual(r);
  });

  const cases: Array<[string, object]> = [
    ['an index equal to the tree size', { index: 4 }],
    ['a negative index', { index: -1 }],
    ['a tree size of 0', { treeSize: 0, index: 0 }],
    ['a leafHash of 31 bytes', { leafHash: new Uint8Array(31) }],
    ['a nonce of 16 bytes', { nonce: new Uint8Array(16) }],
    ['a negative timestamp', { timestamp: -1n }],
    ['an inclusion hash of 31 bytes', { inclusion: [new Uint8Array(31)] }],
    ['a checkpoint without a final newline', { checkpoint: log.checkpoint.slice(0, -1) }],
    ['an entry given as base64 text', { entry: r.entry }],
  ];
  for (const [name, patch] of cases) {
    test(name, () => {
      expectVerificationError(() => buildReceipt({ ...parts, ...patch }), 'INVALID_ARGUMENT');
    });
  }
});

describe('only VerificationError, whatever the input', () => {
  const log = makeTestLog(13, 5);
  const good = log.receipt(6);
  const text = JSON.stringify(good);
  const vkey = log.verifierKey;

  function verifiesOrRefuses(input: ReceiptJson | string | Uint8Array): void {
    try {
      const v = verifyReceipt(input, vkey);
      // Anything accepted is the genuine receipt (e.g. an edit that left the JSON equal).
      expect(v.index).toBe(6);
      expect(v.payload).toEqual(log.payloads[6]);
    } catch (e) {
      expect(e).toBeInstanceOf(VerificationError);
    }
  }

  test('random strings as JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (s) => verifiesOrRefuses(s)),
      { numRuns: 1000 },
    );
  });

  test('random JSON values as the receipt object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => verifiesOrRefuses(v as unknown as ReceiptJson)),
      { numRuns: 1000 },
    );
  });

  test('random objects with the receipt keys and values of any type', () => {
    const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.nat()));
    fc.assert(
      fc.property(
        fc.record({
          index: anyValue,
          leafHash: anyValue,
          timestamp: anyValue,
          treeSize: anyValue,
          entry: anyValue,
          payload: anyValue,
          nonce: anyValue,
          proof: anyValue,
        }),
        (r) => verifiesOrRefuses(r as unknown as ReceiptJson),
      ),
      { numRuns: 1000 },
    );
  });

  test('random character edits of a valid receipt JSON text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(text.length - 1), fc.string({ minLength: 0, maxLength: 2 })), { minLength: 1, maxLength: 3 }), (edits) => {
        let s = text;
        for (const [at, insert] of edits) s = s.slice(0, at) + insert + s.slice(at + 1);
        verifiesOrRefuses(s);
      }),
      { numRuns: 300 },
    );
  });

  test('random bytes as a protobuf receipt', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => verifiesOrRefuses(b)),
      { numRuns: 2000 },
    );
  });

  test('random byte edits of a valid protobuf receipt', () => {
    const bytes = receiptToProto(good);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (edits) => {
        const b = bytes.slice();
        for (const [at, v] of edits) b[at] = v;
        verifiesOrRefuses(b);
      }),
      { numRuns: 300 },
    );
  });
});
