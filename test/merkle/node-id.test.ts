// Tree-size arithmetic on numbers beyond 32 bits, and node id validation.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { bitLength, checkNodeId, checkSize, isPowerOfTwo, nodeEnd, nodeStart, rangeNodeIds, trailingZeros } from '../../merkle/index.js';
import { expectMerkleError } from '../helpers/expect-error.js';

const MAX = Number.MAX_SAFE_INTEGER;

describe('bit arithmetic without 32-bit operators', () => {
  test('bitLength matches BigInt for small and large numbers', () => {
    const samples = [0, 1, 2, 3, 255, 256, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52, MAX];
    for (const n of samples) expect(bitLength(n)).toBe(n === 0 ? 0 : BigInt(n).toString(2).length);
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX }), (n) => bitLength(n) === (n === 0 ? 0 : BigInt(n).toString(2).length)));
  });

  test('trailingZeros matches BigInt', () => {
    for (const n of [1, 2, 12, 2 ** 31, 2 ** 32, 2 ** 40 * 3, 2 ** 52]) {
      const bits = BigInt(n).toString(2);
      expect(trailingZeros(n)).toBe(bits.length - 1 - bits.lastIndexOf('1'));
    }
  });

  test('trailingZeros refuses 0 instead of looping forever', () => {
    expectMerkleError(() => trailingZeros(0), 'INVALID_ARGUMENT');
  });

  test('isPowerOfTwo', () => {
    expect([0, 1, 2, 3, 4, 6, 2 ** 40, 2 ** 40 + 1, MAX].map(isPowerOfTwo)).toEqual([false, true, true, false, true, false, true, false, false]);
  });
});

describe('rangeNodeIds', () => {
  test('[0, 13) is 8 + 4 + 1, largest first', () => {
    expect(rangeNodeIds(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  test('[0, 0) is empty', () => {
    expect(rangeNodeIds(0, 0)).toEqual([]);
  });

  test('[3, 13) rises then falls: 1, 4, 4, 1', () => {
    expect(rangeNodeIds(3, 13)).toEqual([
      { level: 0, index: 3 },
      { level: 2, index: 1 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  test('the nodes tile the range exactly, each aligned, for random ranges up to 2^53-1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: MAX }), (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        let position = start;
        for (const id of rangeNodeIds(start, end)) {
          if (nodeStart(id) !== position) return false;
          position = nodeEnd(id);
        }
        return position === end;
      }),
    );
  });
});

describe('checkSize', () => {
  test('accepts 0 and 2^53-1', () => {
    checkSize(0, 'n');
    checkSize(MAX, 'n');
  });

  test('refuses a negative number', () => {
    expectMerkleError(() => checkSize(-1, 'treeSize'), 'INVALID_ARGUMENT', /treeSize/);
  });

  test('refuses 2^53', () => {
    expectMerkleError(() => checkSize(2 ** 53, 'treeSize'), 'INVALID_ARGUMENT');
  });

  test('refuses a fraction', () => {
    expectMerkleError(() => checkSize(1.5, 'treeSize'), 'INVALID_ARGUMENT');
  });

  test('refuses NaN', () => {
    expectMerkleError(() => checkSize(Number.NaN, 'treeSize'), 'INVALID_ARGUMENT');
  });

  test('refuses a bigint', () => {
    expectMerkleError(() => checkSize(5n, 'treeSize'), 'INVALID_ARGUMENT');
  });
});

describe('checkNodeId', () => {
  test('accepts the largest node of a 2^53-1 tree', () => {
    checkNodeId({ level: 52, index: 0 });
    checkNodeId({ level: 0, index: MAX - 1 });
  });

  test('refuses a level above 52', () => {
    expectMerkleError(() => checkNodeId({ level: 53, index: 0 }), 'INVALID_ARGUMENT', /level/);
  });

  test('refuses a negative index', () => {
    expectMerkleError(() => checkNodeId({ level: 0, index: -1 }), 'INVALID_ARGUMENT', /index/);
  });

  test('refuses a node that ends beyond 2^53-1', () => {
    expectMerkleError(() => checkNodeId({ level: 52, index: 1 }), 'INVALID_ARGUMENT', /beyond/);
  });

  test('refuses null', () => {
    expectMerkleError(() => checkNodeId(null), 'INVALID_ARGUMENT');
  });
});
