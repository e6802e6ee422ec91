/**
 * The receipt text of search, stream and export (ReceiptTextEncoder) and the search page text
 * (pageText) are byte for byte JSON.stringify of the receipt objects and of the page: on a real
 * log's receipts (scattered entries, proofs of one batch sharing node arrays, two checkpoints
 * through one encoder), on notes needing JSON escapes, and with and without `skipped`.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { CairnLog } from '../../../server/cairn-log.js';
import { ReceiptTextEncoder, joinBytes, receiptToJson } from '../../../server/http/receipt-encoding.js';
import { pageBytes } from '../../../server/http/routes/events.js';
import { leafTimestamp, receiptsOf } from '../../../server/http/events-query.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
let log: CairnLog;

beforeAll(async () => {
  log = await CairnLog.open({ dataDir: await temps.make('cairn-receipt-text-'), origin: 'test.example/receipt-text' });
  for (let r = 0; r < 6; r++) {
    await log.append(
      'writer',
      Array.from({ length: 97 }, (_, k) => ({
        payload: new TextEncoder().encode(JSON.stringify({ actor: `a"\\\n${k}`, n: r * 97 + k, s: '\u2028é😀' })),
        contentType: 'application/json',
        occurredAt: BigInt(k),
      })),
    );
  }
});
afterAll(async () => {
  await log.close();
  await temps.cleanup();
});

test('ReceiptTextEncoder gives JSON.stringify(receiptToJson(receipt)) for every receipt, across checkpoints', async () => {
  const encoder = new ReceiptTextEncoder();
  for (const treeSize of [log.checkpoint.treeSize, 97 * 3, 97]) {
    // Scattered, then every entry in order (proofs sharing their upper nodes), in one batch.
    const indexes = [0, 1, 2, 96, 97, 255, 256, 300, treeSize - 1].filter((i) => i < treeSize);
    indexes.push(...Array.from({ length: treeSize }, (_, i) => i));
    const proofs = await log.inclusionProofs(indexes, treeSize);
    const note = (await log.checkpointAt(treeSize))!.note;
    const timestamps = await log.leavesAt(indexes);
    for (const [k, index] of indexes.entries()) {
      const parts = await log.receipt(index, treeSize);
      expect(leafTimestamp(timestamps[k]!)).toBe(parts.timestamp);
      expect(parts.inclusion.map((h) => Buffer.from(h).toString('hex'))).toEqual(proofs[k]!.map((h) => Buffer.from(h).toString('hex')));
      const receipt = { ...parts, inclusion: proofs[k]!, checkpoint: note };
      expect(encoder.text(receipt)).toBe(JSON.stringify(receiptToJson(receipt)));
    }
  }
});

test('a note with characters JSON escapes is escaped as JSON.stringify escapes it', async () => {
  const parts = await log.receipt(5, log.checkpoint.treeSize);
  const encoder = new ReceiptTextEncoder();
  for (const checkpoint of [`${parts.checkpoint}\t"\\\u0001\u2028é\n`, parts.checkpoint]) {
    const receipt = { ...parts, checkpoint };
    expect(encoder.text(receipt)).toBe(JSON.stringify(receiptToJson(receipt)));
  }
});

test('leafTimestamp decodes what is not a canonical leaf strictly (and refuses it)', () => {
  expect(() => leafTimestamp(Uint8Array.of(0x12, 0x00))).toThrow(expect.objectContaining({ code: 'MALFORMED_ENTRY' }));
  expect(() => leafTimestamp(Uint8Array.of(0x08, 0x00))).toThrow(expect.objectContaining({ code: 'MALFORMED_ENTRY' }));
  expect(() => leafTimestamp(Uint8Array.of(0x08, 0xff, 0xff))).toThrow(expect.objectContaining({ code: 'MALFORMED_ENTRY' }));
});

test('a malformed receipt is refused as a bug, not encoded', async () => {
  const parts = await log.receipt(5, log.checkpoint.treeSize);
  const encoder = new ReceiptTextEncoder();
  expect(() => encoder.text({ ...parts, nonce: new Uint8Array(3) })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  expect(() => encoder.text({ ...parts, index: parts.treeSize })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  expect(() => encoder.text({ ...parts, checkpoint: 'no newline' })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
});

test('pageBytes is the UTF-8 of JSON.stringify of the page, with and without skipped', async () => {
  const treeSize = log.checkpoint.treeSize;
  const receipts = await Promise.all([3, 200].map((i) => log.receipt(i, treeSize)));
  const encoder = new ReceiptTextEncoder();
  const heads = receipts.map((r) => ({ head: encoder.head(r) }));
  for (const head of heads) expect(Buffer.from(head.head, 'latin1').toString('utf8')).toBe(head.head); // ASCII
  const checkpoint = log.checkpoint.note;
  for (const next of [null, 'opaque"cursor']) {
    for (const skipped of [[], [{ index: 7, reason: 'payload-erased' as const }]]) {
      const page = { checkpoint, events: receipts.map((r) => receiptToJson(r)), next, ...(skipped.length > 0 ? { skipped } : {}) };
      const bytes = pageBytes(checkpoint, { receipts: heads, tail: encoder.tail, skipped }, next);
      expect(bytes.equals(Buffer.from(JSON.stringify(page), 'utf8'))).toBe(true);
    }
  }
  const empty = pageBytes(checkpoint, { receipts: [], tail: new Uint8Array(0), skipped: [] }, null);
  expect(empty.toString('utf8')).toBe(JSON.stringify({ checkpoint, events: [], next: null }));
});

test('joinBytes writes ASCII strings and copies byte arrays in order', () => {
  expect(joinBytes(['ab', Uint8Array.of(0xe2, 0x80, 0x94), '', 'c']).equals(Buffer.from('ab\u2014c', 'utf8'))).toBe(true);
  expect(joinBytes([]).length).toBe(0);
});

test('receiptsOf: the receipts of found entries as the one-entry receipts, an erased payload skipped, in the order asked', async () => {
  const treeSize = log.checkpoint.treeSize;
  await log.store.erasePayloads!([150]);
  const indexes = [400, 3, 150, 151, 2, 500];
  const built = await receiptsOf(log, indexes, treeSize);
  expect(built.skipped).toEqual([{ index: 150, reason: 'payload-erased' }]);
  expect(built.receipts.map((r) => r.index)).toEqual([400, 3, 151, 2, 500]);
  for (const r of built.receipts) {
    const text = Buffer.concat([Buffer.from(r.head, 'latin1'), built.tail]).toString('utf8');
    expect(text).toBe(JSON.stringify(receiptToJson(await log.receipt(r.index, treeSize))));
  }
});
