/**
 * The history of a log as the world sees it, for tests that throw hostile requests at a server
 * and then show that history was not rewritten (SPEC §5 "bad input never changes the log", §6).
 *
 * A snapshot holds, through the public API: the latest signed checkpoint; every checkpoint the
 * log stored, by tree size (`/v1/checkpoints/<size>`); a digest of every entry with its payload
 * and nonce (`/v1/entries` pages, read with a reader token); and a digest of every hash tile and
 * entry bundle, full and partial, the tree has (`/tile/...`). `expectHistoryKept` fetches the
 * same things again and requires them byte-identical, the old checkpoint consistent with the new
 * one (a verified proof), and the tree grown by exactly the number of entries the test appended
 * on purpose.
 */
import { expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { entryBundlesForSize, formatTilePath, tilesForSize } from '../../merkle/index.js';
import { decodeBase64, verifyCheckpoint, verifyConsistency } from '../../proofs/index.js';
import type { CairnLog } from '../../server/cairn-log.js';

/** What a snapshot remembers. */
export interface LogHistory {
  treeSize: number;
  /** The latest checkpoint note. */
  checkpoint: string;
  /** Every stored checkpoint note by tree size, as `/v1/checkpoints/<size>` served it. */
  checkpoints: Map<number, string>;
  /** SHA-256 (hex) of each `/v1/entries` page of [0, treeSize), by its query. */
  entryPages: Map<string, string>;
  /** SHA-256 (hex) of every tile and bundle of the tree, by path. */
  tiles: Map<string, string>;
}

const PAGE = 1000;

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function get(url: string, path: string, token?: string, accept?: string): Promise<Response> {
  const res = await fetch(`${url}${path}`, {
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(accept === undefined ? {} : { accept }) },
  });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

/**
 * Takes a snapshot of the log served at `url`. `readerToken` reads payloads; `log` lists the
 * stored checkpoint sizes (the API serves one size at a time).
 */
export async function snapshotHistory(url: string, readerToken: string, log: CairnLog): Promise<LogHistory> {
  const checkpoint = await (await get(url, '/checkpoint')).text();
  const treeSize = Number(checkpoint.split('\n')[1]);
  const checkpoints = new Map<number, string>();
  for (const stored of await log.store.listCheckpoints(0, 1_000_000)) {
    if (stored.treeSize > treeSize) continue;
    checkpoints.set(stored.treeSize, await (await get(url, `/v1/checkpoints/${stored.treeSize}`, undefined, 'text/plain')).text());
  }
  const entryPages = new Map<string, string>();
  for (let start = 0; start < treeSize; start += PAGE) {
    const query = `/v1/entries?start=${start}&end=${Math.min(treeSize, start + PAGE)}`;
    entryPages.set(query, sha256(await (await get(url, query, readerToken)).text()));
  }
  const tiles = new Map<string, string>();
  const paths = [
    ...tilesForSize(treeSize).map((t) => formatTilePath({ kind: 'hash', ...t })),
    ...entryBundlesForSize(treeSize).map((b) => formatTilePath({ kind: 'entries', ...b })),
  ];
  for (const path of paths) tiles.set(path, sha256(new Uint8Array(await (await get(url, `/${path}`)).arrayBuffer())));
  return { treeSize, checkpoint, checkpoints, entryPages, tiles };
}

/**
 * Requires the log at `url` to still hold everything `before` saw, byte for byte, and to have
 * grown by exactly `appended` entries, with the old checkpoint provably consistent with the new
 * one. Returns the new snapshot.
 */
export async function expectHistoryKept(url: string, readerToken: string, log: CairnLog, before: LogHistory, appended: number): Promise<LogHistory> {
  const after = await snapshotHistory(url, readerToken, log);
  expect(after.treeSize).toBe(before.treeSize + appended);
  if (appended === 0) expect(after.checkpoint).toBe(before.checkpoint);
  for (const [size, note] of before.checkpoints) expect({ size, note: after.checkpoints.get(size) }).toEqual({ size, note });
  for (const [query, digest] of before.entryPages) {
    expect({ query, digest: sha256(await (await get(url, query, readerToken)).text()) }).toEqual({ query, digest });
  }
  for (const [path, digest] of before.tiles) {
    expect({ path, digest: sha256(new Uint8Array(await (await get(url, `/${path}`)).arrayBuffer())) }).toEqual({ path, digest });
  }
  // The old tree is a prefix of the new one, proved with the log's own key.
  const key = log.verifierKey;
  const older = verifyCheckpoint(before.checkpoint, key);
  const newer = verifyCheckpoint(after.checkpoint, key);
  if (older.treeSize > 0 && older.treeSize < newer.treeSize) {
    const body = (await (await get(url, `/v1/proof/consistency?from=${older.treeSize}&to=${newer.treeSize}`)).json()) as { hashes: string[] };
    verifyConsistency(
      older.treeSize,
      newer.treeSize,
      older.rootHash,
      newer.rootHash,
      body.hashes.map((h) => decodeBase64(h)),
    );
  }
  return after;
}
