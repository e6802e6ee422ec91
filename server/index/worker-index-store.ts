/**
 * IndexStore in a worker thread: a LevelIndexStore opened by index-worker.ts, driven by messages
 * (worker-protocol.ts). The calling thread (the sequencer's) only reads the committed leaves and
 * payloads and packs them into two buffers it hands over; everything else of indexing and the
 * merge joins of searches runs on another core. The store's contract (index-store.ts) is
 * unchanged: the worker answers requests in order and `indexEntries` resolves once its batch is
 * durable.
 */
import { Worker } from 'node:worker_threads';
import type { SourcePayload } from './entry-source.js';
import { IndexError } from './errors.js';
import type { IndexedChunk, IndexStore, SearchOrder } from './index-store.js';
import type { JoinFilter } from './merge-join.js';
import { packBytes, packPayloads, type WireError, type WorkerReply, type WorkerRequest } from './worker-protocol.js';

/**
 * The worker beside this module: the compiled one, or the source when this module is run from
 * its TypeScript (only under a loader the worker inherits through execArgv, such as
 * chaos/register.js; jest's transform does not reach worker threads).
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './index-worker.ts' : './index-worker.js', import.meta.url);

/** Distributes a request's omitted members (a union-preserving Omit). */
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export class WorkerIndexStore implements IndexStore {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private closed = false;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(fromWireError(reply.error));
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', (err) => fail(new IndexError('INDEX_CLOSED', `the index worker failed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => fail(new IndexError('INDEX_CLOSED', `the index worker exited (code ${code})`)));
  }

  /** True when the compiled worker runs (as `cairn serve` runs); from the sources only on request. */
  static get available(): boolean {
    return !FROM_SOURCE;
  }

  /**
   * Starts a worker holding the index store in `dir`, `nice` levels below the caller's
   * scheduling priority (Linux, 1..19; default 0: the caller's; index-worker.ts lowerPriority).
   * Rejects as LevelIndexStore.open does (IndexError INDEX_CORRUPT; an Error whose code or
   * cause's code is LEVEL_LOCKED).
   */
  static async open(dir: string, options: { nice?: number } = {}): Promise<WorkerIndexStore> {
    const worker = new Worker(WORKER_URL, { workerData: { dir, nice: options.nice ?? 0 } });
    const opened = await new Promise<WorkerReply>((resolve, reject) => {
      const onExit = (code: number): void => reject(new IndexError('INDEX_CLOSED', `the index worker exited (code ${code}) while opening ${dir}`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve(reply);
      });
    });
    if (!opened.ok) {
      await worker.terminate();
      throw fromWireError(opened.error);
    }
    return new WorkerIndexStore(worker);
  }

  readPosition(): Promise<number> {
    return this.request({ op: 'readPosition' }) as Promise<number>;
  }

  indexEntries(first: number, leaves: readonly Uint8Array[], payloads: readonly (SourcePayload | undefined)[], position: number): Promise<IndexedChunk> {
    const packedLeaves = packBytes(leaves);
    const packedPayloads = packPayloads(payloads);
    // Fresh buffers of packBytes: handed over, not copied.
    const transfer = [packedLeaves, packedPayloads].flatMap((p) => [p.bytes.buffer, p.ends.buffer, p.present.buffer] as ArrayBuffer[]);
    return this.request({ op: 'indexEntries', first, position, leaves: packedLeaves, payloads: packedPayloads }, transfer) as Promise<IndexedChunk>;
  }

  joinPostings(filters: readonly JoinFilter[], range: { start: number; end: number }, next: number, order: SearchOrder, count: number): Promise<number[]> {
    return this.request({ op: 'joinPostings', filters: [...filters], range, next, order, count }) as Promise<number[]>;
  }

  readPurged(): Promise<number> {
    return this.request({ op: 'readPurged' }) as Promise<number>;
  }

  /** Runs after the chunks posted before it (the worker writes in order of arrival). */
  purge(indexes: readonly number[], record: number): Promise<number> {
    return this.request({ op: 'purge', indexes: [...indexes], record }) as Promise<number>;
  }

  async clear(): Promise<void> {
    await this.request({ op: 'clear' });
  }

  /** Closes the store in the worker (after the requests before it), then ends the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    const done = this.failure === undefined ? this.request({ op: 'close' }).catch(() => undefined) : Promise.resolve();
    this.closed = true;
    await done;
    await this.worker.terminate();
  }

  private request(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.closed) return Promise.reject(new IndexError('INDEX_CLOSED', 'the index store is closed'));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id }, transfer);
    });
  }
}

/** The worker's error as thrown here: an IndexError with its code, or an Error carrying the codes. */
function fromWireError(e: WireError): Error {
  if (e.name === 'IndexError' && e.code !== undefined) return new IndexError(e.code as IndexError['code'], e.message);
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code !== undefined) err.code = e.code;
  if (e.causeCode !== undefined) err.cause = Object.assign(new Error(e.causeCode), { code: e.causeCode });
  return err;
}
