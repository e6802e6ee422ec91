/** KeyedMutex: one holder per key in arrival order, keys independent, a throw releases the lock. */
import { expect, test } from '@jest/globals';
import { KeyedMutex } from '../../server/witness/index.js';

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

test('runs holders of one key one at a time, in arrival order', async () => {
  const mutex = new KeyedMutex();
  const events: string[] = [];
  const first = gate();
  const a = mutex.run('k', async () => {
    events.push('a start');
    await first.promise;
    events.push('a end');
  });
  const b = mutex.run('k', async () => void events.push('b'));
  const c = mutex.run('k', async () => void events.push('c'));
  await new Promise((r) => setImmediate(r));
  expect(events).toEqual(['a start']);
  first.open();
  await Promise.all([a, b, c]);
  expect(events).toEqual(['a start', 'a end', 'b', 'c']);
  expect(mutex.size).toBe(0);
});

test('different keys do not wait for each other', async () => {
  const mutex = new KeyedMutex();
  const held = gate();
  const a = mutex.run('x', () => held.promise);
  await expect(mutex.run('y', async () => 42)).resolves.toBe(42);
  held.open();
  await a;
});

test('a holder that throws releases the key for the next one', async () => {
  const mutex = new KeyedMutex();
  const failing = mutex.run('k', async () => {
    throw new Error('boom');
  });
  const next = mutex.run('k', async () => 'ran');
  await expect(failing).rejects.toThrow('boom');
  await expect(next).resolves.toBe('ran');
  expect(mutex.size).toBe(0);
});
