/**
 * The evidence bundle (issue 13 parts 5-6): what `cairn export` writes and `cairn verify-bundle`
 * (or a browser, with this library) checks. Browser-safe: no node: imports.
 *
 * A bundle is a folder:
 * - `events.ndjson`: one receipt (SPEC §4 JSON) per line, all proved against `checkpoint`;
 * - `checkpoint`: the signed checkpoint note (with its cosignatures when the log has witnesses);
 * - `verifier-key.txt`: the log's verifier key (informative: verify with a key you trust);
 * - `boundary.ndjson`: for a search without filters, the receipts of the entries just outside
 *   the range (0 to 2 lines), so the auditor sees that nothing in between was left out;
 * - `events.csv` (with `--format csv`): the same events for spreadsheets;
 * - `manifest.json`: the query, counts, index ranges, boundary, and the SHA-256 of every file;
 * - `README.md`: how to verify, what it proves and what it does not.
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** The bundle's format version (manifest `format`). */
export const BUNDLE_FORMAT = 'cairn-evidence-bundle/v1';

/** File names inside a bundle. */
export const BUNDLE_FILES = {
  events: 'events.ndjson',
  checkpoint: 'checkpoint',
  verifierKey: 'verifier-key.txt',
  boundary: 'boundary.ndjson',
  csv: 'events.csv',
  manifest: 'manifest.json',
  readme: 'README.md',
} as const;

/** An entry at one edge of the range: its index and timestamp (RFC 3339). */
export interface BoundaryEntry {
  index: number;
  timestamp: string;
}

/** manifest.json. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  /** The log's origin and the URL it was exported from. */
  origin: string;
  source: string;
  /** When the export ran (RFC 3339). */
  exportedAt: string;
  /** The search parameters as given (actor, action, target, submitter, since, until). */
  query: Record<string, string>;
  /** The checkpoint every receipt of events.ndjson is proved against. */
  checkpoint: { treeSize: number; rootHash: string };
  events: {
    count: number;
    /** First and last index exported (null when none). */
    first: BoundaryEntry | null;
    last: BoundaryEntry | null;
    /** The exported indexes as inclusive [start, end] runs, ascending (line order). */
    ranges: [number, number][];
    /** Entries that matched but could not be exported (their payload was erased). */
    skipped: { index: number; reason: string }[];
  };
  /**
   * For a search without filters (issue 13 §6): the entries just outside the range, both in
   * boundary.ndjson; null where the range starts at entry 0 or ends at the checkpoint.
   */
  boundary: { before: BoundaryEntry | null; after: BoundaryEntry | null } | null;
  /** SHA-256 (hex) of every other file of the bundle. */
  files: Record<string, string>;
}

/** Lowercase hex SHA-256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes));
}

/** An incremental SHA-256 (for files read in pieces). */
export function sha256Stream(): { update(bytes: Uint8Array): void; hex(): string } {
  const h = sha256.create();
  return {
    update: (bytes) => void h.update(bytes),
    hex: () => toHex(h.digest()),
  };
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Indexes (ascending) as inclusive runs: [3,4,5,9] -> [[3,5],[9,9]]. */
export function toRanges(indexes: Iterable<number>): [number, number][] {
  const out: [number, number][] = [];
  for (const i of indexes) {
    const last = out[out.length - 1];
    if (last !== undefined && i === last[1] + 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/** The indexes of runs, in order. */
export function* fromRanges(ranges: readonly (readonly [number, number])[]): Generator<number> {
  for (const [start, end] of ranges) for (let i = start; i <= end; i++) yield i;
}
