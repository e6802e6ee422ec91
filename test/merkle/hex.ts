/**
 * Hex views of hashes for assertions: jest's deep equality walks typed arrays element by
 * element, which is slow in loops over thousands of hashes; strings compare fast and print
 * readably.
 */
import { Buffer } from 'node:buffer';

/** Lower-case hex of one byte string. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Hex of each byte string. */
export function hexes(list: readonly Uint8Array[]): string[] {
  return list.map(hex);
}
