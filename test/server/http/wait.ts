/**
 * Waiting for a condition without sleeping a fixed time: the condition is checked once per turn
 * of the event loop, so the test goes on as soon as it holds.
 */

/** Resolves once `condition()` is true; rejects after `timeoutMs` (a broken test, not a slow one). */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
