/**
 * Whole-or-nothing file replacement, for state that must survive a crash (the monitor's last
 * verified checkpoint): write a temporary file in the same folder, fsync it, rename it over the
 * target (atomic on POSIX file systems), then fsync the folder so the rename itself is durable.
 * A crash at any point leaves either the old file or the new one, never a mix or nothing.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Replaces `file` with `data` atomically and durably (see the file comment), with mode `mode`
 * for a new file (default 0644). Throws the file system's error (with its path) on failure;
 * the temporary file is removed then.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const path = resolve(file);
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(path));
}

/** Reads a small text file, or undefined when it does not exist. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** fsync of a folder, so a rename in it is durable. Some platforms refuse it; nothing to do then. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw err;
  } finally {
    await handle?.close();
  }
}
