/**
 * The import rules of ARCHITECTURE.md. merkle/, proofs/ and client/ run unchanged in browsers, so
 * they never import `node:*` or a Node builtin, never server/, and each imports only what its row
 * of the table allows. Inside server/, the inner folders keep the seams of the house (see
 * server-imports.ts). Imports are read with the TypeScript scanner (static, dynamic and type-only
 * imports, re-exports and require calls; never text inside comments).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ts from 'typescript';
import { serverViolation } from './server-imports.js';

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
  if (targetFolder === 'proto')
    return target.startsWith('proto/gen/') && folder !== 'merkle' ? undefined : `${target} (only proofs/ and client/ use proto/gen)`;
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

describe('server/: the inner folders import only across their seams (server-imports.ts)', () => {
  const files = sourceFiles('server');

  test('server/ has source files to check, in every folder the rules name', () => {
    for (const f of [
      'server/state/index.ts',
      'server/sequencer/round.ts',
      'server/read/log-reader.ts',
      'server/store/store.ts',
      'server/store/level/kv-log-store.ts',
      'server/http/app.ts',
    ]) {
      expect(files).toContain(f);
    }
  });

  for (const file of files) {
    test(file, () => {
      const problems = importsOf(readFileSync(path.join(ROOT, file), 'utf8'))
        .map((s) => [s, serverViolation(file, s)] as const)
        .filter(([, why]) => why !== undefined)
        .map(([s, why]) => `${file} imports '${s}': ${why}`);
      expect(problems).toEqual([]);
    });
  }
});

describe('the server checker itself', () => {
  const bad: Array<[string, string]> = [
    ['server/state/log-state.ts', "import { LogReader } from '../read/log-reader.js';"],
    ['server/state/log-state.ts', "import type { Sequencer } from '../sequencer/sequencer.js';"],
    ['server/state/log-state.ts', "import { Level } from 'level';"],
    ['server/sequencer/round.ts', "import { LogReader } from '../read/log-reader.js';"],
    ['server/sequencer/round.ts', "import { createApp } from '../http/index.js';"],
    ['server/sequencer/round.ts', "import { KvLogStore } from '../store/level/kv-log-store.js';"],
    ['server/read/log-reader.ts', "import type { AppendInput } from '../sequencer/types.js';"],
    ['server/read/log-reader.ts', "import { loadLogState } from '../state/log-state.js';"],
    ['server/http/routes/tiles.ts', "import { KvLogStore } from '../../store/level/kv-log-store.js';"],
    ['server/http/routes/tiles.ts', "import { MemoryKv } from '../../store/memory/memory-kv.js';"],
    ['server/http/routes/tiles.ts', "import { PgLogStore } from '../../store/postgres/pg-log-store.js';"],
    ['server/http/routes/write.ts', "import { Sequencer } from '../../sequencer/sequencer.js';"],
    ['server/http/routes/write.ts', "import { buildRound } from '../../sequencer/round.js';"],
    ['server/http/routes/write.ts', "import { LogReader } from '../../read/log-reader.js';"],
    ['server/http/routes/write.ts', "import { loadLogState } from '../../state/index.js';"],
    ['server/http/app.ts', "import { Level } from 'level';"],
    ['server/store/level/kv-log-store.ts', "import { Sequencer } from '../../sequencer/sequencer.js';"],
    ['server/store/level/kv-log-store.ts', "import { silentLogger } from '../../logger.js';"],
    ['server/store/level/kv-log-store.ts', "import { PgLogStore } from '../postgres/pg-log-store.js';"],
    ['server/store/store.ts', "import { ServerError } from '../errors.js';"],
    ['server/store/store.ts', "import { KvLogStore } from './level/kv-log-store.js';"],
    ['server/clock/clock-monitor.ts', "import { createApp } from '../http/index.js';"],
    ['server/index/follower.ts', "import { Sequencer } from '../sequencer/sequencer.js';"],
    ['server/witness/witness.ts', "import { CairnLog } from '../cairn-log.js';"],
    ['server/witness/witness.ts', "import { PROBLEMS } from '../http/problems.js';"],
    ['server/cli/serve.ts', "import { loadLogState } from '../state/log-state.js';"],
    ['server/cli/serve.ts', "import express from 'express';"],
    ['server/cairn-log.ts', "import { PgLogStore } from './store/postgres/pg-log-store.js';"],
    ['server/cairn-log.ts', "import { hashLeaf } from '../merkle/hash.js';"],
    ['server/erasure/erasure-state.ts', "import { extractIndexFields } from '../../proofs/audit-event.js';"],
    ['server/cli/export.ts', "import { BUNDLE_FILES } from '../../client/bundle/bundle-format.js';"],
    ['server/cairn-log.ts', "import { x } from '../../elsewhere.js';"],
  ];
  for (const [file, source] of bad) {
    test(`flags ${source} in ${file}`, () => {
      const found = importsOf(source).map((s) => serverViolation(file, s));
      expect(found.length).toBe(1);
      expect(found[0]).toBeDefined();
    });
  }

  const good: Array<[string, string]> = [
    ['server/state/log-state.ts', "import { StoreError, type LogStore } from '../store/store.js';"],
    ['server/state/log-state.ts', "import { hashLeaf } from '../../merkle/index.js';"],
    ['server/sequencer/round.ts', "import { nextEdgeTiles } from '../state/index.js';"],
    ['server/sequencer/round.ts', "import { sha256 } from '../fast-hash.js';"],
    ['server/read/log-reader.ts', "import { readNodeHashes } from '../state/index.js';"],
    ['server/http/problems.ts', "import { SequencerError } from '../sequencer/errors.js';"],
    ['server/http/routes/write.ts', "import type { AppendInput } from '../../sequencer/types.js';"],
    ['server/http/routes/entries.ts', "import { StoreError } from '../../store/store.js';"],
    ['server/store/open-store.ts', "import { openLevelStore } from './level/open-level-store.js';"],
    ['server/store/level/kv-log-store.ts', "import type { LogStore } from '../store.js';"],
    ['server/store/postgres/pg-writes.ts', "import { encodePayloadChunk } from '../level/records.js';"],
    ['server/witness/witness-http.ts', "import { PROBLEM_CONTENT_TYPE } from '../http/index.js';"],
    ['server/cairn-log.ts', "import { Sequencer } from './sequencer/sequencer.js';"],
    ['server/cli/fsck.ts', "import { openStore } from '../store/open-store.js';"],
    ['server/cli/export.ts', "import { BUNDLE_FILES } from '../../client/bundle/index.js';"],
  ];
  for (const [file, source] of good) {
    test(`allows ${source} in ${file}`, () => {
      expect(importsOf(source).map((s) => serverViolation(file, s))).toEqual([undefined]);
    });
  }
});
