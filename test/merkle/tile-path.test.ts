// C2SP tlog-tiles paths: canonical formatting, round trips, and one named test per malformed
// form the strict parser refuses.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { formatTilePath, parseTilePath, type TilePath } from '../../merkle/index.js';
import { expectMerkleError } from '../helpers/expect-error.js';

describe('formatTilePath', () => {
  test('index 1234067 at level 0, partial width 5 (spec example)', () => {
    expect(formatTilePath({ kind: 'hash', level: 0, index: 1234067, width: 5 })).toBe('tile/0/x001/x234/067.p/5');
  });

  test('a full entry bundle 0', () => {
    expect(formatTilePath({ kind: 'entries', index: 0, width: 256 })).toBe('tile/entries/000');
  });

  test('index 1000 needs two groups', () => {
    expect(formatTilePath({ kind: 'hash', level: 2, index: 1000, width: 256 })).toBe('tile/2/x001/000');
  });

  test('the largest index and level', () => {
    expect(formatTilePath({ kind: 'hash', level: 63, index: Number.MAX_SAFE_INTEGER, width: 255 })).toBe('tile/63/x009/x007/x199/x254/x740/991.p/255');
  });

  test('refuses width 0', () => {
    expectMerkleError(() => formatTilePath({ kind: 'hash', level: 0, index: 0, width: 0 }), 'INVALID_ARGUMENT', /width/);
  });

  test('refuses width 257', () => {
    expectMerkleError(() => formatTilePath({ kind: 'entries', index: 0, width: 257 }), 'INVALID_ARGUMENT', /width/);
  });

  test('refuses level 64', () => {
    expectMerkleError(() => formatTilePath({ kind: 'hash', level: 64, index: 0, width: 1 }), 'INVALID_ARGUMENT', /level/);
  });

  test('refuses a negative index', () => {
    expectMerkleError(() => formatTilePath({ kind: 'hash', level: 0, index: -1, width: 1 }), 'INVALID_ARGUMENT', /index/);
  });

  test('refuses an index of 2^53', () => {
    expectMerkleError(() => formatTilePath({ kind: 'entries', index: 2 ** 53, width: 1 }), 'INVALID_ARGUMENT', /index/);
  });

  test('refuses an unknown kind', () => {
    expectMerkleError(() => formatTilePath({ kind: 'data', index: 0, width: 1 } as unknown as TilePath), 'INVALID_ARGUMENT', /kind/);
  });
});

describe('parseTilePath accepts', () => {
  test('the spec example', () => {
    expect(parseTilePath('tile/0/x001/x234/067.p/5')).toEqual({ kind: 'hash', level: 0, index: 1234067, width: 5 });
  });

  test('a full tile at level 63', () => {
    expect(parseTilePath('tile/63/000')).toEqual({ kind: 'hash', level: 63, index: 0, width: 256 });
  });

  test('an entry bundle with a partial width of 255', () => {
    expect(parseTilePath('tile/entries/x001/000.p/255')).toEqual({ kind: 'entries', index: 1000, width: 255 });
  });

  test('index 2^53-1', () => {
    expect(parseTilePath('tile/1/x009/x007/x199/x254/x740/991')).toEqual({ kind: 'hash', level: 1, index: Number.MAX_SAFE_INTEGER, width: 256 });
  });

  test('round trips for random tiles and bundles', () => {
    const tile = fc.oneof(
      fc.record({
        kind: fc.constant('hash' as const),
        level: fc.integer({ min: 0, max: 63 }),
        index: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        width: fc.integer({ min: 1, max: 256 }),
      }),
      fc.record({
        kind: fc.constant('entries' as const),
        index: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        width: fc.integer({ min: 1, max: 256 }),
      }),
    );
    fc.assert(
      fc.property(tile, (t) => {
        const path = formatTilePath(t);
        expect(parseTilePath(path)).toEqual(t);
        expect(formatTilePath(parseTilePath(path))).toBe(path);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseTilePath refuses', () => {
  const refuses = (path: string, message: RegExp): void => {
    expectMerkleError(() => parseTilePath(path), 'MALFORMED_TILE_PATH', message);
  };

  test('the empty string', () => {
    refuses('', /empty/);
  });
  test('a leading slash', () => {
    refuses('/tile/0/000', /start with "tile\/"/);
  });
  test('a trailing slash', () => {
    refuses('tile/0/000/', /empty segment/);
  });
  test('a doubled slash', () => {
    refuses('tile/0//000', /empty segment/);
  });
  test('a missing index', () => {
    refuses('tile/0', /needs a level/);
  });
  test('another prefix', () => {
    refuses('tiles/0/000', /start with "tile\/"/);
  });
  test('a level with a leading zero', () => {
    refuses('tile/00/000', /leading zero/);
  });
  test('level 064 (leading zero)', () => {
    refuses('tile/064/000', /leading zero/);
  });
  test('level 64', () => {
    refuses('tile/64/000', /above 63/);
  });
  test('level 100', () => {
    refuses('tile/100/000', /above 63/);
  });
  test('a negative level', () => {
    refuses('tile/-1/000', /level/);
  });
  test('a level with a plus sign', () => {
    refuses('tile/+1/000', /level/);
  });
  test('an upper-case ENTRIES', () => {
    refuses('tile/ENTRIES/000', /level/);
  });
  test('an index group of 2 digits', () => {
    refuses('tile/0/05', /exactly 3 digits/);
  });
  test('an index group of 4 digits (leading zero)', () => {
    refuses('tile/0/0005', /exactly 3 digits/);
  });
  test('an unpadded index', () => {
    refuses('tile/0/5', /exactly 3 digits/);
  });
  test('a missing x on a non-final group', () => {
    refuses('tile/0/001/234', /but the last starts with "x"/);
  });
  test('an x on the last group', () => {
    refuses('tile/0/x001', /must not start with "x"/);
  });
  test('an x on the last group after others', () => {
    refuses('tile/0/x001/x234', /must not start with "x"/);
  });
  test('an upper-case X', () => {
    refuses('tile/0/X001/234', /"X001" must be exactly 3 digits/);
  });
  test('a leading all-zero group', () => {
    refuses('tile/0/x000/005', /leading all-zero group/);
  });
  test('an index above 2^53-1', () => {
    refuses('tile/0/x009/x007/x199/x254/x740/992', /larger than 2\^53-1/);
  });
  test('seven index groups', () => {
    refuses('tile/0/x001/x000/x000/x000/x000/x000/000', /groups/);
  });
  test('width .p/0', () => {
    refuses('tile/0/000.p/0', /at least 1/);
  });
  test('width .p/256', () => {
    refuses('tile/0/000.p/256', /must be below 256/);
  });
  test('width .p/07 (leading zero)', () => {
    refuses('tile/0/000.p/07', /leading zero/);
  });
  test('width .p/1000', () => {
    refuses('tile/0/000.p/1000', /must be below 256/);
  });
  test('a .p without width', () => {
    refuses('tile/0/000.p', /followed by/);
  });
  test('a .p with an empty width', () => {
    refuses('tile/0/000.p/', /empty segment/);
  });
  test('a width that is not a number', () => {
    refuses('tile/0/000.p/five', /decimal number/);
  });
  test('a width with a plus sign', () => {
    refuses('tile/0/000.p/+5', /decimal number/);
  });
  test('a width in hexadecimal', () => {
    refuses('tile/0/000.p/0x5', /must be a decimal number/);
  });
  test('an upper-case .P', () => {
    refuses('tile/0/000.P/5', /exactly 3 digits/);
  });
  test('a segment after the width', () => {
    refuses('tile/0/000.p/5/6', /unexpected segment "6"/);
  });
  test('a segment after a full index', () => {
    refuses('tile/0/000/extra', /unexpected segment/);
  });
  test('a .p on a non-final group', () => {
    refuses('tile/0/x001.p/5', /"x001.p" must be exactly 3 digits/);
  });
  test('a dot-dot segment', () => {
    refuses('tile/0/../000', /".." must be exactly 3 digits/);
  });
  test('a dot-dot level', () => {
    refuses('tile/../000', /level/);
  });
  test('a dot segment', () => {
    refuses('tile/0/./000', /"." must be exactly 3 digits/);
  });
  test('a space', () => {
    refuses('tile/0/ 000', /exactly 3 digits/);
  });
  test('a trailing newline', () => {
    refuses('tile/0/000\n', /exactly 3 digits/);
  });
  test('a percent escape', () => {
    refuses('tile/0/%30%30%30', /exactly 3 digits/);
  });
  test('a percent-escaped slash', () => {
    refuses('tile/0/x001%2F000', /must not start with "x"/);
  });
  test('a backslash', () => {
    refuses('tile\\0\\000', /start with "tile\/"/);
  });
  test('non-ASCII digits', () => {
    refuses('tile/0/\u0660\u0660\u0660', /exactly 3 digits/);
  });
  test('a query string', () => {
    refuses('tile/0/000?x=1', /exactly 3 digits/);
  });
  test('an over-long path', () => {
    refuses(`tile/0/${'x001/'.repeat(20)}000`, /longer than/);
  });

  test('a non-string', () => {
    expectMerkleError(() => parseTilePath(5 as unknown as string), 'MALFORMED_TILE_PATH', /string/);
  });
});
