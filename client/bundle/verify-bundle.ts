/**
 * Checks an evidence bundle (bundle-format.ts) with nothing but the log's verifier key: every
 * file against the manifest, the checkpoint's signature, every receipt against that checkpoint,
 * the lines against the manifest's index ranges, and (searches without filters, issue 13 §6)
 * the entries just outside the range. Each failure is named: a changed line, a missing line, a
 * changed checkpoint, a changed file. Browser-safe: the CLI feeds it lines as it reads them; a
 * browser can use `verifyBundleFiles` on files in memory.
 */
import {
  VerificationError,
  parseTimestamp,
  parseVerifierKey,
  verifyCheckpoint,
  verifyReceipt,
  type Checkpoint,
  type NoteVerifier,
  type VerifierKey,
} from '../../proofs/index.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, fromRanges, sha256Hex, type BoundaryEntry, type BundleManifest } from './bundle-format.js';

/** What can be wrong with a bundle. */
export type BundleFailureKind =
  | 'malformed-manifest' // manifest.json is not a bundle manifest
  | 'missing-file' // a file the manifest lists is not there
  | 'changed-file' // a file's SHA-256 differs from the manifest's
  | 'changed-checkpoint' // the checkpoint does not verify, or is not the manifest's
  | 'other-key' // verifier-key.txt is not the key the auditor gave (informative file)
  | 'changed-line' // a line of events.ndjson is not a valid receipt against the checkpoint
  | 'missing-line' // an index the manifest lists has no line
  | 'extra-line' // a line the manifest does not list (duplicate, reordered or added)
  | 'count-mismatch' // the manifest's counts disagree with its own ranges or the lines
  | 'boundary'; // the range's edges do not show that nothing in between was left out

/** One failure, with where it is. */
export interface BundleFailure {
  kind: BundleFailureKind;
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
  /** The entry index concerned. */
  index?: number;
  detail: string;
}

/** The outcome: ok only when there is no failure. */
export interface BundleReport {
  ok: boolean;
  failures: BundleFailure[];
  /** Receipts that verified. */
  verified: number;
  manifest: BundleManifest | undefined;
}

/** What checking one line of events.ndjson found: the receipt's entry, or why the line fails. */
export type LineCheck = { ok: true; index: number; timestamp: bigint } | { ok: false; reason: string };

/**
 * Checks one line of events.ndjson on its own: a receipt that verifies under `verifierKey`,
 * proved against `checkpoint` (the bundle's, when it verified). Pure: the CLI runs it in worker
 * threads and feeds the results to BundleVerifier.eventChecked in file order.
 */
export function checkEventLine(text: string, verifierKey: VerifierKey, checkpoint: { treeSize: number; rootHash: Uint8Array } | undefined): LineCheck {
  try {
    const receipt = verifyReceipt(text, verifierKey);
    if (checkpoint !== undefined && (receipt.checkpoint.treeSize !== checkpoint.treeSize || !sameBytes(receipt.checkpoint.rootHash, checkpoint.rootHash))) {
      throw new Error(`it is proved against a checkpoint of size ${receipt.checkpoint.treeSize}, not the bundle's`);
    }
    return { ok: true, index: receipt.index, timestamp: receipt.entry.timestamp };
  } catch (err) {
    return { ok: false, reason: reason(err) };
  }
}

/**
 * A verifier key that checks one signed message once: every receipt of a bundle carries the same
 * signed checkpoint (for checkEventLine callers that hold their own key).
 */
export function bundleKey(verifierKey: string | VerifierKey): VerifierKey {
  return rememberingKey(typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey);
}

/** Checks a bundle fed piece by piece: construct, then `fileDigest`, `eventLine`, `boundaryLine`, `finish`. */
export class BundleVerifier {
  readonly failures: BundleFailure[] = [];
  readonly manifest: BundleManifest | undefined;
  private readonly checkpoint: Checkpoint | undefined;
  private readonly expected: Generator<number> | undefined;
  private pending: IteratorResult<number> | undefined;
  private verified = 0;
  private lines = 0;
  private firstSeen: { index: number; timestamp: bigint } | undefined;
  private lastSeen: { index: number; timestamp: bigint } | undefined;
  private readonly boundaries = new Map<number, bigint>();

  /**
   * `manifestText` and `checkpointText` as read from the bundle; `verifierKey` the key the
   * auditor trusts (not the bundle's own copy).
   */
  private readonly verifierKey: VerifierKey;

  constructor(manifestText: string, checkpointText: string, verifierKey: string | VerifierKey) {
    // Every receipt carries the same signed checkpoint: check its signature once, not per line.
    this.verifierKey = bundleKey(verifierKey);
    this.manifest = parseManifest(manifestText, this.failures);
    try {
      this.checkpoint = verifyCheckpoint(checkpointText, verifierKey);
    } catch (err) {
      this.fail({ kind: 'changed-checkpoint', file: BUNDLE_FILES.checkpoint, detail: `the checkpoint does not verify under the verifier key: ${reason(err)}` });
    }
    if (this.manifest !== undefined && this.checkpoint !== undefined) {
      const m = this.manifest.checkpoint;
      if (m.treeSize !== this.checkpoint.treeSize || m.rootHash !== base64(this.checkpoint.rootHash)) {
        this.fail({
          kind: 'changed-checkpoint',
          file: BUNDLE_FILES.checkpoint,
          detail: `the checkpoint (size ${this.checkpoint.treeSize}) is not the one the manifest names (size ${m.treeSize})`,
        });
      }
    }
    if (this.manifest !== undefined) {
      this.expected = fromRanges(this.manifest.events.ranges);
      this.pending = this.expected.next();
    }
  }

  /** Compares a file's SHA-256 (hex, or undefined when the file is absent) with the manifest's. */
  fileDigest(name: string, hex: string | undefined): void {
    const want = this.manifest?.files[name];
    if (want === undefined) return;
    if (hex === undefined) this.fail({ kind: 'missing-file', file: name, detail: `${name} is listed in the manifest but missing` });
    else if (hex !== want) this.fail({ kind: 'changed-file', file: name, detail: `${name} was changed: its SHA-256 is ${hex}, the manifest says ${want}` });
  }

  /** Compares the bundle's verifier-key.txt with the trusted key. */
  verifierKeyFile(text: string | undefined): void {
    const trusted = this.verifierKey.text;
    if (text !== undefined && text.trim() !== trusted.trim()) {
      this.fail({
        kind: 'other-key',
        file: BUNDLE_FILES.verifierKey,
        detail: 'verifier-key.txt is not the key you gave; the bundle was checked against yours',
      });
    }
  }

  /**
   * What the lines are checked against (the trusted key's text and the bundle's checkpoint, when
   * it verified): checkEventLine can run elsewhere (the CLI's worker threads) with these.
   */
  get lineContext(): { verifierKey: string; checkpoint: { treeSize: number; rootHash: Uint8Array } | undefined } {
    return { verifierKey: this.verifierKey.text, checkpoint: this.checkpoint && { treeSize: this.checkpoint.treeSize, rootHash: this.checkpoint.rootHash } };
  }

  /** One line of events.ndjson (without its newline), numbered from 1. */
  eventLine(text: string, line: number): void {
    this.eventChecked(checkEventLine(text, this.verifierKey, this.checkpoint), line);
  }

  /**
   * One line of events.ndjson, already checked by checkEventLine (with this verifier's
   * lineContext), numbered from 1. Lines must come in file order.
   */
  eventChecked(check: LineCheck, line: number): void {
    this.lines++;
    const expected = this.pending?.done === false ? this.pending.value : undefined;
    if (!check.ok) {
      this.fail({
        kind: 'changed-line',
        file: BUNDLE_FILES.events,
        line,
        ...(expected === undefined ? {} : { index: expected }),
        detail: `line ${line}${expected === undefined ? '' : ` (entry ${expected})`} was changed: ${check.reason}`,
      });
      // Assume the line stood for the expected entry, so one changed line is one failure.
      if (expected !== undefined) this.pending = this.expected!.next();
      return;
    }
    const { index, timestamp } = check;
    this.verified++;
    this.firstSeen ??= { index, timestamp };
    this.lastSeen = { index, timestamp };
    // Entries the manifest lists before this one have no line: missing.
    while (this.pending?.done === false && this.pending.value < index) {
      this.fail({
        kind: 'missing-line',
        file: BUNDLE_FILES.events,
        line,
        index: this.pending.value,
        detail: `entry ${this.pending.value} is missing from events.ndjson (expected before line ${line})`,
      });
      this.pending = this.expected!.next();
    }
    if (this.pending?.done === false && this.pending.value === index) this.pending = this.expected!.next();
    else
      this.fail({
        kind: 'extra-line',
        file: BUNDLE_FILES.events,
        line,
        index,
        detail: `line ${line} holds entry ${index}, which the manifest does not list at this place (duplicated, reordered or added)`,
      });
  }

  /** One line of boundary.ndjson. */
  boundaryLine(text: string, line: number): void {
    try {
      const receipt = verifyReceipt(text, this.verifierKey);
      this.boundaries.set(receipt.index, receipt.entry.timestamp);
    } catch (err) {
      this.fail({ kind: 'changed-line', file: BUNDLE_FILES.boundary, line, detail: `line ${line} of boundary.ndjson was changed: ${reason(err)}` });
    }
  }

  /** Ends the check: lines the manifest lists but never came, counts, the range's edges. */
  finish(): BundleReport {
    const m = this.manifest;
    while (this.pending?.done === false) {
      this.fail({
        kind: 'missing-line',
        file: BUNDLE_FILES.events,
        index: this.pending.value,
        detail: `entry ${this.pending.value} is missing from events.ndjson (the file ends early)`,
      });
      this.pending = this.expected!.next();
    }
    if (m !== undefined) {
      const listed = m.events.ranges.reduce((n, [a, b]) => n + (b - a + 1), 0);
      if (listed !== m.events.count)
        this.fail({
          kind: 'count-mismatch',
          file: BUNDLE_FILES.manifest,
          detail: `the manifest counts ${m.events.count} events but its ranges list ${listed}`,
        });
      if (this.lines !== m.events.count)
        this.fail({
          kind: 'count-mismatch',
          file: BUNDLE_FILES.events,
          detail: `events.ndjson has ${this.lines} lines, the manifest counts ${m.events.count}`,
        });
      this.checkEdges(m);
      if (m.boundary !== null) this.checkBoundary(m, m.boundary);
    }
    return { ok: this.failures.length === 0, failures: this.failures, verified: this.verified, manifest: m };
  }

  private checkEdges(m: BundleManifest): void {
    for (const [name, claimed, seen] of [
      ['first', m.events.first, this.firstSeen],
      ['last', m.events.last, this.lastSeen],
    ] as const) {
      if (claimed === null || seen === undefined) continue;
      if (claimed.index !== seen.index || parseTimestampOr(claimed.timestamp) !== seen.timestamp) {
        this.fail({
          kind: 'count-mismatch',
          file: BUNDLE_FILES.manifest,
          detail: `the manifest's ${name} entry (${claimed.index} at ${claimed.timestamp}) is not the ${name} receipt's`,
        });
      }
    }
  }

  /** Issue 13 §6: contiguous indexes, and the entries just outside the range are outside it. */
  private checkBoundary(m: BundleManifest, b: { before: BoundaryEntry | null; after: BoundaryEntry | null }): void {
    const bad = (detail: string): void => this.fail({ kind: 'boundary', detail });
    if (m.events.ranges.length > 1) bad(`a search without filters must export contiguous indexes, but the manifest lists ${m.events.ranges.length} runs`);
    const first = m.events.first?.index;
    const last = m.events.last?.index;
    const since = boundOf(m.query['since']);
    const until = boundOf(m.query['until']);
    for (const [side, entry] of [
      ['before', b.before],
      ['after', b.after],
    ] as const) {
      if (entry === null) continue;
      const proved = this.boundaries.get(entry.index);
      if (proved === undefined || proved !== parseTimestampOr(entry.timestamp)) {
        bad(`the entry just ${side} the range (${entry.index}) has no verified receipt with its timestamp in boundary.ndjson`);
        continue;
      }
      if (side === 'before') {
        if (first !== undefined && entry.index !== first - 1) bad(`the entry before the range is ${entry.index}, not ${first - 1}`);
        if (since !== undefined && !('index' in since ? entry.index < since.index : proved < since.time))
          bad(`the entry before the range (${entry.index}, ${entry.timestamp}) is not before since`);
      } else {
        if (last !== undefined && entry.index !== last + 1) bad(`the entry after the range is ${entry.index}, not ${last + 1}`);
        if (first === undefined && b.before !== null && entry.index !== b.before.index + 1)
          bad('the range is empty but the entries around it are not neighbours');
        if (until !== undefined && !('index' in until ? entry.index > until.index : proved > until.time))
          bad(`the entry after the range (${entry.index}, ${entry.timestamp}) is not after until`);
      }
    }
    if (b.before === null && first !== undefined && first !== 0) bad(`no entry before the range is given, yet the range starts at ${first}, not 0`);
    if (b.after === null && last !== undefined && last !== m.checkpoint.treeSize - 1)
      bad(`no entry after the range is given, yet it ends at ${last}, not at the checkpoint's last entry ${m.checkpoint.treeSize - 1}`);
  }

  private fail(f: BundleFailure): void {
    this.failures.push(f);
  }
}

/**
 * Checks a bundle held in memory (e.g. files a user dropped into the web explorer): `files`
 * maps bundle file names to their bytes (absent files undefined).
 */
export function verifyBundleFiles(files: Readonly<Record<string, Uint8Array | undefined>>, verifierKey: string | VerifierKey): BundleReport {
  const text = (name: string): string | undefined => (files[name] === undefined ? undefined : utf8.decode(files[name]));
  const manifestText = text(BUNDLE_FILES.manifest);
  if (manifestText === undefined) {
    return {
      ok: false,
      failures: [{ kind: 'missing-file', file: BUNDLE_FILES.manifest, detail: 'manifest.json is missing' }],
      verified: 0,
      manifest: undefined,
    };
  }
  const v = new BundleVerifier(manifestText, text(BUNDLE_FILES.checkpoint) ?? '', verifierKey);
  for (const name of Object.keys(v.manifest?.files ?? {})) {
    const bytes = files[name];
    v.fileDigest(name, bytes === undefined ? undefined : sha256Hex(bytes));
  }
  v.verifierKeyFile(text(BUNDLE_FILES.verifierKey));
  splitLines(text(BUNDLE_FILES.events) ?? '').forEach((l, i) => v.eventLine(l, i + 1));
  splitLines(text(BUNDLE_FILES.boundary) ?? '').forEach((l, i) => v.boundaryLine(l, i + 1));
  return v.finish();
}

const utf8 = new TextDecoder('utf-8');

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function parseManifest(text: string, failures: BundleFailure[]): BundleManifest | undefined {
  const bad = (detail: string): undefined => {
    failures.push({ kind: 'malformed-manifest', file: BUNDLE_FILES.manifest, detail });
    return undefined;
  };
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    return bad(`manifest.json is not JSON: ${reason(err)}`);
  }
  if (typeof m !== 'object' || m === null) return bad('manifest.json is not an object');
  const r = m as Partial<BundleManifest>;
  if (r.format !== BUNDLE_FORMAT) return bad(`manifest.json is not a ${BUNDLE_FORMAT} manifest`);
  const e = r.events;
  if (typeof r.checkpoint?.treeSize !== 'number' || typeof r.checkpoint.rootHash !== 'string') return bad('manifest.json has no checkpoint size and root');
  if (
    e === undefined ||
    typeof e.count !== 'number' ||
    !Array.isArray(e.ranges) ||
    !e.ranges.every((x) => Array.isArray(x) && x.length === 2 && x.every(Number.isSafeInteger) && x[0]! <= x[1]!)
  ) {
    return bad('manifest.json has no valid events member (count and ranges)');
  }
  for (let i = 1; i < e.ranges.length; i++)
    if (e.ranges[i]![0] <= e.ranges[i - 1]![1]) return bad('manifest.json lists index ranges that overlap or are not ascending');
  if (typeof r.files !== 'object' || r.files === null || typeof r.query !== 'object' || r.query === null)
    return bad('manifest.json has no files or query member');
  return r as BundleManifest;
}

/**
 * The key with a verifier that remembers the last signature it found valid (message and
 * signature compared byte for byte): the same signed note is checked once. An invalid signature
 * is never remembered.
 */
function rememberingKey(key: VerifierKey): VerifierKey {
  let last: { message: Uint8Array; signature: Uint8Array } | undefined;
  const inner = key.verifier;
  const verifier: NoteVerifier = {
    name: inner.name,
    keyId: inner.keyId,
    verify(message, signature) {
      if (last !== undefined && sameBytes(last.message, message) && sameBytes(last.signature, signature)) return true;
      const ok = inner.verify(message, signature);
      if (ok) last = { message: message.slice(), signature: signature.slice() };
      return ok;
    },
  };
  return { ...key, verifier };
}

function boundOf(text: string | undefined): { index: number } | { time: bigint } | undefined {
  if (text === undefined) return undefined;
  if (/^(0|[1-9][0-9]*)$/.test(text)) return { index: Number(text) };
  try {
    return { time: parseTimestamp(text) };
  } catch {
    return undefined;
  }
}

function parseTimestampOr(text: string): bigint | undefined {
  try {
    return parseTimestamp(text);
  } catch {
    return undefined;
  }
}

function reason(err: unknown): string {
  if (err instanceof VerificationError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
