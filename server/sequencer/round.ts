/**
 * Building a round, pure: from the committed state, the round's entries, their timestamps and
 * nonces, make the leaves, the new right edge of the tiles and bundles, check that the new tree
 * extends the last signed one, sign the new checkpoint, and say what the store must write. No
 * store, no clock, no randomness here: the sequencer passes timestamps and nonces in, so a test
 * can rebuild a round exactly.
 *
 * `roundReceipts` makes the receipts of a round (bytes, SPEC §4) from memory once it is
 * committed: every inclusion proof comes from the round's AppendedNodes.
 */
import { AppendedNodes, TILE_WIDTH, equalBytes, type CompactRange } from '../../merkle/index.js';
import {
  consistencyProofNodes,
  encodeLogEntries,
  foldProofNodes,
  inclusionProofNodes,
  signCheckpoint,
  verifyConsistency,
  type FoldMemo,
  type LogEntry,
  type NoteSigner,
} from '../../proofs/index.js';
import { nodeCommitments, nodeSha256, nodeSha256Records } from '../fast-hash.js';
import { nextEdgeTiles, type LogState } from '../state/index.js';
import type { PayloadRecord, RoundWrite } from '../store/store.js';
import type { AppendInput, Receipt } from './types.js';

/** One entry of a round, in sequence order. */
export interface RoundEntry {
  submitter: string;
  input: AppendInput;
  /** SHA-256 of the payload when the entry has an idempotency key (`payloadDigest`). */
  digest?: Uint8Array | undefined;
}

/** Everything a round is built from. */
export interface RoundInput {
  /** The committed state the round extends. */
  before: LogState;
  entries: readonly RoundEntry[];
  /** One strictly increasing timestamp per entry, above `before.lastTimestamp`. */
  timestamps: readonly bigint[];
  /** 32 random bytes per entry, concatenated. */
  nonces: Uint8Array;
  /** The log's clock was not synchronised as it took `timestamps`: every leaf carries LogEntry field 7 (issue 15). */
  clockUnsynchronized?: boolean;
  origin: string;
  signer: NoteSigner;
}

/** A built round: what to write, the state after it, and what its receipts need. */
export interface PreparedRound {
  write: RoundWrite;
  state: LogState;
  appended: AppendedNodes;
  leaves: Uint8Array[];
  leafHashes: Uint8Array[];
  timestamps: readonly bigint[];
  payloads: PayloadRecord[];
  /** The tiles the round completed (they never change again). */
  fullTiles: { level: number; index: number; hashes: Uint8Array }[];
}

/** A round's interior nodes: records of 0x01 || left || right, hashed with node:crypto into one buffer. */
function hashPairs(records: Uint8Array, count: number): Uint8Array {
  const offsets = new Uint32Array(count + 1);
  for (let i = 0; i <= count; i++) offsets[i] = 65 * i;
  return nodeSha256Records(records, offsets);
}

/** The SHA-256 of a payload, as idempotency records keep it. */
export function payloadDigest(payload: Uint8Array): Uint8Array {
  return nodeSha256(payload);
}

/**
 * Builds and signs a round (SPEC §3 leaves, §6.2 the guard before signing): `buildUnsignedRound`
 * then `signRound`.
 */
export function buildRound(input: RoundInput): PreparedRound {
  return signRound(buildUnsignedRound(input), input);
}

/**
 * Signs a built round's checkpoint (its note is empty until then). The pipelined sequencer
 * (pipeline.ts) builds a round while the one before it commits, and signs it only once that
 * commit succeeded: no checkpoint is signed on top of a round that may not land.
 */
export function signRound(round: PreparedRound, by: Pick<RoundInput, 'origin' | 'signer'>): PreparedRound {
  const { treeSize, rootHash } = round.state.checkpoint;
  const note = signCheckpoint({ origin: by.origin, treeSize, rootHash }, by.signer);
  return { ...round, state: { ...round.state, checkpoint: { treeSize, rootHash, note } }, write: { ...round.write, checkpoint: { treeSize, note } } };
}

/**
 * Builds a round without signing it (its checkpoint note is empty; `signRound` fills it in).
 * Requires 1 <= entries.length, as many timestamps, and 32 bytes of nonce per entry. Throws an
 * Error when the state does not match its own checkpoint or the new tree does not extend it: the
 * caller must then sign nothing more. `before` may be a state not yet committed (the round before
 * it commits meanwhile); the caller signs the result only once `before` is committed.
 */
export function buildUnsignedRound(input: RoundInput): PreparedRound {
  const { before, entries, timestamps, nonces } = input;
  const k = entries.length;
  if (k === 0 || timestamps.length !== k || nonces.length !== 32 * k) {
    throw new Error(`a round needs one timestamp and 32 nonce bytes per entry (${k} entries, ${timestamps.length} timestamps, ${nonces.length} nonce bytes)`);
  }
  const oldSize = before.checkpoint.treeSize;
  const oldRoot = before.checkpoint.rootHash;
  if (before.compact.size !== oldSize || !equalBytes(before.compact.root(), oldRoot)) {
    throw new Error(`the in-memory tree (size ${before.compact.size}) does not match the last signed checkpoint (size ${oldSize})`);
  }
  const payloads: PayloadRecord[] = new Array(k);
  const idempotency: RoundWrite['idempotency'][number][] = [];
  const treeSize = oldSize + k;
  // Per-entry work in a few passes over flat buffers, no per-entry Hash objects or Buffers
  // (issue 17): all commitments, then all leaves into one buffer, then all leaf hashes.
  const payloadBytes: Uint8Array[] = new Array(k);
  for (let i = 0; i < k; i++) payloadBytes[i] = entries[i]!.input.payload;
  const commitments = nodeCommitments(nonces, payloadBytes);
  const unsynchronized = input.clockUnsynchronized === true;
  const logEntries: LogEntry[] = new Array(k);
  for (let i = 0; i < k; i++) {
    const e = entries[i]!;
    const entry: LogEntry = {
      timestamp: timestamps[i]!,
      submitter: e.submitter,
      contentType: e.input.contentType,
      commitment: commitments.subarray(32 * i, 32 * i + 32),
      payloadSize: e.input.payload.length,
      occurredAt: e.input.occurredAt,
    };
    if (unsynchronized) entry.clockUnsynchronized = true;
    logEntries[i] = entry;
  }
  // One reserved zero byte before each leaf: record i is 0x00 || leaf, its leaf hash input.
  const encoded = encodeLogEntries(logEntries, 1);
  const leaves = encoded.leaves;
  const hashBytes = nodeSha256Records(encoded.buffer, encoded.offsets);
  const leafHashes: Uint8Array[] = new Array(k);
  for (let i = 0; i < k; i++) {
    const e = entries[i]!;
    leafHashes[i] = hashBytes.subarray(32 * i, 32 * i + 32);
    payloads[i] = { payload: e.input.payload, nonce: nonces.subarray(32 * i, 32 * i + 32) };
    if (e.input.idempotencyKey !== undefined) {
      idempotency.push({
        submitter: e.submitter,
        key: e.input.idempotencyKey,
        record: { index: oldSize + i, treeSize, payloadDigest: e.digest ?? payloadDigest(e.input.payload) },
      });
    }
  }

  // Every new interior node hashed once, level by level in one node:crypto pass per level;
  // the new compact range and the tile roots are read from them (issue 17).
  const appended = new AppendedNodes(before.compact, leafHashes, hashPairs);
  const compact: CompactRange = appended.compactRange();
  const tiles = before.tiles.clone();
  const changedTiles = tiles.append(leafHashes, appended.nodeHash);
  const bundles = before.bundles.clone();
  const changedBundles = bundles.append(leaves);
  const rootHash = compact.root();

  // The guard of SPEC §6.2: prove the new tree extends the last signed one before signing it.
  if (oldSize > 0) {
    const plan = consistencyProofNodes(oldSize, treeSize);
    verifyConsistency(oldSize, treeSize, oldRoot, rootHash, foldProofNodes(plan, appended.hashes(plan.ids)));
  }
  const note = '';

  const lastBundle = changedBundles[changedBundles.length - 1];
  const state: LogState = {
    checkpoint: { treeSize, rootHash, note },
    compact,
    tiles,
    bundles,
    edgeTiles: nextEdgeTiles(before.edgeTiles, changedTiles),
    edgeBundle: lastBundle !== undefined && lastBundle.width < TILE_WIDTH ? lastBundle : undefined,
    lastTimestamp: timestamps[k - 1]!,
  };
  return {
    write: {
      tiles: changedTiles,
      bundles: changedBundles,
      payloads: { firstIndex: oldSize, records: payloads },
      idempotency,
      leafHashes,
      checkpoint: { treeSize, note },
    },
    state,
    appended,
    leaves,
    leafHashes,
    timestamps,
    payloads,
    fullTiles: changedTiles.filter((t) => t.width === TILE_WIDTH),
  };
}

/**
 * The receipts of a committed round, in entry order, against `checkpointNote` (the round's
 * signed checkpoint, or the same checkpoint as published with cosignatures). The proofs of one
 * round share most of their nodes: each leaf's path climbs to the perfect subtree of the tree's
 * decomposition that holds it (its "fork", one per level), and everything above the fork is the
 * same for every leaf under it, so it is planned and folded once per fork, not per entry
 * (issue 17). Hash arrays are shared between receipts (the JSON edge memoises their base64 by
 * identity); each receipt's `inclusion` is its own array.
 */
export function roundReceipts(round: PreparedRound, checkpointNote: string): Receipt[] {
  const { appended, leaves, leafHashes, timestamps, payloads } = round;
  const { treeSize } = round.state.checkpoint;
  const oldSize = appended.startSize;
  const folds: FoldMemo = new Map();
  // The proof above each fork, by the fork's level (the forks of one tree have distinct levels).
  const suffixes = new Map<number, Uint8Array[]>();
  const receipts: Receipt[] = new Array(leaves.length);
  for (let j = 0; j < leaves.length; j++) {
    const index = oldSize + j;
    const forkLevel = forkLevelOf(index, treeSize);
    let suffix = suffixes.get(forkLevel);
    if (suffix === undefined) {
      const plan = inclusionProofNodes(index, treeSize);
      // pathNodes lists the forkLevel siblings of the climb first, then the part above the fork.
      suffix = foldProofNodes(plan, appended.hashes(plan.ids), folds).slice(forkLevel);
      suffixes.set(forkLevel, suffix);
    }
    const inclusion: Uint8Array[] = new Array(forkLevel + suffix.length);
    let at = index;
    for (let level = 0; level < forkLevel; level++) {
      inclusion[level] = appended.hash({ level, index: at % 2 === 0 ? at + 1 : at - 1 });
      at = Math.floor(at / 2);
    }
    for (let m = 0; m < suffix.length; m++) inclusion[forkLevel + m] = suffix[m]!;
    receipts[j] = {
      index,
      entry: leaves[j]!,
      leafHash: leafHashes[j]!,
      timestamp: timestamps[j]!,
      payload: payloads[j]!.payload,
      nonce: payloads[j]!.nonce,
      inclusion,
      checkpoint: checkpointNote,
      treeSize,
    };
  }
  return receipts;
}

/**
 * The level of the largest complete subtree of the tree of size `treeSize` that holds leaf
 * `index` (the climb of RFC 9162 PATH, as proofs/proof-nodes.ts pathNodes climbs).
 */
function forkLevelOf(index: number, treeSize: number): number {
  let level = 0;
  let width = 2;
  let at = index;
  while ((Math.floor(at / 2) + 1) * width <= treeSize) {
    at = Math.floor(at / 2);
    level++;
    width *= 2;
  }
  return level;
}
