/**
 * Search cursors on their own: a sealed position opens with the same key and query; every kind
 * of tampering is INVALID_CURSOR with one message; expiry and query binding have their codes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { MAX_CURSOR_LENGTH, openCursor, sealCursor, type CursorPosition } from '../../../server/index/index.js';

const key = randomBytes(32);
const position: CursorPosition = { query: 'q-digest', start: 10, end: 500, next: 123 };
const NOW = 1_800_000_000_000;
const sealed = sealCursor(position, key, NOW + 1000);
const [body, tag] = sealed.split('.') as [string, string];

function invalid(text: string): void {
  expect(() => openCursor(text, key, 'q-digest', NOW)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
}

describe('cursors', () => {
  test('a sealed position opens with the same key and query', () => {
    expect(openCursor(sealed, key, 'q-digest', NOW)).toEqual(position);
  });

  test('an empty cursor is INVALID_CURSOR', () => invalid(''));
  test('a cursor without its tag is INVALID_CURSOR', () => invalid(body));
  test('a cursor with a third part is INVALID_CURSOR', () => invalid(`${sealed}.AAAA`));
  test('a truncated tag is INVALID_CURSOR', () => invalid(`${body}.${tag.slice(0, -2)}`));
  test('a tag of another body is INVALID_CURSOR', () => invalid(`${sealCursor({ ...position, next: 124 }, key, NOW + 1000).split('.')[0]}.${tag}`));
  test('characters outside base64url are INVALID_CURSOR', () => invalid(`${body}+.${tag}`));
  test('a cursor longer than the limit is INVALID_CURSOR', () => invalid('A'.repeat(MAX_CURSOR_LENGTH + 1)));
  test('a validly tagged body that is not a position is INVALID_CURSOR', () => {
    // Sealed by someone holding the key but malformed inside: refused all the same.
    const forgedBody = Buffer.from('{"q":"q-digest","s":-1,"e":2,"n":1,"x":9e15}');
    const mac = createHmac('sha256', key).update('cairn-cursor-v1\n').update(forgedBody).digest();
    invalid(`${forgedBody.toString('base64url')}.${mac.toString('base64url')}`);
  });

  test('a cursor at its expiry is CURSOR_EXPIRED', () => {
    expect(() => openCursor(sealed, key, 'q-digest', NOW + 1000)).toThrow(expect.objectContaining({ code: 'CURSOR_EXPIRED' }));
  });

  test('a cursor of another query is CURSOR_MISMATCH', () => {
    expect(() => openCursor(sealed, key, 'other', NOW)).toThrow(expect.objectContaining({ code: 'CURSOR_MISMATCH' }));
  });

  test('a key shorter than 32 bytes is refused', () => {
    expect(() => sealCursor(position, randomBytes(16), NOW)).toThrow(RangeError);
  });
});
