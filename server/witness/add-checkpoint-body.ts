/**
 * The body of C2SP tlog-witness `POST <prefix>/add-checkpoint`:
 *
 *   old <size>\n                       decimal, no leading zeros ("0" for zero)
 *   <base64 32-byte hash>\n ...        0 to 63 consistency proof lines (RFC 6962 §2.1.2)
 *   \n
 *   <signed checkpoint note>
 *
 * The head ends at the FIRST blank line: the note contains a blank line of its own. Parsing is
 * strict (canonical numbers and base64, exact hash length); anything else is a WitnessRefusal
 * 400 with a sentence. The note is returned as bytes: the witness parses it with the note and
 * checkpoint parsers of proofs/.
 */
import { HASH_SIZE } from '../../merkle/index.js';
import { decodeBase64, parseDecimal } from '../../proofs/index.js';
import { WitnessRefusal } from './witness-refusal.js';

/** At most this many proof lines (tlog-witness: a client MUST NOT send more than 63). */
export const MAX_PROOF_LINES = 63;

/** A parsed add-checkpoint request. */
export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** The signed checkpoint note, as sent. */
  note: Uint8Array;
}

/** Parses an add-checkpoint body; throws WitnessRefusal (400, MALFORMED_REQUEST). */
export function parseAddCheckpointBody(body: Uint8Array): AddCheckpointRequest {
  const split = indexOfBlankLine(body);
  if (split < 0) malformed('the body has no blank line between the "old" line and proof lines, and the checkpoint');
  // Everything up to and including the newline before the blank line is ASCII by construction
  // of a valid request; latin1 keeps one character per byte so a stray byte is reported as such.
  const head = Buffer.from(body.buffer, body.byteOffset, split).toString('latin1');
  const lines = head.split('\n');
  const [oldLine, ...proofLines] = lines as [string, ...string[]];
  const match = /^old ([0-9]+)$/.exec(oldLine);
  if (match === null) malformed(`the first line must be "old <size>", not ${JSON.stringify(oldLine.slice(0, 40))}`);
  let oldSize: number;
  try {
    oldSize = parseDecimal(match[1]!, 'the old size');
  } catch (err) {
    malformed(`the old size ${JSON.stringify(match[1]!.slice(0, 40))} must be a canonical decimal (no leading zeros) below 2^53`, err);
  }
  if (proofLines.length > MAX_PROOF_LINES) malformed(`the body has ${proofLines.length} proof lines; at most ${MAX_PROOF_LINES} are allowed`);
  const proof = proofLines.map((line, i) => {
    let hash: Uint8Array;
    try {
      hash = decodeBase64(line, `proof line ${i + 1}`);
    } catch (err) {
      malformed(`proof line ${i + 1} is not canonical base64`, err);
    }
    if (hash.length !== HASH_SIZE) malformed(`proof line ${i + 1} is ${hash.length} bytes, not a ${HASH_SIZE}-byte hash`);
    return hash;
  });
  return { oldSize, proof, note: body.subarray(split + 2) };
}

/** Index of the first "\n\n" (the newline ending the last head line), or -1. */
function indexOfBlankLine(body: Uint8Array): number {
  for (let i = 0; i + 1 < body.length; i++) {
    if (body[i] === 0x0a && body[i + 1] === 0x0a) return i;
  }
  return -1;
}

function malformed(detail: string, cause?: unknown): never {
  throw new WitnessRefusal(
    400,
    'MALFORMED_REQUEST',
    `${detail}. Send "old <size>", the consistency proof lines, a blank line and the signed checkpoint (C2SP tlog-witness).`,
    cause,
  );
}
