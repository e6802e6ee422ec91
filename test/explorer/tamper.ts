/**
 * Tampered copies of a good receipt, one change each, for the Verify page's refusals.
 */
import type { ReceiptJson } from '../../client/index.js';
import { decodeBase64, encodeBase64 } from '../../proofs/index.js';

/** A different base64 character at `at` (same alphabet, so the text stays well-formed). */
function flipChar(text: string, at: number): string {
  const c = text[at];
  if (c === undefined) throw new Error(`no character at ${at}`);
  return text.slice(0, at) + (c === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

/** The payload with its first byte changed. */
export function changedPayload(r: ReceiptJson): ReceiptJson {
  const bytes = decodeBase64(r.payload);
  bytes[0] = bytes[0]! ^ 0x01;
  return { ...r, payload: encodeBase64(bytes) };
}

/** The index claimed one further. */
export function changedIndex(r: ReceiptJson): ReceiptJson {
  return { ...r, index: r.index + 1 };
}

/** The first hash of the inclusion proof (the line after `index N` in the tlog-proof) changed. */
export function changedProofHash(r: ReceiptJson): ReceiptJson {
  const lines = r.proof.split('\n');
  if (!/^index \d+$/.test(lines[1] ?? '') || (lines[2] ?? '') === '') throw new Error('the receipt has no inclusion proof hash to change');
  lines[2] = flipChar(lines[2]!, 0);
  return { ...r, proof: lines.join('\n') };
}

/** A byte of the checkpoint's signature (past its 4-byte key id) changed. */
export function changedCheckpointSignature(r: ReceiptJson): ReceiptJson {
  const lines = r.proof.split('\n');
  let at = -1;
  lines.forEach((l, i) => {
    if (l.startsWith('— ')) at = i;
  });
  if (at < 0) throw new Error('the receipt has no signature line');
  const line = lines[at]!;
  const sig = line.lastIndexOf(' ') + 1;
  lines[at] = flipChar(line, sig + 20);
  return { ...r, proof: lines.join('\n') };
}
