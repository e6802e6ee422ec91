/**
 * `cairn verify-bundle --vkey K DIR` (issue 13 part 5): checks an evidence bundle written by
 * `cairn export` with the log's verifier key only: every file against the manifest's SHA-256,
 * the checkpoint's signature, every receipt against that checkpoint, the lines against the
 * manifest's index ranges, and the range's edges for a search without filters. Prints each
 * failure by name (a changed line, a missing line, a changed checkpoint, a changed file) and
 * exits 0 only if everything holds. The checks are client/bundle's, which a browser runs too;
 * this command streams the files, so a bundle larger than memory is fine.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { BUNDLE_FILES, BundleVerifier, sha256Stream, type BundleFailure, type LineCheck } from '../../client/bundle/index.js';
import { installNodeSha256 } from '../fast-hash.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, defineCommand } from './command.js';
import { loadVerifierKey } from './verify.js';

/** The `cairn verify-bundle` command. */
export const verifyBundleCommand = defineCommand({
  name: 'verify-bundle',
  summary: 'check an evidence bundle (from cairn export) with the log verifier key only',
  usage: 'verify-bundle --vkey K DIR',
  options: {
    vkey: { type: 'string', help: "the log's verifier key (or a file holding it), from a source you trust", env: 'CAIRN_VKEY', placeholder: 'K' },
  },
  maxPositionals: 1,
  async run(options, positionals, io) {
    if (options.vkey === undefined || options.vkey === '')
      throw new UsageError("--vkey is required (or set CAIRN_VKEY): the key you trust, not the bundle's copy");
    const dir = positionals[0];
    if (dir === undefined) throw new UsageError('give the bundle folder');
    const key = await loadVerifierKey(options.vkey);
    // Merkle hashing through node:crypto (byte-identical to noble, several times faster): the
    // proofs of a bundle are most of the work.
    installNodeSha256();
    const started = performance.now();
    const text = async (name: string): Promise<string | undefined> => (existsSync(join(dir, name)) ? readFile(join(dir, name), 'utf8') : undefined);

    const manifestText = await text(BUNDLE_FILES.manifest);
    let failures: BundleFailure[];
    let verified = 0;
    if (manifestText === undefined) {
      failures = [{ kind: 'missing-file', file: BUNDLE_FILES.manifest, detail: `${dir} has no manifest.json: is it a bundle written by cairn export?` }];
    } else {
      const v = new BundleVerifier(manifestText, (await text(BUNDLE_FILES.checkpoint)) ?? '', key);
      const listed = Object.keys(v.manifest?.files ?? {});
      for (const name of listed) {
        // The line files are hashed while their lines are checked (one read).
        if (name === BUNDLE_FILES.events || name === BUNDLE_FILES.boundary) continue;
        v.fileDigest(name, await fileHash(join(dir, name)));
      }
      v.verifierKeyFile(await text(BUNDLE_FILES.verifierKey));
      const eventsFile = join(dir, BUNDLE_FILES.events);
      const parallel = WORKER_URL !== undefined && (v.manifest?.events.count ?? 0) >= PARALLEL_FROM;
      v.fileDigest(BUNDLE_FILES.events, parallel ? await checkLinesInWorkers(eventsFile, v) : await eachLine(eventsFile, (l, n) => v.eventLine(l, n)));
      if (listed.includes(BUNDLE_FILES.boundary))
        v.fileDigest(BUNDLE_FILES.boundary, await eachLine(join(dir, BUNDLE_FILES.boundary), (l, n) => v.boundaryLine(l, n)));
      const report = v.finish();
      failures = report.failures;
      verified = report.verified;
    }
    const seconds = (performance.now() - started) / 1000;
    if (options.json) {
      io.stdout(JSON.stringify({ ok: failures.length === 0, verified, failures, seconds }) + '\n');
    } else {
      for (const f of failures) io.stdout(`FAIL ${f.kind}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}: ${f.detail}\n`);
      io.stdout(
        failures.length === 0
          ? `OK: ${verified} receipts verify against the bundle's checkpoint, and every file matches the manifest\n`
          : `${failures.length} failure${failures.length === 1 ? '' : 's'}; ${verified} receipts verified\n`,
      );
    }
    return failures.length === 0 ? EXIT_OK : EXIT_FAILURE;
  },
});

/** SHA-256 hex of a file, or undefined when it is absent. */
async function fileHash(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const h = sha256Stream();
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.hex();
}

/**
 * Calls `onLine` for every line of a file (1-based numbers, without the newline), waiting for it
 * when it returns a promise, and returns the file's SHA-256 hex, or undefined (no lines) when it
 * is absent.
 */
async function eachLine(path: string, onLine: (line: string, n: number) => void | Promise<void>): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const h = sha256Stream();
  const stream = createReadStream(path);
  stream.on('data', (chunk) => h.update(chunk as Buffer));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    const done = onLine(line, ++n);
    if (done !== undefined) await done;
  }
  return h.hex();
}

/** The compiled worker (absent when this module runs from its TypeScript source, as under jest). */
const WORKER_URL = import.meta.url.endsWith('.js') ? new URL('./verify-bundle-worker.js', import.meta.url) : undefined;
/**
 * Bundles of at least this many events are checked on several cores (CAIRN_VERIFY_WORKERS_FROM
 * lowers it, so the tests run both paths on small bundles).
 */
const PARALLEL_FROM = Number(process.env['CAIRN_VERIFY_WORKERS_FROM'] ?? 2000);
/** Lines per message to a worker, and batches in flight per worker at most (bounds memory). */
const BATCH_LINES = 256;
const IN_FLIGHT_PER_WORKER = 4;

/**
 * eachLine for events.ndjson with the receipts checked in worker threads (one per core, at most
 * four): lines go out in batches, the results come back and are applied to `v` in file order.
 * Returns the file's SHA-256 hex, or undefined when it is absent.
 */
async function checkLinesInWorkers(path: string, v: BundleVerifier): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const workers = Array.from({ length: Math.max(1, Math.min(4, availableParallelism())) }, () => new Worker(WORKER_URL!, { workerData: v.lineContext }));
  const waiting = new Map<number, (checks: LineCheck[]) => void>();
  const failed = new Promise<never>((_, reject) => {
    for (const w of workers) {
      w.on('message', ({ id, checks }: { id: number; checks: LineCheck[] }) => waiting.get(id)?.(checks));
      w.on('error', reject);
    }
  });
  failed.catch(() => undefined);
  const queue: { first: number; checks: Promise<LineCheck[]> }[] = [];
  let nextId = 0;
  const send = (lines: string[], first: number): void => {
    const id = nextId++;
    const checks = new Promise<LineCheck[]>((resolve) => waiting.set(id, resolve));
    workers[id % workers.length]!.postMessage({ id, lines });
    queue.push({ first, checks: Promise.race([checks, failed]).finally(() => waiting.delete(id)) });
  };
  const applyHead = async (): Promise<void> => {
    const head = queue.shift()!;
    (await head.checks).forEach((check, k) => v.eventChecked(check, head.first + k));
  };
  try {
    let batch: string[] = [];
    let first = 1;
    const digest = await eachLine(path, async (line, n) => {
      if (batch.length === 0) first = n;
      batch.push(line);
      if (batch.length < BATCH_LINES) return;
      send(batch, first);
      batch = [];
      // Reading waits while enough is in flight: memory stays bounded whatever the file's size.
      while (queue.length >= workers.length * IN_FLIGHT_PER_WORKER) await applyHead();
    });
    if (batch.length > 0) send(batch, first);
    while (queue.length > 0) await applyHead();
    return digest;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
