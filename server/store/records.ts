/** Moved to ./level/records.ts; re-exported for callers not yet moved (benchmarks). */
export * from './level/records.js';
