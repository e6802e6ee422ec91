/**
 * Reads an index folder directly (bytes, decoded here, not through the code under test) into
 * sorted `field=value@index` strings, and the same strings from the model, for exact comparisons.
 */
import { Level } from 'level';
import type { ModelEntry } from './model.js';

const FIELDS = ['', 'actor', 'action', 'target', 'submitter'];

/** Every posting in the (closed) index folder `dir`, decoded here, sorted; plus the position. */
export async function dumpIndex(dir: string): Promise<{ postings: string[]; position: number }> {
  const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
  await db.open();
  try {
    const postings: string[] = [];
    let position = 0;
    for await (const [key, value] of db.iterator()) {
      if (key[0] === 0x00) {
        if (key[1] === 0x70) position = Number(Buffer.from(value).readBigUInt64BE(0));
        continue;
      }
      const length = (key[1]! << 8) | key[2]!;
      if (key.length !== 3 + length + 8) throw new Error(`posting key of wrong length: ${Buffer.from(key).toString('hex')}`);
      const text = Buffer.from(key.subarray(3, 3 + length)).toString('utf8');
      // A block: its first index in the key, the gaps to the next ones as LEB128 varints, all
      // within one span of 4096 indexes.
      let index = Number(Buffer.from(key.subarray(3 + length)).readBigUInt64BE(0));
      const span = Math.floor(index / 4096);
      postings.push(`${FIELDS[key[0]!]}=${text}@${index}`);
      for (let o = 0; o < value.length;) {
        let gap = 0;
        for (let shift = 0; ; shift += 7) {
          if (o >= value.length) throw new Error(`truncated posting block: ${Buffer.from(key).toString('hex')}`);
          const byte = value[o++]!;
          gap += (byte & 0x7f) * 2 ** shift;
          if ((byte & 0x80) === 0) break;
        }
        if (gap === 0) throw new Error(`a posting block repeats an index: ${Buffer.from(key).toString('hex')}`);
        index += gap;
        if (Math.floor(index / 4096) !== span) throw new Error(`a posting block crosses a span: ${Buffer.from(key).toString('hex')}`);
        postings.push(`${FIELDS[key[0]!]}=${text}@${index}`);
      }
    }
    return { postings: postings.sort(), position };
  } finally {
    await db.close();
  }
}

/** The postings the model says entries 0..size-1 must have, sorted. */
export function modelPostings(model: readonly ModelEntry[], size = model.length): string[] {
  const out: string[] = [];
  model.slice(0, size).forEach((e, i) => {
    for (const f of ['actor', 'action', 'target', 'submitter'] as const) {
      const v = e[f];
      if (v !== undefined) out.push(`${f}=${v}@${i}`);
    }
  });
  return out.sort();
}
