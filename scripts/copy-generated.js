// Copies the generated protobuf code (plain JS with .d.ts, which tsc does not emit) into dist/
// so that the built package and ./bin/cairn find it next to the compiled TypeScript.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'dist', 'proto'), { recursive: true });
cpSync(join(root, 'proto', 'gen'), join(root, 'dist', 'proto', 'gen'), { recursive: true });
