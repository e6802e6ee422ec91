/** Moved to ./memory/memory-kv.ts; re-exported for callers not yet moved (tests). */
export { MemoryKv, type KvFault } from './memory/memory-kv.js';
