/**
 * Idempotency keys on the write side (SPEC §4): a key names one event of one submitter. A
 * request whose key names an event already sequenced gets that event's receipt back instead of
 * a new entry; the same key with another payload is refused (IDEMPOTENCY_CONFLICT).
 *
 * Three places can know a key: the store (committed rounds), the in-flight map (entries in the
 * pool or in a running round), and, while look-ups are running, the keys committed since they
 * started (a look-up that began before a commit may not see that commit's keys in the store).
 */
import { equalBytes } from '../../merkle/index.js';
import type { IdempotencyRecord, LogStore } from '../store/store.js';
import { SequencerError } from './errors.js';
import type { AppendInput, Receipt } from './types.js';

/** What one input of a request becomes. */
export type Plan =
  /** A new entry: `position` among the request's new entries. */
  | { kind: 'new'; position: number }
  /** The key is in the pool or a running round: its receipt, when that round answers. */
  | { kind: 'inflight'; receipt: Promise<Receipt> }
  /** The key names a committed entry. */
  | { kind: 'stored'; record: IdempotencyRecord }
  /** The key appeared earlier in the same request, at input `of`. */
  | { kind: 'same-request'; of: number };

interface Inflight {
  digest: Uint8Array;
  receipt: Promise<Receipt>;
}

/** The in-flight key of a submitter's idempotency key. */
export function inflightKey(submitter: string, key: string): string {
  return `${submitter}\0${key}`;
}

/** The idempotency state of one sequencer. */
export class IdempotencyTracker {
  private readonly inflight = new Map<string, Inflight>();
  /** Appends between their look-up and their planning. */
  private lookups = 0;
  /** Keys committed while look-ups were in flight. */
  private readonly committedDuringLookups = new Map<string, Inflight>();

  constructor(private readonly store: Pick<LogStore, 'readIdempotency'>) {}

  /**
   * Runs `body` (look-up, planning, enqueueing) with committed keys kept visible until every
   * running look-up has planned.
   */
  async during<T>(body: () => Promise<T>): Promise<T> {
    this.lookups++;
    try {
      return await body();
    } finally {
      if (--this.lookups === 0) this.committedDuringLookups.clear();
    }
  }

  /** The stored records of the inputs' keys (undefined where none, or where one is in flight). Throws SequencerError STORE_FAILED. */
  async lookUp(submitter: string, inputs: readonly AppendInput[]): Promise<(IdempotencyRecord | undefined)[]> {
    try {
      return await Promise.all(
        inputs.map((i) => {
          if (i.idempotencyKey === undefined) return undefined;
          const k = inflightKey(submitter, i.idempotencyKey);
          return this.inflight.has(k) || this.committedDuringLookups.has(k) ? undefined : this.store.readIdempotency(submitter, i.idempotencyKey);
        }),
      );
    } catch (err) {
      throw new SequencerError('STORE_FAILED', `idempotency look-up failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Decides, synchronously, what each input becomes. Throws SequencerError IDEMPOTENCY_CONFLICT before anything is queued. */
  plan(
    submitter: string,
    inputs: readonly AppendInput[],
    digests: readonly (Uint8Array | undefined)[],
    stored: readonly (IdempotencyRecord | undefined)[],
  ): Plan[] {
    const firstInRequest = new Map<string, number>();
    let position = 0;
    return inputs.map((input, j): Plan => {
      if (input.idempotencyKey === undefined) return { kind: 'new', position: position++ };
      const k = inflightKey(submitter, input.idempotencyKey);
      const digest = digests[j]!;
      const conflict = (with_: Uint8Array): void => {
        if (!equalBytes(with_, digest)) {
          throw new SequencerError('IDEMPOTENCY_CONFLICT', `idempotency key reused for another payload`, { details: { key: input.idempotencyKey!, entry: j } });
        }
      };
      const earlier = firstInRequest.get(k);
      if (earlier !== undefined) {
        conflict(digests[earlier]!);
        return { kind: 'same-request', of: earlier };
      }
      firstInRequest.set(k, j);
      const flying = this.inflight.get(k) ?? this.committedDuringLookups.get(k);
      if (flying) {
        conflict(flying.digest);
        return { kind: 'inflight', receipt: flying.receipt };
      }
      const record = stored[j];
      if (record) {
        conflict(record.payloadDigest);
        return { kind: 'stored', record };
      }
      return { kind: 'new', position: position++ };
    });
  }

  /** Marks a key in flight until `settle`: later requests with it wait for `receipt`. */
  track(key: string, digest: Uint8Array, receipt: Promise<Receipt>): void {
    receipt.catch(() => undefined); // awaited only if a retry with the same key comes
    this.inflight.set(key, { digest, receipt });
  }

  /** Takes a round's keys out of flight; after a commit, keeps them visible to running look-ups. */
  settle(keys: Iterable<string>, committed: boolean): void {
    for (const key of keys) {
      const flying = this.inflight.get(key);
      this.inflight.delete(key);
      if (committed && flying && this.lookups > 0) this.committedDuringLookups.set(key, flying);
    }
  }
}
