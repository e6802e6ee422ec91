/**
 * Real logs for witness tests: a log key, a Merkle tree of real leaves (merkle/), signed
 * checkpoints (proofs/) and add-checkpoint bodies with real RFC 6962 consistency proofs; and a
 * real witness (LevelDB in a temp folder, HTTP on 127.0.0.1 port 0).
 */
import { EMPTY_ROOT, hashLeaf, nodeEnd, nodeStart, rootFromLeafHashes, utf8 } from '../../merkle/index.js';
import {
  consistencyProofNodes,
  createSigner,
  encodeBase64,
  foldProofNodes,
  generateSignerKey,
  parseVerifierKey,
  signCheckpoint,
  verifierKeyOf,
  type SignerKey,
  type VerifierKey,
} from '../../proofs/index.js';
import { Witness, startWitnessServer, type RunningWitnessServer } from '../../server/witness/index.js';

/** A log that only lives in the test: key, leaves, checkpoints and proofs. */
export class TestLog {
  readonly key: SignerKey;
  readonly verifierKey: VerifierKey;
  private readonly leaves: Uint8Array[] = [];

  constructor(
    readonly origin: string,
    seedByte: number,
    private readonly leafPrefix = 'leaf',
    /** Leaves below this index are the common `leaf-<i>`, so two logs can share a prefix. */
    private readonly divergeAt = 0,
  ) {
    this.key = generateSignerKey(origin, new Uint8Array(32).fill(seedByte));
    this.verifierKey = parseVerifierKey(verifierKeyOf(this.key));
  }

  /** Grows the tree to `size` leaves. */
  grow(size: number): this {
    while (this.leaves.length < size) {
      const i = this.leaves.length;
      this.leaves.push(hashLeaf(utf8(`${i < this.divergeAt ? 'leaf' : this.leafPrefix}-${i}`)));
    }
    return this;
  }

  root(size: number): Uint8Array {
    return size === 0 ? EMPTY_ROOT : rootFromLeafHashes(this.leaves.slice(0, size));
  }

  /** The signed checkpoint note at `size` (grows the tree if needed). */
  checkpoint(size: number): string {
    this.grow(size);
    return signCheckpoint({ origin: this.origin, treeSize: size, rootHash: this.root(size) }, createSigner(this.key));
  }

  /** The RFC 6962 consistency proof from size1 to size2. */
  proof(size1: number, size2: number): Uint8Array[] {
    this.grow(size2);
    const plan = consistencyProofNodes(size1, size2);
    return foldProofNodes(
      plan,
      plan.ids.map((id) => rootFromLeafHashes(this.leaves.slice(nodeStart(id), nodeEnd(id)))),
    );
  }

  /** The add-checkpoint body from `oldSize` to `size` (a real proof unless `proof` is given). */
  body(oldSize: number, size: number, proof?: Uint8Array[]): string {
    const hashes = proof ?? this.proof(oldSize, size);
    return `old ${oldSize}\n${hashes.map((h) => `${encodeBase64(h)}\n`).join('')}\n${this.checkpoint(size)}`;
  }
}

/** An answer as a client sees it. */
export interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

/** POSTs `body` to `<url>/add-checkpoint`. */
export async function addCheckpoint(url: string, body: string | Uint8Array): Promise<Answer> {
  // A Buffer copy: fetch's types take ArrayBuffer-backed views only.
  const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body) });
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}

/** A witness opened on `dataDir` and served on 127.0.0.1:0. */
export interface RunningWitness {
  witness: Witness;
  server: RunningWitnessServer;
  url: string;
  stop(): Promise<void>;
}

/** Opens a witness and serves it; `stop()` closes the server, then the state. */
export async function startWitness(options: { dataDir: string; key: SignerKey; logs: VerifierKey[]; now?: () => number }): Promise<RunningWitness> {
  const witness = await Witness.open({ dataDir: options.dataDir, signerKey: options.key, logs: options.logs, ...(options.now ? { now: options.now } : {}) });
  const server = await startWitnessServer(witness, { host: '127.0.0.1', port: 0 });
  return {
    witness,
    server,
    url: server.url,
    async stop() {
      await server.close();
      await witness.close();
    },
  };
}

/** A witness key for tests. */
export function witnessKey(name = 'witness.example', seedByte = 77): SignerKey {
  return generateSignerKey(name, new Uint8Array(32).fill(seedByte));
}
