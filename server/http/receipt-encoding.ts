/**
 * Receipts at the edge (SPEC §4): the core hands out receipts as bytes (`Receipt`); the HTTP
 * layer encodes them as JSON or protobuf here, and only here.
 *
 * The receipts of one round share most of their proof hashes (the very same arrays: round.ts),
 * so the JSON encoder memoises the base64 of each 32-byte array by identity, with node's native
 * encoder. Entries go away with the arrays (WeakMap); the core never mutates a hash it handed
 * out.
 */
import { HASH_SIZE } from '../../merkle/index.js';
import {
  MAX_PROOF_HASHES,
  TLOG_PROOF_HEADER,
  buildReceipt,
  formatTimestamp,
  receiptToProto,
  type AnyReceiptJson,
  type ErasedReceiptParts,
  type ReceiptJson,
} from '../../proofs/index.js';
import { ServerError } from '../errors.js';
import type { Receipt } from '../sequencer/types.js';

const encodedHashes = new WeakMap<Uint8Array, string>();

/** Standard base64 with node's native encoder (proofs/ has a browser-safe one). */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** base64, memoised for hashes (by identity: the core never mutates a hash it handed out). */
export function encodeMemo(bytes: Uint8Array): string {
  if (bytes.length !== HASH_SIZE) return base64(bytes);
  let text = encodedHashes.get(bytes);
  if (text === undefined) {
    text = base64(bytes);
    encodedHashes.set(bytes, text);
  }
  return text;
}

/**
 * The SPEC §4 JSON receipt (of an erased entry: without payload and nonce, with `erased`). Throws
 * VerificationError INVALID_ARGUMENT on a malformed receipt (a bug).
 */
export function receiptToJson(receipt: Receipt): ReceiptJson;
export function receiptToJson(receipt: Receipt | ErasedReceiptParts): AnyReceiptJson;
export function receiptToJson(receipt: Receipt | ErasedReceiptParts): AnyReceiptJson {
  return buildReceipt(receipt, encodeMemo);
}

/** The protobuf `cairn.v1.Receipt` bytes, straight from the bytes (no base64 round trip). */
export function receiptToProtoBytes(receipt: Receipt | ErasedReceiptParts): Uint8Array {
  return receiptToProto(receipt);
}

/** The JSON-escaped `\n` between the lines of a tlog-proof, inside a JSON string. */
const NL = '\\n';

/**
 * The JSON text of receipts, exactly `JSON.stringify(receiptToJson(receipt))`, made by
 * concatenating pre-encoded parts instead of building an object per receipt and serialising it
 * (issue 13: a search page, stream slice or export page is hundreds of receipts). One encoder per
 * batch: the checkpoint's escaped text, the bulk of a receipt, is made once per checkpoint. Base64
 * never needs JSON escaping and the tlog-proof's lines are ASCII, so only the checkpoint note goes
 * through JSON.stringify; escaping is per character, so the concatenation of escaped parts is the
 * escape of the whole.
 *
 * A receipt's text is `head(receipt)`, which is ASCII, then `tail`, the UTF-8 bytes of the note's
 * escaped text and the closing `"}` (the note's signature lines hold U+2014, which would make
 * every receipt string two-byte and cost the socket a UTF-8 pass): joinBytes puts them into one
 * buffer with no string flattening or re-encoding.
 *
 * Proof lines are shared by suffix: in a tree of one size, the part of an inclusion proof above a
 * node depends only on that node (RFC 6962 PATH: the node's range fixes the recursion it was
 * emitted in), and the batched proofs give one node the same array in every proof
 * (LogReader.inclusionProofs). So the text from a node up is kept by the node's array, and a
 * proof that meets a known node takes the rest from there: consecutive entries (a stream) encode
 * about two hashes each, not twenty. The memo starts again when the tree size changes.
 *
 * Requires what buildReceipt requires of the parts (checked here: index < treeSize, 32-byte
 * hashes and nonce, at most 63 proof hashes, a checkpoint note ending with a newline) and proofs
 * whose arrays are never reused for another node; a malformed receipt (a bug) throws ServerError
 * INTERNAL.
 */
export class ReceiptTextEncoder {
  #note: string | undefined;
  #noteText = '';
  #tail: Uint8Array = new Uint8Array(0);
  #treeSize = -1;
  /** By proof node: the proof's text from that node up (its hash lines, each followed by NL). */
  #above = new Map<Uint8Array, string>();

  /** The JSON text of `receipt` (with its payload: erased entries have no receipt text here). */
  text(receipt: Receipt): string {
    return `${this.head(receipt)}${this.#noteText}"}`;
  }

  /** The receipt's text up to its checkpoint note (ASCII); `tail` is the rest, for this receipt's checkpoint. */
  head(receipt: Receipt): string {
    const { index, treeSize, inclusion } = receipt;
    if (!(Number.isSafeInteger(index) && index >= 0 && index < treeSize && Number.isSafeInteger(treeSize))) malformed('index or treeSize');
    if (receipt.leafHash.length !== HASH_SIZE || receipt.nonce.length !== 32) malformed('leafHash or nonce');
    if (inclusion.length > MAX_PROOF_HASHES) malformed('inclusion proof');
    if (receipt.checkpoint !== this.#note) {
      if (!receipt.checkpoint.endsWith('\n')) malformed('checkpoint');
      this.#note = receipt.checkpoint;
      this.#noteText = JSON.stringify(receipt.checkpoint).slice(1, -1);
      this.#tail = Buffer.from(`${this.#noteText}"}`, 'utf8');
    }
    return (
      `{"index":${index},"leafHash":"${base64(receipt.leafHash)}","timestamp":"${formatTimestamp(receipt.timestamp)}","treeSize":${treeSize},` +
      `"entry":"${base64(receipt.entry)}","payload":"${base64(receipt.payload)}","nonce":"${base64(receipt.nonce)}",` +
      `"proof":"${TLOG_PROOF_HEADER}${NL}index ${index}${NL}${this.#proofLines(inclusion, treeSize)}${NL}`
    );
  }

  /** The UTF-8 bytes that end the text of the last receipt given to `head`: its escaped note and `"}`. */
  get tail(): Uint8Array {
    return this.#tail;
  }

  /** The hash lines of a proof in the tree of `treeSize`, each followed by NL. */
  #proofLines(inclusion: readonly Uint8Array[], treeSize: number): string {
    if (treeSize !== this.#treeSize) {
      this.#treeSize = treeSize;
      this.#above = new Map();
    }
    let known = inclusion.length;
    let text = '';
    for (let j = 0; j < inclusion.length; j++) {
      const above = this.#above.get(inclusion[j]!);
      if (above !== undefined) {
        known = j;
        text = above;
        break;
      }
    }
    for (let j = known - 1; j >= 0; j--) {
      const hash = inclusion[j]!;
      if (hash.length !== HASH_SIZE) malformed('inclusion proof');
      text = base64(hash) + NL + text;
      this.#above.set(hash, text);
    }
    return text;
  }
}

function malformed(what: string): never {
  throw new ServerError('INTERNAL', `A receipt could not be encoded: its ${what} is malformed.`);
}

/**
 * The bytes of `pieces` one after another, in one buffer. Strings must be ASCII (they are written
 * as latin1, which for ASCII is UTF-8); byte arrays are copied.
 */
export function joinBytes(pieces: readonly (string | Uint8Array)[]): Buffer {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') at += out.write(piece, at, 'latin1');
    else {
      out.set(piece, at);
      at += piece.length;
    }
  }
  return out;
}
