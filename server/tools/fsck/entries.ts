/**
 * fsck of the entries, in index order, through the store's read interface (readBundles,
 * readPayloads, readLeafIndex): every entry bundle the tree needs is stored with the width the
 * latest tree gives it; every entry hashes to its leaf hash in the authenticated level-0 tile;
 * every leaf is a LogEntry; the timestamps strictly increase across the log (SPEC §3); every
 * entry has a stored payload whose length is the entry's payload_size and for which
 * SHA-256(nonce || payload) is the entry's commitment, unless an erasure record covers it
 * (erasures.ts, issue 14); every leaf is in the hash
 * index. One bundle, one tile and one bundle's payloads in memory at a time. Bundles stored
 * beyond the tree are the driver's to find (its layoutFsck).
 */
import { TILE_WIDTH, entryBundleWidth, equalBytes, hashLeaf, parseEntryBundle, toHex, HASH_SIZE } from '../../../merkle/index.js';
import { computeCommitment, decodeLogEntry, formatTimestamp, type LogEntry } from '../../../proofs/index.js';
import { StoreError, type PayloadRecord } from '../../store/store.js';
import { TileError as ToolError } from '../../../client/index.js';
import type { FsckContext } from './context.js';
import { ErasureCoverage } from './erasures.js';

/** Checks every bundle the tree needs and its entries; see the file comment. */
export async function checkEntries(ctx: FsckContext): Promise<void> {
  const { findings, treeSize: n } = ctx;
  const bundleCount = Math.ceil(n / TILE_WIDTH);
  if (!ctx.rootOk) findings.skip('the entries against their leaf hashes: the tiles do not give the latest root');
  const walk: EntryWalk = { lastTimestamp: 0n, lastIndex: -1, erasures: new ErasureCoverage() };
  // The first index of the run of missing bundles being walked through, reported as one problem.
  let missingFrom: number | undefined;
  const reportMissing = (end: number) => {
    if (missingFrom === undefined) return;
    const what = end - missingFrom === 1 ? `bundle ${missingFrom}` : `bundles ${missingFrom} to ${end - 1}`;
    findings.add(
      'BUNDLE_MISSING',
      what,
      `${what} (entries ${missingFrom * TILE_WIDTH} to ${Math.min(end * TILE_WIDTH, n) - 1}) ${end - missingFrom === 1 ? 'is' : 'are'} missing`,
    );
    missingFrom = undefined;
  };

  for (let index = 0; index < bundleCount; index++) {
    const [value] = await ctx.store.readBundles([index]);
    if (value === undefined) {
      missingFrom ??= index;
      continue;
    }
    reportMissing(index);
    const where = `bundle ${index}`;
    findings.counts.bundles++;
    const width = entryBundleWidth(index, n);
    let entries: Uint8Array[];
    try {
      entries = parseEntryBundle(value);
    } catch (err) {
      findings.add('BUNDLE_MALFORMED', where, `${where} does not parse: ${(err as Error).message}`);
      continue;
    }
    if (entries.length !== width) {
      findings.add(
        'BUNDLE_MALFORMED',
        where,
        `${where} holds ${entries.length} entries, but the latest tree (size ${n}) gives it ${width}${entries.length > width ? ': it reaches beyond the tree' : ''}`,
      );
      entries = entries.slice(0, width);
    }
    await checkBundleEntries(ctx, index, entries, await payloadsOf(ctx, index * TILE_WIDTH, index * TILE_WIDTH + entries.length), walk);
  }
  reportMissing(bundleCount);
  walk.erasures.report(findings);
}

/**
 * The stored payloads of entries start <= i < end. Where the store cannot decode them
 * (STORE_CORRUPT: the driver's layoutFsck names the damaged record), those entries count as
 * without a payload.
 */
async function payloadsOf(ctx: FsckContext, start: number, end: number): Promise<(PayloadRecord | undefined)[]> {
  try {
    return await ctx.store.readPayloads(start, end);
  } catch (err) {
    if (!(err instanceof StoreError && err.code === 'STORE_CORRUPT')) throw err;
  }
  const one = (index: number) =>
    ctx.store.readPayload(index).catch((err: unknown) => {
      if (err instanceof StoreError && err.code === 'STORE_CORRUPT') return undefined;
      throw err;
    });
  return Promise.all(Array.from({ length: end - start }, (_, i) => one(start + i)));
}

/** The hash index's answer for a leaf hash: the index it names, undefined when absent, `malformed` when it does not decode. */
async function leafIndexOf(ctx: FsckContext, leafHash: Uint8Array): Promise<number | undefined | 'malformed'> {
  try {
    return await ctx.store.readLeafIndex(leafHash);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'STORE_CORRUPT') return 'malformed';
    throw err;
  }
}

/** Where the walk through the entries is. */
interface EntryWalk {
  lastTimestamp: bigint;
  lastIndex: number;
  /** Entries without a payload and the erasure records met, judged at the end (erasures.ts). */
  erasures: ErasureCoverage;
}

/** The checks of the entries of one bundle. */
async function checkBundleEntries(
  ctx: FsckContext,
  bundleIndex: number,
  entries: readonly Uint8Array[],
  payloads: readonly (PayloadRecord | undefined)[],
  walk: EntryWalk,
): Promise<void> {
  const { findings } = ctx;
  const tile = await authenticTile(ctx, bundleIndex);
  const leafHashes = entries.map((entry, j) => ({ own: hashLeaf(entry), logged: tile?.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE) }));
  // The hash index is keyed by the logged leaf hash; the entry's own is the best guess without a tile.
  const indexed = await Promise.all(leafHashes.map((h) => leafIndexOf(ctx, h.logged ?? h.own)));
  for (let j = 0; j < entries.length; j++) {
    const index = bundleIndex * TILE_WIDTH + j;
    const where = `entry ${index}`;
    findings.counts.entries++;
    const { own, logged } = leafHashes[j]!;
    await checkHashIndex(ctx, index, logged ?? own, indexed[j]);
    if (logged !== undefined && !equalBytes(own, logged)) {
      findings.add(
        'ENTRY_MISMATCH',
        where,
        `${where} (bundle ${bundleIndex}, position ${j}) does not hash to its leaf hash in tile 0/${bundleIndex}: the entry was changed`,
      );
      continue; // its bytes are known to be wrong: decoding them would only repeat this
    }
    let entry: LogEntry;
    try {
      entry = decodeLogEntry(entries[j]!);
    } catch (err) {
      findings.add('ENTRY_MALFORMED', where, `${where} is not a LogEntry: ${(err as Error).message}`);
      continue;
    }
    if (entry.timestamp <= walk.lastTimestamp) {
      findings.add(
        'TIMESTAMP_ORDER',
        where,
        `${where} has timestamp ${formatTimestamp(entry.timestamp)}, not after entry ${walk.lastIndex}'s ${formatTimestamp(walk.lastTimestamp)}`,
      );
    }
    walk.lastTimestamp = entry.timestamp;
    walk.lastIndex = index;
    const record = payloads[j];
    if (record === undefined || record.erased) {
      walk.erasures.noteAbsent(index);
      continue;
    }
    findings.counts.payloads++;
    walk.erasures.noteEntry(index, entry, record.payload, findings);
    if (record.payload.length !== entry.payloadSize) {
      findings.add('PAYLOAD_SIZE', where, `the stored payload of ${where} is ${record.payload.length} bytes, but its payload_size says ${entry.payloadSize}`);
    }
    if (!equalBytes(computeCommitment(record.nonce, record.payload), entry.commitment)) {
      findings.add(
        'COMMITMENT_MISMATCH',
        where,
        `the stored payload and nonce of ${where} do not open its commitment (SHA-256(nonce || payload) differs): one of them was changed`,
      );
    }
  }
}

/** The authenticated level-0 tile of a bundle, or undefined when it cannot be (reported by the tile checks). */
async function authenticTile(ctx: FsckContext, bundleIndex: number): Promise<Uint8Array | undefined> {
  try {
    return await ctx.authenticator.authenticate(0, bundleIndex);
  } catch (err) {
    if (err instanceof ToolError) return undefined;
    throw err;
  }
}

/**
 * The hash index record under the prefix of entry `index`'s leaf hash must name that entry, or
 * a later one whose leaf hash has the same prefix (a collision keeps the later index). Counts
 * the records found correct, so the scan of the hash index can tell whether any other record
 * exists without looking each one up.
 */
async function checkHashIndex(ctx: FsckContext, index: number, leafHash: Uint8Array, named: number | undefined | 'malformed'): Promise<void> {
  const prefix = leafHash.subarray(0, 8);
  if (named === undefined) {
    ctx.findings.add('HASH_INDEX_MISSING', `entry ${index}`, `the hash index has no record for the leaf hash of entry ${index}`);
    return;
  }
  if (named === 'malformed') return; // reported by the driver's layoutFsck
  if (named === index) {
    ctx.hashIndex.found++;
    return;
  }
  if (named > index && named < ctx.treeSize) {
    const other = await leafHashAt(ctx, named);
    if (other === undefined || equalBytes(other.subarray(0, 8), prefix)) return; // a collision, or cannot be judged
  }
  const hex = toHex(prefix);
  ctx.hashIndex.reported.add(hex);
  ctx.findings.add('HASH_INDEX_MISMATCH', `hash index ${hex}`, `the record for the leaf hash of entry ${index} names entry ${named}`);
}

/** The authenticated leaf hash of entry `index`, or undefined when its tile cannot be authenticated. */
export async function leafHashAt(ctx: FsckContext, index: number): Promise<Uint8Array | undefined> {
  const tileIndex = Math.floor(index / TILE_WIDTH);
  try {
    const tile = await ctx.authenticator.asSource().readHashTile(0, tileIndex, entryBundleWidth(tileIndex, ctx.treeSize));
    const at = (index % TILE_WIDTH) * HASH_SIZE;
    return tile.subarray(at, at + HASH_SIZE);
  } catch (err) {
    if (err instanceof ToolError) return undefined;
    throw err;
  }
}
