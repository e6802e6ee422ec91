/** Moved to ./level/keys.ts (the LevelDB key layout); re-exported for callers not yet moved (tests, benchmarks). */
export * from './level/keys.js';
