/**
 * Walks the stored payload chunks (key `p` of keys.ts: one chunk per round, keyed by the index
 * of its first entry) alongside the entries, in index order, holding one chunk at a time.
 * Reports chunks that do not decode, overlap the previous one or reach beyond the tree, and
 * round boundaries without their checkpoint: a round's payloads are cut into chunks only when a
 * chunk is full (log-store.ts payloadChunks), so a chunk that starts right after one that was not
 * full starts a round, and the round before it ended with a signed checkpoint of that size.
 */
import { toHex } from '../../../merkle/index.js';
import { PREFIX_PAYLOAD, checkpointKey } from '../../store/keys.js';
import { chunkIsFull, type KvLogStore } from '../../store/log-store.js';
import { decodePayloadChunk } from '../../store/records.js';
import type { PayloadRecord } from '../../store/store.js';
import { storedNumber } from './context.js';
import type { FsckFindings } from './report.js';

/** The payload records of the entries, asked for in increasing index order. */
export class PayloadCursor {
  readonly #chunks: AsyncIterator<[Uint8Array, Uint8Array]>;
  readonly #findings: FsckFindings;
  readonly #treeSize: number;
  readonly #store: KvLogStore;
  #chunk: { first: number; records: PayloadRecord[] } | undefined;
  #end = 0;
  #done = false;

  constructor(store: KvLogStore, treeSize: number, findings: FsckFindings) {
    this.#chunks = store.scan(PREFIX_PAYLOAD)[Symbol.asyncIterator]();
    this.#treeSize = treeSize;
    this.#findings = findings;
    this.#store = store;
  }

  /** The payload and nonce of entry `index`, undefined when none is stored. Indexes must not decrease. */
  async recordFor(index: number): Promise<PayloadRecord | undefined> {
    for (;;) {
      const c = this.#chunk;
      if (c !== undefined && index < c.first + c.records.length) return index >= c.first ? c.records[index - c.first] : undefined;
      if (!(await this.#advance())) return undefined;
    }
  }

  /** Reads (and checks) the chunks not reached by the entries. */
  async finish(): Promise<void> {
    while (await this.#advance());
  }

  /**
   * Reports a missing checkpoint when the chunk starting at `first` starts a round: the previous
   * chunk ends right before it and was not full (or there is none and `first` is 0).
   */
  async #checkRoundBoundary(first: number, records: readonly PayloadRecord[]): Promise<void> {
    const previous = this.#chunk;
    if (first !== this.#end || first > this.#treeSize) return;
    if (previous !== undefined) {
      const bytes = previous.records.reduce((n, r) => n + r.payload.length, 0);
      // A cut inside a round, where no checkpoint was signed.
      if (chunkIsFull(previous.records.length, bytes, records[0]?.payload.length ?? 0)) return;
    }
    if ((await this.#store.kv.get(checkpointKey(first))) === undefined) {
      this.#findings.add(
        'CHECKPOINT_MISSING',
        `checkpoint ${first}`,
        `a round starts at entry ${first} (payload chunk ${first}), so the round before it was signed as checkpoint ${first}, but the store no longer holds that checkpoint`,
      );
    }
  }

  /** Moves to the next chunk that decodes; false at the end. */
  async #advance(): Promise<boolean> {
    while (!this.#done) {
      const next = await this.#chunks.next();
      if (next.done === true) {
        this.#done = true;
        this.#chunk = undefined;
        return false;
      }
      const [key, value] = next.value;
      const first = storedNumber(key, 9);
      if (first === undefined) {
        this.#findings.add('MALFORMED_RECORD', `payload chunk key ${toHex(key)}`, 'a payload chunk key that is not the prefix and a u64 index below 2^53');
        continue;
      }
      const where = `payload chunk ${first}`;
      let records: PayloadRecord[];
      try {
        records = decodePayloadChunk(value);
      } catch (err) {
        this.#findings.add('PAYLOAD_MALFORMED', where, `the payloads of the round starting at entry ${first} cannot be read: ${(err as Error).message}`);
        continue;
      }
      if (first < this.#end) {
        this.#findings.add('PAYLOAD_MALFORMED', where, `the chunk starts at entry ${first}, inside the previous chunk (which ends before ${this.#end})`);
      }
      if (first + records.length > this.#treeSize) {
        this.#findings.add('BEYOND_TREE', where, `the chunk holds payloads of entries ${first} to ${first + records.length - 1}, beyond the latest tree (size ${this.#treeSize})`);
      }
      await this.#checkRoundBoundary(first, records);
      this.#end = Math.max(this.#end, first + records.length);
      this.#chunk = { first, records };
      return true;
    }
    return false;
  }
}
