/**
 * The checks after every restart (SPEC §6.1–6.3), against the restarted `cairn serve`:
 *
 * 1. Every acknowledged receipt verifies offline with the verifier key (verifyReceipt; each
 *    receipt once, the first check after it arrived) and carries the payload that was sent.
 * 2. The whole log is read back through GET /v1/entries (a reader token: payloads too):
 *    timestamps strictly increase, and every index shows the same entry as every receipt and
 *    every earlier walk showed there (no index holds two different entries).
 * 3. The leaves read give the new checkpoint's root, and every checkpoint ever served (polls,
 *    receipts, earlier restarts) is the root of a prefix of them: each old checkpoint is
 *    consistent with the new one, and every receipt's entry is included in it. A checkpoint
 *    larger than the new tree, or a receipt whose entry is not at its index, is counted.
 * 4. Each payload of the run is in the log at most once; each acknowledged one exactly once, at
 *    its receipt's index (so a request retried after no answer ended as one entry); a refused
 *    (503) one never.
 * 5. The server's own proofs: RFC 9162 inclusion proofs for a sample of receipts and
 *    consistency proofs for a sample of old checkpoints, verified against the new checkpoint.
 * 6. A sample of acknowledged keyed requests sent again: the same receipts, nothing appended;
 *    for an entry the walk found erased, the erased receipt (issue 14): the same leaf, proof and
 *    checkpoint, no payload or nonce, `erased.record` the record the walk read.
 * 7. Erasures and holds (admin.ts, checkErasures): every absent payload is covered by an erasure
 *    record that lists it (else LOST), every acknowledged erasure is in effect, every entry under
 *    an active hold kept its payload. The log's own records (submitter `cairn`) are not writers'
 *    payloads.
 */
import { CairnClient, CairnRequestError, EMPTY_ROOT, decodeBase64, verifyCheckpoint, verifyReceipt, type AnyReceiptJson } from '../client/index.js';
import { CompactRange, equalBytes, toHex } from '../merkle/index.js';
import { proveConsistency, proveInclusion } from '../test/helpers/server-calls.js';
import { SYSTEM_SUBMITTER, checkErasures, erasedRecordOf, type WalkedEntry } from './admin.js';
import type { Ack, Ledger, RequestRecord, SeenCheckpoint } from './ledger.js';
import type { Random } from './random.js';
import { sendRequest, writerClient, type PlannedRequest } from './requests.js';

/** What one check needs. */
export interface CheckContext {
  url: string;
  verifierKey: string;
  writerToken: string;
  readerToken: string;
  ledger: Ledger;
  random: Random;
  /** The cycle that just ended with a kill (0-based). */
  cycle: number;
  proofSample: number;
  replaySample: number;
}

/** What one check did, for the cycle's line of the report. */
export interface CheckReport {
  treeSize: number;
  receiptsVerified: number;
  entriesRead: number;
  checkpointsChecked: number;
  inclusionProofs: number;
  consistencyProofs: number;
  replays: number;
  retriedChecked: number;
  /** Entries of unkeyed requests that got no answer which the log holds (each once). */
  unansweredInLog: number;
  /** Absent payloads found covered by an erasure record. */
  erasedCovered: number;
  /** Milliseconds spent verifying receipts, reading the log, on server proofs, on replays. */
  ms: { receipts: number; walk: number; proofs: number; replays: number };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs a read (or a keyed, hence idempotent, append) again when the connection broke: a
 * keep-alive connection can close between two requests (the server's 5 s idle timeout) just as
 * it is reused. Three tries; a server that is really gone is noticed by the run's watch.
 */
async function again<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (err) {
      const broken = err instanceof TypeError || (err instanceof CairnRequestError && err.code === 'NETWORK_ERROR');
      if (!broken || attempt === 3) throw err;
    }
  }
}

/** The latest checkpoint, verified. */
async function latestCheckpoint(url: string, verifierKey: string): Promise<Omit<SeenCheckpoint, 'rootHex' | 'cycle' | 'source'>> {
  const res = await fetch(`${url}/checkpoint`);
  const note = await res.text();
  if (res.status !== 200) throw new Error(`GET /checkpoint answered ${res.status}: ${note.slice(0, 200)}`);
  const c = verifyCheckpoint(note, verifierKey);
  return { treeSize: c.treeSize, rootHash: c.rootHash, note };
}

/** Runs every check of the file comment; failures go to the ledger. */
export async function checkRestartedLog(ctx: CheckContext): Promise<CheckReport> {
  const { ledger } = ctx;
  const now = await again(() => latestCheckpoint(ctx.url, ctx.verifierKey));
  ledger.addCheckpoint({ ...now, cycle: ctx.cycle, source: 'restart' });
  let t = performance.now();
  const lap = (): number => {
    const ms = performance.now() - t;
    t = performance.now();
    return ms;
  };
  const report: CheckReport = {
    treeSize: now.treeSize,
    receiptsVerified: await verifyNewReceipts(ctx),
    entriesRead: 0,
    checkpointsChecked: 0,
    inclusionProofs: 0,
    consistencyProofs: 0,
    replays: 0,
    retriedChecked: 0,
    unansweredInLog: 0,
    erasedCovered: 0,
    ms: { receipts: lap(), walk: 0, proofs: 0, replays: 0 },
  };

  const walked = await walkEntries(ctx, now.treeSize);
  report.entriesRead = walked.leaves.length;
  report.checkpointsChecked = checkPrefixRoots(ledger, walked.leaves, now);
  for (const ack of ledger.acks) {
    if (ack.verified === undefined) continue; // its failure is counted already
    const { index, leafHex } = ack.verified;
    if (index >= now.treeSize) ledger.loseAck(ack, `the restarted log has ${now.treeSize} entries`);
    else if (toHex(walked.leaves[index]!) !== leafHex) ledger.loseAck(ack, `index ${index} now holds another entry`);
  }
  report.retriedChecked = checkPayloads(ledger, walked.payloadIndexes);
  report.erasedCovered = checkErasures(ledger, walked.entries);
  report.unansweredInLog = ledger.requests
    .filter((r) => r.state === 'unanswered')
    .reduce((n, r) => n + r.request.entries.filter((e) => walked.payloadIndexes.has(e.payload)).length, 0);
  report.ms.walk = lap();

  await serverProofs(ctx, now, report);
  report.ms.proofs = lap();
  report.replays = await replays(ctx, now.treeSize, walked.entries);
  report.ms.replays = lap();
  return report;
}

/** Verifies each receipt not verified yet; returns how many were verified now. */
async function verifyNewReceipts(ctx: CheckContext): Promise<number> {
  let n = 0;
  for (const ack of ctx.ledger.acks) {
    if (ack.verified !== undefined || ack.record.state === 'failed') continue;
    // Ed25519 in JavaScript is about 1 ms a receipt: let the event loop see its sockets now and
    // then, or a keep-alive connection the server closed meanwhile is reused and fails.
    if (++n % 100 === 0) await yieldToEventLoop();
    try {
      // The first answer to a request retried after its entry was erased (by a filter) is the
      // erased receipt: its payload is gone, the walk checks the erasure record that names it.
      const v = verifyReceipt(ack.receipt, ctx.verifierKey, { allowErased: true });
      if (!('erased' in v) && decoder.decode(v.payload) !== ack.payload) {
        ack.record.state = 'failed';
        ctx.ledger.fail(`request ${ack.record.request.id}: receipt ${ack.position} (entry ${v.index}) carries another payload than the one sent`);
        continue;
      }
      const leafHex = toHex(v.leafHash);
      ack.verified = { index: v.index, leafHex };
      ctx.ledger.addCheckpoint({ treeSize: v.treeSize, rootHash: v.checkpoint.rootHash, note: v.checkpointNote, cycle: ack.cycle, source: 'receipt' });
      ctx.ledger.noteLeaf(v.index, leafHex, `in the receipt of request ${ack.record.request.id}`);
    } catch (err) {
      ack.record.state = 'failed';
      ctx.ledger.fail(`request ${ack.record.request.id}: receipt ${ack.position} does not verify: ${(err as Error).message}`);
    }
  }
  return n;
}

/** Reads entries [0, treeSize) with their payloads; checks timestamps and indexes. */
async function walkEntries(
  ctx: CheckContext,
  treeSize: number,
): Promise<{ leaves: Uint8Array[]; payloadIndexes: Map<string, number[]>; entries: WalkedEntry[] }> {
  // The client checks each leaf hash against its bytes and each payload against its commitment.
  const reader = new CairnClient(ctx.url, { token: ctx.readerToken, verifierKey: ctx.verifierKey, retries: 2, retryBaseDelayMs: 10 });
  const leaves: Uint8Array[] = [];
  const payloadIndexes = new Map<string, number[]>();
  const entries: WalkedEntry[] = [];
  let previous = -1n;
  while (leaves.length < treeSize) {
    const range = await reader.entries(leaves.length, treeSize);
    if (range.entries.length === 0) throw new Error(`GET /v1/entries?start=${leaves.length}&end=${treeSize} returned no entries`);
    for (const e of range.entries) {
      if (e.entry.timestamp <= previous) ctx.ledger.fail(`entry ${e.index}: timestamp ${e.entry.timestamp} does not follow the previous entry's ${previous}`);
      previous = e.entry.timestamp;
      ctx.ledger.noteLeaf(e.index, toHex(e.leafHash), `in /v1/entries after restart ${ctx.cycle + 1}`);
      leaves.push(e.leafHash);
      const walked: WalkedEntry = { submitter: e.entry.submitter, contentType: e.entry.contentType, payload: e.payload };
      entries.push(walked);
      // An erased payload (issue 14): the entry names its erasure record, which checkErasures checks.
      if (e.payload === undefined) walked.erasedBy = await again(() => erasedRecordOf(ctx.url, ctx.readerToken, e.index));
      if (e.payload === undefined || e.entry.submitter === SYSTEM_SUBMITTER) continue;
      const text = decoder.decode(e.payload);
      const at = payloadIndexes.get(text);
      if (at === undefined) payloadIndexes.set(text, [e.index]);
      else at.push(e.index);
    }
  }
  if (entries.every((e) => e.payload === undefined) && treeSize > 0) throw new Error('no entry came with its payload: is the reader token right?');
  return { leaves, payloadIndexes, entries };
}

/**
 * Checks every checkpoint ever served against the prefix of `leaves` of its size, and the
 * latest one against all of them. Returns how many checkpoints were checked.
 */
function checkPrefixRoots(ledger: Ledger, leaves: readonly Uint8Array[], now: { treeSize: number; rootHash: Uint8Array }): number {
  const bySize = [...ledger.checkpoints.values()].sort((a, b) => a.treeSize - b.treeSize);
  const compact = CompactRange.empty();
  let checked = 0;
  for (const c of bySize) {
    if (c.treeSize > now.treeSize) {
      ledger.fork(
        `checkpoint ${c.treeSize}`,
        `the log served a checkpoint of size ${c.treeSize} (${c.source}, cycle ${c.cycle}) but restarted at size ${now.treeSize}`,
      );
      continue;
    }
    while (compact.size < c.treeSize) compact.append(leaves[compact.size]!);
    const root = c.treeSize === 0 ? EMPTY_ROOT : compact.root();
    if (!equalBytes(root, c.rootHash)) {
      ledger.fork(
        `checkpoint ${c.treeSize}`,
        `the checkpoint of size ${c.treeSize} (${c.source}, cycle ${c.cycle}) has root ${c.rootHex}, but the first ${c.treeSize} entries of the restarted log give ${toHex(root)}`,
      );
    }
    checked++;
  }
  while (compact.size < now.treeSize) compact.append(leaves[compact.size]!);
  if (now.treeSize > 0 && !equalBytes(compact.root(), now.rootHash)) {
    ledger.fork(
      `checkpoint ${now.treeSize}`,
      `the ${now.treeSize} entries GET /v1/entries served give root ${toHex(compact.root())}, not the latest checkpoint's ${toHex(now.rootHash)}`,
    );
  }
  return checked;
}

/**
 * Each payload at most once; acknowledged ones exactly once at their receipt's index; refused
 * ones never. Returns how many requests retried after no answer were found as one entry each.
 */
function checkPayloads(ledger: Ledger, payloadIndexes: ReadonlyMap<string, number[]>): number {
  for (const [payload, indexes] of payloadIndexes) {
    const owner = ledger.byPayload.get(payload);
    if (owner === undefined) ledger.fail(`entries ${indexes.join(', ')} carry a payload no writer sent: ${payload.slice(0, 80)}`);
    else if (indexes.length > 1) {
      ledger.fail(
        `request ${owner.record.request.id} (${owner.record.request.kind}, ${owner.record.attempts} attempts) is in the log ${indexes.length} times: entries ${indexes.join(', ')}`,
      );
    }
  }
  let retried = 0;
  for (const record of ledger.requests) {
    if (record.state === 'refused') {
      for (const e of record.request.entries) {
        const at = payloadIndexes.get(e.payload);
        if (at !== undefined) ledger.fail(`request ${record.request.id} was refused (503) but its entry is at index ${at.join(', ')}`);
      }
    }
    if (record.state === 'acked' && record.retriedAfterNoAnswer) {
      if (record.request.entries.every((e) => payloadIndexes.get(e.payload)?.length === 1)) retried++;
    }
  }
  for (const ack of ledger.acks) {
    if (ack.verified === undefined) continue;
    const at = payloadIndexes.get(ack.payload);
    if (at !== undefined && !at.includes(ack.verified.index)) {
      ledger.fail(`request ${ack.record.request.id}: its receipt says index ${ack.verified.index} but the log has its payload at ${at.join(', ')}`);
    }
  }
  return retried;
}

/** Verifies server-made inclusion and consistency proofs for a sample, mostly of what is new. */
async function serverProofs(ctx: CheckContext, now: { treeSize: number; rootHash: Uint8Array }, report: CheckReport): Promise<void> {
  const checkpoint = { origin: '', treeSize: now.treeSize, rootHash: now.rootHash };
  const verified = ctx.ledger.acks.filter((a) => a.verified !== undefined && a.verified.index < now.treeSize);
  const fresh = verified.filter((a) => a.cycle >= ctx.cycle);
  const freshCount = Math.ceil(ctx.proofSample * 0.75);
  const picks = [...ctx.random.sample(fresh, freshCount), ...ctx.random.sample(verified, ctx.proofSample - Math.min(fresh.length, freshCount))];
  for (const ack of picks) {
    try {
      await again(() => proveInclusion(ctx.url, checkpoint, ack.verified!.index, decodeBase64(ack.receipt.leafHash)));
      report.inclusionProofs++;
    } catch (err) {
      ctx.ledger.fail(`the server's inclusion proof of entry ${ack.verified!.index} in size ${now.treeSize} fails: ${(err as Error).message}`);
    }
  }
  const olds = [...ctx.ledger.checkpoints.values()].filter((c) => c.treeSize <= now.treeSize);
  const newOlds = olds.filter((c) => c.cycle >= ctx.cycle);
  const checks = [...ctx.random.sample(newOlds, freshCount), ...ctx.random.sample(olds, ctx.proofSample - Math.min(newOlds.length, freshCount))];
  for (const old of checks) {
    try {
      await again(() => proveConsistency(ctx.url, { origin: '', treeSize: old.treeSize, rootHash: old.rootHash }, checkpoint));
      report.consistencyProofs++;
    } catch (err) {
      ctx.ledger.fail(`the server's consistency proof from size ${old.treeSize} to ${now.treeSize} fails: ${(err as Error).message}`);
    }
  }
}

/** The request as plain fetch sends it (client requests too: same keys, same payloads). */
function asFetch(request: PlannedRequest): PlannedRequest {
  return { ...request, kind: request.entries.length === 1 ? 'fetch-single' : 'fetch-batch' };
}

/**
 * Whether replayed receipt `a` is the original `b`: the same, or, when the walk found the entry
 * erased by record `erasedBy`, the same leaf, proof and checkpoint without payload and nonce,
 * naming that record.
 */
function sameReceipt(a: AnyReceiptJson, b: AnyReceiptJson, erasedBy: number | undefined): boolean {
  const leaf = (['index', 'leafHash', 'timestamp', 'treeSize', 'entry', 'proof'] as const).every((k) => a[k] === b[k]);
  if (erasedBy === undefined) return leaf && !('erased' in a) && !('erased' in b) && a.payload === b.payload && a.nonce === b.nonce;
  return leaf && 'erased' in a && a.erased.record === erasedBy && !('payload' in a) && !('nonce' in a);
}

/** Keyed requests with an entry the walk found erased, replayed on top of the sample (few are erased: a plain sample rarely meets one). */
const ERASED_REPLAYS = 3;

/**
 * Sends a sample of acknowledged keyed requests again, and up to ERASED_REPLAYS with an entry
 * the walk (`entries`) found erased: each must answer its original receipts, or the erased
 * receipt for an erased entry (issue 14).
 */
async function replays(ctx: CheckContext, treeSize: number, entries: readonly WalkedEntry[]): Promise<number> {
  const keyed = ctx.ledger.requests.filter((r: RequestRecord) => r.state === 'acked' && r.request.keyed);
  const acksOf = new Map<RequestRecord, Ack[]>();
  for (const ack of ctx.ledger.acks) {
    if (!ack.record.request.keyed || ack.verified === undefined) continue;
    acksOf.set(ack.record, [...(acksOf.get(ack.record) ?? []), ack]);
  }
  const client = writerClient(ctx.url, ctx.writerToken, ctx.verifierKey);
  let done = 0;
  const known = keyed.filter((r) => acksOf.has(r));
  const erased = known.filter((r) => acksOf.get(r)!.some((a) => entries[a.receipt.index]?.erasedBy !== undefined));
  for (const record of new Set([...ctx.random.sample(known, ctx.replaySample), ...ctx.random.sample(erased, ERASED_REPLAYS)])) {
    const originals = acksOf
      .get(record)!
      .sort((a, b) => a.position - b.position)
      .map((a) => a.receipt);
    const send = () => sendRequest({ url: ctx.url, token: ctx.writerToken, verifierKey: ctx.verifierKey, client }, asFetch(record.request));
    let outcome = await send();
    // A keep-alive connection closed just as it was reused: the keys make sending again safe.
    for (let tries = 1; outcome.kind === 'no-answer' && tries < 3; tries++) outcome = await send();
    if (outcome.kind !== 'receipts') {
      ctx.ledger.fail(`replaying request ${record.request.id}: ${outcome.kind} ${JSON.stringify(outcome)}`);
    } else if (
      outcome.status !== 200 ||
      outcome.receipts.length !== originals.length ||
      !outcome.receipts.every((r, i) => sameReceipt(r, originals[i]!, entries[originals[i]!.index]?.erasedBy))
    ) {
      ctx.ledger.fail(`replaying request ${record.request.id} answered ${outcome.status} with other receipts than the original ones`);
    }
    done++;
  }
  const after = await again(() => latestCheckpoint(ctx.url, ctx.verifierKey));
  if (after.treeSize !== treeSize) ctx.ledger.fail(`replaying ${done} requests changed the tree size from ${treeSize} to ${after.treeSize}`);
  return done;
}
