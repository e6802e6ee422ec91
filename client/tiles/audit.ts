/**
 * The audit of a whole C2SP tlog-tiles log (SPEC §7 `cairn audit`): verify the checkpoint, then
 * download every hash tile and entry bundle it covers and check that all of it is bound to the
 * signed root:
 *
 * 1. the partial tiles of every level give the checkpoint's root (TileAuthenticator.verifyRoot);
 * 2. every full tile's Merkle root is its hash in the tile above (top down, so the wrong tile is
 *    the one named);
 * 3. every entry hashes (RFC 6962 leaf hash) to its hash in the level-0 tile;
 * 4. on a Cairn log (the first entry decodes as a LogEntry) every entry decodes and the
 *    timestamps strictly increase (SPEC §3).
 *
 * Bundles and level-0 tiles are fetched `concurrency` at a time ahead of the checker, which
 * walks them in index order: memory is O(concurrency + levels) tiles, never O(log).
 *
 * Browser-safe: no node: imports.
 */
import { TILE_WIDTH, entryBundleWidth, equalBytes, formatTilePath, hashLeaf, toHex, HASH_SIZE } from '../../merkle/index.js';
import { VerificationError, decodeLogEntry, encodeBase64, formatTimestamp, openCheckpoint, type VerifierKey } from '../../proofs/index.js';
import { TileError } from './errors.js';
import { mapOrdered } from './parallel.js';
import { TileAuthenticator, hashTilePath } from './tile-authenticator.js';
import type { TileClient } from './tile-client.js';

/** How the audit is run. */
export interface AuditOptions {
  /** Bundles (each with its level-0 tile) fetched ahead at most; >= 1. */
  concurrency: number;
  /** Called after each bundle is checked, and once at the start. */
  onProgress?: (progress: AuditProgress) => void;
  /** Called with every entry once it is checked against its authentic tile, in index order. */
  onEntry?: (index: number, entry: Uint8Array) => void;
}

/** Where the audit is. */
export interface AuditProgress {
  entriesChecked: number;
  treeSize: number;
  bytes: number;
}

/** What a passed audit checked. */
export interface AuditSummary {
  url: string;
  origin: string;
  treeSize: number;
  /** Base64 root hash of the audited checkpoint. */
  rootHash: string;
  /** The audited checkpoint note. */
  checkpoint: string;
  /** True when the entries are Cairn LogEntry leaves (decoded, timestamps checked). */
  cairn: boolean;
  entries: number;
  hashTiles: number;
  bundles: number;
  /** Body bytes downloaded. */
  bytes: number;
  seconds: number;
}

/**
 * Audits the log `client` reads, against `verifierKey`. Resolves with a summary when every
 * check passes. Throws VerificationError when the checkpoint does not verify, TileError with
 * the resource at fault in `where` when the data is wrong (MALFORMED_TILE, ROOT_MISMATCH,
 * TILE_MISMATCH, ENTRY_MISMATCH, MALFORMED_ENTRY, TIMESTAMP_ORDER), and TileError FETCH_FAILED
 * or NOT_FOUND when the log cannot be read.
 */
export async function auditLog(client: TileClient, verifierKey: VerifierKey, options: AuditOptions): Promise<AuditSummary> {
  const started = performance.now();
  const note = await client.checkpoint();
  const checkpoint = openCheckpoint(note, verifierKey);
  const n = checkpoint.treeSize;
  const progress = (entriesChecked: number) => options.onProgress?.({ entriesChecked, treeSize: n, bytes: client.bytesReceived });
  progress(0);

  const authenticator = new TileAuthenticator(client, checkpoint);
  await authenticator.verifyRoot();

  const bundleCount = Math.ceil(n / TILE_WIDTH);
  const fetchBundle = async (i: number) => {
    const width = entryBundleWidth(i, n);
    // The partial level-0 tile was read by verifyRoot; only full ones are fetched here.
    const [hashes, entries] = await Promise.all([
      width === TILE_WIDTH ? client.readHashTile(0, i, width) : Promise.resolve(undefined),
      client.readEntryBundle(i, width),
    ]);
    return { i, width, hashes, entries };
  };

  const entryCheck = new EntryChecker();
  let checked = 0;
  for await (const { i, width, hashes, entries } of mapOrdered(bundleCount, options.concurrency, fetchBundle)) {
    const tile = await authenticator.authenticate(0, i, hashes);
    // Undefined only below a failed tile, which threw already; unreachable in practice.
    if (tile === undefined) throw new TileError('TILE_MISMATCH', `tile 0/${i} cannot be authenticated`, { where: hashTilePath(0, i, width) });
    entryCheck.checkBundle(i, width, tile, entries);
    if (options.onEntry) entries.forEach((entry, j) => options.onEntry!(i * TILE_WIDTH + j, entry));
    checked += width;
    progress(checked);
  }

  return {
    url: client.prefix,
    origin: checkpoint.origin,
    treeSize: n,
    rootHash: encodeBase64(checkpoint.rootHash),
    checkpoint: note,
    cairn: entryCheck.cairn === true,
    entries: checked,
    hashTiles: authenticator.authenticatedTiles,
    bundles: bundleCount,
    bytes: client.bytesReceived,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Checks entries in log order: leaf hashes, and on a Cairn log the LogEntry and its time. */
export class EntryChecker {
  /** Decided by the first entry: true when it decodes as a Cairn LogEntry. */
  cairn: boolean | undefined;
  #lastTimestamp = 0n;

  /**
   * Checks bundle `bundleIndex` (its `width` entries) against its authentic level-0 tile
   * (width·32 bytes). Bundles must come in index order. Throws TileError ENTRY_MISMATCH,
   * MALFORMED_ENTRY or TIMESTAMP_ORDER naming the entry.
   */
  checkBundle(bundleIndex: number, width: number, tile: Uint8Array, entries: readonly Uint8Array[]): void {
    const bundlePath = formatTilePath({ kind: 'entries', index: bundleIndex, width });
    const tilePath = hashTilePath(0, bundleIndex, width);
    entries.forEach((entry, j) => {
      const index = bundleIndex * TILE_WIDTH + j;
      const expected = tile.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE);
      const actual = hashLeaf(entry);
      if (!equalBytes(actual, expected)) {
        throw new TileError(
          'ENTRY_MISMATCH',
          `entry ${index} (${bundlePath}, position ${j}) is wrong: it hashes to ${toHex(actual)}, but ${tilePath} (authenticated) holds ${toHex(expected)}`,
          { where: `entry ${index}` },
        );
      }
      this.#checkCairn(index, entry);
    });
  }

  #checkCairn(index: number, entry: Uint8Array): void {
    if (this.cairn === false) return;
    let timestamp: bigint;
    try {
      timestamp = decodeLogEntry(entry).timestamp;
    } catch (err) {
      if (this.cairn === undefined && err instanceof VerificationError) {
        this.cairn = false;
        return;
      }
      throw new TileError('MALFORMED_ENTRY', `entry ${index} is not a Cairn LogEntry: ${(err as Error).message}`, { where: `entry ${index}`, cause: err });
    }
    this.cairn = true;
    if (timestamp <= this.#lastTimestamp) {
      throw new TileError(
        'TIMESTAMP_ORDER',
        `entry ${index} has timestamp ${formatTimestamp(timestamp)}, not after entry ${index - 1}'s ${formatTimestamp(this.#lastTimestamp)}: Cairn timestamps strictly increase`,
        { where: `entry ${index}` },
      );
    }
    this.#lastTimestamp = timestamp;
  }
}
