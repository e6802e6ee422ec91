/**
 * The tile API and the dynamic proofs agree (SPEC §2, §5, §6.3): proofs rebuilt from fetched
 * tiles (plan with proofs/, fetch the tile hashes, fold) equal /v1/proof/*, and both verify
 * against signed checkpoints; partial tiles of every width up to the current one are served;
 * every checkpoint seen during a run of appends is consistent with every later one.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  decodeBase64,
  leafHash as hashLeafBytes,
  parseTlogProof,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  type Checkpoint,
  type ReceiptJson,
} from '../../../client/index.js';
import { formatTilePath, parseEntryBundle, rootFromLeafHashes, tileForNode, tileWidth, type NodeId } from '../../../merkle/index.js';
import { consistencyProofNodes, foldProofNodes, inclusionProofNodes } from '../../../proofs/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { bearer, bytesOf, expectProblem, fetchCheckpoint, utf8Bytes } from './http-utils.js';

// Batches chosen to cross tile edges: sizes 1, 5, 256, 257, 300, 513, 600, 601.
const BATCHES = [1, 4, 251, 1, 43, 213, 87, 1];

let s: TestServer;
/** The checkpoint note after each batch, by tree size. */
const notes = new Map<number, string>();
const checkpoints = new Map<number, Checkpoint>();

async function appendBatch(count: number, first: number): Promise<void> {
  const entries = Array.from({ length: count }, (_, i) => ({ json: { n: first + i } }));
  const res = await fetch(`${s.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { ...bearer(s.writerToken), 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  s = await startTestServer();
  let size = 0;
  for (const count of BATCHES) {
    await appendBatch(count, size);
    size += count;
    const note = await fetchCheckpoint(s.url);
    notes.set(size, note);
    const cp = verifyCheckpoint(note, s.log.verifierKey.text);
    expect(cp.treeSize).toBe(size);
    checkpoints.set(size, cp);
  }
});

afterAll(async () => {
  await s.stop();
});

/** Tiles fetched so far, by path: a client caches them too (immutable, or fixed by width). */
const tileCache = new Map<string, Promise<Uint8Array>>();

function fetchTile(level: number, index: number, width: number): Promise<Uint8Array> {
  const path = formatTilePath({ kind: 'hash', level, index, width });
  let tile = tileCache.get(path);
  if (tile === undefined) {
    tile = fetch(`${s.url}/${path}`).then(async (res) => {
      expect(res.status).toBe(200);
      const bytes = await bytesOf(res);
      expect(bytes.length).toBe(width * 32);
      return bytes;
    });
    tileCache.set(path, tile);
  }
  return tile;
}

/** The hashes of `ids` in the tree of `size`, from the tiles that tree has (its own widths). */
async function nodeHashesFromTiles(ids: readonly NodeId[], size: number): Promise<Uint8Array[]> {
  return Promise.all(
    ids.map(async (id) => {
      const p = tileForNode(id);
      const tile = await fetchTile(p.tileLevel, p.tileIndex, tileWidth(p.tileLevel, p.tileIndex, size));
      const hashes = Array.from({ length: p.count }, (_, j) => tile.slice((p.start + j) * 32, (p.start + j + 1) * 32));
      return p.count === 1 ? hashes[0]! : rootFromLeafHashes(hashes);
    }),
  );
}

function b64s(hashes: readonly Uint8Array[]): string[] {
  return hashes.map((h) => Buffer.from(h).toString('base64'));
}

describe('tiles and dynamic proofs', () => {
  test('the leaves of the entry bundles hash to the level-0 tiles, whose root is the checkpoint root', async () => {
    const size = 601;
    const leafHashes: Uint8Array[] = [];
    for (let b = 0; b * 256 < size; b++) {
      const width = Math.min(256, size - b * 256);
      const res = await fetch(`${s.url}/${formatTilePath({ kind: 'entries', index: b, width })}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      const leaves = parseEntryBundle(await bytesOf(res), width);
      const tile = await fetchTile(0, b, width);
      leaves.forEach((leaf, i) => {
        const h = hashLeafBytes(leaf);
        expect(h).toEqual(tile.slice(i * 32, (i + 1) * 32));
        leafHashes.push(h);
      });
    }
    expect(rootFromLeafHashes(leafHashes)).toEqual(checkpoints.get(size)!.rootHash);
  });

  test('inclusion proofs rebuilt from tiles equal /v1/proof/inclusion and verify against each checkpoint', async () => {
    const cases = [...checkpoints].flatMap(([size, cp]) =>
      [...new Set([0, 1, Math.floor(size / 2), 255, 256, size - 1])].filter((i) => i >= 0 && i < size).map((index) => ({ size, cp, index })),
    );
    await Promise.all(
      cases.map(async ({ size, cp, index }) => {
        const plan = inclusionProofNodes(index, size);
        const fromTiles = foldProofNodes(plan, await nodeHashesFromTiles(plan.ids, size));
        const res = await fetch(`${s.url}/v1/proof/inclusion?index=${index}&size=${size}`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { index: number; treeSize: number; leafHash: string; hashes: string[] };
        expect(body.index).toBe(index);
        expect(body.treeSize).toBe(size);
        expect(body.hashes).toEqual(b64s(fromTiles));
        verifyInclusion(decodeBase64(body.leafHash), index, size, fromTiles, cp.rootHash);
      }),
    );
  });

  test('an inclusion proof by leaf hash equals the one by index', async () => {
    const byIndex = (await (await fetch(`${s.url}/v1/proof/inclusion?index=299&size=513`)).json()) as { leafHash: string; hashes: string[] };
    const res = await fetch(`${s.url}/v1/proof/inclusion?leafHash=${encodeURIComponent(byIndex.leafHash)}&size=513`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ index: 299, treeSize: 513, ...byIndex });
  });

  test('consistency proofs rebuilt from tiles equal /v1/proof/consistency and verify between every pair of checkpoints', async () => {
    const sizes = [...checkpoints.keys()];
    const pairs = [0, ...sizes].flatMap((from) => sizes.filter((to) => to >= from).map((to) => ({ from, to })));
    await Promise.all(
      pairs.map(async ({ from, to }) => {
        const plan = consistencyProofNodes(from, to);
        const fromTiles = foldProofNodes(plan, await nodeHashesFromTiles(plan.ids, to));
        const res = await fetch(`${s.url}/v1/proof/consistency?from=${from}&to=${to}`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { from: number; to: number; hashes: string[] };
        expect(body).toEqual({ from, to, hashes: b64s(fromTiles) });
        if (from > 0) verifyConsistency(from, to, checkpoints.get(from)!.rootHash, checkpoints.get(to)!.rootHash, fromTiles);
      }),
    );
  });

  test('size and to default to the latest checkpoint', async () => {
    const inc = (await (await fetch(`${s.url}/v1/proof/inclusion?index=3`)).json()) as { treeSize: number };
    expect(inc.treeSize).toBe(601);
    const con = (await (await fetch(`${s.url}/v1/proof/consistency?from=5`)).json()) as { to: number };
    expect(con.to).toBe(601);
  });

  test('from = to and from = 0 give empty consistency proofs', async () => {
    expect(await (await fetch(`${s.url}/v1/proof/consistency?from=300&to=300`)).json()).toEqual({ from: 300, to: 300, hashes: [] });
    expect(await (await fetch(`${s.url}/v1/proof/consistency?from=0&to=300`)).json()).toEqual({ from: 0, to: 300, hashes: [] });
  });

  test('every old checkpoint is served by /v1/checkpoints/<size> exactly as it was published', async () => {
    for (const [size, note] of notes) {
      const res = await fetch(`${s.url}/v1/checkpoints/${size}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ treeSize: size, checkpoint: note });
    }
  });
});

describe('tile caching and widths', () => {
  test('a full tile is immutable; a partial one is cacheable for seconds only', async () => {
    const full = await fetch(`${s.url}/tile/0/000`);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const partial = await fetch(`${s.url}/tile/0/002.p/89`);
    expect(partial.status).toBe(200);
    expect(partial.headers.get('cache-control')).toBe('public, max-age=5');
    const bundle = await fetch(`${s.url}/tile/entries/001`);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('a partial tile of every width up to the current one is the prefix of the widest', async () => {
    const widest = await fetchTile(0, 2, 89);
    for (const w of [1, 2, 45, 88]) expect(await fetchTile(0, 2, w)).toEqual(widest.slice(0, w * 32));
    const full = await fetchTile(0, 0, 256);
    expect(await fetchTile(0, 0, 5)).toEqual(full.slice(0, 5 * 32));
  });

  test('a partial entry bundle of an old width is served after the bundle filled', async () => {
    const res = await fetch(`${s.url}/tile/entries/000.p/5`);
    expect(res.status).toBe(200);
    const leaves = parseEntryBundle(await bytesOf(res), 5);
    const tile = await fetchTile(0, 0, 5);
    leaves.forEach((leaf, i) => expect(hashLeafBytes(leaf)).toEqual(tile.slice(i * 32, (i + 1) * 32)));
  });

  test('a full tile path before the tile is full is 404', async () => {
    await expectProblem(await fetch(`${s.url}/tile/0/002`), 404, 'NOT_FOUND');
  });

  test('a full entry bundle path before the bundle is full is 404', async () => {
    await expectProblem(await fetch(`${s.url}/tile/entries/002`), 404, 'NOT_FOUND');
  });

  test('a partial tile wider than the tree is 404', async () => {
    await expectProblem(await fetch(`${s.url}/tile/0/002.p/90`), 404, 'NOT_FOUND');
  });

  test('a tile at a level the tree does not reach is 404', async () => {
    await expectProblem(await fetch(`${s.url}/tile/2/000.p/1`), 404, 'NOT_FOUND');
  });

  test('a non-canonical tile path is 404 with the reason', async () => {
    const p = await expectProblem(await fetch(`${s.url}/tile/0/x000/001`), 404, 'NOT_FOUND');
    expect(p.detail).toMatch(/not a tile path/);
  });

  test('a tile index with a percent escape is 404', async () => {
    await expectProblem(await fetch(`${s.url}/tile/0/%30%30%31`), 404, 'NOT_FOUND');
  });

  test('HEAD of a tile answers its headers without a body', async () => {
    const res = await fetch(`${s.url}/tile/0/000`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(256 * 32));
    expect((await bytesOf(res)).length).toBe(0);
  });
});

describe('checkpoints during a run of appends', () => {
  test('every checkpoint seen is consistent with every later one', async () => {
    const t = await startTestServer();
    try {
      const seen = new Set<string>([await fetchCheckpoint(t.url)]);
      let done = false;
      // Five waves of six concurrent appends: at least five rounds, so at least six checkpoints.
      const append = async (i: number): Promise<void> => {
        const r = await fetch(`${t.url}/v1/entries`, { method: 'POST', headers: bearer(t.writerToken), body: utf8Bytes(`run-${i}`) });
        expect(r.status).toBe(201);
        seen.add(parseTlogProof(((await r.json()) as ReceiptJson).proof).checkpoint);
      };
      const appends = (async () => {
        for (let wave = 0; wave < 5; wave++) await Promise.all(Array.from({ length: 6 }, (_, i) => append(wave * 6 + i)));
      })().finally(() => {
        done = true;
      });
      while (!done) seen.add(await fetchCheckpoint(t.url));
      await appends;
      seen.add(await fetchCheckpoint(t.url));

      const verified = [...seen].map((note) => ({ note, cp: verifyCheckpoint(note, t.log.verifierKey.text) })).sort((a, b) => a.cp.treeSize - b.cp.treeSize);
      expect(verified.at(-1)!.cp.treeSize).toBe(30);
      expect(verified.length).toBeGreaterThanOrEqual(6);
      const pairs = verified.flatMap((a, i) => verified.slice(i + 1).map((b) => [a.cp, b.cp] as const));
      await Promise.all(
        pairs.map(async ([a, b]) => {
          if (a.treeSize === b.treeSize) {
            expect(b.rootHash).toEqual(a.rootHash);
            return;
          }
          const res = await fetch(`${t.url}/v1/proof/consistency?from=${a.treeSize}&to=${b.treeSize}`);
          expect(res.status).toBe(200);
          const body = (await res.json()) as { hashes: string[] };
          if (a.treeSize > 0)
            verifyConsistency(
              a.treeSize,
              b.treeSize,
              a.rootHash,
              b.rootHash,
              body.hashes.map((h) => decodeBase64(h)),
            );
        }),
      );
    } finally {
      await t.stop();
    }
  });
});
