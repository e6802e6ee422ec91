/**
 * The read side of the log: tiles, entry bundles, proofs, entries, receipts of earlier entries.
 * Everything is read from the committed state (the right edge in memory) and the store (full
 * tiles through an LRU cache). Proofs cost O(log n) tile reads, never a scan.
 *
 * Every method takes sizes no larger than the committed tree; the HTTP layer checks parameters
 * first and maps the errors thrown here (ServerError) to problems.
 */
import { HASH_SIZE, TILE_WIDTH, entryBundleWidth, hashLeaf, equalBytes, nodeEnd, nodeStart, parseEntryBundle, tileWidth } from '../../merkle/index.js';
import {
  consistencyProofNodes,
  decodeLogEntry,
  foldProofNodes,
  inclusionProofNodes,
  type FoldMemo,
  type ProofNodes,
  type ReceiptParts,
} from '../../proofs/index.js';
import type { NodeId } from '../../merkle/index.js';
import { ServerError } from '../errors.js';
import { readNodeHashes, type LogState, type TileSource } from '../state/index.js';
import { StoreError, type LogStore, type PayloadRecord, type StoredCheckpoint } from '../store/store.js';
import { LruCache } from './lru.js';

const TILE_BYTES = TILE_WIDTH * HASH_SIZE;

/** Byte length of the first `width` entries of an entry bundle. Throws STORE_CORRUPT when short. */
function bundlePrefixLength(bundle: Uint8Array, width: number): number {
  let o = 0;
  for (let i = 0; i < width; i++) {
    if (o + 2 > bundle.length) throw new StoreError('STORE_CORRUPT', 'an entry bundle is shorter than its width');
    o += 2 + ((bundle[o]! << 8) | bundle[o + 1]!);
  }
  if (o > bundle.length) throw new StoreError('STORE_CORRUPT', 'an entry bundle is shorter than its width');
  return o;
}

/**
 * The read side of one log. Reads the committed state through the function it is given, so it
 * never depends on the write side; the log feeds it the tiles each round completes
 * (`cacheTiles`).
 */
export class LogReader implements TileSource {
  private readonly tileCache: LruCache<string, Uint8Array>;
  private readonly bundleCache: LruCache<number, Uint8Array>;
  /** Folded ephemeral nodes of proofs by the leaf range they cover ("start-end"): leaves never change, so neither do they. */
  private readonly foldCache = new LruCache<string, Uint8Array>(4096);

  constructor(
    private readonly store: LogStore,
    /** The committed state, read at every call (it changes after every round). */
    private readonly state: () => LogState,
    options: { tileCacheSize?: number; bundleCacheSize?: number } = {},
  ) {
    this.tileCache = new LruCache(options.tileCacheSize ?? 4096);
    this.bundleCache = new LruCache(options.bundleCacheSize ?? 1024);
  }

  /** The committed tree size. */
  get treeSize(): number {
    return this.state().checkpoint.treeSize;
  }

  /** Feeds the full tiles a round wrote into the cache (they never change again). */
  cacheTiles(fullTiles: readonly { level: number; index: number; hashes: Uint8Array }[]): void {
    for (const t of fullTiles) this.tileCache.set(`${t.level}/${t.index}`, t.hashes);
  }

  /** TileSource: the widest committed version of each tile (memory edge, cache, then store). */
  async readTiles(tiles: readonly { level: number; index: number }[]): Promise<(Uint8Array | undefined)[]> {
    const edge = this.state().edgeTiles;
    const out: (Uint8Array | undefined)[] = new Array(tiles.length);
    const misses: number[] = [];
    tiles.forEach((t, i) => {
      const e = edge.get(t.level);
      const hit = e !== undefined && e.index === t.index ? e.hashes : this.tileCache.get(`${t.level}/${t.index}`);
      if (hit !== undefined) out[i] = hit;
      else misses.push(i);
    });
    if (misses.length > 0) {
      const read = await this.store.readTiles(misses.map((i) => tiles[i]!));
      misses.forEach((i, j) => {
        const v = read[j];
        out[i] = v;
        if (v !== undefined && v.length === TILE_BYTES) this.tileCache.set(`${tiles[i]!.level}/${tiles[i]!.index}`, v);
      });
    }
    return out;
  }

  /** The first `width` hashes of hash tile level/index, or undefined if the tree has fewer. */
  async hashTile(level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    if (width > tileWidth(level, index, this.treeSize)) return undefined;
    const [tile] = await this.readTiles([{ level, index }]);
    if (tile === undefined || tile.length < width * 32) {
      throw new StoreError('STORE_CORRUPT', `tile ${level}/${index} is shorter than the committed tree requires`);
    }
    return tile.subarray(0, width * 32);
  }

  /** The first `width` entries of entry bundle `index`, or undefined if the tree has fewer. */
  async entryBundle(index: number, width: number): Promise<Uint8Array | undefined> {
    const state = this.state();
    if (width > entryBundleWidth(index, state.checkpoint.treeSize)) return undefined;
    const bundle = await this.readBundle(index, state);
    return bundle.subarray(0, bundlePrefixLength(bundle, width));
  }

  private async readBundle(index: number, state: LogState): Promise<Uint8Array> {
    if (state.edgeBundle?.index === index) return state.edgeBundle.bytes;
    const cached = this.bundleCache.get(index);
    if (cached) return cached;
    const [bundle] = await this.store.readBundles([index]);
    if (bundle === undefined) throw new StoreError('STORE_CORRUPT', `entry bundle ${index} is missing`);
    if (entryBundleWidth(index, state.checkpoint.treeSize) === TILE_WIDTH) this.bundleCache.set(index, bundle);
    return bundle;
  }

  /** The leaf bytes of entries start <= i < end. Requires end <= treeSize. */
  async leaves(start: number, end: number): Promise<Uint8Array[]> {
    const state = this.state();
    const out: Uint8Array[] = [];
    for (let b = Math.floor(start / TILE_WIDTH); b * TILE_WIDTH < end; b++) {
      const width = entryBundleWidth(b, state.checkpoint.treeSize);
      const entries = parseEntryBundle((await this.readBundle(b, state)).subarray(), undefined).slice(0, width);
      for (let i = Math.max(start, b * TILE_WIDTH); i < Math.min(end, b * TILE_WIDTH + width); i++) out.push(entries[i - b * TILE_WIDTH]!);
    }
    return out;
  }

  /** The leaf hash of entry `index`, from the level-0 tile (no bundle parse). Requires index < treeSize. */
  async leafHash(index: number): Promise<Uint8Array> {
    const [hash] = await readNodeHashes([{ level: 0, index }], this, true);
    return hash!;
  }

  /** The RFC 6962 inclusion proof of `index` in the tree of `treeSize`. Requires index < treeSize <= committed. */
  async inclusionProof(index: number, treeSize: number): Promise<Uint8Array[]> {
    return this.prove(inclusionProofNodes(index, treeSize));
  }

  /**
   * Reads and folds a proof plan. The ephemeral node (the fold of the parts of the tree's right
   * edge, hashed again for every proof at the same size otherwise) comes from `foldCache` when it
   * is there, and its parts are then not read at all (issue 17). The key is the leaf range the
   * node covers, as proofs' FoldMemo keys it: a range of leaves always has the same hash.
   */
  private async prove(plan: ProofNodes): Promise<Uint8Array[]> {
    const { ids, begin, end } = plan;
    if (end - begin < 2) return foldProofNodes(plan, await readNodeHashes(ids, this, true));
    const key = `${nodeStart(ids[end - 1]!)}-${nodeEnd(ids[begin]!)}`;
    const ephemeral = this.foldCache.get(key);
    if (ephemeral !== undefined) {
      const proof = await readNodeHashes([...ids.slice(0, begin), ...ids.slice(end)], this, true);
      proof.splice(begin, 0, ephemeral);
      return proof;
    }
    const proof = foldProofNodes(plan, await readNodeHashes(ids, this, true));
    this.foldCache.set(key, proof[begin]!);
    return proof;
  }

  /**
   * The inclusion proofs of many entries in the tree of one `treeSize`, in the order of
   * `indexes` (issue 13: every result of a search, stream slice or export page is proved against
   * one checkpoint). The proofs share their upper nodes: every distinct node is read from the
   * tiles once, in one call, and the right edge's ephemeral node is folded once. A node shared by
   * several proofs is the very same array in each, so encoders memoising by identity encode it
   * once. Requires every index < treeSize <= committed.
   */
  async inclusionProofs(indexes: readonly number[], treeSize: number): Promise<Uint8Array[][]> {
    const plans = indexes.map((index) => inclusionProofNodes(index, treeSize));
    const slots = new Map<string, number>();
    const ids: NodeId[] = [];
    const places = plans.map((plan) =>
      plan.ids.map((id) => {
        const key = `${id.level}/${id.index}`;
        let slot = slots.get(key);
        if (slot === undefined) {
          slot = ids.length;
          slots.set(key, slot);
          ids.push(id);
        }
        return slot;
      }),
    );
    const hashes = await readNodeHashes(ids, this, true);
    const memo: FoldMemo = new Map();
    return plans.map((plan, j) =>
      foldProofNodes(
        plan,
        places[j]!.map((slot) => hashes[slot]!),
        memo,
      ),
    );
  }

  /**
   * The leaf bytes of `indexes` (any order, repeats allowed), each entry bundle read once
   * (distinct bundles not in memory in one store read) and walked only as far as needed: a
   * search's scattered results cost one bundle each, not a parse of its 256 entries. Requires
   * every index < treeSize. Throws StoreError STORE_CORRUPT when a bundle is missing or short.
   */
  async leavesAt(indexes: readonly number[]): Promise<Uint8Array[]> {
    const state = this.state();
    const bundles = new Map<number, Uint8Array | undefined>();
    const missing: number[] = [];
    for (const index of indexes) {
      const b = Math.floor(index / TILE_WIDTH);
      if (bundles.has(b)) continue;
      const hit = state.edgeBundle?.index === b ? state.edgeBundle.bytes : this.bundleCache.get(b);
      bundles.set(b, hit);
      if (hit === undefined) missing.push(b);
    }
    if (missing.length > 0) {
      const read = await this.store.readBundles(missing);
      missing.forEach((b, j) => {
        const bundle = read[j];
        if (bundle === undefined) throw new StoreError('STORE_CORRUPT', `entry bundle ${b} is missing`);
        bundles.set(b, bundle);
        if (entryBundleWidth(b, state.checkpoint.treeSize) === TILE_WIDTH) this.bundleCache.set(b, bundle);
      });
    }
    // Offsets of each bundle's entries, walked once per bundle up to the furthest one asked.
    const offsets = new Map<number, number[]>();
    return indexes.map((index) => {
      const b = Math.floor(index / TILE_WIDTH);
      const bundle = bundles.get(b)!;
      let starts = offsets.get(b);
      if (starts === undefined) offsets.set(b, (starts = [0]));
      const k = index - b * TILE_WIDTH;
      while (starts.length <= k + 1) {
        const o = starts[starts.length - 1]!;
        if (o + 2 > bundle.length) throw new StoreError('STORE_CORRUPT', `entry bundle ${b} is shorter than entry ${index} requires`);
        starts.push(o + 2 + ((bundle[o]! << 8) | bundle[o + 1]!));
      }
      const end = starts[k + 1]!;
      if (end > bundle.length) throw new StoreError('STORE_CORRUPT', `entry bundle ${b} is shorter than entry ${index} requires`);
      return bundle.subarray(starts[k]! + 2, end);
    });
  }

  /**
   * The payload records of `indexes` (any order): each run of consecutive indexes in one range
   * read (a payload chunk is decoded once per run), the lone indexes in one pass of the store's
   * readPayloadsAt (one seeking iterator) or, without it, a point read each. Callers check
   * the reader credential and bound the count.
   */
  async payloadsAt(indexes: readonly number[]): Promise<(PayloadRecord | undefined)[]> {
    const sorted = [...new Set(indexes)].sort((a, b) => a - b);
    const runs: [number, number][] = [];
    for (const i of sorted) {
      const last = runs[runs.length - 1];
      if (last !== undefined && i === last[1]) last[1] = i + 1;
      else runs.push([i, i + 1]);
    }
    const found = new Map<number, PayloadRecord | undefined>();
    // Lone indexes in one pass when the store can (one seeking iterator), else one read each.
    const lone = this.store.readPayloadsAt === undefined ? [] : runs.filter(([start, end]) => end - start === 1).map(([start]) => start);
    await Promise.all([
      ...runs
        .filter(([start, end]) => end - start > 1 || this.store.readPayloadsAt === undefined)
        .map(async ([start, end]) => {
          const records = end - start === 1 ? [await this.store.readPayload(start)] : await this.store.readPayloads(start, end);
          for (let i = start; i < end; i++) found.set(i, records[i - start]);
        }),
      (async () => {
        if (lone.length === 0) return;
        const records = await this.store.readPayloadsAt!(lone);
        lone.forEach((i, k) => found.set(i, records[k]));
      })(),
    ]);
    return indexes.map((i) => found.get(i));
  }

  /** The consistency proof from size1 to size2. Requires size1 <= size2 <= committed. */
  async consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return this.prove(consistencyProofNodes(size1, size2));
  }

  /** The checkpoint the log signed at exactly `treeSize`, if any. */
  checkpointAt(treeSize: number): Promise<StoredCheckpoint | undefined> {
    const latest = this.state().checkpoint;
    if (treeSize === latest.treeSize) return Promise.resolve({ treeSize, note: latest.note });
    if (treeSize > latest.treeSize) return Promise.resolve(undefined);
    return this.store.checkpointAt(treeSize);
  }

  /** The index of the leaf with this hash, if the log has it. */
  async findLeaf(leafHash: Uint8Array): Promise<number | undefined> {
    const index = await this.store.readLeafIndex(leafHash);
    if (index === undefined || index >= this.treeSize) return undefined;
    const [leaf] = await this.leaves(index, index + 1);
    return leaf !== undefined && equalBytes(hashLeaf(leaf), leafHash) ? index : undefined;
  }

  /** The payload and nonce of an entry (callers check the reader credential). */
  payload(index: number): Promise<PayloadRecord | undefined> {
    return this.store.readPayload(index);
  }

  /** The payloads of entries start <= i < end (callers check the credential and bound the bytes). */
  payloads(start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
    return this.store.readPayloads(start, end);
  }

  /**
   * The receipt of entry `index` against the checkpoint the log signed at `treeSize`, as bytes,
   * exactly as the sequencer first issued it (idempotent replays). Throws StoreError
   * STORE_CORRUPT when the store lacks what it should hold, ServerError NOT_FOUND when the
   * payload is no longer stored.
   */
  async receipt(index: number, treeSize: number): Promise<ReceiptParts> {
    const [checkpoint, leaves, payload, inclusion] = await Promise.all([
      this.checkpointAt(treeSize),
      this.leaves(index, index + 1),
      this.store.readPayload(index),
      this.inclusionProof(index, treeSize),
    ]);
    const entry = leaves[0];
    if (checkpoint === undefined || entry === undefined) {
      throw new StoreError('STORE_CORRUPT', `entry ${index} or the checkpoint at size ${treeSize} is missing`);
    }
    // An erased payload (issue 14) reads as a marker without bytes: no receipt from it.
    if (payload === undefined || payload.erased) {
      throw new ServerError('NOT_FOUND', `The payload of entry ${index} is no longer stored, so its receipt cannot be rebuilt.`);
    }
    return {
      index,
      entry,
      leafHash: hashLeaf(entry),
      timestamp: decodeLogEntry(entry).timestamp,
      payload: payload.payload,
      nonce: payload.nonce,
      inclusion,
      checkpoint: checkpoint.note,
      treeSize,
    };
  }
}
