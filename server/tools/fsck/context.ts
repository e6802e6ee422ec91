/**
 * What the phases of fsck share: the store, the findings, and what the first phases learned
 * (the log's key, the latest tree and whether its tiles are sound).
 */
import type { VerifierKey } from '../../../proofs/index.js';
import { keyNumber } from '../../store/keys.js';
import type { KvLogStore } from '../../store/log-store.js';
import type { TileAuthenticator } from '../../../client/index.js';
import type { FsckFindings } from './report.js';
import type { StoreTileSource } from './store-tile-source.js';

/** The state of one fsck run, filled in phase by phase. */
export interface FsckContext {
  store: KvLogStore;
  findings: FsckFindings;
  /** The log's key from the identity record; undefined when that is missing or broken. */
  verifier: VerifierKey | undefined;
  /** The tree of the latest stored checkpoint (the largest key): everything is checked against it. */
  treeSize: number;
  /** Its root: from its note when the note parses, else the root the tiles give. */
  rootHash: Uint8Array;
  tiles: StoreTileSource;
  authenticator: TileAuthenticator;
  /** True when the tiles give rootHash, so proofs from the tiles mean something. */
  rootOk: boolean;
  /** What the walk through the entries learned about the hash index, for its own scan. */
  hashIndex: {
    /** Leaves whose hash index record names them: each a distinct, correct record. */
    found: number;
    /** Records already reported (hex of their key), not to be reported twice. */
    reported: Set<string>;
  };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The big-endian u64 that ends a stored key or value (keys.ts), when `bytes` has exactly
 * `length` bytes and the number is a safe integer; undefined otherwise (a malformed record,
 * never a number to compute with).
 */
export function storedNumber(bytes: Uint8Array, length: number): number | undefined {
  if (bytes.length !== length) return undefined;
  const n = keyNumber(bytes);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The UTF-8 text of a stored value, or undefined when it is not valid UTF-8. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
