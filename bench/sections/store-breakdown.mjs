/**
 * Where a log's bytes go: every LevelDB record of a (closed) data folder, tallied by the one-byte
 * key prefix of server/store/level/keys.ts (m identity, c checkpoints, t tiles, b entry bundles,
 * p payload chunks, i idempotency, a credentials, h leaf-hash index): records, key bytes and
 * value bytes before LevelDB's block compression and per-record overhead.
 *
 * Params: {dataDir}
 */
import { join } from 'node:path';
import { reportResult, sectionParams } from '../lib/child.mjs';

const NAMES = {
  m: 'identity',
  c: 'checkpoints',
  t: 'hash tiles',
  b: 'entry bundles',
  p: 'payload chunks (nonce + payload)',
  i: 'idempotency records',
  a: 'credentials',
  h: 'leaf-hash index',
};

const p = sectionParams();
const { Level } = await import('level');
const db = new Level(join(p.dataDir, 'leveldb'), { keyEncoding: 'view', valueEncoding: 'view' });
await db.open();
const kinds = {};
for await (const [key, value] of db.iterator()) {
  const prefix = String.fromCharCode(key[0]);
  const k = (kinds[prefix] ??= { name: NAMES[prefix] ?? 'unknown', records: 0, keyBytes: 0, valueBytes: 0 });
  k.records += 1;
  k.keyBytes += key.length;
  k.valueBytes += value.length;
}
await db.close();
reportResult({ kinds });
