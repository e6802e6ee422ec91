/**
 * Suites that need a program from outside the npm tree (Go, PostgreSQL, nginx, chrony, faketime,
 * chromium). On a bare developer machine such a suite is skipped and says which Debian package to
 * install; with `CAIRN_REQUIRE_EXTERNAL=1` (set by `.ci/run`) a missing program fails the suite
 * instead, so CI always runs it.
 *
 * Usage:
 *   const tools = findExternal([{ command: 'initdb', debianPackage: 'postgresql' }]);
 *   describeExternal('the PostgreSQL driver', tools, () => { ... });
 */
import { describe, test } from '@jest/globals';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** One program a suite needs, and the Debian package that brings it. */
export interface ExternalRequirement {
  /** An executable name looked up on PATH (plus the extra folders below), or an absolute path. */
  command: string;
  /** The Debian package to install when it is missing (`apt-get install -y <debianPackage>`). */
  debianPackage: string;
  /** Folders searched after PATH (e.g. `/usr/lib/postgresql/15/bin`, `/usr/sbin`). */
  extraDirs?: readonly string[];
}

/** What `findExternal` found: each command's absolute path, or why the suite cannot run. */
export interface ExternalTools {
  /** Absolute paths by command name; only complete when `missing` is empty. */
  paths: Record<string, string>;
  /** The requirements that were not found. */
  missing: ExternalRequirement[];
  /** A sentence naming what is missing and the command that installs it ('' when nothing is). */
  reason: string;
}

/** True when CI asked for every external suite to run (`CAIRN_REQUIRE_EXTERNAL=1`). */
export function externalRequired(): boolean {
  const v = process.env['CAIRN_REQUIRE_EXTERNAL'];
  return v === '1' || v === 'true';
}

/** The absolute path of an executable, or undefined. */
export function whichExecutable(command: string, extraDirs: readonly string[] = []): string | undefined {
  const candidates = command.includes('/')
    ? [command]
    : [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/sbin', ...extraDirs].filter((d) => d !== '').map((d) => join(d, command));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Looks up every requirement; never throws. */
export function findExternal(requirements: readonly ExternalRequirement[]): ExternalTools {
  const paths: Record<string, string> = {};
  const missing: ExternalRequirement[] = [];
  for (const r of requirements) {
    const p = whichExecutable(r.command, r.extraDirs);
    if (p === undefined) missing.push(r);
    else paths[r.command] = p;
  }
  const packages = [...new Set(missing.map((m) => m.debianPackage))];
  const reason =
    missing.length === 0
      ? ''
      : `${missing.map((m) => `\`${m.command}\``).join(', ')} not found; install with: ` + `apt-get update && apt-get install -y ${packages.join(' ')}`;
  return { paths, missing, reason };
}

/**
 * `describe` when every tool was found. Otherwise: under CAIRN_REQUIRE_EXTERNAL=1 one failing
 * test that gives the reason; elsewhere a skipped suite whose name gives the reason (and a line
 * on stderr), so a bare machine passes and says what it did not run.
 */
export function describeExternal(name: string, tools: ExternalTools | string, body: () => void): void {
  const reason = typeof tools === 'string' ? tools : tools.reason;
  if (reason === '') {
    describe(name, body);
    return;
  }
  if (externalRequired()) {
    describe(name, () => {
      test('has the external programs it needs (CAIRN_REQUIRE_EXTERNAL=1)', () => {
        throw new Error(`${name}: ${reason}`);
      });
    });
    return;
  }
  process.stderr.write(`skipped "${name}": ${reason} (set CAIRN_REQUIRE_EXTERNAL=1 to make this a failure)\n`);
  describe.skip(`${name} [skipped: ${reason}]`, body);
}
