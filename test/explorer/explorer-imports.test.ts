/**
 * ARCHITECTURE's row for explorer/: the page imports only its own files and the public faces of
 * client/, proofs/ and merkle/ (browser-safe code), never `node:*`, a package or server/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ALLOWED_OUTSIDE = new Set(['client/index.js', 'proofs/index.js', 'merkle/index.js']);

test('explorer/ imports only its own files and the public faces of client/, proofs/ and merkle/', () => {
  const files = (readdirSync(path.join(ROOT, 'explorer'), { recursive: true }) as string[])
    .map((p) => path.posix.join('explorer', p.split(path.sep).join('/')))
    .filter((p) => p.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  const bad: string[] = [];
  for (const file of files) {
    for (const { fileName: spec } of ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true).importedFiles) {
      if (!spec.startsWith('.')) {
        bad.push(`${file}: ${spec} (a package or a node: module)`);
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      if (!target.startsWith('explorer/') && !ALLOWED_OUTSIDE.has(target)) bad.push(`${file}: ${spec}`);
    }
  }
  expect(bad).toEqual([]);
});
