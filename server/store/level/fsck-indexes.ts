/**
 * fsck of the two indexes as LevelDB stores them.
 *
 * Idempotency records (key `i` submitter 0x00 key): each is decoded here and handed, in batches,
 * to fsck's check against the entries (LayoutFsckContext.checkIdempotencyRecords).
 *
 * Hash index records (key `h`: the first 8 bytes of a leaf hash -> the leaf's index): the walk
 * through the entries already checked that every leaf's record names it and counted those
 * records. So this scan checks the shape and range of each record and counts them: when the
 * counts agree, every record is one of those already checked. Only when they differ (extra or
 * wrong records) does it look each record's leaf up, a random read per record that happens only
 * in a damaged store.
 */
import { equalBytes, toHex } from '../../../merkle/index.js';
import type { IdempotencyToCheck, LayoutFsckContext } from '../layout-fsck.js';
import { utf8Text } from './fsck-layout.js';
import { PREFIX_IDEMPOTENCY, PREFIX_LEAF_HASH, keyNumber } from './keys.js';
import type { KvLogStore } from './kv-log-store.js';
import { decodeIdempotencyRecord } from './records.js';

const BATCH_SIZE = 512;

/** Decodes every idempotency record and has fsck check them against the entries. */
export async function checkIdempotencyRecords(store: KvLogStore, ctx: LayoutFsckContext): Promise<void> {
  let batch: IdempotencyToCheck[] = [];
  for await (const [key, value] of store.scan(PREFIX_IDEMPOTENCY)) {
    ctx.count('idempotencyRecords');
    const { name, submitter } = describeKey(key);
    const where = `idempotency key ${name}`;
    try {
      batch.push({ where, submitter, record: decodeIdempotencyRecord(value) });
    } catch (err) {
      ctx.report('MALFORMED_RECORD', where, (err as Error).message);
      continue;
    }
    if (batch.length === BATCH_SIZE) {
      await ctx.checkIdempotencyRecords(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await ctx.checkIdempotencyRecords(batch);
}

/** `submitter/key` of an idempotency key (`i` submitter 0x00 key), readable, and the submitter. */
function describeKey(key: Uint8Array): { name: string; submitter: string | undefined } {
  const nul = key.indexOf(0, 1);
  if (nul < 0) return { name: toHex(key.subarray(1)), submitter: undefined };
  const submitter = utf8Text(key.subarray(1, nul));
  return { name: `${submitter ?? '?'}/${utf8Text(key.subarray(nul + 1)) ?? '?'}`, submitter };
}

/** Checks every hash index record; see the file comment. Requires the entries to have been walked. */
export async function checkHashIndexRecords(store: KvLogStore, ctx: LayoutFsckContext): Promise<void> {
  const n = ctx.treeSize;
  const beyond: { count: number; example: { where: string; index: number } | undefined } = { count: 0, example: undefined };
  let wellFormed = 0;
  for await (const [key, value] of store.scan(PREFIX_LEAF_HASH)) {
    ctx.count('hashIndex');
    const where = `hash index ${toHex(key.subarray(1))}`;
    if (key.length !== 9 || value.length !== 8) {
      ctx.report('MALFORMED_RECORD', where, `a hash index record has a ${key.length}-byte key and a ${value.length}-byte value (expected 9 and 8)`);
      continue;
    }
    const index = keyNumber(value);
    if (index >= n) {
      // Reported once for all: a lost latest checkpoint leaves a whole round's records beyond.
      beyond.count++;
      beyond.example ??= { where, index };
      continue;
    }
    wellFormed++;
  }
  if (beyond.example !== undefined) {
    const { where, index } = beyond.example;
    if (beyond.count === 1) {
      ctx.report('BEYOND_TREE', where, `the record names entry ${index}, beyond the latest tree (size ${n})`);
    } else {
      ctx.report(
        'BEYOND_TREE',
        `${beyond.count} hash index records`,
        `${beyond.count} hash index records name entries beyond the latest tree (size ${n}), e.g. ${where} names entry ${index}`,
      );
    }
  }
  if (wellFormed !== ctx.hashIndex.found) await findWrongRecords(store, ctx);
}

/** The slow path: each record in the tree's range whose leaf does not have its prefix. */
async function findWrongRecords(store: KvLogStore, ctx: LayoutFsckContext): Promise<void> {
  for await (const [key, value] of store.scan(PREFIX_LEAF_HASH)) {
    if (key.length !== 9 || value.length !== 8) continue;
    const prefix = key.subarray(1);
    const hex = toHex(prefix);
    const index = keyNumber(value);
    if (index >= ctx.treeSize || ctx.hashIndex.reported.has(hex)) continue;
    const leafHash = await ctx.leafHashAt(index);
    if (leafHash !== undefined && !equalBytes(leafHash.subarray(0, 8), prefix)) {
      ctx.report('HASH_INDEX_MISMATCH', `hash index ${hex}`, `the record names entry ${index}, whose leaf hash starts with ${toHex(leafHash.subarray(0, 8))}`);
    }
  }
}
