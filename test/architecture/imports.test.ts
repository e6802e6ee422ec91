/**
 * The import rules of ARCHITECTURE.md, checked on every .ts file of merkle/, proofs/ and client/:
 * these folders run unchanged in browsers, so they never import `node:*` or a Node builtin, never
 * server/, and each imports only what its row of the table allows. Imports are read with the
 * TypeScript scanner (static, dynamic and type-only imports, re-exports and require calls; never
 * text inside comments).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BROWSER_FOLDERS = ['merkle', 'proofs', 'client'] as const;
type Folder = (typeof BROWSER_FOLDERS)[number];

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]!));

/** The import specifiers of a TypeScript source. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * Why `specifier`, imported by the file `file` (a path from the repo root, in `folder`), breaks
 * the rules, or undefined when it is allowed.
 */
function violation(folder: Folder, file: string, specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return 'a node: import (browser code)';
  if (BUILTINS.has(specifier.split('/')[0]!)) return 'a Node builtin module (browser code)';
  if (!specifier.startsWith('.')) {
    const allowed: Record<Folder, RegExp> = {
      merkle: /^@noble\/hashes(\/|$)/,
      proofs: /^(@noble\/(hashes|ed25519)(\/|$)|protobufjs\/minimal(\.js)?$)/,
      client: /^@noble\/(hashes|ed25519)(\/|$)/,
    };
    return allowed[folder].test(specifier) ? undefined : `the package ${specifier} (not allowed in ${folder}/)`;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  const targetFolder = target.split('/')[0]!;
  if (target.startsWith('..')) return 'a file outside the repository';
  if (targetFolder === 'server') return 'server/ (browser code never imports the server)';
  if (targetFolder === folder) return undefined;
  if (targetFolder === 'proto') return target.startsWith('proto/gen/') && folder !== 'merkle' ? undefined : `${target} (only proofs/ and client/ use proto/gen)`;
  const mayUse: Record<Folder, string[]> = { merkle: [], proofs: ['merkle'], client: ['merkle', 'proofs'] };
  if (!mayUse[folder].includes(targetFolder)) return `${targetFolder}/ (${folder}/ may not depend on it)`;
  // Other folders are reached through their public face only.
  if (target !== `${targetFolder}/index.js`) return `${target} (import ${targetFolder}/index.js, the folder's public face)`;
  return undefined;
}

function sourceFiles(folder: string): string[] {
  return (readdirSync(path.join(ROOT, folder), { recursive: true }) as string[])
    .map((p) => path.posix.join(folder, p.split(path.sep).join('/')))
    .filter((p) => p.endsWith('.ts'))
    .sort();
}

describe('browser-safe folders import only what ARCHITECTURE.md allows', () => {
  for (const folder of BROWSER_FOLDERS) {
    const files = sourceFiles(folder);

    test(`${folder}/ has source files to check`, () => {
      expect(files).toContain(`${folder}/index.ts`);
    });

    for (const file of files) {
      test(file, () => {
        const problems = importsOf(readFileSync(path.join(ROOT, file), 'utf8'))
          .map((s) => [s, violation(folder, file, s)] as const)
          .filter(([, why]) => why !== undefined)
          .map(([s, why]) => `${file} imports '${s}': ${why}`);
        expect(problems).toEqual([]);
      });
    }
  }
});

describe('the tlog-tiles client is browser code', () => {
  test('client/tiles/ is among the files checked above (the walk is recursive)', () => {
    expect(sourceFiles('client')).toEqual(expect.arrayContaining(['client/tiles/tile-client.ts', 'client/tiles/audit.ts', 'client/tiles/monitor-check.ts']));
  });

  test('no file of client/ imports node: or a Node builtin', () => {
    const nodeImports = sourceFiles('client').flatMap((file) =>
      importsOf(readFileSync(path.join(ROOT, file), 'utf8'))
        .filter((s) => s.startsWith('node:') || BUILTINS.has(s.split('/')[0]!))
        .map((s) => `${file}: ${s}`),
    );
    expect(nodeImports).toEqual([]);
  });
});

describe('the checker itself', () => {
  const bad: Array<[Folder, string, string]> = [
    ['proofs', 'proofs/x.ts', "import { createHash } from 'node:crypto';"],
    ['proofs', 'proofs/x.ts', "import fs from 'fs';"],
    ['merkle', 'merkle/x.ts', "import { join } from 'path';"],
    ['client', 'client/x.ts', "const c = await import('crypto');"],
    ['client', 'client/x.ts', "import { readFile } from 'fs/promises';"],
    ['proofs', 'proofs/x.ts', "export * from '../server/log.js';"],
    ['client', 'client/x.ts', "import { Store } from '../server/store/store.js';"],
    ['client', 'client/x.ts', "import { hashLeaf } from '../merkle/hash.js';"],
    ['client', 'client/x.ts', "import { verifyReceipt } from '../proofs/receipt.js';"],
    ['client', 'client/x.ts', "import express from 'express';"],
    ['proofs', 'proofs/x.ts', "import type { Receipt } from '../client/index.js';"],
    ['merkle', 'merkle/x.ts', "import { fail } from '../proofs/index.js';"],
    ['merkle', 'merkle/x.ts', "import { cairn } from '../proto/gen/cairn.js';"],
    ['proofs', 'proofs/x.ts', "const { Level } = require('level');"],
    ['proofs', 'proofs/x.ts', "import protobuf from 'protobufjs';"],
  ];
  for (const [folder, file, source] of bad) {
    test(`flags ${source} in ${file}`, () => {
      const found = importsOf(source).map((s) => violation(folder, file, s));
      expect(found.length).toBe(1);
      expect(found[0]).toBeDefined();
    });
  }

  const good: Array<[Folder, string, string]> = [
    ['client', 'client/index.ts', "export { verifyReceipt } from '../proofs/index.js';"],
    ['client', 'client/index.ts', "import { hashLeaf } from '../merkle/index.js';"],
    ['client', 'client/http.ts', "import { cairn } from '../proto/gen/cairn.js';"],
    ['proofs', 'proofs/receipt.ts', "import { sha256 } from '@noble/hashes/sha2.js';"],
    ['proofs', 'proofs/log-entry.ts', "import $protobuf from 'protobufjs/minimal.js';"],
    ['merkle', 'merkle/hash.ts', "import { MerkleError } from './errors.js';"],
  ];
  for (const [folder, file, source] of good) {
    test(`allows ${source} in ${file}`, () => {
      expect(importsOf(source).map((s) => violation(folder, file, s))).toEqual([undefined]);
    });
  }

  test('ignores imports inside comments', () => {
    expect(importsOf("// import fs from 'fs'\n/* import('node:path') */\nexport const x = 1;")).toEqual([]);
  });
});
