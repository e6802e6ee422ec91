/**
 * The JSON answer of an append (SPEC §4): the receipt of a single append, or
 * `{"receipts":[...]}` of a batch, as bytes exactly equal to JSON.stringify of receiptToJson's
 * objects (test/server/http/append-answer.test.ts). Each receipt is its ASCII head and the UTF-8
 * tail of its checkpoint (ReceiptTextEncoder, one per answer: the receipts of a round share their
 * checkpoint and proof nodes), joined into one buffer: no object per receipt, no JSON.stringify,
 * no two-byte string for the socket to re-encode (the note's signature line holds U+2014). The
 * erased receipt of a replayed key goes through receiptToJson.
 */
import type { Response } from 'express';
import type { AppendOutcome } from '../sequencer/types.js';
import { sendNegotiatedBody, type Format } from './negotiate.js';
import { ReceiptTextEncoder, joinBytes, receiptToJson } from './receipt-encoding.js';
import { receiptProto } from './receipt-proto.js';

/** The pieces of one receipt's JSON text. */
function receiptPieces(encoder: ReceiptTextEncoder, receipt: AppendOutcome['receipt'], into: (string | Uint8Array)[]): void {
  if ('erased' in receipt) into.push(Buffer.from(JSON.stringify(receiptToJson(receipt)), 'utf8'));
  else into.push(encoder.head(receipt), encoder.tail);
}

/** The JSON bytes of a single append's receipt. Throws ServerError INTERNAL on malformed parts (a bug). */
export function receiptJsonBytes(receipt: AppendOutcome['receipt']): Buffer {
  const pieces: (string | Uint8Array)[] = [];
  receiptPieces(new ReceiptTextEncoder(), receipt, pieces);
  return joinBytes(pieces);
}

/** The JSON bytes of a batch answer, `{"receipts":[...]}` in order. Throws ServerError INTERNAL on malformed parts (a bug). */
export function batchAnswerJsonBytes(receipts: readonly AppendOutcome['receipt'][]): Buffer {
  const encoder = new ReceiptTextEncoder();
  const pieces: (string | Uint8Array)[] = ['{"receipts":['];
  receipts.forEach((receipt, i) => {
    if (i > 0) pieces.push(',');
    receiptPieces(encoder, receipt, pieces);
  });
  pieces.push(']}');
  return joinBytes(pieces);
}

/**
 * The answer of a single append (routes/write.ts, fast-append.ts): 200 for the replay of its key,
 * else 201, `Location` the entry's path under `base` (where the log is mounted, '' at the root),
 * and the receipt in `format`, encoded here, before anything is sent. Throws ServerError
 * INTERNAL on malformed parts (a bug).
 */
export function singleAppendAnswer(outcome: AppendOutcome, format: Format, base: string): (res: Response) => void {
  const receipt = outcome.receipt;
  const body = format === 'protobuf' ? receiptProto(receipt) : receiptJsonBytes(receipt);
  return (res) => {
    res.status(outcome.replayed ? 200 : 201);
    res.location(`${base}/v1/entries/${receipt.index}`);
    sendNegotiatedBody(
      res,
      format,
      () => body,
      () => body,
    );
  };
}
