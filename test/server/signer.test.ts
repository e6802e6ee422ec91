import { describe, expect, test } from '@jest/globals';
import { utf8 } from '../../merkle/index.js';
import { createSigner, generateSignerKey, parseSignerKey } from '../../proofs/index.js';
import { createNodeSigner } from '../../server/signer.js';
import { readFileSync } from 'node:fs';
import { VECTORS_DIR } from '../helpers/vectors.js';
import { join } from 'node:path';

describe('node:crypto note signer', () => {
  test('signs byte-identically to the noble signer (random keys and messages)', () => {
    for (let i = 0; i < 20; i++) {
      const key = generateSignerKey(`example.com/log${i}`);
      const message = utf8(`message ${i}\n`.repeat(i + 1));
      const node = createNodeSigner(key);
      expect(node.keyId).toBe(key.keyId);
      expect(node.sign(message)).toEqual(createSigner(key).sign(message));
    }
  });

  test('signs byte-identically with the Go-made reference key', () => {
    const key = parseSignerKey(readFileSync(join(VECTORS_DIR, 'reference-logs', 'skey'), 'utf8'));
    const message = utf8('example.com/cairn-reference\n1\nabc=\n');
    expect(createNodeSigner(key).sign(message)).toEqual(createSigner(key).sign(message));
  });
});
