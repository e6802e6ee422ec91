/**
 * The memory driver: the LevelDB key layout (../level/kv-log-store.ts) over a sorted in-memory
 * map with fault injection (memory-kv.ts). For tests: sequencer and fault tests, and the
 * conformance suite. Nothing survives the process.
 */
import { KvLogStore } from '../level/kv-log-store.js';
import { MemoryKv } from './memory-kv.js';

/** A memory store and the map under it (to inject faults, or to reopen the same contents). */
export function openMemoryStore(kv: MemoryKv = new MemoryKv()): { store: KvLogStore; kv: MemoryKv } {
  return { store: new KvLogStore(kv, 'memory'), kv };
}
