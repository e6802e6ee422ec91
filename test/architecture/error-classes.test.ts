/**
 * One error base class (issue 10 part 8): every exported error class of merkle/, proofs/,
 * client/, server/ and chaos/ extends CodedError (merkle/coded-error.ts), directly or through
 * another of ours, so callers tell failures apart by `code`. Found with the TypeScript parser:
 * a class whose `extends` clause names a built-in error (Error, TypeError, RangeError). A class
 * that is not exported (a private control-flow sentinel) is not part of any API and may stay.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ts from 'typescript';
import { CodedError, MerkleError } from '../../merkle/index.js';
import { VerificationError } from '../../proofs/index.js';
import { TileError } from '../../client/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FOLDERS = ['merkle', 'proofs', 'client', 'server', 'chaos'];
const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'RangeError']);

/**
 * Exported classes allowed to extend a built-in error, and why: CodedError itself, and
 * CairnHttpError, whose `code` is the server's problem code and is absent when a proxy answered.
 */
const ALLOWED = new Set(['merkle/coded-error.ts:CodedError', 'client/errors.ts:CairnHttpError']);

/** `file:Class` for every exported class of `source` that extends a built-in error. */
function builtInErrorClasses(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const node of sf.statements) {
    if (!ts.isClassDeclaration(node) || node.name === undefined) continue;
    const exported = ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true;
    const base = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (exported && base !== undefined && ts.isIdentifier(base) && BUILT_IN_ERRORS.has(base.text)) found.push(`${file}:${node.name.text}`);
  }
  return found;
}

function sourceFiles(folder: string): string[] {
  return (readdirSync(path.join(ROOT, folder), { recursive: true }) as string[])
    .map((p) => path.posix.join(folder, p.split(path.sep).join('/')))
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))
    .sort();
}

describe('every exported error class extends CodedError', () => {
  const offenders = FOLDERS.flatMap((folder) => sourceFiles(folder).flatMap((file) => builtInErrorClasses(file, readFileSync(path.join(ROOT, file), 'utf8'))));

  test('no exported class extends Error directly, except the named ones', () => {
    expect(offenders.filter((c) => !ALLOWED.has(c))).toEqual([]);
  });

  test('the allowed ones are still there (a stale exception would hide nothing)', () => {
    expect(offenders).toEqual(expect.arrayContaining([...ALLOWED]));
  });

  test('the finder sees an exported class extending Error, and skips private and indirect ones', () => {
    const source = 'export class A extends Error {}\nclass B extends Error {}\nexport class C extends A {}\nexport class D extends TypeError {}';
    expect(builtInErrorClasses('x.ts', source)).toEqual(['x.ts:A', 'x.ts:D']);
  });
});

describe('CodedError', () => {
  test('a subclass keeps its name, code, message and cause, and is an instance of both classes', () => {
    const cause = new Error('underneath');
    const err = new MerkleError('INVALID_ARGUMENT', 'size must be a safe integer', { cause });
    expect(err).toBeInstanceOf(MerkleError);
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('MerkleError');
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe('size must be a safe integer');
    expect(err.cause).toBe(cause);
    expect(String(err)).toBe('MerkleError: size must be a safe integer');
  });

  test('without a cause there is no cause property', () => {
    const err = new VerificationError('MALFORMED_CHECKPOINT', 'no trailing newline');
    expect('cause' in err).toBe(false);
  });

  test('the areas are told apart by class, not only by code', () => {
    const tile = new TileError('NOT_FOUND', 'tile/0/000 is gone', { where: 'tile/0/000' });
    expect(tile).toBeInstanceOf(CodedError);
    expect(tile).not.toBeInstanceOf(VerificationError);
    expect(tile.where).toBe('tile/0/000');
  });
});
