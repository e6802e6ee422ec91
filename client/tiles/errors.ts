/**
 * The one error class of the tlog-tiles client (client/tiles/): what went wrong fetching or
 * checking a C2SP tlog-tiles log, with `where` naming the resource (a tile path, an entry
 * index) so that a person can find it. `cairn audit`, `cairn monitor` and `cairn fsck` give its
 * two families different exit codes:
 *
 * - the log could not be read (FETCH_FAILED, NOT_FOUND): maybe a network problem, worth a retry;
 * - the log's data is wrong (every other code): what it serves contradicts its signed checkpoint.
 *
 * Browser-safe: no node: imports.
 */
import { CodedError } from '../../merkle/index.js';

/** Every reason reading or checking a tlog-tiles log can fail. */
export type TileErrorCode =
  // reading the log
  | 'FETCH_FAILED' // network error, timeout, a retryable status after the retries, or another unexpected status
  | 'NOT_FOUND' // 404 for a resource the checkpoint requires
  // what the log serves contradicts its checkpoint
  | 'MALFORMED_TILE' // a hash tile of the wrong length, an entry bundle that does not parse
  | 'TILE_MISMATCH' // a full tile whose Merkle root is not its hash in the tile above
  | 'ROOT_MISMATCH' // the root computed from the tiles is not the checkpoint's root
  | 'ENTRY_MISMATCH' // an entry that does not hash to its leaf hash in the level-0 tile
  | 'MALFORMED_ENTRY' // a Cairn LogEntry that does not decode
  | 'TIMESTAMP_ORDER'; // Cairn timestamps that do not strictly increase

/** Codes that say the log could not be read, rather than that its data is wrong. */
const UNREADABLE: ReadonlySet<TileErrorCode> = new Set(['FETCH_FAILED', 'NOT_FOUND']);

/** Thrown by the tlog-tiles client when a log cannot be read or its data is wrong. */
export class TileError extends CodedError<TileErrorCode> {
  override readonly name = 'TileError';
  /** The resource at fault, e.g. `tile/0/x001/234` or `entry 1234`, when there is one. */
  readonly where: string | undefined;

  constructor(code: TileErrorCode, message: string, options: { where?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.where = options.where;
  }

  /** True when the log could not be read (network, status); false when its data is wrong. */
  get unreadable(): boolean {
    return UNREADABLE.has(this.code);
  }
}
