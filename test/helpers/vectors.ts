/**
 * Loaders for the independent test vectors in test/vectors/ (see its README.md): the
 * x/mod sumdb/tlog Merkle vectors, the transparency-dev/merkle proof cases and the reference
 * tlog-tiles logs. The folder is test/vectors/ in this repository, or $CAIRN_VECTORS (to run the
 * same tests against a regenerated set before it replaces the committed one).
 *
 * A missing folder or file throws (at import for the folder): the vectors are mandatory, a test
 * that cannot find them must fail, never skip.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { utf8 } from '../../merkle/index.js';
import { decodeBase64 } from '../../proofs/encoding.js';

/** The repository root (this file is test/helpers/vectors.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The vectors folder: $CAIRN_VECTORS, or test/vectors/ in the repository. */
export const VECTORS_DIR = process.env['CAIRN_VECTORS'] ? path.resolve(process.env['CAIRN_VECTORS']) : path.resolve(REPO_ROOT, 'test', 'vectors');

if (!existsSync(VECTORS_DIR) || !statSync(VECTORS_DIR).isDirectory()) {
  throw new Error(`test vectors folder ${VECTORS_DIR} is missing (expected test/vectors/ in the repository, or set CAIRN_VECTORS)`);
}

/** Leaf i of every vector tree: the ASCII bytes of `leaf-<i>`. */
export function referenceLeaf(i: number): Uint8Array {
  return utf8(`leaf-${i}`);
}

/** The bytes of a file under VECTORS_DIR; throws if it is missing. */
export function readVector(relativePath: string): Uint8Array {
  const file = path.join(VECTORS_DIR, relativePath);
  if (!existsSync(file)) throw new Error(`test vector ${file} is missing`);
  return new Uint8Array(readFileSync(file));
}

/** The text of a file under VECTORS_DIR; throws if it is missing. */
export function readVectorText(relativePath: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(readVector(relativePath));
}

// ---------------------------------------------------------------------------------------------
// x-mod-300.json

export interface XModInclusion {
  index: number;
  size: number;
  leafHash: Uint8Array;
  root: Uint8Array;
  proof: Uint8Array[];
}

export interface XModConsistency {
  size1: number;
  root1: Uint8Array;
  size2: number;
  root2: Uint8Array;
  proof: Uint8Array[];
}

export interface XMod300 {
  n: number;
  emptyTreeRoot: Uint8Array;
  /** leafHashes[i] = SHA-256(0x00 || leaf-i). */
  leafHashes: Uint8Array[];
  /** The root of every size 1..n. */
  roots: { size: number; root: Uint8Array }[];
  inclusion: XModInclusion[];
  consistency: XModConsistency[];
}

interface RawXMod {
  n: number;
  empty_tree_root: string;
  leaf_hashes: string[];
  roots: { size: number; root: string }[];
  inclusion: { index: number; size: number; leaf_hash: string; root: string; proof: string[] }[];
  consistency: { size1: number; root1: string; size2: number; root2: string; proof: string[] }[];
}

/** x-mod-300.json with every hash decoded. */
export function loadXMod300(): XMod300 {
  const raw = JSON.parse(readVectorText('x-mod-300.json')) as RawXMod;
  const b64 = (s: string): Uint8Array => decodeBase64(s, 'x-mod-300 hash');
  return {
    n: raw.n,
    emptyTreeRoot: b64(raw.empty_tree_root),
    leafHashes: raw.leaf_hashes.map(b64),
    roots: raw.roots.map((r) => ({ size: r.size, root: b64(r.root) })),
    inclusion: raw.inclusion.map((c) => ({
      index: c.index,
      size: c.size,
      leafHash: b64(c.leaf_hash),
      root: b64(c.root),
      proof: c.proof.map(b64),
    })),
    consistency: raw.consistency.map((c) => ({
      size1: c.size1,
      root1: b64(c.root1),
      size2: c.size2,
      root2: b64(c.root2),
      proof: c.proof.map(b64),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// transparency-dev-merkle/

export interface TdInclusionCase {
  /** Path under transparency-dev-merkle/inclusion/, e.g. `1/happy-path.json`. */
  name: string;
  leafIdx: number;
  treeSize: number;
  root: Uint8Array;
  leafHash: Uint8Array;
  proof: Uint8Array[];
  desc: string;
  wantErr: boolean;
}

export interface TdConsistencyCase {
  /** Path under transparency-dev-merkle/consistency/, e.g. `additional/size1-is-greater-than-size2.json`. */
  name: string;
  size1: number;
  size2: number;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: Uint8Array[];
  desc: string;
  wantErr: boolean;
}

/** Every inclusion case file, sorted by name. Empty strings decode to empty arrays. */
export function loadTdInclusionCases(): TdInclusionCase[] {
  return loadTdCases('inclusion').map(({ name, json }) => ({
    name,
    leafIdx: json['leafIdx'] as number,
    treeSize: json['treeSize'] as number,
    root: tdBytes(json['root']),
    leafHash: tdBytes(json['leafHash']),
    proof: tdProof(json['proof']),
    desc: json['desc'] as string,
    wantErr: json['wantErr'] as boolean,
  }));
}

/** Every consistency case file, sorted by name. A `null` proof is an empty one (Go's nil). */
export function loadTdConsistencyCases(): TdConsistencyCase[] {
  return loadTdCases('consistency').map(({ name, json }) => ({
    name,
    size1: json['size1'] as number,
    size2: json['size2'] as number,
    root1: tdBytes(json['root1']),
    root2: tdBytes(json['root2']),
    proof: tdProof(json['proof']),
    desc: json['desc'] as string,
    wantErr: json['wantErr'] as boolean,
  }));
}

function loadTdCases(kind: 'inclusion' | 'consistency'): { name: string; json: Record<string, unknown> }[] {
  const root = path.join(VECTORS_DIR, 'transparency-dev-merkle', kind);
  if (!existsSync(root)) throw new Error(`test vectors ${root} are missing`);
  const names = (readdirSync(root, { recursive: true }) as string[])
    .map((p) => p.split(path.sep).join('/'))
    .filter((p) => p.endsWith('.json'))
    .sort();
  if (names.length === 0) throw new Error(`no case files under ${root}`);
  return names.map((name) => ({
    name,
    json: JSON.parse(readVectorText(`transparency-dev-merkle/${kind}/${name}`)) as Record<string, unknown>,
  }));
}

// The Go test data encodes []byte as standard base64; an empty string is an empty slice.
function tdBytes(value: unknown): Uint8Array {
  if (typeof value !== 'string') throw new Error(`expected a base64 string, got ${JSON.stringify(value)}`);
  return decodeBase64(value, 'transparency-dev hash');
}

function tdProof(value: unknown): Uint8Array[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw new Error(`expected a proof array, got ${JSON.stringify(value)}`);
  return value.map(tdBytes);
}

// ---------------------------------------------------------------------------------------------
// reference-logs/

/** The sizes of the reference logs under reference-logs/log-<n>/. */
export const REFERENCE_LOG_SIZES = [0, 1, 300, 70000] as const;

export interface ReferenceLog {
  size: number;
  /** The signed checkpoint text. */
  checkpoint: string;
  /** Every file under log-<n>/tile/, keyed by its path from log-<n>/ (`tile/0/000`). */
  tiles: Map<string, Uint8Array>;
}

/** reference-logs/log-<size>/: its checkpoint and all its tile and entry bundle files. */
export function loadReferenceLog(size: number): ReferenceLog {
  const dir = path.join(VECTORS_DIR, 'reference-logs', `log-${size}`);
  if (!existsSync(dir)) throw new Error(`reference log ${dir} is missing`);
  const tiles = new Map<string, Uint8Array>();
  const tileDir = path.join(dir, 'tile');
  if (existsSync(tileDir)) {
    for (const entry of readdirSync(tileDir, { recursive: true }) as string[]) {
      const file = path.join(tileDir, entry);
      if (statSync(file).isFile()) tiles.set(`tile/${entry.split(path.sep).join('/')}`, new Uint8Array(readFileSync(file)));
    }
  }
  return { size, checkpoint: readVectorText(`reference-logs/log-${size}/checkpoint`), tiles };
}

/** The reference logs' signer key (Go note format) and verifier key, as stored (with newline). */
export function loadReferenceKeys(): { skey: string; vkey: string } {
  return { skey: readVectorText('reference-logs/skey'), vkey: readVectorText('reference-logs/vkey') };
}
