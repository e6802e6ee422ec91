/**
 * The memory driver (server/store/memory/) against the driver conformance suite. Its faults are
 * MemoryKv's own; a "crash" drops the handle unclosed and opens the same contents again; a
 * second handle on the same contents plays a second writer.
 */
import { KvLogStore } from '../../../server/store/level/kv-log-store.js';
import { MemoryKv } from '../../../server/store/memory/memory-kv.js';
import { openMemoryStore } from '../../../server/store/memory/memory-store.js';
import type { LogStore } from '../../../server/store/store.js';
import { describeStoreConformance, type ConformanceInstance } from './conformance.js';

describeStoreConformance({
  name: 'memory',
  async create() {
    const kv = new MemoryKv();
    const handles: LogStore[] = [];
    const fresh = (): LogStore => {
      kv.reopen();
      const { store } = openMemoryStore(kv);
      handles.push(store);
      return store;
    };
    const instance: ConformanceInstance = {
      store: fresh(),
      async reopen() {
        await instance.store.close().catch(() => undefined);
        instance.store = fresh();
        return instance.store;
      },
      async crashAfter(before) {
        await before(instance.store);
        // The old handle is dropped without close, as a killed process leaves it.
        instance.store = fresh();
        return instance.store;
      },
      failNextWrite: () => kv.failNextBatches({ kind: 'fail-before-write' }),
      failNextSync: () => kv.failNextBatches({ kind: 'fail-after-write' }),
      openSecondHandle: async () => {
        const second = new KvLogStore(kv, 'memory (second handle)');
        handles.push(second);
        return second;
      },
      async dispose() {
        await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
      },
    };
    return instance;
  },
});
