/**
 * The import rules inside server/ (ARCHITECTURE.md "Import rules"), as one pure function over a
 * file path and one of its import specifiers, so the rules are checked on the real tree and on
 * hand-written bad and good lines alike (imports.test.ts).
 *
 * An area is an inner folder of server/ (`http`, `state`, ...), a store driver (`store/level`,
 * `store/memory`, `store/postgres`), the store contract (`store`: the files directly in
 * server/store/), or `top` for the files directly in server/ (the composition root: cairn-log.ts,
 * provision.ts, runtime.ts, and the small shared modules config.ts, errors.ts, logger.ts, ...).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The public faces of the browser-safe folders (client/bundle/ is `cairn/client/bundle`, the evidence bundle API). */
const BROWSER_FACES = ['merkle/index.js', 'proofs/index.js', 'client/index.js', 'client/bundle/index.js'];

/** The store drivers: only the store contract's openStore and (see DRIVER_SHARING) one another reach them. */
const DRIVERS = ['store/level', 'store/memory', 'store/postgres'];

/**
 * What a driver may take from another driver. The memory driver IS the LevelDB key layout over a
 * Map (a KeyValue for fault injection), and the PostgreSQL driver stores payload chunks in the
 * same record format. Follow-up: move records.ts and payload-chunks.ts up into server/store/ as
 * shared codecs, then drop the postgres row.
 */
const DRIVER_SHARING: Record<string, string[]> = {
  'store/memory': ['server/store/level/kv.js', 'server/store/level/kv-log-store.js'],
  'store/postgres': ['server/store/level/records.js', 'server/store/level/payload-chunks.js'],
};

/** The store contract: what everything above the drivers may import from server/store/. */
const STORE_CONTRACT = ['server/store/store.js', 'server/store/store-error.js', 'server/store/open-store.js', 'server/store/layout-fsck.js'];

/**
 * The sequencer's vocabulary (types, errors, the clock, the publisher seam). Its machinery
 * (sequencer.ts, round.ts, idempotency.ts, recovery.ts) is wired only by the log facade.
 */
const SEQUENCER_VOCABULARY = ['server/sequencer/types.js', 'server/sequencer/errors.js', 'server/sequencer/clock.js', 'server/sequencer/publisher.js'];
const SEQUENCER_WIRING = ['server/cairn-log.ts'];

/**
 * Areas with a closed list: every server/ target they import must match one of these (a folder
 * `server/x/`, or an exact file). The core of the log: state is shared by both sides and knows
 * only the store contract; the write side (sequencer) and the read side never import each other.
 */
const ONLY: Record<string, string[]> = {
  state: ['server/store/store.js', 'server/store/store-error.js', 'server/fast-hash.js'],
  sequencer: ['server/state/', 'server/store/store.js', 'server/store/store-error.js', 'server/fast-hash.js'],
  read: ['server/state/', 'server/store/store.js', 'server/store/store-error.js', 'server/errors.js'],
  store: ['server/store/level/', 'server/store/postgres/'],
  'store/level': ['server/store/store.js', 'server/store/store-error.js', 'server/store/layout-fsck.js'],
  'store/memory': ['server/store/store.js', 'server/store/store-error.js'],
  'store/postgres': ['server/store/store.js', 'server/store/store-error.js', 'server/store/layout-fsck.js'],
};

/** Areas with a list of what they never import (the rest of server/ is open to them). */
const NEVER: Record<string, Array<[string, string]>> = {
  http: [
    ['server/read/', 'routes read through the ServedLog facade (http/served-log.ts), not the reader'],
    ['server/state/', 'routes read through the ServedLog facade (http/served-log.ts), not the shared state'],
  ],
  clock: [
    ['server/http/', 'the clock is below the HTTP layer'],
    ['server/read/', 'the clock knows the log only as an appender (sequencer/types.ts)'],
    ['server/state/', 'the clock knows the log only as an appender (sequencer/types.ts)'],
    ['server/store/', 'the clock knows the log only as an appender (sequencer/types.ts)'],
  ],
  index: [
    ['server/http/', 'the index is below the HTTP layer'],
    ['server/sequencer/', 'the index reads committed entries through its EntrySource'],
    ['server/read/', 'the index reads committed entries through its EntrySource'],
    ['server/state/', 'the index reads committed entries through its EntrySource'],
    ['server/store/', 'the index keeps its own store (level-index-store.ts)'],
  ],
  witness: [
    ['server/cairn-log.js', 'the witness server holds no log'],
    ['server/sequencer/', 'the witness server holds no log'],
    ['server/read/', 'the witness server holds no log'],
    ['server/state/', 'the witness server holds no log'],
    ['server/store/', 'the witness server keeps its own state (witness-state.ts)'],
  ],
};

/** Packages that only one corner of server/ may import, and where. */
const PACKAGE_HOMES: Record<string, (area: string) => boolean> = {
  express: (area) => area === 'http',
  pg: (area) => area === 'store/postgres',
  // The log's own data goes through the store contract; side stores (index, witness) own a LevelDB.
  level: (area) => !['state', 'sequencer', 'read', 'http', 'store', 'store/memory', 'store/postgres', 'top'].includes(area),
};

/** The area of a path under server/ (a source `.ts` or an import target `.js`). */
export function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 2) return 'top';
  if (parts[1] === 'store' && parts.length > 3) return `store/${parts[2]}`;
  return parts[1]!;
}

function hasIndex(area: string): boolean {
  return area !== 'top' && existsSync(path.join(ROOT, 'server', area, 'index.ts'));
}

function matches(target: string, entry: string): boolean {
  return entry.endsWith('/') ? target.startsWith(entry) : target === entry;
}

/**
 * Why `specifier`, imported by `file` (a path under server/ from the repo root), breaks the server's
 * import rules, or undefined when it is allowed.
 */
export function serverViolation(file: string, specifier: string): string | undefined {
  const area = areaOf(file);
  if (!specifier.startsWith('.')) {
    const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
    const home = PACKAGE_HOMES[pkg];
    return home === undefined || home(area) ? undefined : `the package ${pkg} (not in server/${area === 'top' ? '' : `${area}/`}; see ARCHITECTURE.md)`;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  if (target.startsWith('..')) return 'a file outside the repository';
  const top = target.split('/')[0]!;
  if (top === 'merkle' || top === 'proofs' || top === 'client') {
    return BROWSER_FACES.includes(target) ? undefined : `${target} (import ${top}/index.js, the folder's public face)`;
  }
  if (top !== 'server') return undefined;

  const targetArea = areaOf(target);
  if (targetArea === area) return undefined;
  if (hasIndex(targetArea) && target !== `server/${targetArea}/index.js`) {
    return `${target} (import server/${targetArea}/index.js, the folder's public face)`;
  }
  if (DRIVERS.includes(targetArea)) {
    const shared = DRIVER_SHARING[area]?.includes(target) === true;
    if (!(file === 'server/store/open-store.ts' || shared)) {
      return `${target} (a store driver's internals: use the store contract, server/store/store.ts and open-store.ts)`;
    }
  }
  if (targetArea === 'sequencer' && !SEQUENCER_VOCABULARY.includes(target) && !SEQUENCER_WIRING.includes(file)) {
    return `${target} (the sequencer's machinery; only ${SEQUENCER_WIRING.join(', ')} wires it, others use sequencer/types.ts, errors.ts, clock.ts, publisher.ts)`;
  }
  if (targetArea === 'store' && !STORE_CONTRACT.includes(target)) return `${target} (not part of the store contract)`;

  const only = ONLY[area] === undefined ? undefined : [...ONLY[area]!, ...(DRIVER_SHARING[area] ?? [])];
  if (only !== undefined && !only.some((entry) => matches(target, entry))) {
    return `${target} (server/${area}/ imports only ${only.join(', ')} of server/)`;
  }
  const never = NEVER[area]?.find(([entry]) => matches(target, entry));
  if (never !== undefined) return `${target} (${never[1]})`;
  return undefined;
}
