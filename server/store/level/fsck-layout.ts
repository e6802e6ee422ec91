/**
 * The LevelDB key layout's part of `cairn fsck` (the hook of ../layout-fsck.ts): what only the
 * raw keys show. Keys of the wrong shape under every prefix, tiles and bundles stored beyond the
 * latest tree, the payload chunks (fsck-payload-chunks.ts), the idempotency and hash index
 * records (fsck-indexes.ts), credentials and keys no part of Cairn writes (fsck-other-keys.ts).
 * fsck has checked identity, tiles, entries and checkpoints through the read interface before.
 */
import { MAX_TILE_LEVEL, entryBundleWidth, tileWidth, toHex } from '../../../merkle/index.js';
import type { LayoutFsck, LayoutFsckContext } from '../layout-fsck.js';
import { checkHashIndexRecords, checkIdempotencyRecords } from './fsck-indexes.js';
import { checkCredentials, checkUnknownKeys } from './fsck-other-keys.js';
import { checkPayloadChunks } from './fsck-payload-chunks.js';
import { keyNumber, PREFIX_BUNDLE, PREFIX_CHECKPOINT, PREFIX_TILE } from './keys.js';
import type { KvLogStore } from './kv-log-store.js';

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

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 text of a stored value, or undefined when it is not valid UTF-8. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The fsck hook of a KvLogStore. */
export class LevelLayoutFsck implements LayoutFsck {
  constructor(private readonly store: KvLogStore) {}

  async check(ctx: LayoutFsckContext): Promise<void> {
    await this.checkTileKeys(ctx);
    await this.checkBundleKeys(ctx);
    await checkPayloadChunks(this.store, ctx);
    await this.checkCheckpointKeys(ctx);
    await checkIdempotencyRecords(this.store, ctx);
    await checkHashIndexRecords(this.store, ctx);
    await checkCredentials(this.store, ctx);
    await checkUnknownKeys(this.store, ctx);
  }

  /** Tile keys (`t` u8 level, u64 index) of the wrong shape, and tiles the latest tree does not have. */
  private async checkTileKeys(ctx: LayoutFsckContext): Promise<void> {
    for await (const [key] of this.store.scan(PREFIX_TILE)) {
      const index = storedNumber(key, 10);
      if (index === undefined) {
        ctx.report('MALFORMED_RECORD', `tile key ${toHex(key)}`, 'a tile key that is not the prefix, a u8 level and a u64 index below 2^53');
        continue;
      }
      const level = key[1]!;
      if (level > MAX_TILE_LEVEL || tileWidth(level, index, ctx.treeSize) === 0) {
        const where = `tile ${level}/${index}`;
        ctx.report('BEYOND_TREE', where, `${where} is beyond the latest tree (size ${ctx.treeSize}), which has no such tile`);
      }
    }
  }

  /** Bundle keys (`b` u64 index) of the wrong shape, and bundles the latest tree does not have. */
  private async checkBundleKeys(ctx: LayoutFsckContext): Promise<void> {
    for await (const [key] of this.store.scan(PREFIX_BUNDLE)) {
      const index = storedNumber(key, 9);
      if (index === undefined) {
        ctx.report('MALFORMED_RECORD', `bundle key ${toHex(key)}`, 'an entry bundle key that is not the prefix and a u64 index below 2^53');
      } else if (entryBundleWidth(index, ctx.treeSize) === 0) {
        ctx.report('BEYOND_TREE', `bundle ${index}`, `bundle ${index} is beyond the latest tree (size ${ctx.treeSize}), which has no such bundle`);
      }
    }
  }

  /** Checkpoint keys (`c` u64 size) of the wrong shape: the read interface does not list them. */
  private async checkCheckpointKeys(ctx: LayoutFsckContext): Promise<void> {
    for await (const [key] of this.store.scan(PREFIX_CHECKPOINT)) {
      if (storedNumber(key, 9) === undefined) {
        ctx.report('MALFORMED_RECORD', `checkpoint key ${toHex(key)}`, 'a checkpoint key that is not the prefix and a u64 tree size below 2^53');
      }
    }
  }
}
