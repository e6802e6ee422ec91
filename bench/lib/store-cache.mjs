/**
 * Prebuilt logs for the proof and footprint figures, cached under bench/out/stores/<key>/<size>/
 * so a full run does not spend minutes appending a million entries every time (the 10M log takes
 * ~20 minutes: `npm run bench -- --prebuild`). The key is a hash of the compiled code that defines
 * the bytes on disk (key layout, records, tiles, bundles, leaf hashing, leaf and checkpoint
 * formats), the event size and the builder's settings: when any of it changes, the cache misses
 * and the log is built again. Speed-only changes elsewhere (sequencer, store plumbing, HTTP) keep
 * the cache, so its storage figures are those of the code that built it (meta.json records the
 * commit). A format change the key misses cannot pass silently: `cairn serve` checks the tiles
 * against the signed checkpoint at start, and the proofs suite verifies sample proofs; delete
 * bench/out/stores/ to rebuild.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSection } from './child.mjs';
import { DIST, ROOT, outDir } from './paths.mjs';
import { gitState } from './system.mjs';

/** Compiled folders and files whose code decides the bytes of a store. */
const FORMAT_CODE = [
  'server/store/level/keys.js',
  'server/store/level/records.js',
  'server/store/level/payload-chunks.js',
  'merkle/hash.js',
  'merkle/tile.js',
  'merkle/tile-writer.js',
  'merkle/bundle-writer.js',
  'proofs/log-entry.js',
  'proofs/checkpoint.js',
  'proofs/note.js',
  'proto/gen/cairn.js',
];

/** Builder settings that are part of the key. */
const BUILD = { roundEntries: 8192, seed: 'cairn-bench-store', builder: 1 };

function listFiles(path) {
  if (!existsSync(path)) return [];
  if (!path.endsWith('.js')) {
    return readdirSync(path, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? listFiles(join(path, d.name)) : d.name.endsWith('.js') ? [join(path, d.name)] : []))
      .sort();
  }
  return [path];
}

/** The cache key of stores built with events of `eventBytes` by the current code. */
export function storeKey(eventBytes) {
  const h = createHash('sha256');
  h.update(JSON.stringify({ ...BUILD, eventBytes }));
  for (const part of FORMAT_CODE) {
    for (const file of listFiles(join(DIST, part))) {
      h.update(file.slice(DIST.length));
      h.update(readFileSync(file));
    }
  }
  return h.digest('hex').slice(0, 16);
}

function metaOf(dir) {
  const file = join(dir, 'meta.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/**
 * A cached log of `entries` entries, without building it: {dataDir, meta} or undefined.
 * @param {number} entries
 * @param {number} eventBytes
 */
export function cachedStore(entries, eventBytes) {
  const dir = join(outDir('stores', storeKey(eventBytes)), String(entries));
  const meta = metaOf(dir);
  return meta ? { dataDir: join(dir, 'data'), meta, cached: true } : undefined;
}

/**
 * A log of `entries` entries with events of `eventBytes`: the cached one, else built now (from a
 * smaller cached log of the same key when there is one, copied and extended).
 * @param {number} entries
 * @param {number} eventBytes
 * @param {{every?: number}} [options] how often the builder records the footprint
 * @returns {Promise<{dataDir: string, meta: any, cached: boolean}>}
 */
export async function ensureStore(entries, eventBytes, options = {}) {
  const hit = cachedStore(entries, eventBytes);
  if (hit) return hit;
  const keyDir = outDir('stores', storeKey(eventBytes));
  const dir = join(keyDir, String(entries));
  rmSync(dir, { recursive: true, force: true });
  const dataDir = join(dir, 'data');
  // Extend the largest complete smaller log of this key, if any.
  const smaller = readdirSync(keyDir)
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n < entries && metaOf(join(keyDir, String(n))))
    .sort((a, b) => b - a)[0];
  let base;
  if (smaller !== undefined) {
    base = metaOf(join(keyDir, String(smaller)));
    cpSync(join(keyDir, String(smaller), 'data'), dataDir, { recursive: true });
    process.stderr.write(`  extending the cached log of ${smaller.toLocaleString('en-US')} entries to ${entries.toLocaleString('en-US')}\n`);
  } else {
    process.stderr.write(`  building a log of ${entries.toLocaleString('en-US')} entries (${eventBytes} B events) in ${dataDir}\n`);
  }
  const built = await runSection(
    new URL('../sections/build-store.mjs', import.meta.url),
    {
      dataDir,
      target: entries,
      eventBytes,
      roundEntries: BUILD.roundEntries,
      every: options.every ?? Math.max(1000, Math.floor(entries / 10)),
      seed: BUILD.seed,
    },
    { nodeArgs: ['--max-semi-space-size=64'], timeoutMs: 4 * 3600_000 },
  );
  const meta = {
    ...built,
    seconds: (base?.seconds ?? 0) + built.seconds,
    growth: [...(base?.growth ?? []), ...built.growth],
    checkpoints: [...(base?.checkpoints ?? []), ...built.checkpoints],
    roundEntries: BUILD.roundEntries,
    builtAt: new Date().toISOString(),
    builtBy: gitState(ROOT),
  };
  meta.breakdown = await storeBreakdown(dataDir);
  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  return { dataDir, meta, cached: false };
}

/** Bytes by record kind of a closed data folder (sections/store-breakdown.mjs). */
async function storeBreakdown(dataDir) {
  return (await runSection(new URL('../sections/store-breakdown.mjs', import.meta.url), { dataDir }, { timeoutMs: 3600_000 })).kinds;
}

/**
 * Adds the bytes-by-record-kind breakdown to a cached log's meta.json if it lacks one (logs built
 * before the breakdown existed). Returns the breakdown.
 * @param {{dataDir: string, meta: any}} store
 */
export async function ensureBreakdown(store) {
  if (!store.meta.breakdown) {
    store.meta.breakdown = await storeBreakdown(store.dataDir);
    writeFileSync(join(store.dataDir, '..', 'meta.json'), `${JSON.stringify(store.meta, null, 1)}\n`);
  }
  return store.meta.breakdown;
}
