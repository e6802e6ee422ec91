/** Facts about processes, folders and the machine, read from /proc and the file system. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * Resident and peak resident memory of a process, in bytes (VmRSS and VmHWM of
 * /proc/<pid>/status), and VmRSS split into anonymous memory (RssAnon: the heap, buffers,
 * caches: what the process itself holds) and file-backed pages (RssFile: LevelDB maps its table
 * files with mmap, so the pages of those files that were read count in VmRSS; they are page
 * cache, which the kernel reclaims under pressure, and grow with the part of the store read).
 * @param {number} pid
 */
export function processMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : NaN;
  };
  return { rss: kb('VmRSS'), peakRss: kb('VmHWM'), rssAnon: kb('RssAnon'), rssFile: kb('RssFile') };
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds (/proc/<pid>/stat).
 * @param {number} pid
 */
export function processCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/**
 * Bytes a folder takes on disk (allocated blocks, like `du -s`), and the sum of file sizes.
 * @param {string} dir
 * @returns {{allocated: number, apparent: number, files: number}}
 */
export function folderBytes(dir) {
  let allocated = 0;
  let apparent = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    // A live LevelDB deletes files as it compacts: one listed a moment ago may be gone.
    const s = statSync(p, { throwIfNoEntry: false });
    if (s === undefined) continue;
    if (s.isDirectory()) {
      const sub = folderBytes(p);
      allocated += sub.allocated;
      apparent += sub.apparent;
      files += sub.files;
    } else {
      allocated += s.blocks * 512;
      apparent += s.size;
      files += 1;
    }
  }
  return { allocated, apparent, files };
}

/** What the machine is: CPU model and count, memory, node version, OS (lscpu when present). */
export function machineFacts() {
  let lscpu;
  try {
    lscpu = execFileSync('lscpu', { encoding: 'utf8' });
  } catch {
    lscpu = undefined;
  }
  const field = (name) => (lscpu ? new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(lscpu)?.[1]?.trim() : undefined);
  return {
    cpuModel: field('Model name') ?? cpus()[0]?.model,
    cpus: cpus().length,
    threadsPerCore: field('Thread\\(s\\) per core'),
    hypervisor: field('Hypervisor vendor'),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${readFirstLine('/proc/sys/kernel/osrelease') ?? ''}`.trim(),
  };
}

function readFirstLine(path) {
  try {
    return readFileSync(path, 'utf8').split('\n')[0];
  } catch {
    return undefined;
  }
}

/** The checkout's commit and whether the tree has changes (undefined outside git). */
export function gitState(cwd) {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: undefined, dirty: undefined };
  }
}
