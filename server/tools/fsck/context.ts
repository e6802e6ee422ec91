/**
 * What the phases of fsck share: the store (through its read interface only), the findings, and
 * what the first phases learned (the log's key, the latest tree and whether its tiles are sound).
 */
import type { VerifierKey } from '../../../proofs/index.js';
import type { LogStore } from '../../store/store.js';
import type { TileAuthenticator } from '../../../client/index.js';
import type { FsckFindings } from './report.js';
import type { StoreTileSource } from './store-tile-source.js';

/** The state of one fsck run, filled in phase by phase. */
export interface FsckContext {
  store: LogStore;
  findings: FsckFindings;
  /** The log's key from the identity record; undefined when that is missing or broken. */
  verifier: VerifierKey | undefined;
  /** The tree of the latest stored checkpoint (the head): everything is checked against it. */
  treeSize: number;
  /** Its root: from its note when the note parses, else the root the tiles give. */
  rootHash: Uint8Array;
  tiles: StoreTileSource;
  authenticator: TileAuthenticator;
  /** True when the tiles give rootHash, so proofs from the tiles mean something. */
  rootOk: boolean;
  /** What the walk through the entries learned about the hash index, for the driver's scan of it. */
  hashIndex: {
    /** Leaves whose hash index record names them: each a distinct, correct record. */
    found: number;
    /** Records already reported (hex of their 8-byte prefix), not to be reported twice. */
    reported: Set<string>;
  };
}
