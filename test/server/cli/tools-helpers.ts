/**
 * Shared by the monitor, audit and fsck tests: run `cairn` in-process with captured output, copy
 * a reference log into a temp folder (never modify test/vectors), write a small tlog-tiles log of
 * chosen entries with a chosen key (for cases no real log can produce), flip a byte of a file.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BundleWriter, TileWriter, formatTilePath, hashLeaf } from '../../../merkle/index.js';
import { createSigner, signCheckpoint, type SignerKey } from '../../../proofs/index.js';
import type { CommandIo } from '../../../server/cli/command.js';
import { runCli } from '../../../server/cli/main.js';
import { VECTORS_DIR } from '../../helpers/vectors.js';
import { CompactRange } from '../../../merkle/index.js';

/** What a command printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CommandIo that records everything, and lets a test await output. */
export class CapturedIo implements CommandIo {
  out = '';
  err = '';
  readonly env: Record<string, string | undefined>;
  readonly isTty = false;
  readonly #waiters = new Set<() => void>();

  constructor(env: Record<string, string | undefined> = {}) {
    this.env = env;
  }

  stdout = (text: string): void => {
    this.out += text;
    this.#waiters.forEach((w) => w());
  };

  stderr = (text: string): void => {
    this.err += text;
    this.#waiters.forEach((w) => w());
  };

  stdin = async (): Promise<Uint8Array> => new Uint8Array(0);

  /** The complete stdout lines so far. */
  lines(): string[] {
    return this.out.split('\n').slice(0, -1);
  }

  /** Resolves with the first complete stdout line (seen or future) that matches. */
  waitForLine(match: (line: string) => boolean): Promise<string> {
    return new Promise((resolve) => {
      const check = () => {
        const line = this.lines().find(match);
        if (line === undefined) return;
        this.#waiters.delete(check);
        resolve(line);
      };
      this.#waiters.add(check);
      check();
    });
  }
}

/** Runs `cairn <args>` in-process. */
export async function cairn(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const io = new CapturedIo(env);
  const code = await runCli(args, io);
  return { code, stdout: io.out, stderr: io.err };
}

/** The folder of a reference log under test/vectors/. */
export function referenceLogDir(size: number): string {
  return join(VECTORS_DIR, 'reference-logs', `log-${size}`);
}

/** The reference logs' verifier key file. */
export const REFERENCE_VKEY_FILE = join(VECTORS_DIR, 'reference-logs', 'vkey');

/** Copies reference log `size` into `dir` (a fresh temp folder) and returns `dir`. */
export async function copyReferenceLog(size: number, dir: string): Promise<string> {
  await cp(referenceLogDir(size), dir, { recursive: true });
  return dir;
}

/** XORs byte `offset` of `file` with `mask` (default 0x01). */
export async function flipByte(file: string, offset: number, mask = 0x01): Promise<void> {
  const bytes = await readFile(file);
  if (offset >= bytes.length) throw new Error(`${file} has only ${bytes.length} bytes`);
  bytes[offset] = bytes[offset]! ^ mask;
  await writeFile(file, bytes);
}

/**
 * Writes a C2SP tlog-tiles log of `entries` into `dir`: every tile and bundle (full, and the
 * partial ones of each size in `checkpointSizes`, appended in that order) and the checkpoint of
 * the last size, signed with `key`. Returns the checkpoint notes by size.
 */
export async function writeStaticLog(
  dir: string,
  entries: readonly Uint8Array[],
  key: SignerKey,
  checkpointSizes = [entries.length],
): Promise<Map<number, string>> {
  const tiles = TileWriter.empty();
  const bundles = BundleWriter.empty();
  const range = CompactRange.empty();
  const notes = new Map<number, string>();
  let size = 0;
  const write = async (path: string, bytes: Uint8Array) => {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  };
  for (const target of checkpointSizes) {
    const batch = entries.slice(size, target);
    const hashes = batch.map((e) => hashLeaf(e));
    range.appendMany(hashes);
    for (const t of tiles.append(hashes)) await write(formatTilePath({ kind: 'hash', level: t.level, index: t.index, width: t.width }), t.hashes);
    for (const b of bundles.append(batch)) await write(formatTilePath({ kind: 'entries', index: b.index, width: b.width }), b.bytes);
    size = target;
    notes.set(size, signCheckpoint({ origin: key.name, treeSize: size, rootHash: range.root() }, createSigner(key)));
  }
  await writeFile(join(dir, 'checkpoint'), notes.get(size)!);
  return notes;
}
