/**
 * The committed state of the log that the sequencer appends to: the latest signed checkpoint and
 * the right edge of the tree (compact range, partial tiles, partial entry bundle, last
 * timestamp). O(log n) memory whatever the size of the log.
 *
 * `loadLogState` rebuilds it from the store on start and after a failed commit, and refuses a
 * store whose tiles do not give the latest checkpoint's root (SPEC §6.2: on restart the log
 * continues from the last signed state, or not at all).
 */
import {
  BundleWriter,
  CompactRange,
  TILE_WIDTH,
  TileWriter,
  equalBytes,
  parseEntryBundle,
  toHex,
  type ChangedBundle,
  type ChangedTile,
} from '../../merkle/index.js';
import { decodeLogEntry, openCheckpoint, type VerifierKey } from '../../proofs/index.js';
import { StoreError, type LogStore } from '../store/store.js';
import { readNodeHashes } from './tile-hashes.js';

/** The latest signed checkpoint, parsed. */
export interface SignedTreeHead {
  treeSize: number;
  rootHash: Uint8Array;
  /** The whole signed note, as stored and served. */
  note: string;
}

/** A tile or bundle as the read path serves it from memory: the current right edge. */
export interface EdgeTile {
  index: number;
  hashes: Uint8Array;
}

/** The committed state. Never mutated: a round builds the next one from a clone. */
export interface LogState {
  readonly checkpoint: SignedTreeHead;
  readonly compact: CompactRange;
  readonly tiles: TileWriter;
  readonly bundles: BundleWriter;
  /** Per tile level, the partial tile of the right edge (absent where the level has none). */
  readonly edgeTiles: ReadonlyMap<number, EdgeTile>;
  /** The partial entry bundle of the right edge, if any. */
  readonly edgeBundle: ChangedBundle | undefined;
  /** The timestamp of the newest entry, 0n for an empty log. */
  readonly lastTimestamp: bigint;
}

/** Loads the committed state from the store, checking it against the latest signed checkpoint. */
export async function loadLogState(store: LogStore, verifierKey: VerifierKey): Promise<LogState> {
  const stored = await store.latestCheckpoint();
  if (stored === undefined) throw new StoreError('STORE_CORRUPT', 'the store holds no signed checkpoint; it was not initialised');
  let parsed;
  try {
    parsed = openCheckpoint(stored.note, verifierKey);
  } catch (err) {
    throw new StoreError(
      'STORE_CORRUPT',
      `the latest stored checkpoint (size ${stored.treeSize}) does not verify with the log's key: ${(err as Error).message}; the store was changed or damaged, or the key is not this log's: run \`cairn fsck\``,
      { cause: err },
    );
  }
  if (parsed.treeSize !== stored.treeSize) {
    throw new StoreError(
      'STORE_CORRUPT',
      `the checkpoint stored under size ${stored.treeSize} says size ${parsed.treeSize}; the store was changed or damaged: run \`cairn fsck\``,
    );
  }
  const n = parsed.treeSize;

  const partialCoords = TileWriter.partialTilesFor(n);
  const partialContents = await store.readTiles(partialCoords);
  const partials = partialCoords.map((c, i) => {
    const tile = partialContents[i];
    if (tile === undefined || tile.length !== c.width * 32) {
      throw new StoreError(
        'STORE_CORRUPT',
        `tile ${c.level}/${c.index} should be ${c.width} hashes wide at size ${n} but is ${tile === undefined ? 'missing' : `${tile.length / 32} wide`}; the store was changed or damaged: run \`cairn fsck\``,
      );
    }
    return tile;
  });
  const tiles = TileWriter.restore(n, partials);

  const compactIds = CompactRange.nodeIds(n);
  const compact = CompactRange.fromNodes(n, await readNodeHashes(compactIds, store));
  if (!equalBytes(compact.root(), parsed.rootHash)) {
    throw new StoreError(
      'STORE_CORRUPT',
      `the stored tiles give root ${toHex(compact.root())} but the latest checkpoint (size ${n}) says ${toHex(parsed.rootHash)}; the store was changed or damaged: run \`cairn fsck\``,
    );
  }

  let edgeBundle: ChangedBundle | undefined;
  let lastTimestamp = 0n;
  if (n > 0) {
    const lastBundle = Math.floor((n - 1) / TILE_WIDTH);
    const width = n - lastBundle * TILE_WIDTH;
    const [bytes] = await store.readBundles([lastBundle]);
    if (bytes === undefined) throw new StoreError('STORE_CORRUPT', `entry bundle ${lastBundle} is missing at size ${n}`);
    let entries: Uint8Array[];
    try {
      entries = parseEntryBundle(bytes, width);
    } catch (err) {
      throw new StoreError('STORE_CORRUPT', `entry bundle ${lastBundle} does not hold ${width} entries at size ${n}`, { cause: err });
    }
    lastTimestamp = decodeLogEntry(entries[width - 1]!).timestamp;
    if (width < TILE_WIDTH) edgeBundle = { index: lastBundle, width, bytes };
  }
  const bundles = BundleWriter.restore(n, edgeBundle?.bytes);

  const edgeTiles = new Map<number, EdgeTile>();
  partialCoords.forEach((c, i) => edgeTiles.set(c.level, { index: c.index, hashes: partials[i]! }));

  return {
    checkpoint: { treeSize: n, rootHash: parsed.rootHash, note: stored.note },
    compact,
    tiles,
    bundles,
    edgeTiles,
    edgeBundle,
    lastTimestamp,
  };
}

/** The right-edge tiles after a round: the previous ones updated by the tiles the round changed. */
export function nextEdgeTiles(previous: ReadonlyMap<number, EdgeTile>, changed: readonly ChangedTile[]): Map<number, EdgeTile> {
  const next = new Map(previous);
  for (const t of changed) {
    if (t.width < TILE_WIDTH) next.set(t.level, { index: t.index, hashes: t.hashes });
    else if (next.get(t.level)?.index === t.index) next.delete(t.level);
  }
  return next;
}
