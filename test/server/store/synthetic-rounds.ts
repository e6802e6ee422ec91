/**
 * Rounds for the driver conformance suite, shaped like the sequencer's (one level-0 tile and one
 * entry bundle that widen every round, payloads with nonces, an idempotency key and a leaf hash
 * per entry, a checkpoint per round) but without signing: a store never looks inside a note.
 * The `variant` makes two rounds at the same positions differ, as the round after a crash does.
 */
import { createHash } from 'node:crypto';
import { toHex, utf8 } from '../../../merkle/index.js';
import type { PayloadRecord, RoundWrite, StoredCheckpoint } from '../../../server/store/store.js';

/** One entry as the synthetic log holds it. */
export interface SyntheticEntry {
  leafHash: Uint8Array;
  record: PayloadRecord;
  /** The idempotency key of the entry (submitter `w`). */
  key: string;
}

function sha256(...parts: (Uint8Array | string)[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** The note of the checkpoint over `entries`: size and a root-like digest of every leaf hash. */
export function syntheticCheckpoint(entries: readonly SyntheticEntry[]): StoredCheckpoint {
  const root = sha256(...entries.map((e) => e.leafHash));
  return { treeSize: entries.length, note: `conformance.example/log\n${entries.length}\n${toHex(root)}\n\n— sig\n` };
}

/** The checkpoint a store is initialised with. */
export const EMPTY_CHECKPOINT = syntheticCheckpoint([]);

/** The entries of the next round and its write. Requires the log to stay within one tile (< 256 entries). */
export function syntheticRound(
  before: readonly SyntheticEntry[],
  count: number,
  options: { variant?: string; payloadBytes?: number } = {},
): { entries: SyntheticEntry[]; write: RoundWrite } {
  const variant = options.variant ?? 'a';
  const first = before.length;
  const added = Array.from({ length: count }, (_, i): SyntheticEntry => {
    const index = first + i;
    const payload = new Uint8Array(options.payloadBytes ?? 24).fill((index * 7 + variant.charCodeAt(0)) % 251);
    payload.set(utf8(`${variant}:${index}`).subarray(0, payload.length));
    return {
      leafHash: sha256('leaf', variant, String(index)),
      record: { payload, nonce: sha256('nonce', variant, String(index)) },
      key: `k-${variant}-${index}`,
    };
  });
  const entries = [...before, ...added];
  const n = entries.length;
  if (n > 256) throw new Error('synthetic rounds stay within one tile');
  const hashes = new Uint8Array(32 * n);
  entries.forEach((e, i) => hashes.set(e.leafHash, 32 * i));
  const checkpoint = syntheticCheckpoint(entries);
  const write: RoundWrite = {
    tiles: [{ level: 0, index: 0, width: n, hashes }],
    bundles: [{ index: 0, width: n, bytes: utf8(entries.map((e) => toHex(e.leafHash)).join('\n')) }],
    payloads: { firstIndex: first, records: added.map((e) => e.record) },
    idempotency: added.map((e, i) => ({ submitter: 'w', key: e.key, record: { index: first + i, treeSize: n, payloadDigest: sha256(e.record.payload) } })),
    leafHashes: added.map((e) => e.leafHash),
    checkpoint,
  };
  return { entries, write };
}
