/**
 * The durable state of `cairn witness`, in its own LevelDB folder (one process at a time: the
 * LOCK file): which logs it knows, and for each the latest tree it cosigned.
 *
 *   log/<origin>   → the log's verifier key (UTF-8); written once, never changed
 *   tree/<origin>  → tree size (u64 big-endian, 8 bytes) || root hash (32 bytes)
 *
 * Every write is synced (`sync: true`) before the promise resolves, so a write that returned
 * survives a crash or power loss; a write in flight when the process dies is either whole or
 * absent (LevelDB's log is checksummed per record).
 */
import { Level } from 'level';
import { CodedError, HASH_SIZE, utf8 } from '../../merkle/index.js';

/** The latest tree a witness cosigned for one log. */
export interface CosignedTree {
  treeSize: number;
  rootHash: Uint8Array;
}

/** The state could not be opened or used; the message says what to do. */
export class WitnessStateError extends CodedError<'WITNESS_STATE_UNUSABLE'> {
  override readonly name = 'WitnessStateError';
  /** Requires a message that says what is wrong and what to do; the code is always WITNESS_STATE_UNUSABLE. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('WITNESS_STATE_UNUSABLE', message, options);
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LOG_PREFIX = 'log/';
const TREE_PREFIX = 'tree/';

/** The witness's LevelDB: known logs and cosigned trees. */
export class WitnessState {
  private constructor(private readonly db: Level<Uint8Array, Uint8Array>) {}

  /**
   * Opens (creating if needed) the state in `dir`. Throws WitnessStateError when another
   * process holds the folder or it cannot be opened.
   */
  static async open(dir: string): Promise<WitnessState> {
    const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      if (cause?.code === 'LEVEL_LOCKED') {
        throw new WitnessStateError(`the witness data folder ${dir} is in use by another process; run one witness per folder`, { cause: err });
      }
      throw new WitnessStateError(`cannot open the witness data folder ${dir}: ${(err as Error).message}`, { cause: err });
    }
    return new WitnessState(db);
  }

  /** Every known log: origin → verifier key text. */
  async knownLogs(): Promise<Map<string, string>> {
    const logs = new Map<string, string>();
    for await (const [key, value] of this.db.iterator({ gte: utf8(LOG_PREFIX), lt: utf8('log0') })) {
      logs.set(STRICT_UTF8.decode(key).slice(LOG_PREFIX.length), STRICT_UTF8.decode(value));
    }
    return logs;
  }

  /** Records a new log (synced). The caller has checked that the origin is not known yet. */
  async addLog(origin: string, verifierKey: string): Promise<void> {
    await this.db.put(utf8(LOG_PREFIX + origin), utf8(verifierKey), { sync: true });
  }

  /** The latest cosigned tree of `origin`, or undefined when the witness never cosigned one. */
  async cosignedTree(origin: string): Promise<CosignedTree | undefined> {
    const value = await this.db.get(utf8(TREE_PREFIX + origin));
    if (value === undefined) return undefined;
    if (value.length !== 8 + HASH_SIZE)
      throw new WitnessStateError(`the stored tree of ${origin} is ${value.length} bytes, not ${8 + HASH_SIZE}: the state is damaged`);
    const size = new DataView(value.buffer, value.byteOffset, 8).getBigUint64(0);
    return { treeSize: Number(size), rootHash: value.slice(8) };
  }

  /** Stores the latest cosigned tree of `origin`; resolves once synced to disk. */
  async setCosignedTree(origin: string, tree: CosignedTree): Promise<void> {
    const value = new Uint8Array(8 + HASH_SIZE);
    new DataView(value.buffer).setBigUint64(0, BigInt(tree.treeSize));
    value.set(tree.rootHash, 8);
    await this.db.put(utf8(TREE_PREFIX + origin), value, { sync: true });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
