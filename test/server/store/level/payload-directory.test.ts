/**
 * PayloadChunkDirectory: which known chunk holds an entry (chunks of any size up to
 * MAX_PAYLOAD_CHUNK_ENTRIES, across group boundaries), updates, and the bound on what it remembers.
 */
import { expect, test } from '@jest/globals';
import { PayloadChunkDirectory, chunkCount } from '../../../../server/store/level/payload-directory.js';
import { encodePayloadChunk } from '../../../../server/store/level/records.js';

test('chunkOf finds the known chunk holding an index, across group boundaries, and nothing elsewhere', () => {
  const d = new PayloadChunkDirectory();
  d.learn(0, 100);
  d.learn(100, 256); // spans the group boundary at 256
  d.learn(356, 1);
  d.learn(600, 10);
  expect(d.chunkOf(0)).toBe(0);
  expect(d.chunkOf(99)).toBe(0);
  expect(d.chunkOf(100)).toBe(100);
  expect(d.chunkOf(255)).toBe(100);
  expect(d.chunkOf(256)).toBe(100);
  expect(d.chunkOf(355)).toBe(100);
  expect(d.chunkOf(356)).toBe(356);
  expect(d.chunkOf(357)).toBeUndefined();
  expect(d.chunkOf(599)).toBeUndefined();
  expect(d.chunkOf(609)).toBe(600);
  expect(d.chunkOf(610)).toBeUndefined();
  d.learn(600, 20); // learnt again with another count: updated, not duplicated
  expect(d.chunkOf(615)).toBe(600);
  expect(d.size).toBe(4);
  d.learn(700, 0); // an empty chunk holds nothing
  expect(d.size).toBe(4);
});

test('it remembers at most its capacity, forgetting the oldest-learnt group first', () => {
  const d = new PayloadChunkDirectory(4);
  for (let g = 0; g < 6; g++) d.learn(g * 256, 256);
  expect(d.size).toBeLessThanOrEqual(4);
  expect(d.chunkOf(5 * 256)).toBe(5 * 256);
  expect(d.chunkOf(0)).toBeUndefined();
  expect(d.chunkOf(256)).toBeUndefined();
});

test('chunkCount reads the record count of an encoded chunk', () => {
  const records = Array.from({ length: 7 }, (_, i) => ({ nonce: new Uint8Array(32), payload: new Uint8Array(i) }));
  expect(chunkCount(encodePayloadChunk(records))).toBe(7);
  expect(chunkCount(new Uint8Array(2))).toBe(0);
});
