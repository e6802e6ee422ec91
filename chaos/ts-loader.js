/**
 * Module hooks (node:module `register`) that load TypeScript sources of this repository:
 * a relative `./x.js` import resolves to `./x.ts` when only the .ts file exists (our sources
 * import with the .js suffix, as `nodenext` requires), and a .ts file is transpiled with swc
 * (types stripped, ES modules kept), with the same settings as jest.config.js.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';

/** Resolves `./x.js` to `./x.ts` inside TypeScript sources when x.js does not exist. */
export async function resolve(specifier, context, nextResolve) {
  // The test helpers the harness shares with jest (test/helpers/postgres.ts through external.ts)
  // import jest's globals, which only exist inside jest: outside, they are a shim that refuses.
  if (specifier === '@jest/globals') return { url: new URL('./jest-globals-shim.js', import.meta.url).href, shortCircuit: true, format: 'module' };
  const fromTs = context.parentURL?.endsWith('.ts') === true;
  if (fromTs && (specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js')) {
    const asTs = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(asTs)) {
      return { url: asTs.href, shortCircuit: true, format: 'module' };
    }
  }
  return nextResolve(specifier, context);
}

/** Transpiles .ts files; everything else loads as usual. */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await swc.transform(await readFile(path, 'utf8'), {
    filename: path,
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
