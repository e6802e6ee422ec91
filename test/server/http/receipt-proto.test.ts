/**
 * The protobuf receipts of append answers written straight into one buffer (server/http/
 * receipt-proto.ts) are byte for byte what protobufjs writes from receiptToProto: on the
 * receipts a real log hands out for its rounds (index 0, shared proof arrays, real timestamps),
 * the erased receipt of a replay, and edge values (timestamp 0 and 2^64-1, an empty payload, a
 * note with non-ASCII text); the AppendResponse equals the protobufjs writer's; a malformed
 * receipt is refused as a bug.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import protobuf from 'protobufjs/minimal.js';
import { receiptFromProto, receiptToProto, type ErasedReceiptParts } from '../../../proofs/index.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { receiptToJson } from '../../../server/http/receipt-encoding.js';
import { appendResponseProto, receiptProto } from '../../../server/http/receipt-proto.js';
import type { Receipt } from '../../../server/sequencer/types.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
let log: CairnLog;
/** Receipts as the sequencer answered them, round by round. */
const rounds: Receipt[][] = [];

beforeAll(async () => {
  log = await CairnLog.open({ dataDir: await temps.make('cairn-receipt-proto-'), origin: 'test.example/receipt-proto' });
  for (const count of [1, 2, 97, 300, 5]) {
    const outcomes = await log.append(
      'writer',
      Array.from({ length: count }, (_, k) => ({ payload: new TextEncoder().encode(`event ${k} é`), contentType: 'text/plain', occurredAt: BigInt(k) })),
    );
    rounds.push(outcomes.map((o) => o.receipt as Receipt));
  }
});
afterAll(async () => {
  await log.close();
  await temps.cleanup();
});

/** The AppendResponse as protobufjs writes it from receiptToProto (the encoding before issue 17's direct writer). */
function protobufjsAnswer(receipts: readonly (Receipt | ErasedReceiptParts)[]): Uint8Array {
  const writer = protobuf.Writer.create();
  for (const r of receipts) writer.uint32(10).bytes(receiptToProto(r));
  return writer.finish();
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('every receipt of every round: the same bytes as receiptToProto, and it reads back as the JSON receipt', () => {
  expect(rounds.flat()[0]!.index).toBe(0);
  for (const round of rounds) {
    for (const r of round) {
      const bytes = receiptProto(r);
      expect(hex(bytes)).toBe(hex(receiptToProto(r)));
      expect(receiptFromProto(bytes)).toEqual(receiptToJson(r));
    }
    expect(hex(appendResponseProto(round))).toBe(hex(protobufjsAnswer(round)));
  }
});

test('the erased receipt of a replay, and edge values, encode as protobufjs encodes them', () => {
  const r = rounds[2]![40]!;
  const { payload: _payload, nonce: _nonce, ...leaf } = r;
  const erased: ErasedReceiptParts = { ...leaf, erased: { record: r.treeSize + 200 } };
  const variants: (Receipt | ErasedReceiptParts)[] = [
    erased,
    { ...erased, erased: { record: 2 ** 40 } },
    { ...r, timestamp: 0n },
    { ...r, timestamp: (1n << 64n) - 1n },
    { ...r, timestamp: 1n << 32n },
    { ...r, timestamp: 127n },
    { ...r, payload: new Uint8Array(0) },
    { ...r, payload: new Uint8Array(300).fill(7) },
    { ...r, index: 0, inclusion: [] },
    { ...r, index: 2 ** 40, treeSize: 2 ** 53 - 1 },
    { ...r, checkpoint: `${r.checkpoint}é — ✓ 😀\n` },
  ];
  for (const v of variants) expect(hex(receiptProto(v))).toBe(hex(receiptToProto(v)));
  expect(hex(appendResponseProto(variants))).toBe(hex(protobufjsAnswer(variants)));
  expect(receiptFromProto(receiptProto(erased))).toEqual(receiptToJson(erased));
});

test('a malformed receipt is refused as a bug (INTERNAL), not encoded', () => {
  const r = rounds[1]![0]!;
  const bad: unknown[] = [
    { ...r, index: r.treeSize },
    { ...r, leafHash: new Uint8Array(31) },
    { ...r, nonce: new Uint8Array(3) },
    { ...r, inclusion: [new Uint8Array(5)] },
    { ...r, checkpoint: 'no newline' },
    { ...r, timestamp: -1n },
    { ...r, timestamp: 1n << 64n },
  ];
  for (const b of bad) expect(() => receiptProto(b as Receipt)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
});
