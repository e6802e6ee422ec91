// Builds the web explorer (explorer/, issue 16) into dist/explorer/: index.html at the top and
// its files under ui/ (the bundle ui/explorer.js, minified, without a source map so no source
// text is served; ui/explorer.css and ui/favicon.svg copied as they are). The layout is the URL
// layout, so any static server can serve the folder as it is. Runs in `npm run build` (so at
// `npm ci` and before every test run): esbuild takes well under a second here.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'explorer');
// Start clean: a file left by an older build must not be served.
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'ui'), { recursive: true });

await build({
  entryPoints: [join(root, 'explorer', 'src', 'main.ts')],
  outfile: join(out, 'ui', 'explorer.js'),
  bundle: true,
  format: 'esm',
  // The browser platform makes a node: import reaching the bundle a build error: the verifiers
  // are browser-safe, so such an import is a bug.
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(root, 'explorer', 'index.html'), join(out, 'index.html'));
for (const file of ['explorer.css', 'favicon.svg']) copyFileSync(join(root, 'explorer', file), join(out, 'ui', file));
