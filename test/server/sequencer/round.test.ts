/**
 * The pure round builder (server/sequencer/round.ts), without a store: leaves, tiles, bundles,
 * the guard before signing, the signature and the receipts, checked against a reference tree
 * and the proofs/ verifiers.
 */
import { describe, expect, test } from '@jest/globals';
import { BundleWriter, CompactRange, EMPTY_ROOT, TileWriter, hashLeaf, parseEntryBundle, rootFromLeafHashes, utf8 } from '../../../merkle/index.js';
import {
  buildReceipt,
  computeCommitment,
  foldProofNodes,
  inclusionProofNodes,
  decodeLogEntry,
  generateSignerKey,
  openCheckpoint,
  parseVerifierKey,
  signCheckpoint,
  verifierKeyOf,
  verifyReceipt,
} from '../../../proofs/index.js';
import { nodeSha256 } from '../../../server/fast-hash.js';
import { buildRound, roundReceipts, type RoundEntry } from '../../../server/sequencer/round.js';
import { createNodeSigner } from '../../../server/signer.js';
import type { LogState } from '../../../server/state/index.js';

const ORIGIN = 'round.test/log';
const KEY = generateSignerKey(ORIGIN, new Uint8Array(32).fill(7));
const SIGNER = createNodeSigner(KEY);
const VERIFIER = parseVerifierKey(verifierKeyOf(KEY));

/** The state of an empty log, as a freshly provisioned store would load it. */
function emptyState(): LogState {
  return {
    checkpoint: { treeSize: 0, rootHash: EMPTY_ROOT, note: signCheckpoint({ origin: ORIGIN, treeSize: 0, rootHash: EMPTY_ROOT }, SIGNER) },
    compact: CompactRange.empty(),
    tiles: TileWriter.empty(),
    bundles: BundleWriter.empty(),
    edgeTiles: new Map(),
    edgeBundle: undefined,
    lastTimestamp: 0n,
  };
}

function entries(n: number, from = 0, key?: (i: number) => string | undefined): RoundEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const k = key?.(from + i);
    return {
      submitter: `w${(from + i) % 3}`,
      input: { payload: utf8(`event ${from + i}`), contentType: 'text/plain', occurredAt: BigInt(from + i), ...(k !== undefined ? { idempotencyKey: k } : {}) },
    };
  });
}

function timestamps(n: number, after: bigint): bigint[] {
  return Array.from({ length: n }, (_, i) => after + 1n + BigInt(i));
}

function nonces(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: 32 * n }, (_, i) => (i * 31 + seed) & 0xff);
}

function round(before: LogState, es: RoundEntry[], seed = 1) {
  return buildRound({
    before,
    entries: es,
    timestamps: timestamps(es.length, before.lastTimestamp),
    nonces: nonces(es.length, seed),
    origin: ORIGIN,
    signer: SIGNER,
  });
}

describe('buildRound', () => {
  test('builds the leaves of SPEC §3 from the entries, timestamps and nonces it is given', () => {
    const es = entries(3);
    const r = round(emptyState(), es);
    expect(r.leaves).toHaveLength(3);
    r.leaves.forEach((leaf, i) => {
      const e = decodeLogEntry(leaf);
      expect(e.timestamp).toBe(BigInt(i + 1));
      expect(e.submitter).toBe(es[i]!.submitter);
      expect(e.occurredAt).toBe(BigInt(i));
      expect(e.payloadSize).toBe(es[i]!.input.payload.length);
      expect(e.commitment).toEqual(computeCommitment(r.payloads[i]!.nonce, es[i]!.input.payload));
      expect(r.leafHashes[i]).toEqual(hashLeaf(leaf));
    });
    expect(r.state.lastTimestamp).toBe(3n);
  });

  test('signs a checkpoint of the reference root, which opens with the log key', () => {
    const r = round(emptyState(), entries(5));
    const cp = openCheckpoint(r.state.checkpoint.note, VERIFIER);
    expect(cp.treeSize).toBe(5);
    expect(cp.rootHash).toEqual(rootFromLeafHashes(r.leafHashes));
    expect(r.state.checkpoint.rootHash).toEqual(cp.rootHash);
    expect(r.write.checkpoint).toEqual({ treeSize: 5, note: r.state.checkpoint.note });
  });

  test('is deterministic: the same inputs give the same leaves and the same signed note', () => {
    const a = round(emptyState(), entries(4), 9);
    const b = round(emptyState(), entries(4), 9);
    expect(b.leaves).toEqual(a.leaves);
    expect(b.state.checkpoint.note).toBe(a.state.checkpoint.note);
    const c = round(emptyState(), entries(4), 10);
    expect(c.state.checkpoint.rootHash).not.toEqual(a.state.checkpoint.rootHash);
  });

  test('rounds chain: each extends the previous state, across a full tile, and the bundles hold the leaves', () => {
    let state = emptyState();
    const all: Uint8Array[] = [];
    const sizes = [100, 200, 3];
    const full: string[] = [];
    sizes.forEach((n, k) => {
      const r = round(state, entries(n, all.length), k);
      all.push(...r.leafHashes);
      full.push(...r.fullTiles.map((t) => `${t.level}/${t.index}`));
      expect(r.state.checkpoint.rootHash).toEqual(rootFromLeafHashes(all));
      expect(r.write.payloads.firstIndex).toBe(state.checkpoint.treeSize);
      state = r.state;
    });
    expect(state.checkpoint.treeSize).toBe(303);
    expect(full).toEqual(['0/0']);
    // The right edge: a partial level-0 tile of 47 hashes and a partial bundle of 47 entries.
    expect(state.edgeTiles.get(0)).toMatchObject({ index: 1 });
    expect(state.edgeTiles.get(0)!.hashes.length).toBe(47 * 32);
    expect(parseEntryBundle(state.edgeBundle!.bytes, 47).map(hashLeaf)).toEqual(all.slice(256));
  });

  test('writes idempotency records only for keyed entries, with the payload digest', () => {
    const es = entries(4, 0, (i) => (i % 2 === 0 ? `k${i}` : undefined));
    const r = round(emptyState(), es);
    expect(r.write.idempotency).toEqual([
      { submitter: 'w0', key: 'k0', record: { index: 0, treeSize: 4, payloadDigest: nodeSha256(es[0]!.input.payload) } },
      { submitter: 'w2', key: 'k2', record: { index: 2, treeSize: 4, payloadDigest: nodeSha256(es[2]!.input.payload) } },
    ]);
  });

  test('refuses a state whose tree does not match its signed checkpoint', () => {
    const good = round(emptyState(), entries(2)).state;
    const lying: LogState = { ...good, checkpoint: { ...good.checkpoint, rootHash: new Uint8Array(32) } };
    expect(() => round(lying, entries(1))).toThrow(/does not match the last signed checkpoint/);
  });

  test('refuses a round without one timestamp and one nonce per entry', () => {
    const es = entries(2);
    expect(() => buildRound({ before: emptyState(), entries: es, timestamps: [1n], nonces: nonces(2, 0), origin: ORIGIN, signer: SIGNER })).toThrow(
      /one timestamp/,
    );
    expect(() => buildRound({ before: emptyState(), entries: es, timestamps: [1n, 2n], nonces: nonces(1, 0), origin: ORIGIN, signer: SIGNER })).toThrow(
      /32 nonce bytes/,
    );
    expect(() => buildRound({ before: emptyState(), entries: [], timestamps: [], nonces: new Uint8Array(0), origin: ORIGIN, signer: SIGNER })).toThrow(
      /a round needs/,
    );
  });
});

describe('roundReceipts', () => {
  test('every receipt of a round verifies offline with the log key', () => {
    const first = round(emptyState(), entries(7));
    const second = round(first.state, entries(20, 7), 2);
    const receipts = roundReceipts(second, second.state.checkpoint.note);
    expect(receipts.map((r) => r.index)).toEqual(Array.from({ length: 20 }, (_, i) => 7 + i));
    for (const r of receipts) {
      const v = verifyReceipt(buildReceipt(r), VERIFIER);
      expect(v.treeSize).toBe(27);
      expect(v.entry.occurredAt).toBe(BigInt(r.index));
    }
  });

  test('carry the note they are given (a published, cosigned note of the same checkpoint)', () => {
    const r = round(emptyState(), entries(2));
    const published = `${r.state.checkpoint.note}— witness.example/w AAAA\n`;
    expect(roundReceipts(r, published).every((x) => x.checkpoint === published)).toBe(true);
  });

  test('share the hash arrays of common proof nodes (the JSON edge memoises by identity)', () => {
    const r = round(emptyState(), entries(8));
    const [a, b] = roundReceipts(r, r.state.checkpoint.note);
    // Entries 0 and 1 share their sibling subtree of entries 2-3 and 4-7.
    expect(a!.inclusion[1]).toBe(b!.inclusion[1]);
    expect(a!.inclusion[2]).toBe(b!.inclusion[2]);
  });

  test('give each entry exactly the RFC 9162 inclusion path planned per entry, whatever the sizes before and after', () => {
    let state = emptyState();
    let from = 0;
    // Round sizes that put the round's leaves under one, two and many forks, across powers of two.
    for (const k of [1, 1, 2, 5, 8, 3, 16, 31, 1, 64, 100]) {
      const r = round(state, entries(k, from), from + 1);
      const treeSize = r.state.checkpoint.treeSize;
      roundReceipts(r, r.state.checkpoint.note).forEach((receipt, j) => {
        const plan = inclusionProofNodes(from + j, treeSize);
        expect(receipt.inclusion).toEqual(foldProofNodes(plan, r.appended.hashes(plan.ids)));
      });
      state = r.state;
      from = treeSize;
    }
  });
});
