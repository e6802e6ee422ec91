/**
 * Ways to tamper with a receipt or a signed checkpoint, one change each, for the tests of the
 * client and of `cairn verify`: every one must be refused with its own reason.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  createSigner,
  decodeBase64,
  encodeBase64,
  formatTlogProof,
  generateSignerKey,
  parseCheckpoint,
  parseNote,
  parseTlogProof,
  signCheckpoint,
  type ReceiptJson,
} from '../../proofs/index.js';

/** The base64 of `text` with one bit of byte `at` flipped (negative `at` counts from the end). */
export function flipBase64(text: string, at = 0): string {
  const bytes = decodeBase64(text);
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = bytes[i]! ^ 0x01;
  return encodeBase64(bytes);
}

/** The note with one bit of the last signature's last byte flipped. */
export function flipSignature(note: string): string {
  const lines = note.slice(0, -1).split('\n');
  const last = lines.length - 1;
  const sig = lines[last]!;
  const space = sig.lastIndexOf(' ');
  lines[last] = `${sig.slice(0, space + 1)}${flipBase64(sig.slice(space + 1), -1)}`;
  return `${lines.join('\n')}\n`;
}

/** The note with its tree size line changed by `delta`, the signature kept. */
export function changeCheckpointSize(note: string, delta = 1): string {
  const lines = note.split('\n');
  lines[1] = String(Number(lines[1]) + delta);
  return lines.join('\n');
}

/** A key with the log's name but another secret (SHA-256 of `label` as its seed). */
export function otherKeyOfSameName(origin: string, label = 'an impostor with the same name') {
  return generateSignerKey(origin, sha256(new TextEncoder().encode(label)));
}

/** The same checkpoint, signed by another key that has the log's name. */
export function resignWithOtherKey(note: string): string {
  const checkpoint = parseCheckpoint(parseNote(note).text);
  return signCheckpoint(checkpoint, createSigner(otherKeyOfSameName(checkpoint.origin)));
}

/** The receipt with its tlog-proof's checkpoint replaced by `edit(checkpoint)`. */
export function editReceiptCheckpoint(r: ReceiptJson, edit: (note: string) => string): ReceiptJson {
  const proof = parseTlogProof(r.proof);
  return { ...r, proof: formatTlogProof({ ...proof, checkpoint: edit(proof.checkpoint) }) };
}

/** One bit of the entry (leaf) bytes flipped; leafHash kept. */
export function tamperEntryByte(r: ReceiptJson): ReceiptJson {
  return { ...r, entry: flipBase64(r.entry, -1) };
}

/** One bit of the first inclusion proof hash flipped (needs a tree of 2 or more). */
export function tamperProofHash(r: ReceiptJson): ReceiptJson {
  const proof = parseTlogProof(r.proof);
  if (proof.hashes.length === 0) throw new Error('the receipt has no proof hash to tamper with (tree of size 1)');
  const hashes = proof.hashes.map((h, i) => (i === 0 ? decodeBase64(flipBase64(encodeBase64(h))) : h));
  return { ...r, proof: formatTlogProof({ ...proof, hashes }) };
}

/** The checkpoint's signature flipped. */
export function tamperSignature(r: ReceiptJson): ReceiptJson {
  return editReceiptCheckpoint(r, flipSignature);
}

/** The checkpoint's tree size changed (signature kept). */
export function tamperCheckpointSize(r: ReceiptJson): ReceiptJson {
  return editReceiptCheckpoint(r, (note) => changeCheckpointSize(note, 1));
}

/** The checkpoint re-signed by another key with the same name. */
export function tamperOtherKey(r: ReceiptJson): ReceiptJson {
  return editReceiptCheckpoint(r, resignWithOtherKey);
}

/** The receipt's index changed, the proof's kept. */
export function tamperIndex(r: ReceiptJson): ReceiptJson {
  return { ...r, index: r.index + 1 };
}

/** The index changed in the receipt and in its tlog-proof alike. */
export function tamperProofIndex(r: ReceiptJson, index: number): ReceiptJson {
  const proof = parseTlogProof(r.proof);
  return { ...r, index, proof: formatTlogProof({ ...proof, index }) };
}

/** One bit of the payload flipped. */
export function tamperPayload(r: ReceiptJson): ReceiptJson {
  return { ...r, payload: flipBase64(r.payload) };
}
