/**
 * The per-log secret that authenticates search cursors (cursor.ts): 32 random bytes in
 * `<data>/cursor-secret`, created on first use with mode 0600 and never rewritten. Losing it
 * only invalidates the cursors in flight (clients search again); it protects no log data.
 *
 * With a postgres:// store each process keeps its own file in its own data folder (documented in
 * docs/events.md): a cursor is then valid only on the process that issued it.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IndexError } from './errors.js';
import { MIN_CURSOR_KEY_BYTES } from './cursor.js';

/** Where the secret lives in a data folder. */
export function cursorSecretPath(dataDir: string): string {
  return join(dataDir, 'cursor-secret');
}

/**
 * Reads the secret of `dataDir`, creating it (exclusive create, mode 0600, fsynced) when absent.
 * Two processes racing to create it both end with the same bytes (the loser reads the winner's).
 * Throws IndexError INDEX_CORRUPT when the file exists with fewer than 32 bytes.
 */
export async function loadCursorSecret(dataDir: string): Promise<Uint8Array> {
  const path = cursorSecretPath(dataDir);
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      const secret = randomBytes(MIN_CURSOR_KEY_BYTES);
      await handle.writeFile(secret);
      await handle.sync();
      return new Uint8Array(secret);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const bytes = await readFile(path);
  if (bytes.length < MIN_CURSOR_KEY_BYTES) {
    throw new IndexError(
      'INDEX_CORRUPT',
      `${path} holds ${bytes.length} bytes, not ${MIN_CURSOR_KEY_BYTES}: delete it (open search cursors become invalid) and restart`,
    );
  }
  return new Uint8Array(bytes);
}
