/** Moved to ./level/kv.ts; re-exported for callers not yet moved (tests). */
export type { KeyValue, KvBatchOptions, KvPut, KvRange } from './level/kv.js';
