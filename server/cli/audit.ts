/**
 * `cairn audit --url U --vkey K [--concurrency N] [--json]` (SPEC §7): downloads a whole C2SP
 * tlog-tiles log through its tiles and recomputes everything: every entry into its level-0
 * tile, every full tile into the tile above, the root from the top tiles against the verified
 * checkpoint, and on a Cairn log every LogEntry and the strict order of their timestamps
 * (client/tiles/audit.ts).
 *
 * Exit codes: 0 every check passed; 1 the log could not be read (network, HTTP status; fetches
 * are retried first); 2 usage; 3 the checkpoint does not verify with the key; 6 what the log
 * serves contradicts its checkpoint (the message names the tile or entry).
 */
import { TileClient, TileError, auditLog, type AuditSummary } from '../../client/index.js';
import { VerificationError, type VerifierKey } from '../../proofs/index.js';
import { EXIT_BAD_SIGNATURE, EXIT_MISMATCH } from '../tools/exit-codes.js';
import { ProgressBar, formatBytes } from '../tools/progress.js';
import { readVerifierKeyOption } from '../tools/verifier-key-option.js';
import { ErasureRecordCollector, auditErasures } from './audit-erasures.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, defineCommand, requireOption, type CommandIo } from './command.js';

/** Parallel fetches by default. */
export const DEFAULT_AUDIT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 256;

/** When to draw the progress bar. */
type ProgressMode = 'auto' | 'always' | 'never';

/** The `cairn audit` command. */
export const auditCommand = defineCommand({
  name: 'audit',
  summary: 'download a whole log through its tiles and recompute every hash and the root',
  usage:
    'audit --url U --vkey K [--concurrency N] [--token T] [--progress auto|always|never] [--json]\n\n' +
    'Exit codes: 0 every check passed, 1 the log could not be read (network, HTTP status), 2 usage,\n' +
    "3 the checkpoint does not verify with the key, 6 the log's data contradicts its checkpoint (the\n" +
    'message names the tile or the entry). The progress bar goes to stderr when it is a terminal.',
  options: {
    url: { type: 'string', help: "the log's URL prefix (serves /checkpoint and /tile/...)", env: 'CAIRN_URL', placeholder: 'U' },
    vkey: { type: 'string', help: "the log's verifier key, or a file holding it", env: 'CAIRN_VKEY', placeholder: 'K' },
    concurrency: { type: 'string', help: 'parallel fetches', env: 'CAIRN_AUDIT_CONCURRENCY', default: String(DEFAULT_AUDIT_CONCURRENCY), placeholder: 'N' },
    token: { type: 'string', help: 'reader token, for a log that requires one for reads', env: 'CAIRN_TOKEN', placeholder: 'T' },
    progress: {
      type: 'string',
      help: 'progress bar on stderr: auto (when stderr is a terminal), always, never',
      env: 'CAIRN_PROGRESS',
      default: 'auto',
      placeholder: 'WHEN',
    },
  },
  async run(options, _positionals, io) {
    const url = requireOption(auditCommand, options, 'url');
    const vkey = requireOption(auditCommand, options, 'vkey');
    const concurrency = parseConcurrency(options.concurrency ?? String(DEFAULT_AUDIT_CONCURRENCY));
    const mode = options.progress ?? 'auto';
    if (mode !== 'auto' && mode !== 'always' && mode !== 'never') throw new UsageError(`--progress must be auto, always or never, not ${JSON.stringify(mode)}`);
    let verifierKey: VerifierKey;
    try {
      verifierKey = await readVerifierKeyOption(vkey);
    } catch (err) {
      throw new UsageError(`--vkey: ${(err as Error).message}`);
    }
    let client: TileClient;
    try {
      client = new TileClient(url, { concurrency, ...(options.token ? { token: options.token } : {}) });
    } catch (err) {
      throw new UsageError(`--url: ${(err as Error).message}`);
    }
    return runAudit(client, verifierKey, { concurrency, json: options.json, progress: mode, ...(options.token ? { token: options.token } : {}) }, io);
  },
});

/**
 * Runs the audit and reports it: the summary (or the failure) on stdout with --json, for people
 * otherwise. Returns the exit code (see the file comment).
 */
export async function runAudit(
  client: TileClient,
  verifierKey: VerifierKey,
  settings: { concurrency: number; json: boolean; progress: ProgressMode; token?: string },
  io: CommandIo,
): Promise<number> {
  // With a reader token, erasure records are checked against the log's 410 answers (issue 14).
  const collector = settings.token !== undefined ? new ErasureRecordCollector() : undefined;
  const showBar = settings.progress === 'always' || (settings.progress === 'auto' && process.stderr.isTTY === true);
  const bar = showBar ? new ProgressBar(io.stderr, { unit: 'entries' }) : undefined;
  let summary: AuditSummary;
  try {
    summary = await auditLog(client, verifierKey, {
      concurrency: settings.concurrency,
      ...(bar ? { onProgress: (p) => bar.update(p.entriesChecked, p.treeSize, p.bytes) } : {}),
      ...(collector ? { onEntry: collector.onEntry } : {}),
    });
  } catch (err) {
    bar?.finish();
    return reportFailure(err, client, settings.json, io);
  }
  bar?.finish();
  const erasures = collector && settings.token !== undefined ? await auditErasures(client.prefix, settings.token, collector.records) : undefined;
  if (erasures?.failure) {
    io.stderr(`cairn audit: FAILED at ${erasures.failure.where}: ${erasures.failure.message}\n`);
    if (settings.json)
      io.stdout(
        JSON.stringify({ ok: false, url: client.prefix, error: 'ERASURE_MISMATCH', where: erasures.failure.where, message: erasures.failure.message }) + '\n',
      );
    return EXIT_MISMATCH;
  }
  if (settings.json) {
    io.stdout(JSON.stringify({ ok: true, ...summary, ...(erasures ? { erasureRecords: erasures.records, erasedEntries: erasures.erased } : {}) }) + '\n');
  } else {
    io.stdout(
      `audit passed: ${summary.origin} at ${summary.url}: ${summary.entries.toLocaleString('en-US')} entries, root ${summary.rootHash}\n` +
        `checked ${summary.hashTiles.toLocaleString('en-US')} hash tiles and ${summary.bundles.toLocaleString('en-US')} entry bundles ` +
        `(${formatBytes(summary.bytes)}) in ${summary.seconds.toFixed(1)} s` +
        (summary.cairn ? '; every entry is a Cairn LogEntry and their timestamps strictly increase' : '') +
        (erasures && erasures.records > 0 ? `; ${erasures.records} erasure record(s), ${erasures.erased} erased payload(s) answer 410` : '') +
        '\n',
    );
  }
  return EXIT_OK;
}

function reportFailure(err: unknown, client: TileClient, json: boolean, io: CommandIo): number {
  let code: number;
  let kind: string;
  let where: string | undefined;
  if (err instanceof VerificationError) {
    code = EXIT_BAD_SIGNATURE;
    kind = err.code;
    io.stderr(`cairn audit: the checkpoint of ${client.prefix} does not verify with the key: ${err.message}\n`);
  } else if (err instanceof TileError) {
    code = err.unreadable ? EXIT_FAILURE : EXIT_MISMATCH;
    kind = err.code;
    where = err.where;
    io.stderr(
      err.unreadable ? `cairn audit: could not read the log: ${err.message}\n` : `cairn audit: FAILED at ${err.where ?? client.prefix}: ${err.message}\n`,
    );
  } else {
    throw err;
  }
  if (json) {
    io.stdout(
      JSON.stringify({ ok: false, url: client.prefix, error: kind, ...(where !== undefined ? { where } : {}), message: (err as Error).message }) + '\n',
    );
  }
  return code;
}

function parseConcurrency(text: string): number {
  const n = /^[1-9][0-9]{0,3}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_CONCURRENCY)) {
    throw new UsageError(`--concurrency (CAIRN_AUDIT_CONCURRENCY) must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(text)}`);
  }
  return n;
}
