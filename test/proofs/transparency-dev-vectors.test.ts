// The named proof cases of github.com/transparency-dev/merkle (testdata/): every `wantErr: true`
// case is rejected with a VerificationError and every other case is accepted, one named test
// per case file.
import { describe, expect, test } from '@jest/globals';
import { verifyConsistency } from '../../proofs/consistency.js';
import { verifyInclusion } from '../../proofs/inclusion.js';
import { loadTdConsistencyCases, loadTdInclusionCases, type TdConsistencyCase } from '../helpers/vectors.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const inclusion = loadTdInclusionCases();
const consistency = loadTdConsistencyCases();

const consistencyAccepted = consistency.filter((c) => !c.wantErr);
const consistencyRejected = consistency.filter((c) => c.wantErr);
const inclusionAccepted = inclusion.filter((c) => !c.wantErr);
const inclusionRejected = inclusion.filter((c) => c.wantErr);

const verifyCons = (c: TdConsistencyCase) => verifyConsistency(c.size1, c.size2, c.root1, c.root2, c.proof);

describe('transparency-dev inclusion cases', () => {
  test('all 98 case files are here, including additional/ and single-entry/', () => {
    expect(inclusion).toHaveLength(98);
    expect(inclusion.filter((c) => c.name.startsWith('additional/'))).toHaveLength(12);
    expect(inclusion.filter((c) => c.name.startsWith('single-entry/'))).toHaveLength(4);
    expect(inclusionAccepted).toHaveLength(6);
  });

  test.each(inclusionAccepted)('accepted: $name ($desc)', (c) => {
    expect(verifyInclusion(c.leafHash, c.leafIdx, c.treeSize, c.proof, c.root)).toBe(c.root);
  });

  test.each(inclusionRejected)('rejected: $name ($desc)', (c) => {
    expectVerificationError(() => verifyInclusion(c.leafHash, c.leafIdx, c.treeSize, c.proof, c.root));
  });
});

describe('transparency-dev consistency cases', () => {
  test('all 98 case files are here, including additional/', () => {
    expect(consistency).toHaveLength(98);
    expect(consistency.filter((c) => c.name.startsWith('additional/'))).toHaveLength(14);
    expect(consistencyAccepted).toHaveLength(6);
  });

  test.each(consistencyAccepted)('accepted: $name ($desc)', (c) => {
    expect(verifyCons(c)).toBe(c.root2);
  });

  test.each(consistencyRejected)('rejected: $name ($desc)', (c) => {
    expectVerificationError(() => verifyCons(c));
  });

  // Equal non-empty sizes compare the roots as opaque bytes (as Go does); every other case
  // still needs 32-byte roots, so the same 12-byte roots fail for size 0 or different sizes.
  test('12-byte roots pass only as equal roots of equal non-empty sizes', () => {
    const c = consistency.find((x) => x.name === 'additional/sizes-are-equal-one-and-proof-is-empty.json')!;
    expect(c.root1).toHaveLength(12);
    expect(verifyCons(c)).toBe(c.root2);
    expectVerificationError(() => verifyConsistency(0, 0, c.root1, c.root2, []));
    expectVerificationError(() => verifyConsistency(1, 2, c.root1, c.root2, [new Uint8Array(32)]), 'INVALID_ARGUMENT');
  });
});
