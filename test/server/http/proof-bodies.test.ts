/**
 * The proof routes' JSON bodies (server/http/routes/proofs.ts) are built as text, not through
 * JSON.stringify: they must be exactly the text JSON.stringify gives of InclusionProofJson and
 * ConsistencyProofJson (the wire types), member order included, for any number of hashes.
 */
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { ConsistencyProofJson, InclusionProofJson } from '../../../client/index.js';
import { encodeBase64 } from '../../../proofs/index.js';
import { consistencyBody, inclusionBody } from '../../../server/http/routes/proofs.js';

const hashes = (n: number): Uint8Array[] => Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));

describe('proof bodies', () => {
  it('are the JSON text of the wire types, whatever the number of hashes', () => {
    for (const n of [0, 1, 2, 20, 63]) {
      const path = hashes(n);
      const [leafHash] = hashes(1);
      const inclusion: InclusionProofJson = {
        index: 9007199254740990,
        treeSize: 9007199254740991,
        leafHash: encodeBase64(leafHash!),
        hashes: path.map(encodeBase64),
      };
      expect(inclusionBody('json', inclusion.index, inclusion.treeSize, leafHash!, path)).toBe(JSON.stringify(inclusion));
      const consistency: ConsistencyProofJson = { from: n, to: 1000 + n, hashes: path.map(encodeBase64) };
      expect(consistencyBody('json', consistency.from, consistency.to, path)).toBe(JSON.stringify(consistency));
    }
  });

  it('encode hashes that are views into larger buffers by their own bytes', () => {
    const backing = new Uint8Array(randomBytes(32 * 5));
    const views = [1, 3, 0].map((k) => backing.subarray(32 * k, 32 * k + 32));
    expect(consistencyBody('json', 1, 2, views)).toBe(JSON.stringify({ from: 1, to: 2, hashes: views.map(encodeBase64) }));
  });
});
