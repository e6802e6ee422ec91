/**
 * Signer key files (Go's note format, SPEC §2): read strictly, written whole-or-nothing with
 * mode 0600. Used by `cairn keygen` and by `cairn serve` on the first start of a folder.
 */
import { CodedError } from '../merkle/index.js';
import { randomBytes } from 'node:crypto';
import { chmod, link, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseSignerKey, type SignerKey } from '../proofs/index.js';

/** File mode of signer key files: readable and writable by the owner only. */
export const KEY_FILE_MODE = 0o600;

/**
 * Writes `key` to `file` (Go's note format and a newline) with mode 0600. The file appears
 * whole or not at all: the key is written and synced under a temporary name in the same folder,
 * then linked into place (which fails if `file` exists) or, with `force`, renamed over it.
 * Throws an Error whose message says what to do when the file exists or cannot be written.
 */
export async function writeSignerKeyFile(file: string, key: SignerKey, options: { force?: boolean } = {}): Promise<void> {
  const path = resolve(file);
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  let handle;
  try {
    handle = await open(temp, 'wx', KEY_FILE_MODE);
  } catch (err) {
    throw new Error(`cannot create a file in ${dirname(path)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    // The umask may only clear bits, but be explicit: this file is a secret.
    await handle.chmod(KEY_FILE_MODE);
    await handle.writeFile(`${key.text}\n`);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (options.force === true) {
      await rename(temp, path);
    } else {
      try {
        await link(temp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new Error(
            `${path} already exists; refusing to overwrite a signer key (a log whose key is lost can never sign again). Choose another --out, or pass --force to replace it.`,
            { cause: err },
          );
        }
        throw new Error(`cannot write ${path}: ${(err as Error).message}`, { cause: err });
      }
      await unlink(temp);
    }
    await chmod(path, KEY_FILE_MODE);
    await syncDirectory(dirname(path));
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Makes the new directory entry durable; some platforms cannot fsync a directory. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } catch {
    // Not supported here (e.g. Windows): the file itself is synced already.
  } finally {
    await handle.close();
  }
}

/** Why a key file could not be used; the message says which file and what is wrong. */
export class KeyFileError extends CodedError<'KEY_FILE_UNUSABLE'> {
  override readonly name = 'KeyFileError';
  /** Requires a message that says what is wrong and what to do; the code is always KEY_FILE_UNUSABLE. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('KEY_FILE_UNUSABLE', message, options);
  }
}

/**
 * Reads and parses a signer key file. Returns undefined when the file does not exist; throws
 * KeyFileError when it cannot be read or is not a valid note signer key.
 */
export async function readSignerKeyFile(path: string): Promise<SignerKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyFileError(`cannot read the signer key file ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return parseSignerKey(text);
  } catch (err) {
    throw new KeyFileError(`the signer key file ${path} is not a valid note signer key (PRIVATE+KEY+<name>+<id>+<key>): ${(err as Error).message}`, {
      cause: err,
    });
  }
}
