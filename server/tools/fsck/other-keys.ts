/**
 * fsck of the credentials (key `a` of keys.ts) and of keys no part of Cairn writes (under no
 * known prefix, or under `m` other than the identity).
 */
import { equalBytes, toHex } from '../../../merkle/index.js';
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
} from '../../store/keys.js';
import { utf8Text, type FsckContext } from './context.js';

/** Checks that every credential record is the JSON the server writes, under its own id. */
export async function checkCredentials(ctx: FsckContext): Promise<void> {
  for await (const [key, value] of ctx.store.scan(PREFIX_CREDENTIAL)) {
    ctx.findings.counts.credentials++;
    const id = utf8Text(key.subarray(1)) ?? toHex(key.subarray(1));
    const where = `credential ${id}`;
    let c: Record<string, unknown>;
    try {
      c = JSON.parse(utf8Text(value) ?? '') as Record<string, unknown>;
    } catch {
      ctx.findings.add('CREDENTIAL_MALFORMED', where, 'the credential record is not valid JSON');
      continue;
    }
    const ok =
      typeof c === 'object' && c !== null && c['id'] === id && typeof c['name'] === 'string' && (c['role'] === 'writer' || c['role'] === 'reader') && typeof c['secretHash'] === 'string';
    if (!ok) ctx.findings.add('CREDENTIAL_MALFORMED', where, 'the credential record lacks its id (equal to its key), name, role (writer or reader) or secret hash');
  }
}

/** Reports keys under no prefix Cairn uses, and keys under `m` other than the identity. */
export async function checkUnknownKeys(ctx: FsckContext): Promise<void> {
  const known = [PREFIX_CREDENTIAL, PREFIX_BUNDLE, PREFIX_CHECKPOINT, PREFIX_LEAF_HASH, PREFIX_IDEMPOTENCY, PREFIX_IDENTITY, PREFIX_PAYLOAD, PREFIX_TILE].sort((a, b) => a - b);
  // The gaps between the known one-byte prefixes, and after the last one.
  const gaps: { gte: Uint8Array; lt?: Uint8Array }[] = [];
  let from = 0;
  for (const p of known) {
    if (from < p) gaps.push({ gte: Uint8Array.of(from), lt: Uint8Array.of(p) });
    from = p + 1;
  }
  gaps.push({ gte: Uint8Array.of(from) });
  const report = (key: Uint8Array) => ctx.findings.add('UNKNOWN_KEY', `key ${toHex(key.subarray(0, 40))}`, 'a key that no part of Cairn writes');
  // The empty key sorts before every range.
  for await (const [key] of ctx.store.kv.iterate({ lt: Uint8Array.of(0), limit: 1 })) report(key);
  for (const gap of gaps) for await (const [key] of ctx.store.kv.iterate(gap)) report(key);
  for await (const [key] of ctx.store.kv.iterate(prefixRange(PREFIX_IDENTITY))) {
    if (!equalBytes(key, IDENTITY_KEY) && !equalBytes(key, WRITE_PROBE_KEY)) report(key);
  }
}
