// Builds the web explorer (explorer/, issue 16) into dist/explorer/: one ES module bundle
// (explorer.js, minified, no source map so no source text is served), the stylesheet and the
// HTML page, copied as they are. Runs in `npm run build` (so at `npm ci` and before every test
// run): esbuild takes well under a second here.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'explorer');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(root, 'explorer', 'src', 'main.ts')],
  outfile: join(out, 'explorer.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // The verifiers are browser-safe (no node: imports); a node: import reaching the bundle is a
  // bug, and esbuild fails on it with the browser platform.
});
for (const file of ['index.html', 'explorer.css', 'favicon.svg']) copyFileSync(join(root, 'explorer', file), join(out, file));
