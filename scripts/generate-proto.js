// Regenerates proto/gen/ from proto/*.proto with protobufjs-cli (static ESM code with .d.ts).
// Run `npm run proto` after editing a .proto file and commit the result; the generated files
// are never edited by hand. test/proto/generated.test.ts checks they are up to date.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ?? join(root, 'proto', 'gen');
const bin = join(root, 'node_modules', '.bin');
mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(join(root, 'proto')).filter((f) => f.endsWith('.proto'))) {
  const name = file.replace(/\.proto$/, '');
  const js = join(outDir, `${name}.js`);
  execFileSync(join(bin, 'pbjs'), ['-t', 'static-module', '-w', 'es6', '--es6', '-o', js, join(root, 'proto', file)], { stdio: 'inherit' });
  execFileSync(join(bin, 'pbts'), ['-o', join(outDir, `${name}.d.ts`), js], { stdio: 'inherit' });
}
