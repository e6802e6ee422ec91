// Entry bundles: encoding, strict parsing, and BundleWriter's append, restore and clone.
// Byte equality with the Go-made reference logs is in reference-logs.test.ts.
import { describe, expect, test } from '@jest/globals';
import { BundleWriter, MAX_ENTRY_SIZE, encodeEntryBundle, parseEntryBundle, utf8 } from '../../merkle/index.js';
import { referenceLeaf } from '../helpers/vectors.js';
import { expectMerkleError } from '../helpers/expect-error.js';
import { hex, hexes } from './hex.js';

const entries = Array.from({ length: 600 }, (_, i) => referenceLeaf(i));

describe('encodeEntryBundle and parseEntryBundle', () => {
  test('each entry is a big-endian uint16 length then its bytes', () => {
    expect(Array.from(encodeEntryBundle([utf8('ab'), new Uint8Array(0), new Uint8Array(300)]).subarray(0, 8))).toEqual([0, 2, 0x61, 0x62, 0, 0, 1, 44]);
  });

  test('round trip of 256 entries', () => {
    const bytes = encodeEntryBundle(entries.slice(0, 256));
    expect(hexes(parseEntryBundle(bytes, 256))).toEqual(hexes(entries.slice(0, 256)));
  });

  test('an empty entry and an entry of MAX_ENTRY_SIZE bytes', () => {
    const big = new Uint8Array(MAX_ENTRY_SIZE).fill(7);
    const parsed = parseEntryBundle(encodeEntryBundle([new Uint8Array(0), big]));
    expect(parsed.map((e) => e.length)).toEqual([0, MAX_ENTRY_SIZE]);
    expect(hex(parsed[1]!)).toBe(hex(big));
  });

  test('parsed entries are views of the input, not copies', () => {
    const bytes = encodeEntryBundle([utf8('abc')]);
    expect(parseEntryBundle(bytes)[0]!.buffer).toBe(bytes.buffer);
  });

  test('encode refuses an entry of 65536 bytes', () => {
    expectMerkleError(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)]), 'INVALID_ARGUMENT', /entries\[0\] is 65536 bytes/);
  });

  test('encode refuses no entries', () => {
    expectMerkleError(() => encodeEntryBundle([]), 'INVALID_ARGUMENT', /1 to 256/);
  });

  test('encode refuses 257 entries', () => {
    expectMerkleError(() => encodeEntryBundle(entries.slice(0, 257)), 'INVALID_ARGUMENT', /1 to 256/);
  });

  test('encode refuses an entry that is a string', () => {
    expectMerkleError(() => encodeEntryBundle(['leaf-0' as unknown as Uint8Array]), 'INVALID_ARGUMENT', /entries\[0\]/);
  });

  test('parse refuses an empty bundle', () => {
    expectMerkleError(() => parseEntryBundle(new Uint8Array(0)), 'INVALID_ARGUMENT', /empty/);
  });

  test('parse refuses a truncated length prefix', () => {
    const bytes = encodeEntryBundle([utf8('abc')]);
    expectMerkleError(() => parseEntryBundle(concat(bytes, new Uint8Array([0]))), 'INVALID_ARGUMENT', /partial length prefix/);
  });

  test('parse refuses a truncated entry', () => {
    const bytes = encodeEntryBundle([utf8('abc')]);
    expectMerkleError(() => parseEntryBundle(bytes.subarray(0, 4)), 'INVALID_ARGUMENT', /needs 3 bytes, 2 remain/);
  });

  test('parse refuses trailing bytes after 256 entries', () => {
    const bytes = concat(encodeEntryBundle(entries.slice(0, 256)), encodeEntryBundle([utf8('x')]));
    expectMerkleError(() => parseEntryBundle(bytes), 'INVALID_ARGUMENT', /after its 256th entry/);
  });

  test('parse refuses a bundle with fewer entries than expected', () => {
    expectMerkleError(() => parseEntryBundle(encodeEntryBundle(entries.slice(0, 3)), 4), 'INVALID_ARGUMENT', /has 3 entries, expected 4/);
  });

  test('parse refuses a bundle with more entries than expected', () => {
    expectMerkleError(() => parseEntryBundle(encodeEntryBundle(entries.slice(0, 5)), 4), 'INVALID_ARGUMENT', /has 5 entries, expected 4/);
  });

  test('parse refuses an expected width of 0', () => {
    expectMerkleError(() => parseEntryBundle(encodeEntryBundle(entries.slice(0, 1)), 0), 'INVALID_ARGUMENT', /expectedWidth/);
  });

  test('parse refuses an expected width of 257', () => {
    expectMerkleError(() => parseEntryBundle(encodeEntryBundle(entries.slice(0, 1)), 257), 'INVALID_ARGUMENT', /expectedWidth/);
  });

  test('parse refuses something that is not bytes', () => {
    expectMerkleError(() => parseEntryBundle([0, 1, 97] as unknown as Uint8Array), 'INVALID_ARGUMENT', /Uint8Array/);
  });
});

describe('BundleWriter', () => {
  test('an empty writer has size 0; appending nothing changes nothing', () => {
    const writer = BundleWriter.empty();
    expect(writer.treeSize).toBe(0);
    expect(writer.append([])).toEqual([]);
  });

  test('appends report the partial bundle with its whole contents', () => {
    const writer = BundleWriter.empty();
    writer.append(entries.slice(0, 2));
    const changed = writer.append(entries.slice(2, 5));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ index: 0, width: 5 });
    expect(hex(changed[0]!.bytes)).toBe(hex(encodeEntryBundle(entries.slice(0, 5))));
    expect(writer.treeSize).toBe(5);
  });

  test('crossing 256 reports the full bundle and the new partial one', () => {
    const writer = BundleWriter.empty();
    writer.append(entries.slice(0, 250));
    const changed = writer.append(entries.slice(250, 520));
    expect(changed.map(({ index, width }) => ({ index, width }))).toEqual([
      { index: 0, width: 256 },
      { index: 1, width: 256 },
      { index: 2, width: 8 },
    ]);
    expect(hex(changed[1]!.bytes)).toBe(hex(encodeEntryBundle(entries.slice(256, 512))));
  });

  test('ending exactly on a boundary reports no empty partial bundle', () => {
    const writer = BundleWriter.empty();
    const changed = writer.append(entries.slice(0, 256));
    expect(changed.map(({ index, width }) => ({ index, width }))).toEqual([{ index: 0, width: 256 }]);
  });

  test('grows past its first buffer with large entries', () => {
    const writer = BundleWriter.empty();
    const big = Array.from({ length: 3 }, (_, i) => new Uint8Array(MAX_ENTRY_SIZE).fill(i));
    writer.append([big[0]!]);
    const [bundle] = writer.append(big.slice(1));
    expect(hex(bundle!.bytes)).toBe(hex(encodeEntryBundle(big)));
  });

  test('restore from the partial bundle continues exactly like the original', () => {
    const original = BundleWriter.empty();
    const changed = original.append(entries.slice(0, 300));
    const restored = BundleWriter.restore(300, changed[changed.length - 1]!.bytes);
    expect(restored.treeSize).toBe(300);
    expect(restored.append(entries.slice(300, 600)).map((b) => hex(b.bytes))).toEqual(original.append(entries.slice(300, 600)).map((b) => hex(b.bytes)));
  });

  test('restore at a multiple of 256 needs no partial bundle', () => {
    const writer = BundleWriter.restore(512);
    expect(writer.append([entries[512]!])).toEqual([{ index: 2, width: 1, bytes: encodeEntryBundle([entries[512]!]) }]);
  });

  test('clone is independent of the original', () => {
    const a = BundleWriter.empty();
    a.append(entries.slice(0, 3));
    const b = a.clone();
    b.append([entries[9]!]);
    const [fromA] = a.append([entries[3]!]);
    expect(hex(fromA!.bytes)).toBe(hex(encodeEntryBundle(entries.slice(0, 4))));
  });

  test('append refuses an entry of 65536 bytes, naming it, and changes nothing', () => {
    const writer = BundleWriter.empty();
    expectMerkleError(() => writer.append([entries[0]!, new Uint8Array(MAX_ENTRY_SIZE + 1)]), 'INVALID_ARGUMENT', /entries\[1\]/);
    expect(writer.treeSize).toBe(0);
    expect(hex(writer.append([entries[0]!])[0]!.bytes)).toBe(hex(encodeEntryBundle([entries[0]!])));
  });

  test('restore refuses a partial bundle when the size is a multiple of 256', () => {
    expectMerkleError(() => BundleWriter.restore(256, encodeEntryBundle([entries[0]!])), 'INVALID_ARGUMENT', /no partial entry bundle/);
  });

  test('restore refuses a missing partial bundle', () => {
    expectMerkleError(() => BundleWriter.restore(300), 'INVALID_ARGUMENT', /needs its partial entry bundle \(width 44\)/);
  });

  test('restore refuses a partial bundle of the wrong width', () => {
    expectMerkleError(() => BundleWriter.restore(300, encodeEntryBundle(entries.slice(256, 299))), 'INVALID_ARGUMENT', /has 43 entries, expected 44/);
  });

  test('restore refuses a truncated partial bundle', () => {
    const bytes = encodeEntryBundle(entries.slice(256, 300));
    expectMerkleError(() => BundleWriter.restore(300, bytes.subarray(0, bytes.length - 1)), 'INVALID_ARGUMENT', /truncated/);
  });

  test('restore refuses a negative size', () => {
    expectMerkleError(() => BundleWriter.restore(-256), 'INVALID_ARGUMENT', /treeSize/);
  });
});

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
