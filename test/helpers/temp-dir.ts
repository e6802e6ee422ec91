/** Fresh temporary folders for tests, removed by `cleanup()`. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempDirs {
  private readonly dirs: string[] = [];

  /** A new empty folder under the system temp dir. */
  async make(prefix = 'cairn-test-'): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** Removes every folder made so far. */
  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}
