/**
 * The JSON answers of appends (server/http/append-answer.ts) are byte for byte JSON.stringify of
 * receiptToJson's objects: a single receipt and a batch's `{"receipts":[...]}`, on the receipts a
 * real log hands out for its rounds (shared proof arrays, a note whose signature line holds
 * U+2014), with an erased replay among them, and with a note JSON must escape.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { ErasedReceiptParts } from '../../../proofs/index.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { batchAnswerJsonBytes, receiptJsonBytes } from '../../../server/http/append-answer.js';
import { receiptToJson } from '../../../server/http/receipt-encoding.js';
import type { Receipt } from '../../../server/sequencer/types.js';
import { TempDirs } from '../../helpers/temp-dir.js';

const temps = new TempDirs();
let log: CairnLog;
const rounds: Receipt[][] = [];

beforeAll(async () => {
  log = await CairnLog.open({ dataDir: await temps.make('cairn-append-answer-'), origin: 'test.example/append-answer' });
  for (const count of [1, 3, 130, 7]) {
    const outcomes = await log.append(
      'writer',
      Array.from({ length: count }, (_, k) => ({
        payload: new TextEncoder().encode(`{"k":${k},"s":"é\\u2028"}`),
        contentType: 'application/json',
        occurredAt: 0n,
      })),
    );
    rounds.push(outcomes.map((o) => o.receipt as Receipt));
  }
});
afterAll(async () => {
  await log.close();
  await temps.cleanup();
});

const json = (value: unknown): string => JSON.stringify(value);

test('a single receipt and every round as a batch: the bytes of JSON.stringify', () => {
  expect(rounds[0]![0]!.checkpoint).toContain('\u2014');
  for (const round of rounds) {
    for (const r of round) expect(receiptJsonBytes(r).toString('utf8')).toBe(json(receiptToJson(r)));
    expect(batchAnswerJsonBytes(round).toString('utf8')).toBe(json({ receipts: round.map((r) => receiptToJson(r)) }));
  }
});

test('an erased replay among the receipts, receipts of two checkpoints, and a note JSON escapes', () => {
  const r = rounds[2]![10]!;
  const { payload: _p, nonce: _n, ...leaf } = r;
  const erased: ErasedReceiptParts = { ...leaf, erased: { record: r.treeSize + 3 } };
  const mixed = [rounds[2]![0]!, erased, rounds[3]![1]!, rounds[2]![129]!, { ...r, checkpoint: `${r.checkpoint}"\\\t\u0001é\n` }];
  expect(batchAnswerJsonBytes(mixed).toString('utf8')).toBe(json({ receipts: mixed.map((x) => receiptToJson(x)) }));
  expect(receiptJsonBytes(erased).toString('utf8')).toBe(json(receiptToJson(erased)));
});
