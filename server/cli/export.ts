/**
 * `cairn export --url U --token T [--vkey K] [filters] [--since S] [--until U] --out DIR
 * [--format csv]` (issue 13 parts 5-6): writes an evidence bundle (client/bundle/bundle-format.ts)
 * for an auditor: the receipts of every matching event, all proved against one checkpoint (the
 * pages of one search share it), the checkpoint, the verifier key, a manifest with the SHA-256
 * of each file, a README, and for a search without filters the receipts of the entries just
 * outside the range. With --vkey every receipt is verified before it is written. Progress on
 * stderr when it is a terminal.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FILES, BUNDLE_FORMAT, toRanges, type BoundaryEntry, type BundleManifest } from '../../client/bundle/index.js';
import type { EventsPageJson, ReceiptJson } from '../../client/index.js';
import {
  decodeBase64,
  decodeLogEntry,
  encodeBase64,
  extractIndexFields,
  formatTimestamp,
  parseTimestamp,
  verifyCheckpoint,
  verifyReceipt,
  type Checkpoint,
} from '../../proofs/index.js';
import { installNodeSha256 } from '../fast-hash.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, defineCommand } from './command.js';
import { bundleReadme } from './bundle-readme.js';
import { CONNECTION_OPTIONS, FILTER_OPTIONS, LogRefusal, baseUrl, fetchEventsPage, filterParams } from './event-options.js';
import { loadVerifierKey } from './verify.js';

/** The `cairn export` command. */
export const exportCommand = defineCommand({
  name: 'export',
  summary: 'write an evidence bundle (receipts, checkpoint, manifest, README) for an auditor',
  usage: 'export --url U --token T [--vkey K] [--actor ID] [--action A] [--target ID] [--submitter NAME] [--since S] [--until U] --out DIR [--format csv]',
  options: {
    ...CONNECTION_OPTIONS,
    vkey: { type: 'string', help: "the log's verifier key (or a file holding it): verify every receipt while exporting", env: 'CAIRN_VKEY', placeholder: 'K' },
    ...FILTER_OPTIONS,
    since: { type: 'string', help: 'from this time (RFC 3339) or entry index, inclusive', placeholder: 'S' },
    until: { type: 'string', help: 'up to this time (RFC 3339) or entry index, inclusive', placeholder: 'U' },
    out: { type: 'string', help: 'the bundle folder to create (must not exist or be empty)', placeholder: 'DIR' },
    format: { type: 'string', help: 'csv: also write events.csv', placeholder: 'csv' },
  },
  async run(options, _positionals, io) {
    const { url, token } = baseUrl(options.url, options.token);
    const out = options.out;
    if (out === undefined || out === '') throw new UsageError('--out DIR is required');
    if (options.format !== undefined && options.format !== 'csv') throw new UsageError('--format takes only csv');
    const key = options.vkey === undefined || options.vkey === '' ? undefined : await loadVerifierKey(options.vkey);
    // With --vkey every receipt is verified: Merkle hashing through node:crypto (byte-identical to noble).
    if (key !== undefined) installNodeSha256();
    const filters = filterParams(options);
    const query: Record<string, string> = {
      ...filters,
      ...(options.since ? { since: options.since } : {}),
      ...(options.until ? { until: options.until } : {}),
    };
    const fail = (message: string): number => {
      if (options.json) io.stdout(JSON.stringify({ error: message }) + '\n');
      io.stderr(`cairn export: ${message}\n`);
      return EXIT_FAILURE;
    };
    await mkdir(out, { recursive: true });
    if ((await readdir(out)).length > 0) return fail(`${out} is not empty; give a new folder`);

    const started = performance.now();
    const progress = process.stderr.isTTY === true;
    const events = new HashedFile(join(out, BUNDLE_FILES.events));
    const csv = options.format === 'csv' ? new HashedFile(join(out, BUNDLE_FILES.csv)) : undefined;
    try {
      await csv?.write('index,timestamp,submitter,content_type,actor,action,target,outcome,leaf_hash,payload\n');
      let checkpointText: string | undefined;
      let checkpoint: Checkpoint | undefined;
      const indexes: number[] = [];
      const skipped: { index: number; reason: string }[] = [];
      let first: BoundaryEntry | null = null;
      let last: BoundaryEntry | null = null;
      const pageOf = (cursor: string | null): Promise<EventsPageJson> =>
        fetchEventsPage(url, token, { ...query, order: 'asc', limit: '1000', ...(cursor === null ? {} : { cursor }) });
      // One page ahead: the log builds the next page while this one is checked and written.
      let pending: Promise<EventsPageJson> | undefined = pageOf(null);
      while (pending !== undefined) {
        const page: EventsPageJson = await pending;
        pending = page.next === null ? undefined : pageOf(page.next);
        // A refusal of the page ahead is seen when it is awaited, not as an unhandled rejection.
        pending?.catch(() => undefined);
        if (checkpointText === undefined) {
          checkpointText = page.checkpoint;
          if (key !== undefined) checkpoint = verifyCheckpoint(page.checkpoint, key);
        } else if (page.checkpoint !== checkpointText) {
          return fail('the log answered a later page against another checkpoint; export again');
        }
        let text = '';
        for (const r of page.events) {
          if (key !== undefined) checkReceipt(r, key, checkpoint!);
          text += JSON.stringify(r) + '\n';
          indexes.push(r.index);
          first ??= { index: r.index, timestamp: r.timestamp };
          last = { index: r.index, timestamp: r.timestamp };
          if (csv !== undefined) await csv.write(csvRow(r));
        }
        await events.write(text);
        skipped.push(...(page.skipped ?? []));
        if (progress) io.stderr(`\rcairn export: ${indexes.length} events`);
      }
      if (progress) io.stderr('\n');
      await events.close();
      await csv?.close();

      const files: Record<string, string> = { [BUNDLE_FILES.events]: events.hex() };
      if (csv !== undefined) files[BUNDLE_FILES.csv] = csv.hex();
      const writeHashed = async (name: string, content: string): Promise<void> => {
        await writeFile(join(out, name), content);
        files[name] = createHash('sha256').update(content).digest('hex');
      };
      await writeHashed(BUNDLE_FILES.checkpoint, checkpointText!);
      const info = (await (await fetch(`${url}/v1/log`, { headers: { authorization: `Bearer ${token}` } })).json()) as { origin: string; verifierKey: string };
      await writeHashed(BUNDLE_FILES.verifierKey, `${key?.text ?? info.verifierKey}\n`);

      // Issue 13 §6: a search without filters covers a contiguous range; prove its edges.
      let boundary: BundleManifest['boundary'] = null;
      if (Object.keys(filters).length === 0) {
        const found = await boundaryReceipts(url, token, options.since, options.until, key);
        boundary = { before: found.before?.entry ?? null, after: found.after?.entry ?? null };
        await writeHashed(
          BUNDLE_FILES.boundary,
          [found.before, found.after]
            .filter((b) => b !== undefined)
            .map((b) => JSON.stringify(b.receipt) + '\n')
            .join(''),
        );
      }
      const cp = parseCheckpointHead(checkpointText!);
      const manifest: BundleManifest = {
        format: BUNDLE_FORMAT,
        origin: info.origin,
        source: url,
        exportedAt: new Date().toISOString(),
        query,
        checkpoint: cp,
        events: { count: indexes.length, first, last, ranges: toRanges(indexes), skipped },
        boundary,
        files,
      };
      await writeHashed(BUNDLE_FILES.readme, bundleReadme(manifest));
      await writeFile(join(out, BUNDLE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
      const seconds = (performance.now() - started) / 1000;
      if (options.json) io.stdout(JSON.stringify({ out, events: indexes.length, skipped: skipped.length, treeSize: cp.treeSize, seconds }) + '\n');
      else
        io.stdout(
          `wrote ${indexes.length} events (tree size ${cp.treeSize}) to ${out} in ${seconds.toFixed(1)} s${skipped.length ? `; ${skipped.length} erased entries skipped` : ''}; check it with: cairn verify-bundle --vkey K ${out}\n`,
        );
      return EXIT_OK;
    } catch (err) {
      await events.close().catch(() => undefined);
      await csv?.close().catch(() => undefined);
      if (err instanceof LogRefusal) return fail(err.message);
      if (err instanceof TypeError && /fetch/.test(err.message))
        return fail(`cannot reach ${url}: ${(err.cause as Error | undefined)?.message ?? err.message}`);
      if (err instanceof ExportVerifyError) return fail(err.message);
      throw err;
    }
  },
});

class ExportVerifyError extends Error {}

/** Verifies one receipt under the key and against the page's checkpoint. */
function checkReceipt(r: ReceiptJson, key: Parameters<typeof verifyReceipt>[1], checkpoint: Checkpoint): void {
  try {
    const v = verifyReceipt(r, key);
    if (v.checkpoint.treeSize !== checkpoint.treeSize) throw new Error('it is proved against another checkpoint than the answer');
  } catch (err) {
    throw new ExportVerifyError(`the receipt of entry ${r.index} does not verify, nothing more is written: ${(err as Error).message}`);
  }
}

/** `<origin>\n<size>\n<root>\n` of a note. */
function parseCheckpointHead(note: string): { treeSize: number; rootHash: string } {
  const [, size, root] = note.split('\n');
  return { treeSize: Number(size), rootHash: root ?? '' };
}

/** The receipts of the entries just before `since` and just after `until` (when given). */
async function boundaryReceipts(
  url: string,
  token: string,
  since: string | undefined,
  until: string | undefined,
  key: Parameters<typeof verifyReceipt>[1] | undefined,
): Promise<{ before?: { entry: BoundaryEntry; receipt: ReceiptJson }; after?: { entry: BoundaryEntry; receipt: ReceiptJson } }> {
  const one = async (params: Record<string, string>): Promise<{ entry: BoundaryEntry; receipt: ReceiptJson } | undefined> => {
    const page = await fetchEventsPage(url, token, { ...params, limit: '1' });
    const r = page.events[0];
    if (r === undefined) return undefined;
    if (key !== undefined) verifyReceipt(r, key);
    return { entry: { index: r.index, timestamp: r.timestamp }, receipt: r };
  };
  const isIndex = (t: string): boolean => /^(0|[1-9][0-9]*)$/.test(t);
  let before;
  if (since !== undefined && since !== '') {
    if (isIndex(since)) before = Number(since) > 0 ? await one({ since: String(Number(since) - 1), until: String(Number(since) - 1) }) : undefined;
    else before = await one({ until: formatTimestamp(parseTimestamp(since) - 1n), order: 'desc' });
  }
  let after;
  if (until !== undefined && until !== '') {
    if (isIndex(until)) after = await one({ since: String(Number(until) + 1), until: String(Number(until) + 1) });
    else after = await one({ since: formatTimestamp(parseTimestamp(until) + 1n), order: 'asc' });
  }
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** One CSV row (RFC 4180 quoting) of a receipt. */
function csvRow(r: ReceiptJson): string {
  const entry = decodeLogEntry(decodeBase64(r.entry, 'entry'));
  const payload = decodeBase64(r.payload, 'payload');
  const fields = extractIndexFields(payload, entry.contentType) ?? {};
  const text = new TextDecoder('utf-8', { fatal: false }).decode(payload);
  const printable = /^[\x20-\x7e\t\r\n\u00a0-\uffff]*$/.test(text) ? text : `base64:${encodeBase64(payload)}`;
  const cells = [
    String(r.index),
    r.timestamp,
    entry.submitter,
    entry.contentType,
    fields.actor ?? '',
    fields.action ?? '',
    fields.target ?? '',
    fields.outcome ?? '',
    r.leafHash,
    printable,
  ];
  return cells.map(csvCell).join(',') + '\n';
}

function csvCell(value: string): string {
  // A leading = + - @ would be a formula in a spreadsheet: quote it with a leading apostrophe.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A file written in pieces, hashed as it is written, with backpressure. */
class HashedFile {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private closed = false;
  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
  }
  async write(text: string): Promise<void> {
    if (text === '') return;
    this.hash.update(text);
    if (!this.stream.write(text))
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error): void => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          if (err) reject(err);
          else resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}
