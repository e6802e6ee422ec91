/**
 * Real logs and real receipts for the tests: LogEntry leaves with real commitments, a tree
 * grown in two sequencing rounds with CompactRange and AppendedNodes, inclusion proofs planned
 * with inclusionProofNodes and folded with foldProofNodes, and a checkpoint signed with a real
 * Ed25519 key. Nothing is mocked.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { AppendedNodes, CompactRange, equalBytes, hashLeaf, rootFromLeafHashes } from '../../merkle/index.js';
import {
  buildReceipt,
  computeCommitment,
  createSigner,
  encodeLogEntry,
  foldProofNodes,
  generateSignerKey,
  inclusionProofNodes,
  signCheckpoint,
  verifierKeyOf,
  type LogEntry,
  type ReceiptJson,
  type SignerKey,
} from '../../proofs/index.js';

export const ORIGIN = 'example.com/cairn-test';
export const BASE_TIME = 1795712212123456789n;

/** A reproducible signer key: the seed is SHA-256 of a label. */
export function testKey(name = ORIGIN, label = 'cairn test key'): SignerKey {
  return generateSignerKey(name, sha256(new TextEncoder().encode(label)));
}

export interface TestLog {
  key: SignerKey;
  verifierKey: string;
  size: number;
  /** Index of the first leaf of the last round: receipts exist for [roundStart, size). */
  roundStart: number;
  entries: LogEntry[];
  entryBytes: Uint8Array[];
  payloads: Uint8Array[];
  nonces: Uint8Array[];
  leafHashes: Uint8Array[];
  rootHash: Uint8Array;
  checkpoint: string;
  receipt(index: number): ReceiptJson;
}

export interface TestLogOptions {
  key?: SignerKey;
  /** Leaf bytes to use instead of an encoded LogEntry, by index (e.g. garbage). */
  rawLeaf?: (index: number) => Uint8Array | undefined;
  /** The payload of an entry instead of the default JSON event, by index. */
  payload?: (index: number) => Uint8Array | undefined;
  /** Changes the entry before it is encoded (e.g. a wrong payloadSize). */
  editEntry?: (index: number, e: LogEntry) => LogEntry;
}

/**
 * A log of `size` entries grown in two rounds, [0, roundStart) then [roundStart, size), the way
 * the sequencer does it; receipts are built from memory for the second round's leaves.
 */
export function makeTestLog(size: number, roundStart = Math.floor(size / 2), options: TestLogOptions = {}): TestLog {
  const key = options.key ?? testKey();
  const entries: LogEntry[] = [];
  const entryBytes: Uint8Array[] = [];
  const payloads: Uint8Array[] = [];
  const nonces: Uint8Array[] = [];
  for (let i = 0; i < size; i++) {
    const payload = options.payload?.(i) ?? new TextEncoder().encode(JSON.stringify({ event: 'login', n: i, user: `user-${i % 7}` }));
    const nonce = sha256(new TextEncoder().encode(`nonce ${i}`));
    let entry: LogEntry = {
      timestamp: BASE_TIME + BigInt(i) * 1000n + 1n,
      submitter: i % 2 === 0 ? 'default' : 'batch-writer',
      contentType: 'application/json',
      commitment: computeCommitment(nonce, payload),
      payloadSize: payload.length,
      occurredAt: i % 3 === 0 ? 0n : BASE_TIME - 5_000_000_000n + BigInt(i),
    };
    if (options.editEntry !== undefined) entry = options.editEntry(i, entry);
    entries.push(entry);
    entryBytes.push(options.rawLeaf?.(i) ?? encodeLogEntry(entry));
    payloads.push(payload);
    nonces.push(nonce);
  }
  const leafHashes = entryBytes.map((b) => hashLeaf(b));

  const before = CompactRange.empty();
  before.appendMany(leafHashes.slice(0, roundStart));
  const appended = new AppendedNodes(before.clone(), leafHashes.slice(roundStart));
  const after = before.clone();
  after.appendMany(leafHashes.slice(roundStart));
  const rootHash = after.root();
  // Two independent computations of the root must agree before anything is signed.
  const reference = rootFromLeafHashes(leafHashes);
  if (!equalBytes(rootHash, reference)) throw new Error('compact range root differs from the reference root');

  const checkpoint = signCheckpoint({ origin: key.name, treeSize: size, rootHash }, createSigner(key));

  function receipt(index: number): ReceiptJson {
    if (index < roundStart || index >= size) throw new Error(`no receipt for ${index}: outside the last round [${roundStart}, ${size})`);
    const plan = inclusionProofNodes(index, size);
    const inclusion = foldProofNodes(plan, appended.hashes(plan.ids));
    return buildReceipt({
      index,
      entry: entryBytes[index]!,
      leafHash: leafHashes[index]!,
      timestamp: entries[index]!.timestamp,
      payload: payloads[index]!,
      nonce: nonces[index]!,
      inclusion,
      checkpoint,
      treeSize: size,
    });
  }

  return { key, verifierKey: verifierKeyOf(key), size, roundStart, entries, entryBytes, payloads, nonces, leafHashes, rootHash, checkpoint, receipt };
}
