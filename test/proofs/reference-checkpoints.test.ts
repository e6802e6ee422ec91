// The signed checkpoints of the reference logs (made by Go's x/mod sumdb/note and tlog, see
// test/vectors/README.md) verify here, and the same key signs them byte for byte.
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseCheckpoint, signCheckpoint, verifyCheckpoint } from '../../proofs/checkpoint.js';
import { createSigner, parseSignerKey, parseVerifierKey, verifierKeyOf } from '../../proofs/note-keys.js';
import { openNote, parseNote } from '../../proofs/note.js';
import { VECTORS_DIR } from '../helpers/vectors.js';

const LOGS = path.join(VECTORS_DIR, 'reference-logs');

function read(...parts: string[]): string {
  const file = path.join(LOGS, ...parts);
  // A missing vector folder must fail the run, never skip it.
  if (!existsSync(file)) throw new Error(`test vector ${file} is missing (expected under test/vectors/, see its README.md)`);
  return readFileSync(file, 'utf8');
}

const logDirs = existsSync(LOGS)
  ? readdirSync(LOGS)
      .filter((d) => d.startsWith('log-'))
      .sort()
  : [];

describe('reference logs', () => {
  test('the vectors are present (log-0, log-1, log-300, log-70000)', () => {
    expect(logDirs).toEqual(['log-0', 'log-1', 'log-300', 'log-70000']);
  });

  test('skey parses to the key id and public key of vkey', () => {
    const vkey = parseVerifierKey(read('vkey').trim());
    const skey = parseSignerKey(read('skey'));
    expect(skey.name).toBe('example.com/cairn-reference');
    expect(skey.name).toBe(vkey.name);
    expect(skey.keyId).toBe(vkey.keyId);
    expect(skey.keyId).toBe(0xba5fb6ee);
    expect(skey.publicKey).toEqual(vkey.publicKey);
    expect(verifierKeyOf(skey)).toBe(vkey.text);
  });

  for (const dir of ['log-0', 'log-1', 'log-300', 'log-70000']) {
    const size = Number(dir.slice(4));

    test(`${dir}/checkpoint verifies with vkey`, () => {
      const checkpoint = verifyCheckpoint(read(dir, 'checkpoint'), read('vkey').trim());
      expect(checkpoint.origin).toBe('example.com/cairn-reference');
      expect(checkpoint.treeSize).toBe(size);
      expect(checkpoint.rootHash).toHaveLength(32);
      expect(checkpoint.extensions).toBeUndefined();
    });

    test(`${dir}/checkpoint verifies from its raw bytes`, () => {
      const bytes = new Uint8Array(readFileSync(path.join(LOGS, dir, 'checkpoint')));
      expect(verifyCheckpoint(bytes, read('vkey').trim()).treeSize).toBe(size);
    });

    test(`${dir}: signing the checkpoint body with skey gives the same note byte for byte`, () => {
      const note = read(dir, 'checkpoint');
      const checkpoint = parseCheckpoint(parseNote(note).text);
      const signer = createSigner(parseSignerKey(read('skey')));
      expect(signCheckpoint(checkpoint, signer)).toBe(note);
    });

    test(`${dir}: the Go signature verifies through openNote with the noble verifier`, () => {
      const opened = openNote(read(dir, 'checkpoint'), [parseVerifierKey(read('vkey').trim()).verifier]);
      expect(opened.verified).toHaveLength(1);
      expect(opened.verified[0]!.signature).toHaveLength(64);
      expect(opened.unverified).toEqual([]);
    });
  }

  test('the empty tree checkpoint has the SHA-256 of the empty string as root', () => {
    const checkpoint = verifyCheckpoint(read('log-0', 'checkpoint'), read('vkey').trim());
    expect(Buffer.from(checkpoint.rootHash).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
