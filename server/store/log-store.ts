/**
 * Moved: the key-layout store is ./level/kv-log-store.ts, opened by ./open-store.ts. These names
 * stay importable from here for callers not yet moved (tests, benchmarks).
 */
export { KvLogStore } from './level/kv-log-store.js';
export { openLevelStore } from './level/open-level-store.js';
export { toStoreError } from './level/level-errors.js';
export { PAYLOAD_CHUNK_BYTES, PAYLOAD_CHUNK_ENTRIES, chunkIsFull, payloadChunks } from './level/payload-chunks.js';
