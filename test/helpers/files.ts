/** Looks for bytes in the files of a folder (erased data must leave every file of a data folder). */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await filesUnder(p)));
    else if (d.isFile()) out.push(p);
  }
  return out;
}

/**
 * The files under `dir` (paths relative to it, sorted) holding the middle of `marker`, a random
 * string: Snappy may encode its first or last characters as part of a match with the bytes
 * around them (`":"X`, `X"}}`), but keeps the random middle literal.
 */
export async function filesHolding(dir: string, marker: string): Promise<string[]> {
  const needle = Buffer.from(marker.slice(4, -4));
  const hits: string[] = [];
  for (const f of await filesUnder(dir)) if ((await readFile(f)).includes(needle)) hits.push(f.slice(dir.length + 1));
  return hits.sort();
}
