/**
 * One write at a time per KeyValue, across every handle on it, and what the writes left behind
 * (kv-log-store.ts uses it so the head's compare and swap are one step, and a healthy round reads
 * nothing back).
 */
import type { StoredCheckpoint } from '../store.js';
import type { KeyValue } from './kv.js';

/**
 * What every handle on one KeyValue shares: one write at a time (so the compare and the swap
 * are one step), and what this process knows of the contents. Only this process writes to the
 * KeyValue (LevelDB's folder lock), so what its own writes left is known without reading it
 * back; a failed write makes it unknown again.
 */
export interface KvState {
  lock: Promise<unknown>;
  /** The stored head, once read or written under the lock. */
  head?: { value: StoredCheckpoint | undefined };
  /** The largest first index of a stored payload chunk (-1: none), once read or written under the lock. */
  lastChunk?: number;
}

const states = new WeakMap<KeyValue, KvState>();

function stateOf(kv: KeyValue): KvState {
  let state = states.get(kv);
  if (state === undefined) states.set(kv, (state = { lock: Promise.resolve() }));
  return state;
}

/** Runs `f` alone among the writes to `kv`; a failure forgets what was known of the contents. */
export function underLock<T>(kv: KeyValue, f: (state: KvState) => Promise<T>): Promise<T> {
  const state = stateOf(kv);
  const run = async () => {
    try {
      return await f(state);
    } catch (err) {
      delete state.head;
      delete state.lastChunk;
      throw err;
    }
  };
  const result = state.lock.then(run, run);
  state.lock = result.catch(() => undefined);
  return result;
}

/** Forgets what is known of `kv`'s contents (a new handle: the contents may have changed while none was open). */
export function forgetContents(kv: KeyValue): void {
  const state = states.get(kv);
  if (state === undefined) return;
  delete state.head;
  delete state.lastChunk;
}
