/**
 * Strict readers of the read API's JSON answers (SPEC §5): proofs, entries and the log's
 * description. Everything from the network is hostile: every member is type-checked and
 * length-checked before use, and every leaf is checked against its leaf hash and, when the
 * payload is there, its commitment. What is evidence (hashes, leaves, payloads) fails with a
 * VerificationError; a description that is not what the API promises fails with
 * CairnRequestError BAD_RESPONSE.
 *
 * Browser-safe: no node: imports.
 */
import { HASH_SIZE, equalBytes, hashLeaf } from '../merkle/index.js';
import {
  MAX_PROOF_HASHES,
  NONCE_SIZE,
  VerificationError,
  decodeBase64,
  decodeLogEntry,
  fail,
  verifyCommitment,
  type LogEntry,
  type VerificationErrorCode,
} from '../proofs/index.js';
import { CairnRequestError } from './errors.js';
import type { LimitsJson, LogInfoJson } from './wire-types.js';

/** One leaf of the log as the client checked it (GET /v1/entries). */
export interface LogEntryRecord {
  index: number;
  /** The leaf bytes, exactly as the tree hashes them. */
  entryBytes: Uint8Array;
  /** hashLeaf(entryBytes), checked. */
  leafHash: Uint8Array;
  /** The leaf decoded strictly by the client (the server's own decoding is ignored). */
  entry: LogEntry;
  /** The payload, when the server sent it (a reader token, or public payloads); opens the commitment. */
  payload?: Uint8Array;
  /** The commitment's nonce, with the payload. */
  nonce?: Uint8Array;
}

/** The limits a writer must respect, from GET /v1/log: the wire shape as it is (all numbers). */
export type LogLimits = LimitsJson;

// Every member of LimitsJson, read by readLogInfo; `satisfies` makes a new limit a compile error here.
const LIMIT_KEYS = Object.keys({
  maxPayloadBytes: true,
  maxBatchEntries: true,
  maxBatchBytes: true,
  maxFutureSkewNs: true,
  maxRangeEntries: true,
  maxIdempotencyKeyLength: true,
} satisfies Record<keyof LimitsJson, true>) as (keyof LimitsJson)[];

/** GET /v1/log, as the server describes itself. Nothing here is verified: see CairnClient.log. */
export interface LogInfo extends Omit<LogInfoJson, 'rootHash'> {
  /** The root hash, decoded from the wire's base64. */
  rootHash: Uint8Array;
}

type Json = Record<string, unknown>;

/** `value` as a JSON object, or a failure with `code`. */
export function asObject(value: unknown, what: string, code: VerificationErrorCode): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(code, `${what} must be a JSON object`);
  return value as Json;
}

/** A member that must be a safe non-negative integer. */
export function integerMember(o: Json, key: string, what: string, code: VerificationErrorCode): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(code, `${what}.${key} must be an integer in [0, 2^53-1]`);
  return v;
}

/** A member that must be canonical base64, of exactly `size` bytes when given. */
export function bytesMember(o: Json, key: string, what: string, code: VerificationErrorCode, size?: number): Uint8Array {
  const v = o[key];
  if (typeof v !== 'string') fail(code, `${what}.${key} must be a base64 string`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(v, `${what}.${key}`);
  } catch (cause) {
    fail(code, (cause as VerificationError).message, cause);
  }
  if (size !== undefined && bytes.length !== size) fail(code, `${what}.${key} must be ${size} bytes, got ${bytes.length}`);
  return bytes;
}

/** The `hashes` member of a proof: at most 63 base64 hashes of 32 bytes (MALFORMED_PROOF). */
export function proofHashes(o: Json, what: string): Uint8Array[] {
  const list = o['hashes'];
  if (!Array.isArray(list)) fail('MALFORMED_PROOF', `${what}.hashes must be an array`);
  if (list.length > MAX_PROOF_HASHES) fail('MALFORMED_PROOF', `${what}.hashes has ${list.length} hashes, more than ${MAX_PROOF_HASHES}`);
  return list.map((h: unknown, i) => bytesMember({ h }, 'h', `${what}.hashes[${i}]`, 'MALFORMED_PROOF', HASH_SIZE));
}

/**
 * One entry of GET /v1/entries or /v1/entries/<index>: the leaf decodes strictly
 * (MALFORMED_ENTRY), hashLeaf(entry) equals the leafHash sent (LEAF_HASH_MISMATCH), the index
 * is the one asked for (FIELD_MISMATCH), and a payload sent with its nonce opens the commitment
 * (COMMITMENT_MISMATCH).
 */
export function readEntry(value: unknown, index: number, what: string): LogEntryRecord {
  const o = asObject(value, what, 'MALFORMED_ENTRY');
  const got = integerMember(o, 'index', what, 'MALFORMED_ENTRY');
  if (got !== index) fail('FIELD_MISMATCH', `${what} is entry ${got}, not the entry ${index} asked for`);
  const entryBytes = bytesMember(o, 'entry', what, 'MALFORMED_ENTRY');
  const leafHash = bytesMember(o, 'leafHash', what, 'MALFORMED_ENTRY', HASH_SIZE);
  if (!equalBytes(hashLeaf(entryBytes), leafHash)) fail('LEAF_HASH_MISMATCH', `${what}: leafHash is not the RFC 6962 leaf hash of its entry bytes`);
  const entry = decodeLogEntry(entryBytes);
  const record: LogEntryRecord = { index, entryBytes, leafHash, entry };
  if (o['payload'] !== undefined || o['nonce'] !== undefined) {
    const payload = bytesMember(o, 'payload', what, 'MALFORMED_ENTRY');
    const nonce = bytesMember(o, 'nonce', what, 'MALFORMED_ENTRY', NONCE_SIZE);
    if (payload.length !== entry.payloadSize) {
      fail('COMMITMENT_MISMATCH', `${what}: the payload is ${payload.length} bytes but the entry commits to ${entry.payloadSize}`);
    }
    verifyCommitment(entry.commitment, nonce, payload);
    record.payload = payload;
    record.nonce = nonce;
  }
  return record;
}

function badResponse(message: string): never {
  throw new CairnRequestError('BAD_RESPONSE', message, { attempts: 1 });
}

/** GET /v1/log's answer, type-checked (BAD_RESPONSE otherwise). */
export function readLogInfo(value: unknown): LogInfo {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) badResponse('GET /v1/log did not answer a JSON object');
  const o = value as Json;
  const text = (key: string): string => {
    const v = o[key];
    if (typeof v !== 'string') badResponse(`GET /v1/log: ${key} must be a string`);
    return v;
  };
  const count = (from: Json, key: string): number => {
    const v = from[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) badResponse(`GET /v1/log: ${key} must be a non-negative integer`);
    return v;
  };
  let rootHash: Uint8Array;
  try {
    rootHash = decodeBase64(text('rootHash'), 'rootHash');
  } catch (cause) {
    if (!(cause instanceof VerificationError)) throw cause;
    badResponse(`GET /v1/log: ${cause.message}`);
  }
  const limits = o['limits'];
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) badResponse('GET /v1/log: limits must be an object');
  const l = limits as Json;
  const readLimits = {} as LogLimits;
  for (const key of LIMIT_KEYS) readLimits[key] = count(l, key);
  return {
    origin: text('origin'),
    verifierKey: text('verifierKey'),
    treeSize: count(o, 'treeSize'),
    rootHash,
    checkpoint: text('checkpoint'),
    limits: readLimits,
  };
}
