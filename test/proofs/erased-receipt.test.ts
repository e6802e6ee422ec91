/**
 * The receipt of an erased entry (issue 14; SPEC §4.4): the standard receipt without payload and
 * nonce, with `erased: {"record": K}`. verifyReceipt checks everything but the commitment, which
 * cannot be opened any more; it returns it only with `allowErased` (else PAYLOAD_ERASED), and
 * receipts with a payload are unchanged. The JSON and protobuf forms carry the same fields.
 */
import { describe, expect, test } from '@jest/globals';
import { decodeBase64, encodeBase64, receiptFromProto, receiptToProto, verifyReceipt, type ErasedReceiptJson, type ReceiptJson } from '../../proofs/index.js';
import { cairn } from '../../proto/gen/cairn.js';
import { makeTestLog } from './receipt-fixture.js';
import { expectVerificationError } from '../helpers/expect-error.js';

/** The receipt of `r`'s entry once its payload was erased by entry `record`. */
function erasedOf(r: ReceiptJson, record: number): ErasedReceiptJson {
  const { payload: _payload, nonce: _nonce, ...rest } = r;
  return { ...rest, erased: { record } };
}

describe('the receipt of an erased entry', () => {
  const log = makeTestLog(20, 10);
  const full = log.receipt(12);
  const erased = erasedOf(full, 17);

  test('verifies with allowErased: signature and inclusion, erased by the record it names', () => {
    for (const form of [erased, JSON.stringify(erased), receiptToProto(erased)]) {
      const v = verifyReceipt(form, log.verifierKey, { allowErased: true });
      expect(v.erased).toEqual({ record: 17 });
      expect(v.index).toBe(12);
      expect(v.treeSize).toBe(20);
      expect(v.entry).toEqual(log.entries[12]);
      expect(v.checkpoint.rootHash).toEqual(log.rootHash);
      expect('payload' in v).toBe(false);
      expect('nonce' in v).toBe(false);
    }
  });

  test('without allowErased it is refused with PAYLOAD_ERASED naming the record (it proves no payload)', () => {
    expectVerificationError(() => verifyReceipt(erased, log.verifierKey), 'PAYLOAD_ERASED', /erased by entry 17/);
  });

  test('a receipt with its payload verifies exactly as before, with or without allowErased', () => {
    const v = verifyReceipt(full, log.verifierKey, { allowErased: true });
    expect(v.erased).toBeUndefined();
    expect(v.erased === undefined && v.payload).toEqual(log.payloads[12]);
    expect(verifyReceipt(full, log.verifierKey).payload).toEqual(log.payloads[12]);
  });

  test('the protobuf form round-trips to the same JSON, with empty payload and nonce and `erased` set', () => {
    const bytes = receiptToProto(erased);
    expect(receiptFromProto(bytes)).toEqual(erased);
    const m = cairn.v1.Receipt.decode(bytes);
    expect(m.payload.length).toBe(0);
    expect(m.nonce.length).toBe(0);
    expect(Number(m.erased?.record)).toBe(17);
    expect(Object.keys(receiptFromProto(bytes))).toEqual(['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'erased', 'proof']);
  });

  test('tampering fails: entry, leaf hash, index, proof, signature', () => {
    const key = log.verifierKey;
    const opts = { allowErased: true } as const;
    const entry = decodeBase64(erased.entry);
    entry[entry.length - 1]! ^= 1;
    expectVerificationError(() => verifyReceipt({ ...erased, entry: encodeBase64(entry) }, key, opts), 'LEAF_HASH_MISMATCH');
    // Another leaf's bytes and hash, at this index: the inclusion proof does not hold.
    const other = log.receipt(13);
    expectVerificationError(() => verifyReceipt({ ...erased, entry: other.entry, leafHash: other.leafHash }, key, opts), 'INCLUSION_FAILED');
    expectVerificationError(() => verifyReceipt({ ...erased, index: 11 }, key, opts), 'FIELD_MISMATCH');
    expectVerificationError(() => verifyReceipt({ ...erased, timestamp: other.timestamp }, key, opts), 'FIELD_MISMATCH');
    const sig = erased.proof.lastIndexOf(' ');
    const flipped = erased.proof.slice(0, sig + 1) + (erased.proof[sig + 1] === 'A' ? 'B' : 'A') + erased.proof.slice(sig + 2);
    expectVerificationError(() => verifyReceipt({ ...erased, proof: flipped }, key, opts), undefined);
  });

  test('the shape is strict: no payload or nonce beside `erased`, `erased` exactly {record}, the record after the entry', () => {
    const key = log.verifierKey;
    const opts = { allowErased: true } as const;
    expectVerificationError(() => verifyReceipt({ ...erased, payload: full.payload } as never, key, opts), 'MALFORMED_RECEIPT', /no payload/);
    expectVerificationError(() => verifyReceipt({ ...erased, nonce: full.nonce } as never, key, opts), 'MALFORMED_RECEIPT', /no nonce/);
    expectVerificationError(() => verifyReceipt({ ...erased, erased: {} } as never, key, opts), 'MALFORMED_RECEIPT');
    expectVerificationError(() => verifyReceipt({ ...erased, erased: { record: 17, by: 'x' } } as never, key, opts), 'MALFORMED_RECEIPT');
    expectVerificationError(() => verifyReceipt({ ...erased, erased: { record: '17' } } as never, key, opts), 'MALFORMED_RECEIPT');
    expectVerificationError(() => verifyReceipt({ ...erased, erased: 17 } as never, key, opts), 'MALFORMED_RECEIPT');
    expectVerificationError(() => verifyReceipt(erasedOf(full, 12), key, opts), 'MALFORMED_RECEIPT', /does not come after/);
    expectVerificationError(() => verifyReceipt(erasedOf(full, 3), key, opts), 'MALFORMED_RECEIPT', /does not come after/);
    const { erased: _e, ...noErased } = erased;
    expectVerificationError(() => verifyReceipt(noErased as never, key, opts), 'MALFORMED_RECEIPT', /no payload field/);
  });

  test('protobuf: `erased` beside a payload or nonce is refused, and so is a record not after the entry', () => {
    const m = cairn.v1.Receipt.decode(receiptToProto(erased));
    const withNonce = cairn.v1.Receipt.encode({ ...m, nonce: decodeBase64(full.nonce) }).finish();
    expectVerificationError(() => receiptFromProto(withNonce), 'MALFORMED_RECEIPT', /no payload and no nonce/);
    const withPayload = cairn.v1.Receipt.encode({ ...m, payload: new Uint8Array([1]) }).finish();
    expectVerificationError(() => receiptFromProto(withPayload), 'MALFORMED_RECEIPT', /no payload and no nonce/);
    const early = cairn.v1.Receipt.encode({ ...m, erased: { record: 5 } }).finish();
    expectVerificationError(() => receiptFromProto(early), 'MALFORMED_RECEIPT', /does not come after/);
  });
});
