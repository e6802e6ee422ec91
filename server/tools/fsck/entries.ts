/**
 * fsck of the entries, in index order (keys `b`, `p` and `h` of keys.ts): every entry bundle
 * has the width the latest tree gives it and none is missing or beyond the tree; every entry
 * hashes to its leaf hash in the authenticated level-0 tile; every leaf is a LogEntry; the
 * timestamps strictly increase across the log (SPEC §3); every entry has a stored payload (Cairn
 * has no erasure yet) whose length is the entry's payload_size and for which
 * SHA-256(nonce || payload) is the entry's commitment; every leaf is in the hash index. One
 * bundle, one tile and one payload chunk in memory at a time.
 */
import { TILE_WIDTH, entryBundleWidth, equalBytes, hashLeaf, parseEntryBundle, toHex, HASH_SIZE } from '../../../merkle/index.js';
import { computeCommitment, decodeLogEntry, formatTimestamp, type LogEntry } from '../../../proofs/index.js';
import { PREFIX_BUNDLE, keyNumber, leafHashKey } from '../../store/keys.js';
import { TileError as ToolError } from '../../../client/index.js';
import { storedNumber, type FsckContext } from './context.js';
import { PayloadCursor } from './payload-cursor.js';

/** Checks every stored bundle and its entries; see the file comment. */
export async function checkEntries(ctx: FsckContext): Promise<void> {
  const { findings, treeSize: n } = ctx;
  const bundleCount = Math.ceil(n / TILE_WIDTH);
  const payloads = new PayloadCursor(ctx.store, n, findings);
  if (!ctx.rootOk) findings.skip('the entries against their leaf hashes: the tiles do not give the latest root');
  const walk: EntryWalk = { lastTimestamp: 0n, lastIndex: -1, missingPayloads: undefined };
  let expected = 0;
  const reportMissing = (until: number) => {
    const end = Math.min(until, bundleCount);
    if (expected < end) {
      const what = end - expected === 1 ? `bundle ${expected}` : `bundles ${expected} to ${end - 1}`;
      findings.add('BUNDLE_MISSING', what, `${what} (entries ${expected * TILE_WIDTH} to ${Math.min(end * TILE_WIDTH, n) - 1}) ${end - expected === 1 ? 'is' : 'are'} missing`);
    }
    expected = Math.max(expected, until);
  };

  for await (const [key, value] of ctx.store.scan(PREFIX_BUNDLE)) {
    const index = storedNumber(key, 9);
    if (index === undefined) {
      findings.add('MALFORMED_RECORD', `bundle key ${toHex(key)}`, 'an entry bundle key that is not the prefix and a u64 index below 2^53');
      continue;
    }
    const where = `bundle ${index}`;
    findings.counts.bundles++;
    reportMissing(index);
    expected = Math.max(expected, index + 1);
    const width = entryBundleWidth(index, n);
    if (width === 0) {
      findings.add('BEYOND_TREE', where, `${where} is beyond the latest tree (size ${n}), which has no such bundle`);
      continue;
    }
    let entries: Uint8Array[];
    try {
      entries = parseEntryBundle(value);
    } catch (err) {
      findings.add('BUNDLE_MALFORMED', where, `${where} does not parse: ${(err as Error).message}`);
      continue;
    }
    if (entries.length !== width) {
      findings.add('BUNDLE_MALFORMED', where, `${where} holds ${entries.length} entries, but the latest tree (size ${n}) gives it ${width}${entries.length > width ? ': it reaches beyond the tree' : ''}`);
      entries = entries.slice(0, width);
    }
    await checkBundleEntries(ctx, index, entries, payloads, walk);
  }
  reportMissing(bundleCount);
  reportMissingPayloads(ctx, walk);
  await payloads.finish();
}

/** Where the walk through the entries is. */
interface EntryWalk {
  lastTimestamp: bigint;
  lastIndex: number;
  /** The run of entries without a stored payload being walked through, reported as one problem. */
  missingPayloads: { first: number; last: number } | undefined;
}

function reportMissingPayloads(ctx: FsckContext, walk: EntryWalk): void {
  const run = walk.missingPayloads;
  if (run === undefined) return;
  walk.missingPayloads = undefined;
  const what = run.first === run.last ? `entry ${run.first}` : `entries ${run.first} to ${run.last}`;
  ctx.findings.add('PAYLOAD_MISSING', what, `no payload is stored for ${what}; Cairn does not erase payloads, so they were lost or removed`);
}

/** The checks of the entries of one bundle. */
async function checkBundleEntries(
  ctx: FsckContext,
  bundleIndex: number,
  entries: readonly Uint8Array[],
  payloads: PayloadCursor,
  walk: EntryWalk,
): Promise<void> {
  const { findings } = ctx;
  const tile = await authenticTile(ctx, bundleIndex);
  const leafHashes = entries.map((entry, j) => ({ own: hashLeaf(entry), logged: tile?.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE) }));
  // The hash index is keyed by the logged leaf hash; the entry's own is the best guess without a tile.
  const indexed = await ctx.store.kv.getMany(leafHashes.map((h) => leafHashKey(h.logged ?? h.own)));
  for (let j = 0; j < entries.length; j++) {
    const index = bundleIndex * TILE_WIDTH + j;
    const where = `entry ${index}`;
    findings.counts.entries++;
    const { own, logged } = leafHashes[j]!;
    await checkHashIndex(ctx, index, logged ?? own, indexed[j]);
    if (logged !== undefined && !equalBytes(own, logged)) {
      findings.add('ENTRY_MISMATCH', where, `${where} (bundle ${bundleIndex}, position ${j}) does not hash to its leaf hash in tile 0/${bundleIndex}: the entry was changed`);
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
      findings.add('TIMESTAMP_ORDER', where, `${where} has timestamp ${formatTimestamp(entry.timestamp)}, not after entry ${walk.lastIndex}'s ${formatTimestamp(walk.lastTimestamp)}`);
    }
    walk.lastTimestamp = entry.timestamp;
    walk.lastIndex = index;
    const record = await payloads.recordFor(index);
    if (record === undefined) {
      if (walk.missingPayloads === undefined) walk.missingPayloads = { first: index, last: index };
      else walk.missingPayloads.last = index;
      continue;
    }
    reportMissingPayloads(ctx, walk);
    findings.counts.payloads++;
    if (record.payload.length !== entry.payloadSize) {
      findings.add('PAYLOAD_SIZE', where, `the stored payload of ${where} is ${record.payload.length} bytes, but its payload_size says ${entry.payloadSize}`);
    }
    if (!equalBytes(computeCommitment(record.nonce, record.payload), entry.commitment)) {
      findings.add('COMMITMENT_MISMATCH', where, `the stored payload and nonce of ${where} do not open its commitment (SHA-256(nonce || payload) differs): one of them was changed`);
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
async function checkHashIndex(ctx: FsckContext, index: number, leafHash: Uint8Array, value: Uint8Array | undefined): Promise<void> {
  const prefix = leafHash.subarray(0, 8);
  if (value === undefined) {
    ctx.findings.add('HASH_INDEX_MISSING', `entry ${index}`, `the hash index has no record for the leaf hash of entry ${index}`);
    return;
  }
  if (value.length !== 8) return; // malformed: reported by the scan of the hash index
  const named = keyNumber(value);
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
