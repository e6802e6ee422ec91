/**
 * fsck of the hash index (key `h` of keys.ts: the first 8 bytes of a leaf hash -> the leaf's
 * index). The walk through the entries already checked that every leaf's record names it
 * (entries.ts) and counted those records. So this scan only checks the shape and range of each
 * record and counts them: when the counts agree, every record is one of those already checked.
 * Only when they differ (extra or wrong records) does it look each record's leaf up, which
 * costs a random read per record but happens only in a damaged store.
 */
import { equalBytes, toHex } from '../../../merkle/index.js';
import { PREFIX_LEAF_HASH, keyNumber } from '../../store/keys.js';
import type { FsckContext } from './context.js';
import { leafHashAt } from './entries.js';

/** Checks every hash index record; see the file comment. Requires checkEntries to have run. */
export async function checkHashIndexRecords(ctx: FsckContext): Promise<void> {
  const { findings, treeSize: n } = ctx;
  const beyond: { count: number; example: { where: string; index: number } | undefined } = { count: 0, example: undefined };
  let wellFormed = 0;
  for await (const [key, value] of ctx.store.scan(PREFIX_LEAF_HASH)) {
    findings.counts.hashIndex++;
    const where = `hash index ${toHex(key.subarray(1))}`;
    if (key.length !== 9 || value.length !== 8) {
      findings.add('MALFORMED_RECORD', where, `a hash index record has a ${key.length}-byte key and a ${value.length}-byte value (expected 9 and 8)`);
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
      findings.add('BEYOND_TREE', where, `the record names entry ${index}, beyond the latest tree (size ${n})`);
    } else {
      findings.add('BEYOND_TREE', `${beyond.count} hash index records`, `${beyond.count} hash index records name entries beyond the latest tree (size ${n}), e.g. ${where} names entry ${index}`);
    }
  }
  if (wellFormed !== ctx.hashIndex.found) await findWrongRecords(ctx);
}

/** The slow path: each record in the tree's range whose leaf does not have its prefix. */
async function findWrongRecords(ctx: FsckContext): Promise<void> {
  const { findings, treeSize: n } = ctx;
  for await (const [key, value] of ctx.store.scan(PREFIX_LEAF_HASH)) {
    if (key.length !== 9 || value.length !== 8) continue;
    const prefix = key.subarray(1);
    const hex = toHex(prefix);
    const index = keyNumber(value);
    if (index >= n || ctx.hashIndex.reported.has(hex)) continue;
    const leafHash = await leafHashAt(ctx, index);
    if (leafHash !== undefined && !equalBytes(leafHash.subarray(0, 8), prefix)) {
      findings.add('HASH_INDEX_MISMATCH', `hash index ${hex}`, `the record names entry ${index}, whose leaf hash starts with ${toHex(leafHash.subarray(0, 8))}`);
    }
  }
}
