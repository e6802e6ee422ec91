/**
 * `cairn fsck --data DIR [--json]` (SPEC §6.5, §7): checks a stopped server's store offline —
 * every checkpoint, tile, entry, payload and record — against the latest signed checkpoint,
 * and reports every problem with where it is (server/tools/fsck/).
 *
 * `--store URL` (or CAIRN_STORE) checks a shared store instead (issue 11: a `postgres://`
 * database), also while servers run on it: every check is bounded by the latest checkpoint read
 * at the start, and what servers commit meanwhile lies beyond it.
 *
 * Exit codes: 0 the store is clean; 1 problems found (or the store could not be opened, e.g.
 * while a server holds it); 2 usage (e.g. DIR is not a data folder).
 */
import { existsSync } from 'node:fs';
import { dataPaths } from '../data-folder.js';
import { isStoreUrl, openStore } from '../store/open-store.js';
import { StoreError, type LogStore } from '../store/store.js';
import { fsckStore, type FsckReport } from '../tools/fsck/fsck.js';
import type { FsckProblem } from '../tools/fsck/report.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, defineCommand, type CommandIo } from './command.js';

/** The `cairn fsck` command. */
export const fsckCommand = defineCommand({
  name: 'fsck',
  summary: "check a stopped server's store offline: every checkpoint, tile, entry, payload and record",
  usage:
    'fsck (--data DIR | --store URL) [--json]\n\n' +
    'Exit codes: 0 the store is clean, 1 problems found (each printed with where it is) or the store\n' +
    'could not be opened (stop the server first), 2 usage.',
  options: {
    data: { type: 'string', help: 'the data folder of the log (as given to cairn serve)', env: 'CAIRN_DATA', default: './data', placeholder: 'DIR' },
    store: {
      type: 'string',
      help: 'the store of the log as a URL (postgres://USER@HOST/DB[?log=NAME]); replaces --data',
      env: 'CAIRN_STORE',
      placeholder: 'URL',
    },
  },
  async run(options, _positionals, io) {
    const dir = options.store !== undefined && options.store !== '' ? options.store : (options.data ?? './data');
    const shared = isStoreUrl(dir);
    if (!shared && !existsSync(dataPaths(dir).leveldb)) throw new UsageError(`${dir} is not a Cairn data folder: it has no leveldb/ inside`);
    let store: LogStore;
    try {
      store = await openStore(dir, { createIfMissing: false });
    } catch (err) {
      if (err instanceof StoreError && err.code === 'STORE_LOCKED') {
        return failToOpen(`the store in ${dir} is in use by another process: stop the server first (fsck checks a stopped server's store)`, options.json, io);
      }
      if (shared && err instanceof StoreError) return failToOpen(err.message, options.json, io);
      throw err;
    }
    // Messages name the store without its password.
    const where = shared ? store.location : dir;
    // An identity that does not decode is fsck's to report; only a missing log stops here.
    if (
      shared &&
      (await store.readIdentity().then(
        (i) => i === undefined,
        () => false,
      ))
    ) {
      await store.close();
      return failToOpen(`there is no Cairn log in ${where}; check --store (and its ?log=NAME)`, options.json, io);
    }
    let report: FsckReport;
    try {
      // A shared store is checked through one consistent snapshot: servers may commit meanwhile.
      const view = await snapshotOf(store);
      try {
        report = await fsckStore(view, options.json ? {} : { onProblem: (p) => io.stdout(formatProblem(p)) });
      } finally {
        if (view !== store) await view.close();
      }
    } finally {
      await store.close();
    }
    if (options.json) io.stdout(JSON.stringify({ data: where, ...report }) + '\n');
    else io.stdout(formatSummary(where, report));
    return report.clean ? EXIT_OK : EXIT_FAILURE;
  },
});

/** A read-only view of one instant of the store where its driver offers one (PostgreSQL), else the store. */
async function snapshotOf(store: LogStore): Promise<LogStore> {
  const s = store as LogStore & { snapshot?: () => Promise<LogStore> };
  return typeof s.snapshot === 'function' ? s.snapshot() : store;
}

function failToOpen(message: string, json: boolean, io: CommandIo): number {
  if (json) io.stdout(JSON.stringify({ clean: false, error: message }) + '\n');
  io.stderr(`cairn fsck: ${message}\n`);
  return EXIT_FAILURE;
}

/** One problem, one line: `problem: <where>: <message> [CODE]`. */
function formatProblem(p: FsckProblem): string {
  return `problem: ${p.where}: ${p.message} [${p.code}]\n`;
}

function formatSummary(dir: string, r: FsckReport): string {
  const c = r.counts;
  const checked =
    `checked ${c.checkpoints} checkpoints, ${c.tiles} tiles, ${c.bundles} entry bundles, ${c.entries} entries, ` +
    `${c.payloads} payloads, ${c.idempotencyRecords} idempotency records, ${c.hashIndex} hash index records ` +
    `and ${c.credentials} credentials in ${r.seconds.toFixed(1)} s`;
  const tree = r.treeSize === undefined ? '' : ` (${r.origin ?? 'unknown origin'}, tree size ${r.treeSize})`;
  const skipped = r.skipped.map((s) => `not checked: ${s}\n`).join('');
  const hidden = r.problemCount > r.problems.length ? ` (the first ${r.problems.length} are kept in --json)` : '';
  const head = r.clean ? `fsck ${dir}${tree}: clean\n` : `fsck ${dir}${tree}: ${r.problemCount} problem${r.problemCount === 1 ? '' : 's'} found${hidden}\n`;
  return skipped + head + checked + '\n';
}
