/** Where the benchmarks find the compiled product and put their output. */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The compiled product (`npm run build`). */
export const DIST = join(ROOT, 'dist');
/** bench/out: latest.json, profiles, cached stores (git-ignored). */
export const OUT = join(ROOT, 'bench', 'out');
/** The `cairn` launcher. */
export const CAIRN_BIN = join(ROOT, 'bin', 'cairn');

/** A module of the compiled product, e.g. `distUrl('server/cairn-log.js')`, for dynamic import. */
export function distUrl(relative) {
  const path = join(DIST, relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return new URL(`file://${path}`).href;
}

/** A fresh temporary folder for one measurement (the caller removes it). */
export function freshDir(prefix) {
  return mkdtempSync(join(tmpdir(), `cairn-bench-${prefix}-`));
}

/** Creates (if needed) and returns a folder under bench/out. */
export function outDir(...parts) {
  const dir = join(OUT, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
