/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and ranks functions by self time, so a
 * benchmark can say what limits a figure. Pure: no I/O besides reading the file.
 */
import { readFileSync } from 'node:fs';

/**
 * Short name of a call frame: `function (file:line)`, with the path relative to the repository
 * or to node_modules so the table stays readable.
 * @param {{functionName: string, url: string, lineNumber: number}} frame
 */
function frameName(frame) {
  const fn = frame.functionName || '(anonymous)';
  if (!frame.url) return fn;
  let url = frame.url.replace(/^file:\/\//, '');
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) url = url.slice(nm + 'node_modules/'.length);
  else {
    const dist = url.lastIndexOf('/dist/');
    if (dist >= 0) url = url.slice(dist + 1);
  }
  return `${fn} (${url}:${frame.lineNumber + 1})`;
}

/**
 * Where a frame's code lives, for the coarse split: our code by folder, a dependency by package,
 * node's own library, V8's pseudo-frames (GC, idle, program).
 * @param {{functionName: string, url: string}} frame
 */
function frameArea(frame) {
  const url = frame.url;
  if (!url) {
    if (frame.functionName === '(garbage collector)') return 'GC';
    if (frame.functionName === '(idle)') return 'idle';
    if (frame.functionName === '(program)') return 'V8/native (program)';
    return `native: ${frame.functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return parts[0] === 'internal' && parts.length > 2 ? `node:internal/${parts[1]}` : `node:${parts[0]}`;
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm ${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + 6).split('/');
    return parts.length > 2 ? `cairn ${parts[0]}/${parts[1]}` : `cairn ${parts[0]}`;
  }
  return 'other';
}

/**
 * Summarises a profile: total sampled time, the top functions by self time and the split by area.
 * @param {string} path a `.cpuprofile` file
 * @param {number} top how many functions to list
 * @param {{startUs: number, endUs: number}} [window] only samples taken in this window, in µs of
 *   the monotonic clock (V8's profile timestamps and `process.hrtime` share it on Linux), to
 *   leave start-up and shutdown out
 * @returns {{totalMs: number, busyMs: number, functions: {name: string, selfMs: number, share: number}[], areas: {area: string, selfMs: number, share: number}[]}}
 */
export function summariseCpuProfile(path, top = 15, window = undefined) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before sample i; attributing it to sample i is what DevTools does.
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.startUs || at > window.endUs)) continue;
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fn = new Map();
  const area = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const a = frameArea(node.callFrame);
    if (a === 'idle') idle += us;
    area.set(a, (area.get(a) ?? 0) + us);
    if (a === 'idle') continue;
    const name = frameName(node.callFrame);
    fn.set(name, (fn.get(name) ?? 0) + us);
  }
  const busy = total - idle;
  const rank = (m, key) =>
    [...m.entries()].sort((x, y) => y[1] - x[1]).map(([k, us]) => ({ [key]: k, selfMs: Math.round(us / 1000), share: busy > 0 ? us / busy : 0 }));
  return {
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    functions: rank(fn, 'name').slice(0, top),
    areas: rank(area, 'area')
      .filter((a) => a.area !== 'idle')
      .slice(0, top),
  };
}
