/**
 * For the tiles client's tests: a tlog-tiles log held in memory (every tile and bundle, full and
 * partial, of each size it grew through, and a signed checkpoint per size), and a real
 * node:http server on 127.0.0.1 serving it, with a hook to inject faults (statuses, Retry-After,
 * wrong bodies, slow answers) that a healthy log cannot produce. Every request is recorded, and
 * so is the most requests it held at once.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BundleWriter, CompactRange, TileWriter, formatTilePath, hashLeaf, utf8 } from '../../../merkle/index.js';
import { createSigner, generateSignerKey, signCheckpoint, verifierKeyOf, parseVerifierKey, type VerifierKey } from '../../../proofs/index.js';

/** A log in memory: files by path (`checkpoint`, `tile/0/000.p/7`, ...). */
export interface MemoryTlog {
  files: Map<string, Uint8Array>;
  /** The signed checkpoint note of each size the log grew through. */
  notes: Map<number, string>;
  /** The root of each of those sizes. */
  roots: Map<number, Uint8Array>;
  key: VerifierKey;
  entries: Uint8Array[];
}

/** Entry i of the fixture logs: distinct, and of varied lengths. */
export function fixtureEntry(i: number): Uint8Array {
  return utf8(`entry ${i} ${'x'.repeat(i % 17)}`);
}

/**
 * A log of `sizes.at(-1)` entries that grew through each of `sizes` (ascending), with the
 * partial tiles of each size kept beside the full ones, as a tlog-tiles log serves them. The
 * checkpoint file is the last size's.
 */
export function memoryTlog(sizes: readonly number[], origin = 'example.com/tiles-test'): MemoryTlog {
  const signer = generateSignerKey(origin);
  const files = new Map<string, Uint8Array>();
  const notes = new Map<number, string>();
  const roots = new Map<number, Uint8Array>();
  const tiles = TileWriter.empty();
  const bundles = BundleWriter.empty();
  const range = CompactRange.empty();
  const entries: Uint8Array[] = [];
  for (const size of sizes) {
    const batch: Uint8Array[] = [];
    for (let i = entries.length; i < size; i++) batch.push(fixtureEntry(i));
    entries.push(...batch);
    const hashes = batch.map((e) => hashLeaf(e));
    range.appendMany(hashes);
    for (const t of tiles.append(hashes)) files.set(formatTilePath({ kind: 'hash', level: t.level, index: t.index, width: t.width }), t.hashes.slice());
    for (const b of bundles.append(batch)) files.set(formatTilePath({ kind: 'entries', index: b.index, width: b.width }), b.bytes.slice());
    const note = signCheckpoint({ origin, treeSize: size, rootHash: range.root() }, createSigner(signer));
    notes.set(size, note);
    roots.set(size, range.root());
    files.set('checkpoint', utf8(note));
  }
  return { files, notes, roots, key: parseVerifierKey(verifierKeyOf(signer)), entries };
}

/** What a fault hook answers instead of the file: a status, headers, a body. */
export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

/** Decides per request (path without the leading slash, and how often it was asked before). */
export type FaultHook = (path: string, seen: number, req: IncomingMessage) => Fault | undefined | Promise<Fault | undefined>;

/** A running tiles server. */
export interface TilesServer {
  url: string;
  /** Every request path (without the leading slash), in order. */
  requests: string[];
  /** The Authorization header of every request, in order. */
  authorizations: (string | undefined)[];
  /** The most requests in progress at one time. */
  maxInFlight: number;
  /** Replaces the fault hook. */
  setFaults(hook: FaultHook | undefined): void;
  close(): Promise<void>;
}

/** Serves `files` over node:http on 127.0.0.1, port 0; 404 for anything else. */
export async function serveTiles(files: Map<string, Uint8Array>, faults?: FaultHook): Promise<TilesServer> {
  let hook = faults;
  let inFlight = 0;
  const seen = new Map<string, number>();
  const state: Omit<TilesServer, 'close' | 'setFaults' | 'url'> = { requests: [], authorizations: [], maxInFlight: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/^\//, '');
    state.requests.push(path);
    state.authorizations.push(req.headers.authorization);
    const count = seen.get(path) ?? 0;
    seen.set(path, count + 1);
    const fault = await hook?.(path, count, req);
    if (fault !== undefined) {
      res.writeHead(fault.status, fault.headers ?? {});
      res.end(fault.body ?? '');
      return;
    }
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': path === 'checkpoint' ? 'text/plain; charset=utf-8' : 'application/octet-stream',
      'Content-Length': String(body.length),
    });
    res.end(body);
  };
  const server: Server = createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    handle(req, res).catch((err: unknown) => res.destroy(err as Error));
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => listening());
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    setFaults: (h: FaultHook | undefined) => {
      hook = h;
    },
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  });
}

/** A HashTileSource over the files of a memory log, counting reads; no network. */
export function memorySource(files: Map<string, Uint8Array>): {
  readHashTile(level: number, index: number, width: number): Promise<Uint8Array>;
  reads: string[];
} {
  const reads: string[] = [];
  return {
    reads,
    readHashTile: async (level, index, width) => {
      const path = formatTilePath({ kind: 'hash', level, index, width });
      reads.push(path);
      const tile = files.get(path);
      if (tile === undefined) throw new Error(`no ${path}`);
      return tile;
    },
  };
}
