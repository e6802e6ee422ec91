/**
 * `cairn fsck`'s engine (SPEC §6.5): checks a stopped server's store offline, streaming through
 * it (memory O(tile) plus one bundle's payloads, never O(log)). The latest stored checkpoint
 * (the head the server would continue from) defines the tree; everything else is checked
 * against it, phase by phase. Phases 1-4 read through the store's read interface (store.ts), so
 * they check any driver; phase 5 is the driver's own (LogStore.layoutFsck):
 *
 * 1. identity (checkpoints.ts), the latest checkpoint;
 * 2. hash tiles: the root, widths, parents, gaps (tiles.ts);
 * 3. entries: bundles, leaf hashes, LogEntry, timestamps, payloads, hash index (entries.ts);
 * 4. every stored checkpoint: signature, size, consistency with the latest (checkpoints.ts);
 * 5. the driver's layout: records of the wrong shape, objects beyond the tree, the raw indexes
 *    (idempotency records are checked against the entries by idempotency.ts), credentials,
 *    unknown keys (LevelDB: server/store/level/fsck-layout.ts).
 */
import type { LayoutFsckContext } from '../../store/layout-fsck.js';
import type { LogStore } from '../../store/store.js';
import { TileAuthenticator } from '../../../client/index.js';
import { rootFromTiles } from '../../../client/index.js';
import { TileError as ToolError } from '../../../client/index.js';
import { checkAllCheckpoints, checkIdentity, checkLatest } from './checkpoints.js';
import type { FsckContext } from './context.js';
import { checkEntries, leafHashAt } from './entries.js';
import { checkIdempotencyBatch } from './idempotency.js';
import { FsckFindings, type FsckCounts, type FsckProblem } from './report.js';
import { StoreTileSource } from './store-tile-source.js';
import { checkTiles } from './tiles.js';

/** The outcome of fsck. */
export interface FsckReport {
  clean: boolean;
  origin: string | undefined;
  /** The size of the latest stored checkpoint, the tree everything was checked against. */
  treeSize: number | undefined;
  /** The problems found (at most MAX_KEPT_PROBLEMS of them; problemCount counts all). */
  problems: FsckProblem[];
  problemCount: number;
  /** Checks that could not run because of an earlier problem. */
  skipped: string[];
  counts: FsckCounts;
  seconds: number;
}

/**
 * Checks the store and reports every problem found. `onProblem` sees each problem as it is
 * found. Throws only when the store itself cannot be read (StoreError).
 */
export async function fsckStore(store: LogStore, options: { onProblem?: (problem: FsckProblem) => void } = {}): Promise<FsckReport> {
  const started = performance.now();
  const findings = new FsckFindings();
  findings.onProblem = options.onProblem;
  const report = (origin: string | undefined, treeSize: number | undefined): FsckReport => ({
    clean: findings.problemCount === 0,
    origin,
    treeSize,
    problems: findings.problems,
    problemCount: findings.problemCount,
    skipped: findings.skipped,
    counts: findings.counts,
    seconds: (performance.now() - started) / 1000,
  });

  const identity = await checkIdentity(store, findings);
  if (identity === undefined) findings.skip('the signatures of the stored checkpoints: no valid identity');
  const latest = await checkLatest(store, identity?.verifier, findings);
  if (latest === undefined) return report(identity?.origin, undefined);

  const tiles = new StoreTileSource(store);
  const n = latest.size;
  let rootHash = latest.parsed?.treeSize === n ? latest.parsed.rootHash : undefined;
  if (rootHash === undefined) {
    // Without a usable note the tiles can still be checked against each other.
    findings.skip(`the root of checkpoint ${n} against the tiles: its note cannot be read`);
    try {
      rootHash = await rootFromTiles(tiles, n);
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      rootHash = new Uint8Array(32);
    }
  }
  const ctx: FsckContext = {
    store,
    findings,
    verifier: identity?.verifier,
    treeSize: n,
    rootHash,
    tiles,
    authenticator: new TileAuthenticator(tiles, { treeSize: n, rootHash }),
    rootOk: false,
    hashIndex: { found: 0, reported: new Set() },
  };
  await checkTiles(ctx);
  await checkEntries(ctx);
  await checkAllCheckpoints(ctx);
  await store.layoutFsck?.check(layoutContext(ctx));
  return report(identity?.origin, n);
}

/** What the driver's checks see of this run. */
function layoutContext(ctx: FsckContext): LayoutFsckContext {
  return {
    treeSize: ctx.treeSize,
    report: (code, where, message) => ctx.findings.add(code, where, message),
    count: (what) => ctx.findings.counts[what]++,
    leafHashAt: (index) => leafHashAt(ctx, index),
    hashIndex: ctx.hashIndex,
    checkIdempotencyRecords: (records) => checkIdempotencyBatch(ctx, records),
  };
}
