// Builds dist/ once before the tests, so tests that run ./bin/cairn as a real child process
// (crash tests, CLI tests) and the package test run the code under test, never a stale build.
// tsc emits even when it reports type errors; the outcome goes to dist/.build-status, which
// test/package/exports.test.ts turns into a failing test with tsc's output.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalSetup() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  let status = 'ok';
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    status = `npm run build failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`;
    process.stderr.write(`\nwarning: ${status}\n`);
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', '.build-status'), status);
}
