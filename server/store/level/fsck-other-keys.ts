/**
 * fsck of the credentials (key `a` of keys.ts) and of keys no part of Cairn writes (under no
 * known prefix, or under `m` other than the identity and the write probe).
 */
import { equalBytes, toHex } from '../../../merkle/index.js';
import type { LayoutFsckContext } from '../layout-fsck.js';
import { utf8Text } from './fsck-layout.js';
import {
  IDENTITY_KEY,
  WRITE_PROBE_KEY,
  PREFIX_BUNDLE,
  PREFIX_CHECKPOINT,
  PREFIX_CREDENTIAL,
  PREFIX_IDEMPOTENCY,
  PREFIX_IDENTITY,
  PREFIX_LEAF_HASH,
  PREFIX_PAYLOAD,
  PREFIX_TILE,
  prefixRange,
} from './keys.js';
import type { KvLogStore } from './kv-log-store.js';

/** Checks that every credential record is the JSON the server writes, under its own id. */
export async function checkCredentials(store: KvLogStore, ctx: LayoutFsckContext): Promise<void> {
  for await (const [key, value] of store.scan(PREFIX_CREDENTIAL)) {
    ctx.count('credentials');
    const id = utf8Text(key.subarray(1)) ?? toHex(key.subarray(1));
    const where = `credential ${id}`;
    let c: Record<string, unknown>;
    try {
      c = JSON.parse(utf8Text(value) ?? '') as Record<string, unknown>;
    } catch {
      ctx.report('CREDENTIAL_MALFORMED', where, 'the credential record is not valid JSON');
      continue;
    }
    const ok =
      typeof c === 'object' &&
      c !== null &&
      c['id'] === id &&
      typeof c['name'] === 'string' &&
      (c['role'] === 'writer' || c['role'] === 'reader' || c['role'] === 'admin') &&
      typeof c['secretHash'] === 'string';
    if (!ok)
      ctx.report('CREDENTIAL_MALFORMED', where, 'the credential record lacks its id (equal to its key), name, role (writer, reader or admin) or secret hash');
  }
}

/** Reports keys under no prefix Cairn uses, and keys under `m` other than the identity and the write probe. */
export async function checkUnknownKeys(store: KvLogStore, ctx: LayoutFsckContext): Promise<void> {
  const known = [PREFIX_CREDENTIAL, PREFIX_BUNDLE, PREFIX_CHECKPOINT, PREFIX_LEAF_HASH, PREFIX_IDEMPOTENCY, PREFIX_IDENTITY, PREFIX_PAYLOAD, PREFIX_TILE].sort(
    (a, b) => a - b,
  );
  // The gaps between the known one-byte prefixes, and after the last one.
  const gaps: { gte: Uint8Array; lt?: Uint8Array }[] = [];
  let from = 0;
  for (const p of known) {
    if (from < p) gaps.push({ gte: Uint8Array.of(from), lt: Uint8Array.of(p) });
    from = p + 1;
  }
  gaps.push({ gte: Uint8Array.of(from) });
  const report = (key: Uint8Array) => ctx.report('UNKNOWN_KEY', `key ${toHex(key.subarray(0, 40))}`, 'a key that no part of Cairn writes');
  // The empty key sorts before every range.
  for await (const [key] of store.kv.iterate({ lt: Uint8Array.of(0), limit: 1 })) report(key);
  for (const gap of gaps) for await (const [key] of store.kv.iterate(gap)) report(key);
  for await (const [key] of store.kv.iterate(prefixRange(PREFIX_IDENTITY))) {
    if (!equalBytes(key, IDENTITY_KEY) && !equalBytes(key, WRITE_PROBE_KEY)) report(key);
  }
}
