/**
 * CairnClient (SPEC §8): what applications use to append to a Cairn log and read from it.
 *
 * Nothing the server sends is trusted. Every receipt is verified with verifyReceipt against the
 * client's verifier key before it is returned, and must be the receipt of the very payload (and,
 * for the client's own events, the content type and event time) that was sent. Checkpoints are
 * verified against the key; proofs are verified against checkpoints the caller got from
 * checkpoint() (re-checked against the key); leaves are checked against their leaf hash and,
 * when a payload comes with them, against their commitment.
 *
 * The verifier key. Give it as `verifierKey` (the operator publishes it; `cairn serve` prints it
 * on first start). Without it, every call that returns evidence refuses at once, before it sends
 * anything, with VerificationError INVALID_ARGUMENT, unless:
 * - the client was made with `trustOnFirstUse: true`: the first such call reads the key from
 *   GET /v1/log and keeps it for the client's lifetime. This proves the answers consistent with
 *   what that server said about itself, not that the server is the log you meant: use it only
 *   when the key cannot be had another way, and save it;
 * - the call says `{ verify: false }` (append, appendBatch, entry): the receipt or entry comes
 *   back unchecked, for a caller who stores it and verifies it elsewhere (`cairn verify`).
 *
 * Errors: VerificationError (proofs/errors.ts) for evidence that does not verify, with its
 * `code`; CairnHttpError for a refusal by the server (status and RFC 9457 problem);
 * CairnRequestError for TIMEOUT, NETWORK_ERROR, ABORTED and BAD_RESPONSE (errors.ts).
 *
 * Retries: 503, 429, 502, 504, timeouts and connection errors are retried with backoff
 * (retry.ts); appends too, because every event carries an Idempotency-Key (a fresh random one
 * unless the caller gives one), so a retried append returns the original receipt instead of a
 * second entry.
 *
 * Tokens: one per client. A writer token appends; the log answers a writer token on
 * entry()/entries() with 403 (entries may carry payloads, which need a reader token), so read
 * entries with a client without a token, or with a reader token.
 *
 * Browser-safe: fetch, AbortController, TextEncoder, crypto.getRandomValues; no node: imports.
 */
import { equalBytes } from '../merkle/index.js';
import {
  MAX_RECEIPT_JSON_SIZE,
  VerificationError,
  encodeBase64,
  fail,
  formatTimestamp,
  parseVerifierKey,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  verifyReceipt,
  type AnyReceiptJson,
  type ReceiptJson,
  type VerifiedReceipt,
  type VerifierKey,
} from '../proofs/index.js';
import { CairnRequestError } from './errors.js';
import { batchBody, prepareEvent, type AppendEvent, type PreparedEvent } from './events.js';
import { asObject, integerMember, bytesMember, proofHashes, readEntry, readLogInfo, type LogInfo } from './responses.js';
import { DEFAULT_RETRY_POLICY, checkRetryPolicy, type RetryPolicy } from './retry.js';
import { Transport, responseJson, responseText } from './transport.js';
import type { BatchResponseJson } from './wire-types.js';
import type {
  AppendOptions,
  AppendResult,
  AppendedEvent,
  CairnClientOptions,
  CallOptions,
  ConsistencyProof,
  EntryRange,
  EntryWithProof,
  InclusionProof,
  SignedCheckpoint,
  UnverifiedEvent,
} from './client-types.js';

const JSON_TYPE = 'application/json';
// A batch answer holds up to 1000 receipts; the cap is the largest receipt, not the sum, since
// the server's own limits keep a batch far below it.
const DEFAULT_MAX_RESPONSE_BYTES = MAX_RECEIPT_JSON_SIZE * 2;

/** A client of one Cairn log. */
export class CairnClient {
  /** The log's base URL, without a trailing slash. */
  readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly trustOnFirstUse: boolean;
  private key: Promise<VerifierKey> | undefined;

  /**
   * `baseUrl` is the log's URL (`http://host:port`, or with a path prefix behind a proxy).
   * Throws VerificationError INVALID_ARGUMENT for a URL that is not http(s), a bad option, and
   * MALFORMED_KEY for a verifier key string that does not parse.
   */
  constructor(baseUrl: string, options: CairnClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      fail('INVALID_ARGUMENT', `baseUrl ${JSON.stringify(baseUrl)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('INVALID_ARGUMENT', 'baseUrl must be an http: or https: URL');
    if (url.search !== '' || url.hash !== '') fail('INVALID_ARGUMENT', 'baseUrl must not have a query or a fragment');
    this.baseUrl = url.href.replace(/\/+$/, '');
    if (options.token !== undefined && (typeof options.token !== 'string' || !/^[\x21-\x7e]+$/.test(options.token))) {
      fail('INVALID_ARGUMENT', 'token must be the printable token string the operator gave you');
    }
    if (options.verifierKey !== undefined) {
      const key = typeof options.verifierKey === 'string' ? parseVerifierKey(options.verifierKey.trim()) : options.verifierKey;
      this.key = Promise.resolve(key);
    }
    this.trustOnFirstUse = options.trustOnFirstUse === true;
    const retry: RetryPolicy = {
      retries: options.retries ?? DEFAULT_RETRY_POLICY.retries,
      baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    const problem = checkRetryPolicy(retry);
    if (problem !== undefined) fail('INVALID_ARGUMENT', problem);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    for (const [name, v] of [
      ['timeoutMs', timeoutMs],
      ['maxResponseBytes', maxResponseBytes],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 1) fail('INVALID_ARGUMENT', `${name} must be a positive integer`);
    }
    const fetchFn = options.fetch ?? globalThis.fetch;
    if (typeof fetchFn !== 'function') fail('INVALID_ARGUMENT', 'no fetch available: pass options.fetch');
    this.transport = new Transport({
      baseUrl: this.baseUrl,
      token: options.token,
      // Called unbound, browsers throw "Illegal invocation".
      fetch: (input, init) => fetchFn(input, init),
      timeoutMs,
      maxResponseBytes,
      retry,
      onRetry: options.onRetry,
    });
  }

  /**
   * Appends one event (POST /v1/entries, SPEC §4) and returns its receipt, verified (unless
   * `verify: false`) and checked to be the receipt of this payload. Needs a writer token.
   * Throws CairnHttpError (e.g. 401, 403, 409 IDEMPOTENCY_CONFLICT, 413, 503 after the retries),
   * CairnRequestError, VerificationError.
   */
  append(payload: Uint8Array | string, options?: AppendOptions & { verify?: true }): Promise<AppendResult<AppendedEvent>>;
  append(payload: Uint8Array | string, options: AppendOptions & { verify: false }): Promise<AppendResult<UnverifiedEvent>>;
  append(payload: Uint8Array | string, options?: AppendOptions): Promise<AppendResult<AppendedEvent | UnverifiedEvent>>;
  async append(payload: Uint8Array | string, options: AppendOptions = {}): Promise<AppendResult<AppendedEvent | UnverifiedEvent>> {
    const event = prepareEvent({ ...options, payload });
    const key = options.verify === false ? undefined : await this.verifierKey(options.signal);
    const headers: Record<string, string> = { 'Content-Type': event.contentType, 'Idempotency-Key': event.idempotencyKey };
    if (event.eventTime !== undefined) headers['Event-Time'] = event.eventTime;
    const res = await this.transport.send({ method: 'POST', path: '/v1/entries', accept: JSON_TYPE, headers, body: event.payload, signal: options.signal });
    const receipt = responseJson(res, 'receipt') as AnyReceiptJson;
    const replayed = res.status === 200;
    if (key === undefined) return { receipt, verified: undefined, replayed };
    // A replay of a key the caller chose may be of an event sent with other metadata.
    return { ...checkReceipt(receipt, key, event, !replayed || event.freshKey, 'the receipt'), replayed };
  }

  /**
   * Appends events in one request (POST /v1/entries/batch, SPEC §4), accepted whole or not at
   * all; returns their receipts in order, each verified and checked as `append` does. The log
   * caps a batch (GET /v1/log `limits`): split larger sets. Throws as `append`.
   */
  appendBatch(events: readonly AppendEvent[], options?: CallOptions & { verify?: true }): Promise<AppendedEvent[]>;
  appendBatch(events: readonly AppendEvent[], options: CallOptions & { verify: false }): Promise<UnverifiedEvent[]>;
  appendBatch(events: readonly AppendEvent[], options?: CallOptions & { verify?: boolean }): Promise<Array<AppendedEvent | UnverifiedEvent>>;
  async appendBatch(events: readonly AppendEvent[], options: CallOptions & { verify?: boolean } = {}): Promise<Array<AppendedEvent | UnverifiedEvent>> {
    if (!Array.isArray(events) || events.length === 0) fail('INVALID_ARGUMENT', 'appendBatch needs a non-empty array of events');
    const prepared = events.map((e, i) => prepareEvent(e, `events[${i}]`));
    const key = options.verify === false ? undefined : await this.verifierKey(options.signal);
    const res = await this.transport.send({
      method: 'POST',
      path: '/v1/entries/batch',
      accept: JSON_TYPE,
      headers: { 'Content-Type': JSON_TYPE },
      body: batchBody(prepared),
      signal: options.signal,
    });
    const body = responseJson(res, 'batch answer');
    // Typed as the server promises; the count is checked here and each receipt verified below.
    const receipts = typeof body === 'object' && body !== null ? (body as Partial<BatchResponseJson>).receipts : undefined;
    if (!Array.isArray(receipts) || receipts.length !== prepared.length) {
      throw new CairnRequestError('BAD_RESPONSE', `the batch answer must hold ${prepared.length} receipts in "receipts"`, { attempts: 1 });
    }
    return receipts.map((receipt, i) => {
      if (key === undefined) return { receipt, verified: undefined };
      const event = prepared[i]!;
      // A 201 batch may still hold replays of keys the caller chose: metadata only for fresh keys.
      return checkReceipt(receipt, key, event, event.freshKey, `receipt ${i}`);
    });
  }

  /**
   * The log's latest checkpoint (GET /checkpoint, C2SP tlog-tiles), verified with the verifier
   * key: BAD_SIGNATURE, UNKNOWN_KEY, ORIGIN_MISMATCH, MALFORMED_CHECKPOINT, ... otherwise.
   */
  async checkpoint(options: CallOptions = {}): Promise<SignedCheckpoint> {
    const key = await this.verifierKey(options.signal);
    const res = await this.transport.send({ method: 'GET', path: '/checkpoint', accept: 'text/plain', signal: options.signal });
    const note = responseText(res, 'checkpoint');
    return { ...verifyCheckpoint(note, key), note };
  }

  /**
   * The inclusion proof of a leaf (GET /v1/proof/inclusion, SPEC §5), by index or by leaf hash.
   * With `at` a SignedCheckpoint (from checkpoint()), the proof is for its size and verified
   * against its root (the checkpoint's note is re-verified with the key first); with a number
   * or nothing (the server's latest size) the proof is returned unverified. Checks that the
   * answer is about the leaf and size asked for (FIELD_MISMATCH). Throws as the other calls.
   */
  async inclusionProof(leaf: number | Uint8Array, at?: number | SignedCheckpoint, options: CallOptions = {}): Promise<InclusionProof> {
    const query = new URLSearchParams();
    if (typeof leaf === 'number') query.set('index', String(checkIndex(leaf, 'index')));
    else if (leaf instanceof Uint8Array && leaf.length === 32) query.set('leafHash', encodeBase64(leaf));
    else fail('INVALID_ARGUMENT', 'leaf must be an index or a 32-byte leaf hash');
    const checkpoint = typeof at === 'object' ? await this.recheck(at, options.signal) : undefined;
    const size = checkpoint?.treeSize ?? (at === undefined ? undefined : checkIndex(at as number, 'treeSize'));
    if (size !== undefined) query.set('size', String(size));
    const res = await this.transport.send({ method: 'GET', path: `/v1/proof/inclusion?${query}`, accept: JSON_TYPE, signal: options.signal });
    const o = asObject(responseJson(res, 'inclusion proof'), 'the inclusion proof', 'MALFORMED_PROOF');
    const index = integerMember(o, 'index', 'the inclusion proof', 'MALFORMED_PROOF');
    const treeSize = integerMember(o, 'treeSize', 'the inclusion proof', 'MALFORMED_PROOF');
    const leafHash = bytesMember(o, 'leafHash', 'the inclusion proof', 'MALFORMED_PROOF', 32);
    const hashes = proofHashes(o, 'the inclusion proof');
    if (typeof leaf === 'number' && index !== leaf) fail('FIELD_MISMATCH', `the server proved leaf ${index}, not the leaf ${leaf} asked for`);
    if (leaf instanceof Uint8Array && !equalBytes(leafHash, leaf)) fail('FIELD_MISMATCH', 'the server proved another leaf hash than the one asked for');
    if (size !== undefined && treeSize !== size) fail('FIELD_MISMATCH', `the server proved inclusion in a tree of size ${treeSize}, not ${size}`);
    if (checkpoint !== undefined) verifyInclusion(leafHash, index, treeSize, hashes, checkpoint.rootHash);
    return { index, treeSize, leafHash, hashes, checkpoint };
  }

  /**
   * The consistency proof between two tree sizes (GET /v1/proof/consistency, SPEC §5). With
   * both ends SignedCheckpoints, or `from` a SignedCheckpoint and `to` omitted (the client then
   * fetches and verifies the latest checkpoint), the proof is verified against their roots
   * (CONSISTENCY_FAILED, ROOT_MISMATCH, ...): the log did not rewrite history between them.
   * With numbers, the proof is returned unverified. `to` defaults to the latest checkpoint.
   */
  async consistencyProof(from: number | SignedCheckpoint, to?: number | SignedCheckpoint, options: CallOptions = {}): Promise<ConsistencyProof> {
    let older: SignedCheckpoint | undefined;
    let newer: SignedCheckpoint | undefined;
    if (typeof from === 'object') {
      older = await this.recheck(from, options.signal);
      newer = typeof to === 'object' ? await this.recheck(to, options.signal) : to === undefined ? await this.checkpoint(options) : undefined;
    }
    const fromSize = older?.treeSize ?? checkIndex(from as number, 'from');
    const toSize = newer?.treeSize ?? (to === undefined ? undefined : typeof to === 'object' ? to.treeSize : checkIndex(to, 'to'));
    if (toSize !== undefined && fromSize > toSize) fail('INVALID_ARGUMENT', `from (${fromSize}) is larger than to (${toSize}): a log never shrinks`);
    const query = new URLSearchParams({ from: String(fromSize) });
    if (toSize !== undefined) query.set('to', String(toSize));
    const res = await this.transport.send({ method: 'GET', path: `/v1/proof/consistency?${query}`, accept: JSON_TYPE, signal: options.signal });
    const o = asObject(responseJson(res, 'consistency proof'), 'the consistency proof', 'MALFORMED_PROOF');
    const gotFrom = integerMember(o, 'from', 'the consistency proof', 'MALFORMED_PROOF');
    const gotTo = integerMember(o, 'to', 'the consistency proof', 'MALFORMED_PROOF');
    const hashes = proofHashes(o, 'the consistency proof');
    if (gotFrom !== fromSize || (toSize !== undefined && gotTo !== toSize)) {
      fail('FIELD_MISMATCH', `the server proved consistency from ${gotFrom} to ${gotTo}, not from ${fromSize} to ${toSize ?? 'the latest'}`);
    }
    if (older === undefined || newer === undefined) return { from: gotFrom, to: gotTo, hashes, checkpoints: undefined };
    verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, hashes);
    return { from: gotFrom, to: gotTo, hashes, checkpoints: { from: older, to: newer } };
  }

  /**
   * One entry (GET /v1/entries/<index>, SPEC §5): the leaf, checked against its leaf hash and
   * decoded by the client; its payload and nonce when the token may read them (checked against
   * the commitment); and its inclusion proof, verified against the server's latest checkpoint,
   * itself verified with the key (unless `verify: false`).
   */
  async entry(index: number, options: CallOptions & { verify?: boolean } = {}): Promise<EntryWithProof> {
    checkIndex(index, 'index');
    const key = options.verify === false ? undefined : await this.verifierKey(options.signal);
    const res = await this.transport.send({ method: 'GET', path: `/v1/entries/${index}`, accept: JSON_TYPE, signal: options.signal });
    const body = responseJson(res, 'entry');
    const record = readEntry(body, index, `entry ${index}`);
    const o = asObject(body, 'the entry', 'MALFORMED_ENTRY');
    const p = asObject(o['proof'], 'the entry proof', 'MALFORMED_PROOF');
    const treeSize = integerMember(p, 'treeSize', 'the entry proof', 'MALFORMED_PROOF');
    const hashes = proofHashes(p, 'the entry proof');
    const note = o['checkpoint'];
    if (typeof note !== 'string') fail('MALFORMED_CHECKPOINT', 'the entry has no checkpoint note');
    let checkpoint: SignedCheckpoint | undefined;
    if (key !== undefined) {
      checkpoint = { ...verifyCheckpoint(note, key), note };
      if (checkpoint.treeSize !== treeSize)
        fail('FIELD_MISMATCH', `the entry proof is for size ${treeSize} but its checkpoint has size ${checkpoint.treeSize}`);
      verifyInclusion(record.leafHash, index, treeSize, hashes, checkpoint.rootHash);
    }
    return { ...record, proof: { treeSize, hashes }, checkpoint, checkpointNote: note };
  }

  /**
   * Entries start <= i < end (GET /v1/entries, SPEC §5), for monitors. The server truncates a
   * large range to its cap (read `end` in the answer and continue from there). Each leaf is
   * checked against its leaf hash and decoded; no proofs come with them (use inclusionProof,
   * or `cairn audit` over the tiles). Needs no verifier key.
   */
  async entries(start: number, end?: number, options: CallOptions = {}): Promise<EntryRange> {
    checkIndex(start, 'start');
    if (end !== undefined && checkIndex(end, 'end') < start) fail('INVALID_ARGUMENT', `end (${end}) is below start (${start})`);
    const query = new URLSearchParams({ start: String(start) });
    if (end !== undefined) query.set('end', String(end));
    const res = await this.transport.send({ method: 'GET', path: `/v1/entries?${query}`, accept: JSON_TYPE, signal: options.signal });
    const o = asObject(responseJson(res, 'entry range'), 'the entry range', 'MALFORMED_ENTRY');
    const gotStart = integerMember(o, 'start', 'the entry range', 'MALFORMED_ENTRY');
    const gotEnd = integerMember(o, 'end', 'the entry range', 'MALFORMED_ENTRY');
    const list = o['entries'];
    if (!Array.isArray(list)) fail('MALFORMED_ENTRY', 'the entry range has no entries array');
    if (gotStart !== start || gotEnd < start || (end !== undefined && gotEnd > end) || list.length !== gotEnd - start) {
      fail('FIELD_MISMATCH', `the server answered entries [${gotStart}, ${gotEnd}) with ${list.length} entries for [${start}, ${end ?? '...'})`);
    }
    return { start, end: gotEnd, entries: list.map((e: unknown, i) => readEntry(e, start + i, `entry ${start + i}`)) };
  }

  /**
   * What the server says about itself (GET /v1/log, SPEC §5): origin, verifier key, latest
   * size, root and checkpoint, and the limits. Unverified: a server can say anything here;
   * use checkpoint() for a verified tree head.
   */
  async log(options: CallOptions = {}): Promise<LogInfo> {
    const res = await this.transport.send({ method: 'GET', path: '/v1/log', accept: JSON_TYPE, signal: options.signal });
    return readLogInfo(responseJson(res, 'log description'));
  }

  /**
   * The verifier key the client checks evidence with: the configured one, or with
   * trustOnFirstUse the one GET /v1/log announced (fetched once). Throws VerificationError
   * INVALID_ARGUMENT when the client has neither.
   */
  async verifierKey(signal?: AbortSignal): Promise<VerifierKey> {
    if (this.key === undefined) {
      if (!this.trustOnFirstUse) {
        fail(
          'INVALID_ARGUMENT',
          'CairnClient has no verifier key, so it cannot verify what the log answers: pass options.verifierKey (the log operator publishes it), ' +
            'or trustOnFirstUse: true to take the one GET /v1/log announces, or { verify: false } to this call',
        );
      }
      const fetching = this.log(signal === undefined ? {} : { signal }).then((info) => parseVerifierKey(info.verifierKey));
      // A failed first fetch is not remembered: the next call tries again.
      fetching.catch(() => {
        if (this.key === fetching) this.key = undefined;
      });
      this.key = fetching;
    }
    return this.key;
  }

  /** A caller's checkpoint, its note verified again with the key (numbers are never taken on trust). */
  private async recheck(c: SignedCheckpoint, signal: AbortSignal | undefined): Promise<SignedCheckpoint> {
    if (typeof c !== 'object' || c === null || typeof c.note !== 'string') fail('INVALID_ARGUMENT', 'a checkpoint argument must come from checkpoint()');
    return { ...verifyCheckpoint(c.note, await this.verifierKey(signal)), note: c.note };
  }
}

/**
 * Verifies a receipt and checks that it is the receipt of `event`: the same payload bytes
 * always; the content type and event time too when `checkMetadata` (the event cannot be a
 * replay of another one sent under the same key). FIELD_MISMATCH otherwise; PAYLOAD_ERASED for
 * the erased receipt of a replayed key (issue 14: the event is in the log, its payload is gone).
 */
function checkReceipt(receipt: AnyReceiptJson, key: VerifierKey, event: PreparedEvent, checkMetadata: boolean, what: string): AppendedEvent {
  let v: VerifiedReceipt;
  try {
    v = verifyReceipt(receipt, key);
  } catch (err) {
    // Same code, with the receipt named: in a batch, which one failed matters.
    if (err instanceof VerificationError) throw new VerificationError(err.code, `${what}: ${err.message}`, { cause: err });
    throw err;
  }
  if (!equalBytes(v.payload, event.payload)) fail('FIELD_MISMATCH', `${what} is for another payload than the one sent`);
  if (checkMetadata) {
    if (v.entry.contentType !== event.contentType) {
      fail('FIELD_MISMATCH', `${what} records the content type ${JSON.stringify(v.entry.contentType)}, not the ${JSON.stringify(event.contentType)} sent`);
    }
    if (v.entry.occurredAt !== event.occurredAtNs) {
      const recorded = v.entry.occurredAt === 0n ? 'no event time' : `the event time ${formatTimestamp(v.entry.occurredAt)}`;
      fail('FIELD_MISMATCH', `${what} records ${recorded}, not the one sent`);
    }
  }
  // verifyReceipt (without allowErased) refused an erased receipt: this one holds its payload.
  return { receipt: receipt as ReceiptJson, verified: v };
}

function checkIndex(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) fail('INVALID_ARGUMENT', `${what} must be a safe non-negative integer, got ${String(n)}`);
  return n;
}
