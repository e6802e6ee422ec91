/**
 * The public faces: proofs/index.ts re-exports every public name of every proofs/ file (values
 * and types), client/index.ts offers the SPEC §8 verification API, and the tlog-tiles client
 * (client/tiles/) is reached through it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ts from 'typescript';
import * as client from '../../client/index.js';
import * as merkle from '../../merkle/index.js';
import * as proofs from '../../proofs/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Every name a TypeScript source exports (declarations, `export { }` lists and re-exports). */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  for (const node of source.statements) {
    if (ts.isExportDeclaration(node)) {
      if (node.exportClause === undefined) throw new Error(`${file}: \`export *\` hides the list of public names; name them`);
      if (ts.isNamedExports(node.exportClause)) for (const e of node.exportClause.elements) names.push(e.name.text);
      continue;
    }
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ts.isEnumDeclaration(node)) &&
      node.name !== undefined
    ) {
      names.push(node.name.text);
    }
  }
  return names;
}

const proofFiles = readdirSync(path.join(ROOT, 'proofs'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .sort();

describe('proofs/index.ts re-exports every public name of proofs/', () => {
  const indexNames = new Set(exportedNames(path.join(ROOT, 'proofs', 'index.ts')));

  test('there are files to check', () => {
    expect(proofFiles).toEqual(expect.arrayContaining(['receipt.ts', 'tlog-proof.ts', 'log-entry.ts', 'checkpoint.ts']));
  });

  for (const file of proofFiles) {
    test(`proofs/${file}: every exported name is in the index`, async () => {
      const names = exportedNames(path.join(ROOT, 'proofs', file));
      expect(names.filter((n) => !indexNames.has(n))).toEqual([]);
      // The values are the very same objects.
      const mod = (await import(`../../proofs/${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) expect((proofs as Record<string, unknown>)[name]).toBe(value);
    });
  }

  test('the name extractor sees values, types and export lists', () => {
    const names = exportedNames(path.join(ROOT, 'proofs', 'receipt.ts'));
    expect(names).toEqual(expect.arrayContaining(['verifyReceipt', 'ReceiptJson', 'MAX_PAYLOAD_SIZE']));
    expect(names).not.toContain('checkShape');
  });
});

describe('client/index.ts: the SPEC §8 verification API', () => {
  test('the verify functions, leafHash and parseVerifierKey are functions', () => {
    for (const name of ['verifyCheckpoint', 'verifyInclusion', 'verifyConsistency', 'verifyReceipt', 'leafHash', 'parseVerifierKey'] as const) {
      expect(typeof client[name]).toBe('function');
    }
  });

  test('leafHash is the RFC 6962 leaf hash', () => {
    expect(client.leafHash).toBe(merkle.hashLeaf);
  });

  test('VerificationError is the one class proofs/ throws', () => {
    expect(client.VerificationError).toBe(proofs.VerificationError);
    expect(client.verifyReceipt).toBe(proofs.verifyReceipt);
  });

  test('the helpers are there', () => {
    for (const name of ['formatTimestamp', 'parseTimestamp', 'decodeLogEntry', 'encodeBase64', 'decodeBase64'] as const) {
      expect(typeof client[name]).toBe('function');
    }
  });

  test('the witness API (tlog-cosignature, tlog-policy) is there and is proofs/ own', () => {
    for (const name of [
      'parseWitnessPolicy',
      'checkWitnessPolicy',
      'quorumSatisfied',
      'policyAllowsLog',
      'parseCosignatureVerifierKey',
      'verifyCosignatures',
      'cosignatureKeyId',
      'cosignatureMessage',
    ] as const) {
      expect(client[name]).toBe(proofs[name]);
    }
    // Cosigning is a witness's job, not an app's.
    expect(Object.keys(client)).not.toContain('createCosigner');
  });

  test('it exports no server-side builder', () => {
    expect(Object.keys(client)).not.toContain('buildReceipt');
    expect(Object.keys(client)).not.toContain('signCheckpoint');
  });
});

describe('client/index.ts: the tlog-tiles client (client/tiles/)', () => {
  test('the client, its error, the proofs from tiles and the checks are exported', () => {
    for (const name of [
      'TileClient',
      'TileError',
      'TileAuthenticator',
      'hashTilePath',
      'nodeHashesFromTiles',
      'rootFromTiles',
      'consistencyProofFromTiles',
      'verifyConsistencyFromTiles',
      'auditLog',
      'EntryChecker',
      'checkLog',
      'verifyCheckpointNote',
      'MonitorAlert',
      'mapOrdered',
    ] as const) {
      expect(typeof client[name]).toBe('function');
    }
  });

  test('every exported name of client/tiles/ except the semaphore is in the index', () => {
    const indexNames = new Set(exportedNames(path.join(ROOT, 'client', 'index.ts')));
    const tileFiles = readdirSync(path.join(ROOT, 'client', 'tiles')).filter((f) => f.endsWith('.ts'));
    const missing = tileFiles.flatMap((f) => exportedNames(path.join(ROOT, 'client', 'tiles', f)).filter((n) => !indexNames.has(n)));
    // Semaphore is an implementation detail of TileClient's concurrency bound.
    expect(missing).toEqual(['Semaphore']);
  });

  test('the node-from-tile helper is merkle/ itself', () => {
    expect(typeof merkle.nodeHashFromTile).toBe('function');
  });
});
