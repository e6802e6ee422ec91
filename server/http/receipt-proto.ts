/**
 * The protobuf receipts of an append answer (SPEC §4, proto/cairn.proto `Receipt` and
 * `AppendResponse`), written straight into one buffer: byte for byte what protobufjs writes from
 * `receiptToProto` (test/server/http/receipt-proto.test.ts checks it on real rounds), without a
 * message object, a protobufjs writer and a copy per receipt, and with each proof hash's base64
 * taken from the edge's memo (the receipts of a round share their proof arrays; issue 17).
 *
 * proto3 as protobufjs writes it: fields in number order, a uint64 of 0 and an empty bytes or
 * string field left out; an erased receipt has no payload and nonce and field 9 set.
 */
import { HASH_SIZE } from '../../merkle/index.js';
import { MAX_PROOF_HASHES, TLOG_PROOF_HEADER, numberSize, uint64Size, writeNumber, writeUint64, type ErasedReceiptParts } from '../../proofs/index.js';
import { ServerError } from '../errors.js';
import type { Receipt } from '../sequencer/types.js';
import { encodeMemo } from './receipt-encoding.js';

type AnyReceipt = Receipt | ErasedReceiptParts;

/** Bytes of a length-delimited field of `length` bytes (tag, length, bytes); 0 when empty. */
function bytesFieldSize(length: number): number {
  return length === 0 ? 0 : 1 + numberSize(length) + length;
}

/** Bytes of a uint64 field of a safe integer; 0 for 0. */
function numberFieldSize(n: number): number {
  return n === 0 ? 0 : 1 + numberSize(n);
}

/** A receipt measured: its tlog-proof text (ASCII head, then the note) and its message size. */
interface Sized {
  receipt: AnyReceipt;
  /** The tlog-proof up to the checkpoint note: header, index, hash lines, empty line (ASCII). */
  proofHead: string;
  /** UTF-8 bytes of the checkpoint note. */
  noteBytes: number;
  size: number;
}

/** Writes into one buffer, front to back. */
class Cursor {
  at = 0;
  constructor(readonly buf: Buffer) {}

  byte(b: number): void {
    this.buf[this.at++] = b;
  }

  varint(n: number): void {
    this.at = writeNumber(this.buf, this.at, n);
  }

  bytes(tag: number, b: Uint8Array): void {
    if (b.length === 0) return;
    this.byte(tag);
    this.varint(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  number(tag: number, n: number): void {
    if (n === 0) return;
    this.byte(tag);
    this.varint(n);
  }
}

function malformed(what: string): never {
  throw new ServerError('INTERNAL', `A receipt could not be encoded: its ${what} is malformed.`);
}

/** Measures one receipt; checks what receiptToProto's checkParts checks (a malformed receipt is a bug: INTERNAL). */
function measure(r: AnyReceipt, noteBytes: (note: string) => number): Sized {
  const { index, treeSize, inclusion, checkpoint } = r;
  if (!(Number.isSafeInteger(treeSize) && treeSize >= 1 && Number.isSafeInteger(index) && index >= 0 && index < treeSize)) malformed('index or treeSize');
  if (r.leafHash.length !== HASH_SIZE) malformed('leafHash');
  if (inclusion.length > MAX_PROOF_HASHES) malformed('inclusion proof');
  if (typeof checkpoint !== 'string' || !checkpoint.endsWith('\n')) malformed('checkpoint');
  if (typeof r.timestamp !== 'bigint' || r.timestamp < 0n || r.timestamp >= 1n << 64n) malformed('timestamp');
  let proofHead = `${TLOG_PROOF_HEADER}\nindex ${index}\n`;
  for (const hash of inclusion) {
    if (hash.length !== HASH_SIZE) malformed('inclusion proof');
    proofHead += `${encodeMemo(hash)}\n`;
  }
  proofHead += '\n';
  const note = noteBytes(checkpoint);
  let size =
    numberFieldSize(index) +
    bytesFieldSize(HASH_SIZE) +
    (r.timestamp === 0n ? 0 : 1 + uint64Size(r.timestamp)) +
    numberFieldSize(treeSize) +
    bytesFieldSize(r.entry.length) +
    bytesFieldSize(proofHead.length + note);
  if ('erased' in r) {
    const record = r.erased.record;
    if (!(Number.isSafeInteger(record) && record > index)) malformed('erasure record');
    size += bytesFieldSize(numberFieldSize(record));
  } else {
    if (r.nonce.length !== 32) malformed('nonce');
    size += bytesFieldSize(r.payload.length) + bytesFieldSize(r.nonce.length);
  }
  return { receipt: r, proofHead, noteBytes: note, size };
}

function write(c: Cursor, s: Sized): void {
  const r = s.receipt;
  c.number(0x08, r.index);
  c.bytes(0x12, r.leafHash);
  if (r.timestamp !== 0n) {
    c.byte(0x18);
    c.at = writeUint64(c.buf, c.at, r.timestamp);
  }
  c.number(0x20, r.treeSize);
  c.bytes(0x2a, r.entry);
  if (!('erased' in r)) {
    c.bytes(0x32, r.payload);
    c.bytes(0x3a, r.nonce);
  }
  c.byte(0x42);
  c.varint(s.proofHead.length + s.noteBytes);
  c.at += c.buf.write(s.proofHead, c.at, 'latin1');
  c.at += c.buf.write(r.checkpoint, c.at, 'utf8');
  if ('erased' in r) {
    c.byte(0x4a);
    c.varint(numberFieldSize(r.erased.record));
    c.number(0x08, r.erased.record);
  }
}

/** Sizes and notes shared by the receipts of one answer (most share one checkpoint). */
function measureAll(receipts: readonly AnyReceipt[]): Sized[] {
  let lastNote: string | undefined;
  let lastBytes = 0;
  const noteBytes = (note: string): number => {
    if (note !== lastNote) {
      lastNote = note;
      lastBytes = Buffer.byteLength(note, 'utf8');
    }
    return lastBytes;
  };
  return receipts.map((r) => measure(r, noteBytes));
}

/** The protobuf `cairn.v1.Receipt` bytes of one receipt. Throws ServerError INTERNAL on malformed parts (a bug). */
export function receiptProto(receipt: AnyReceipt): Uint8Array {
  const s = measureAll([receipt])[0]!;
  const c = new Cursor(Buffer.allocUnsafe(s.size));
  write(c, s);
  if (c.at !== s.size) throw new ServerError('INTERNAL', `A receipt was encoded in ${c.at} bytes, not the ${s.size} measured.`);
  return c.buf;
}

/**
 * The protobuf `cairn.v1.AppendResponse` of `receipts`: field 1 once per receipt, in order.
 * Throws ServerError INTERNAL on malformed parts (a bug).
 */
export function appendResponseProto(receipts: readonly AnyReceipt[]): Uint8Array {
  const sized = measureAll(receipts);
  let total = 0;
  for (const s of sized) total += 1 + numberSize(s.size) + s.size;
  const c = new Cursor(Buffer.allocUnsafe(total));
  for (const s of sized) {
    c.byte(0x0a);
    c.varint(s.size);
    const start = c.at;
    write(c, s);
    if (c.at - start !== s.size) throw new ServerError('INTERNAL', `A receipt was encoded in ${c.at - start} bytes, not the ${s.size} measured.`);
  }
  return c.buf;
}
