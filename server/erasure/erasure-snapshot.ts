/**
 * A snapshot of the erasure state in the data folder (`erasure-state.json`), so a start need not
 * read every leaf of a large log (issue 14). It is a cache, never the truth: it says up to which
 * index the log's records were applied AND their erasures finished (`scannedTo`); a start loads
 * it and reads only the leaves after that, so an erasure whose record is past `scannedTo` is
 * found and finished as without a snapshot. It is written atomically (temp file, fsync, rename)
 * after each finished operation and at close; a missing or unreadable one means a full scan.
 */
import { readTextIfExists, writeFileAtomic } from '../tools/atomic-file.js';
import { ErasureState, type ErasureStateJson } from './erasure-state.js';

const FORMAT = 'cairn.erasure-state/v1';

/** A loaded snapshot. */
export interface ErasureSnapshot {
  scannedTo: number;
  state: ErasureState;
}

/** The snapshot in `file`, or undefined when there is none or it is not one (then: a full scan). */
export async function readErasureSnapshot(file: string, treeSize: number): Promise<ErasureSnapshot | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as { format?: unknown; scannedTo?: unknown; state?: ErasureStateJson };
    // A snapshot of a longer log (a folder restored from an older backup) is not this log's.
    if (doc.format !== FORMAT || !Number.isSafeInteger(doc.scannedTo) || (doc.scannedTo as number) > treeSize || doc.state === undefined) return undefined;
    return { scannedTo: doc.scannedTo as number, state: ErasureState.fromJson(doc.state) };
  } catch {
    return undefined;
  }
}

/** Writes the snapshot atomically and durably. */
export async function writeErasureSnapshot(file: string, scannedTo: number, state: ErasureState): Promise<void> {
  await writeFileAtomic(file, JSON.stringify({ format: FORMAT, scannedTo, state: state.toJson() }), 0o600);
}
