/**
 * `cairn verify --vkey K [RECEIPT_FILE|-] [--json]` (SPEC §7, §4, §6.4): checks a receipt
 * offline, with the log's verifier key alone, and says what it proves.
 *
 * Exit 0 with a summary (index, recorded time in RFC 3339 with nanoseconds, submitter, content
 * type, event time, the event itself when it is plain text, else its size and SHA-256, tree
 * size, origin), or with --json the decoded entry. Exit 1 with the precise reason, one message
 * per VerificationError code family: bad signature, wrong key, leaf hash does not match the
 * entry, proof does not verify, fields disagree with the evidence, commitment does not open,
 * malformed receipt. Exit 2 for a bad command line or a --vkey that is no verifier key.
 *
 * The receipt is the JSON of `cairn append` / POST /v1/entries, or the protobuf `Receipt`
 * (Accept: application/x-protobuf); the two are told apart by their first byte.
 *
 * The receipt of an erased entry (issue 14, no payload, `erased: {"record": K}`) exits 0 when
 * its signature and inclusion hold, saying "payload erased by entry K"; K is the log's claim
 * unless `--record FILE` (the receipt of entry K) is given, which is then checked too
 * (verify-erased.ts).
 */
import { readFile } from 'node:fs/promises';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../merkle/index.js';
import {
  VerificationError,
  encodeBase64,
  formatKeyId,
  parseVerifierKey,
  verifyReceipt,
  type ReceiptVerifyOptions,
  type VerificationErrorCode,
  type VerifiedErasedReceipt,
  type VerifiedReceipt,
  type VerifierKey,
} from '../../proofs/index.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, defineCommand, type CommandIo } from './command.js';
import { checkErasureRecord, erasedJson, erasedSummary, leafRows, verifiedJson, type CheckedErasureRecord } from './verify-erased.js';
import { formatWitnessBounds, loadPolicyOption, witnessBounds, type WitnessBounds } from './witness-bounds.js';

/**
 * The verifier key of a --vkey value: the key string itself, or the path of a file that holds
 * it (surrounding whitespace ignored). Throws UsageError saying why neither works.
 */
export async function loadVerifierKey(value: string): Promise<VerifierKey> {
  let asKey: unknown;
  try {
    return parseVerifierKey(value.trim());
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    asKey = err;
  }
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch {
    throw new UsageError(`--vkey is neither a verifier key (${(asKey as Error).message}) nor a readable file`);
  }
  try {
    return parseVerifierKey(text.trim());
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    throw new UsageError(`the file ${value} given as --vkey does not hold a verifier key: ${err.message}`);
  }
}

/** Reads FILE, or stdin for `-` or no argument. Throws UsageError for an unreadable file. */
export async function readInput(path: string | undefined, io: CommandIo, what: string): Promise<Uint8Array> {
  if (path === undefined || path === '-') return io.stdin();
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${JSON.stringify(path)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The reason `cairn verify` prints for each family of VerificationError codes. */
const REASONS: Readonly<Record<VerificationErrorCode, string>> = {
  BAD_SIGNATURE: "bad signature: the checkpoint's signature does not verify with this key, so the checkpoint or its signature was altered",
  NO_SIGNATURE: 'bad signature: the checkpoint carries no signature',
  UNKNOWN_KEY: 'wrong key: the checkpoint is not signed by this verifier key (it was signed by another key, maybe one with the same name)',
  ORIGIN_MISMATCH: "wrong key: the receipt comes from another log (its origin is not this key's name)",
  MALFORMED_KEY: 'wrong key: the verifier key is malformed',
  LEAF_HASH_MISMATCH: 'leaf hash does not match the entry: the entry bytes are not the ones the leaf hash commits to',
  INCLUSION_FAILED: 'proof does not verify: the inclusion proof does not lead from the leaf to the signed root',
  MALFORMED_PROOF: 'proof does not verify: the inclusion proof has the wrong number of hashes for this index and tree size',
  INDEX_OUT_OF_RANGE: 'proof does not verify: the index is outside the signed tree',
  SIZE_MISMATCH: 'proof does not verify: the sizes do not fit the proof',
  ROOT_MISMATCH: 'proof does not verify: the roots differ',
  CONSISTENCY_FAILED: 'proof does not verify',
  FIELD_MISMATCH: 'receipt fields disagree with the signed evidence (index, tree size or time differ from the proof, checkpoint or entry)',
  COMMITMENT_MISMATCH: 'commitment does not open: the payload and nonce are not what the entry committed to',
  MALFORMED_RECEIPT: 'malformed receipt',
  MALFORMED_ENTRY: 'malformed receipt: the entry is not a valid LogEntry',
  MALFORMED_CHECKPOINT: 'malformed receipt: the checkpoint is not a valid tlog-checkpoint',
  MALFORMED_NOTE: 'malformed receipt: the checkpoint is not a valid signed note',
  MALFORMED_ENCODING: 'malformed receipt: a field is not validly encoded',
  INVALID_ARGUMENT: 'malformed receipt',
  BAD_COSIGNATURE: "bad cosignature: a witness's cosignature on the checkpoint does not verify with the policy's key",
  MALFORMED_POLICY: 'malformed witness policy',
  POLICY_NOT_SATISFIED: "not witnessed: the checkpoint's cosignatures do not satisfy the policy's quorum",
  PAYLOAD_ERASED: 'payload erased: the receipt carries no payload, where one was needed',
};

/** The reason printed for a code (exported for tests and other commands). */
export function verifyFailureReason(code: VerificationErrorCode): string {
  return REASONS[code];
}

// Text is shown as it is only without control characters (C0 but tab and newline, DEL, C1):
// a receipt is untrusted input, and escape sequences could rewrite the terminal.
const PRINTABLE_TEXT = /^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$/u;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The payload as printable text, or undefined when it is binary (or hostile to a terminal). */
function printableText(payload: Uint8Array): string | undefined {
  let text: string;
  try {
    text = STRICT_UTF8.decode(payload);
  } catch {
    return undefined;
  }
  return PRINTABLE_TEXT.test(text) ? text : undefined;
}

/** The --json output: the decoded entry and what the receipt proves. */
function receiptJson(v: VerifiedReceipt, key: VerifierKey): Record<string, unknown> {
  const text = printableText(v.payload);
  return {
    ...verifiedJson(v, key),
    payload: encodeBase64(v.payload),
    ...(text === undefined ? {} : { payloadText: text }),
    payloadSha256: toHex(sha256(v.payload)),
    checkpoint: v.checkpointNote,
  };
}

/** The human summary. */
function summary(v: VerifiedReceipt, key: VerifierKey): string {
  const rows = leafRows(v);
  // One trailing newline (`echo ... |`) does not make an event multi-line.
  const text = printableText(v.payload)?.replace(/\n$/, '');
  const oneLine = text !== undefined && !text.includes('\n');
  if (text === undefined) rows.push(['event', `(not text) ${v.payload.length} bytes, SHA-256 ${toHex(sha256(v.payload))}`]);
  else rows.push(['event', oneLine ? text : `(${v.payload.length} bytes of text, below)`]);
  rows.push(['tree size', String(v.treeSize)], ['origin', v.checkpoint.origin], ['leaf hash', encodeBase64(v.leafHash)]);
  const lines = [`OK: the receipt verifies with ${key.name}+${formatKeyId(key.keyId)}: entry ${v.index} is in the log, with this payload.`];
  for (const [k, val] of rows) lines.push(`  ${`${k}:`.padEnd(14)} ${val}`);
  if (text !== undefined && !oneLine) lines.push('', ...text.split('\n').map((l) => `    ${l}`));
  return lines.join('\n') + '\n';
}

/**
 * Verifies receipt bytes (JSON text, told apart by its first byte, or protobuf), accepting the
 * receipt of an erased entry. Throws VerificationError.
 */
function verifyReceiptBytes(input: Uint8Array, key: VerifierKey, options: ReceiptVerifyOptions): VerifiedReceipt | VerifiedErasedReceipt {
  // JSON text starts with `{` (after optional whitespace); a protobuf Receipt starts with a
  // field tag, never one of those bytes.
  const first = input.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (first === 0x7b) {
    let text: string;
    try {
      text = STRICT_UTF8.decode(input);
    } catch (cause) {
      throw new VerificationError('MALFORMED_RECEIPT', 'the receipt is not valid UTF-8 JSON', { cause });
    }
    return verifyReceipt(text, key, { ...options, allowErased: true });
  }
  if (input.length === 0) throw new VerificationError('MALFORMED_RECEIPT', 'the receipt is empty');
  return verifyReceipt(input, key, { ...options, allowErased: true });
}

/** The `cairn verify` command. */
export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'verify a receipt offline with the log verifier key; exit 0 and the entry, or 1 and the reason',
  usage: 'verify --vkey K [--policy FILE [--previous NOTE]] [--record FILE] [RECEIPT_FILE|-] [--json]',
  options: {
    vkey: { type: 'string', help: "the log's verifier key, or a file holding it", env: 'CAIRN_VKEY', placeholder: 'K' },
    policy: {
      type: 'string',
      help: 'a tlog-policy file: the checkpoint must carry cosignatures meeting its quorum; prints the time bounds they give',
      env: 'CAIRN_WITNESS_POLICY',
      placeholder: 'FILE',
    },
    previous: {
      type: 'string',
      help: 'with --policy: a witnessed checkpoint note without the entry (size <= its index), for a lower time bound',
      placeholder: 'NOTE',
    },
    record: {
      type: 'string',
      help: "for the receipt of an erased entry: the receipt of the erasure record it names, checked too (else that record is the log's claim)",
      placeholder: 'FILE',
    },
  },
  maxPositionals: 1,
  async run(options, positionals, io) {
    if (options.vkey === undefined || options.vkey === '') throw new UsageError('--vkey is required (or set CAIRN_VKEY)');
    const key = await loadVerifierKey(options.vkey);
    if (options.previous !== undefined && options.policy === undefined) throw new UsageError('--previous needs --policy FILE');
    const policy = options.policy === undefined ? undefined : await loadPolicyOption(options.policy);
    const previous = options.previous === undefined ? undefined : STRICT_UTF8.decode(await readInput(options.previous, io, 'previous checkpoint'));
    const verifyOptions = policy === undefined ? {} : { policy, notAfter: Math.floor(Date.now() / 1000) + 60 };
    let bounds: WitnessBounds | undefined;
    if (options.record !== undefined && positionals[0] === undefined) throw new UsageError('--record reads a file; give the receipt as RECEIPT_FILE too');
    const input = await readInput(positionals[0], io, 'receipt file');
    const recordInput = options.record === undefined ? undefined : await readInput(options.record, io, 'erasure record receipt');
    let verified: VerifiedReceipt | VerifiedErasedReceipt;
    let record: CheckedErasureRecord | undefined;
    try {
      verified = verifyReceiptBytes(input, key, verifyOptions);
      if (recordInput !== undefined) {
        if (verified.erased === undefined) throw new UsageError('--record is for the receipt of an erased entry; this receipt carries its payload');
        let recordReceipt: VerifiedReceipt | VerifiedErasedReceipt;
        try {
          recordReceipt = verifyReceiptBytes(recordInput, key, {});
        } catch (err) {
          if (err instanceof VerificationError) throw new VerificationError(err.code, `the --record receipt: ${err.message}`, { cause: err });
          throw err;
        }
        record = checkErasureRecord(verified, recordReceipt);
      }
      if (policy !== undefined) bounds = witnessBounds(verified.cosignatures, verified.index, key, policy, previous);
    } catch (err) {
      if (!(err instanceof VerificationError)) throw err;
      const reason = verifyFailureReason(err.code);
      if (options.json) io.stdout(JSON.stringify({ verified: false, code: err.code, reason, error: err.message }) + '\n');
      io.stderr(`cairn verify: FAILED: ${reason} (${err.code}: ${err.message})\n`);
      return EXIT_FAILURE;
    }
    const erased = verified.erased === undefined ? undefined : (verified as VerifiedErasedReceipt);
    if (options.json) {
      const body = erased ? erasedJson(erased, key, record) : receiptJson(verified as VerifiedReceipt, key);
      io.stdout(JSON.stringify({ ...body, ...(bounds ? { witnessed: { cosignatures: verified.cosignatures, ...bounds } } : {}) }) + '\n');
    } else {
      const text = erased ? erasedSummary(erased, key, record) : summary(verified as VerifiedReceipt, key);
      io.stdout(text + (bounds ? formatWitnessBounds(bounds, verified.cosignatures).join('\n') + '\n' : ''));
    }
    return EXIT_OK;
  },
});
