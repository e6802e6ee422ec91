/**
 * proto/gen/ is generated from proto/*.proto and committed. This regenerates it into a temporary
 * folder with the project's own script and fails if anything differs, so a .proto edit without
 * `npm run proto` (or a hand edit of the generated code) cannot land.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GEN = path.join(ROOT, 'proto', 'gen');

/** Names of the files that differ between two folders (missing on either side included). */
function differingFiles(expectedDir: string, actualDir: string): string[] {
  const expected = new Set(readdirSync(expectedDir));
  const actual = new Set(readdirSync(actualDir));
  const out: string[] = [];
  for (const name of new Set([...expected, ...actual])) {
    if (!expected.has(name)) out.push(`${name} (not generated from proto/*.proto)`);
    else if (!actual.has(name)) out.push(`${name} (missing)`);
    else if (!readFileSync(path.join(expectedDir, name)).equals(readFileSync(path.join(actualDir, name)))) out.push(`${name} (differs)`);
  }
  return out.sort();
}

describe('proto/gen is up to date', () => {
  let fresh: string;

  beforeAll(() => {
    fresh = mkdtempSync(path.join(tmpdir(), 'cairn-proto-'));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-proto.js'), fresh], { cwd: ROOT, stdio: 'pipe' });
  }, 120_000);

  afterAll(() => {
    rmSync(fresh, { recursive: true, force: true });
  });

  test('the generator writes cairn.js and cairn.d.ts', () => {
    expect(readdirSync(fresh).sort()).toEqual(['cairn.d.ts', 'cairn.js']);
  });

  test('regenerating proto/*.proto gives exactly the committed proto/gen/', () => {
    const diffs = differingFiles(fresh, GEN);
    if (diffs.length > 0) {
      throw new Error(`proto/gen/ is out of date with proto/*.proto: ${diffs.join(', ')}. Run \`npm run proto\` and commit the result.`);
    }
  });

  test('the comparison notices a changed file (so the check above can fail)', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'cairn-proto-copy-'));
    try {
      cpSync(fresh, copy, { recursive: true });
      expect(differingFiles(fresh, copy)).toEqual([]);
      appendFileSync(path.join(copy, 'cairn.js'), '// edited by hand\n');
      expect(differingFiles(fresh, copy)).toEqual(['cairn.js (differs)']);
      rmSync(path.join(copy, 'cairn.d.ts'));
      expect(differingFiles(fresh, copy)).toEqual(['cairn.d.ts (missing)', 'cairn.js (differs)']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
