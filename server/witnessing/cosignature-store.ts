/**
 * Where a log keeps the cosignatures its witnesses returned (issue 12 part 3; docs/witness.md
 * "The log asks"): a LevelDB folder of its own, `<data>/witnessing/`, beside the log's store, so
 * the store contract (server/store/store.ts) and its drivers stay as they are.
 *
 *   cosig/<size, 16 hex digits>  → JSON `{ "<policy witness name>": "— <name> <base64>\n", ... }`
 *   witnessed                    → JSON `{ "treeSize": N }`, the newest size whose lines met the quorum
 *
 * Only lines the loop verified (proofs/cosignature.ts) are ever written. Each round is one
 * synced batch: a crash keeps either the round's lines and its witnessed size, or neither.
 */
import { CodedError } from '../../merkle/index.js';
import { Level } from 'level';

/** The verified cosignature lines of one checkpoint, by the policy's witness name. */
export type CosignatureLines = Record<string, string>;

const COSIG_PREFIX = 'cosig/';
const WITNESSED_KEY = 'witnessed';

function sizeKey(treeSize: number): string {
  return COSIG_PREFIX + treeSize.toString(16).padStart(16, '0');
}

/** The cosignature folder could not be opened or used; the message says what to do. */
export class CosignatureStoreError extends CodedError<'COSIGNATURE_STORE_UNUSABLE'> {
  override readonly name = 'CosignatureStoreError';
  /** Requires a message that says what is wrong and what to do; the code is always COSIGNATURE_STORE_UNUSABLE. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('COSIGNATURE_STORE_UNUSABLE', message, options);
  }
}

/** A log's stored cosignatures. */
export class CosignatureStore {
  private constructor(private readonly db: Level<string, string>) {}

  /** Opens (creating if needed) the folder `dir`. One process at a time (LevelDB's LOCK). */
  static async open(dir: string): Promise<CosignatureStore> {
    const db = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (err) {
      throw new CosignatureStoreError(`cannot open the cosignature folder ${dir}: ${(err as Error).message}`, { cause: err });
    }
    return new CosignatureStore(db);
  }

  /** The lines stored for the checkpoint of `treeSize` ({} when none). */
  async linesAt(treeSize: number): Promise<CosignatureLines> {
    const value = await this.db.get(sizeKey(treeSize));
    return value === undefined ? {} : parseLines(value, treeSize);
  }

  /** The newest tree size whose stored lines met the quorum, or undefined. */
  async witnessedSize(): Promise<number | undefined> {
    const value = await this.db.get(WITNESSED_KEY);
    if (value === undefined) return undefined;
    const parsed = JSON.parse(value) as { treeSize?: unknown };
    if (typeof parsed.treeSize !== 'number' || !Number.isSafeInteger(parsed.treeSize) || parsed.treeSize < 0) {
      throw new CosignatureStoreError(`the stored witnessed size ${value} is damaged; remove the cosignature folder to start again`);
    }
    return parsed.treeSize;
  }

  /**
   * Stores the lines of the checkpoint of `treeSize` (replacing what was there), and, when
   * given, the new witnessed size, in one synced batch.
   */
  async save(treeSize: number, lines: CosignatureLines, witnessedSize?: number): Promise<void> {
    const batch = this.db.batch().put(sizeKey(treeSize), JSON.stringify(lines));
    if (witnessedSize !== undefined) batch.put(WITNESSED_KEY, JSON.stringify({ treeSize: witnessedSize }));
    await batch.write({ sync: true });
  }

  /** Closes the folder. */
  async close(): Promise<void> {
    await this.db.close();
  }
}

function parseLines(value: string, treeSize: number): CosignatureLines {
  const parsed = JSON.parse(value) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((l) => typeof l !== 'string')) {
    throw new CosignatureStoreError(`the stored cosignatures of size ${treeSize} are damaged; remove the cosignature folder to start again`);
  }
  return parsed as CosignatureLines;
}
