/**
 * The hardware's share of appending: what the bytes alone cost on this machine, with no log logic.
 *
 * - `sha256`: two SHA-256 per entry, the least any RFC 6962 log hashes per entry: one over the
 *   event (0x00 || event, as a leaf hash) and one interior node (0x01 || 32 B || 32 B), with
 *   node:crypto's one-shot `hash()` (the fastest SHA-256 node offers; createHash where absent).
 * - `leveldb`: the same events written to a fresh LevelDB (level 10, classic-level) as synced
 *   batches (`{sync: true}`, one fsync each) of `batchEntries` puts, key = u64 big-endian index,
 *   value = the event bytes; also the same batches as ONE value each (the event bytes
 *   concatenated), the cheapest durable write of those bytes.
 *
 * Params: {eventBytes, kind: 'sha256' | 'leveldb', batchEntries?, warmupMs, durationMs}
 */
import crypto from 'node:crypto';
import { rmSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { EventSource } from '../lib/events.mjs';
import { freshDir } from '../lib/paths.mjs';

const p = sectionParams();
const source = new EventSource(p.eventBytes);

/** Runs `step` (which returns how many entries it handled) for warm-up, then for the window. */
async function timed(step) {
  const warmEnd = performance.now() + p.warmupMs;
  while (performance.now() < warmEnd) await step();
  let entries = 0;
  const t0 = performance.now();
  const end = t0 + p.durationMs;
  while (performance.now() < end) entries += await step();
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, entries, entriesPerSec: entries / seconds };
}

if (p.kind === 'sha256') {
  const oneShot = typeof crypto.hash === 'function';
  const sha = oneShot ? (b) => crypto.hash('sha256', b, 'buffer') : (b) => crypto.createHash('sha256').update(b).digest();
  // The leaf input is prefixed as RFC 6962 does; the prefix copy is part of a real log's work.
  const leafInputs = source.events(0, 4096).map((e) => Buffer.concat([Buffer.of(0), e]));
  const node = Buffer.concat([Buffer.of(1), crypto.randomBytes(64)]);
  let i = 0;
  let sink = 0;
  const step = () => {
    for (let k = 0; k < 1000; k++) {
      const leaf = sha(leafInputs[(i + k) & 4095]);
      leaf.copy(node, 1);
      sink ^= sha(node)[0];
    }
    i += 1000;
    return 1000;
  };
  const r = await timed(step);
  reportResult({ kind: 'sha256', api: oneShot ? 'crypto.hash' : 'createHash', eventBytes: p.eventBytes, ...r, hashesPerSec: r.entriesPerSec * 2, sink });
} else if (p.kind === 'leveldb') {
  const { Level } = await import('level');
  const n = p.batchEntries;
  const results = {};
  for (const layout of ['perEntry', 'oneValue']) {
    const dir = freshDir('leveldb');
    const db = new Level(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    let next = 0;
    const step = async () => {
      const events = source.events(next, n);
      let ops;
      if (layout === 'perEntry') {
        ops = events.map((value, k) => {
          const key = new Uint8Array(8);
          new DataView(key.buffer).setBigUint64(0, BigInt(next + k));
          return { type: 'put', key, value };
        });
      } else {
        const key = new Uint8Array(8);
        new DataView(key.buffer).setBigUint64(0, BigInt(next));
        ops = [{ type: 'put', key, value: Buffer.concat(events) }];
      }
      next += n;
      await db.batch(ops, { sync: true });
      return n;
    };
    results[layout] = await timed(step);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  reportResult({ kind: 'leveldb', eventBytes: p.eventBytes, batchEntries: n, ...results.perEntry, oneValue: results.oneValue });
} else {
  throw new Error(`unknown kind ${p.kind}`);
}
