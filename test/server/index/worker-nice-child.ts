/**
 * The child process of worker-nice.test.ts, run from the sources (`node --import
 * ./chaos/register.js`): opens a WorkerIndexStore on `<dir>` at nice `<nice>`, then prints one
 * JSON line: this process's id, its main thread's nice value and every thread's (from
 * /proc/self/task/<tid>/stat, Linux), and exits.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { WorkerIndexStore } from '../../../server/index/index.js';

const [dir, nice] = process.argv.slice(2);
if (dir === undefined || nice === undefined) throw new Error('usage: worker-nice-child.ts <dir> <nice>');

/** Field 19 of proc(5)'s stat: the thread's nice value. */
function niceOf(tid: string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

const store = await WorkerIndexStore.open(dir, { nice: Number(nice) });
// The worker lowers itself before it answers the open: every thread exists by now.
const threads = readdirSync('/proc/self/task').map((tid) => ({ tid: Number(tid), nice: niceOf(tid) }));
await store.close();
process.stdout.write(`${JSON.stringify({ pid: process.pid, main: niceOf(String(process.pid)), threads })}\n`);
