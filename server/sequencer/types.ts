/**
 * The vocabulary of the write side: what an append carries, what the sequencer answers, the
 * limits of the pool and of a round, and the report of a round (SPEC §3, §4).
 */
import type { ErasedReceiptParts, NoteSigner, ReceiptParts, VerifierKey } from '../../proofs/index.js';
import type { LogState } from '../state/index.js';
import type { LogStore, PayloadRecord } from '../store/store.js';
import type { LogClock } from './clock.js';
import type { CheckpointPublisher } from './publisher.js';

/** One event to append (already validated by the HTTP layer). */
export interface AppendInput {
  payload: Uint8Array;
  contentType: string;
  /** The writer's own time, ns since the epoch; 0n when not given. */
  occurredAt: bigint;
  idempotencyKey?: string;
}

/**
 * A receipt in the core: bytes and structured data (SPEC §4). The HTTP edge encodes it as JSON
 * (`buildReceipt`) or protobuf (`receiptToProto`).
 */
export type Receipt = ReceiptParts;

/**
 * What the sequencer answers for one event:
 * - `appended`: sequenced in a round of this process, with its receipt;
 * - `replayed`: an idempotency key named an entry of a round of this process (same receipt);
 * - `stored`: an idempotency key named an entry committed earlier (before a restart, or a round
 *   that failed to answer); the caller rebuilds the receipt from the read side.
 */
export type SequencedOutcome =
  { kind: 'appended'; receipt: Receipt } | { kind: 'replayed'; receipt: Receipt } | { kind: 'stored'; index: number; treeSize: number };

/**
 * The result of one event, as the log answers it. `replayed` is true when an idempotency key
 * returned the receipt of an earlier request (HTTP 200). A key that names an entry whose payload
 * was since erased (issue 14; SPEC §4.4) gets the erased receipt: no payload and nonce,
 * `erased.record` the index of the erasure record.
 */
export interface AppendOutcome {
  receipt: Receipt | ErasedReceiptParts;
  replayed: boolean;
}

/** Limits of the pool and of a round. */
export interface SequencerLimits {
  /** Entries in one round at most (a request is never split across rounds). */
  maxRoundEntries: number;
  /** Entries waiting at most; beyond, requests get 503 POOL_FULL. */
  maxPendingEntries: number;
  /** Payload bytes waiting at most; beyond, requests get 503 POOL_FULL. */
  maxPendingBytes: number;
  /** When idle, how long a new request waits for others to join its round (0 = next tick). */
  batchDelayMs: number;
  /**
   * While a round commits, the next one is built ahead (pipeline.ts) once this many entries
   * wait; fewer wait for the commit and go into the round after it (a small round built early
   * would take an fsync of its own while later arrivals queue behind it).
   */
  pipelineMinEntries: number;
  /**
   * While the event loop is busy (`roundPaceBusyShare`), the shortest time between the starts of
   * two rounds (round-pacer.ts): a round that would start sooner waits for the rest, gathering
   * the requests that arrive meanwhile, so rounds grow with the load instead of multiplying.
   * 0 starts every round at once.
   */
  roundPaceMs: number;
  /** The event loop utilisation (0..1, over the last 50 ms) from which rounds are paced; 0 paces them always. */
  roundPaceBusyShare: number;
}

/** The defaults of `SequencerLimits` (documented in the README). */
export const DEFAULT_SEQUENCER_LIMITS: SequencerLimits = {
  maxRoundEntries: 4096,
  maxPendingEntries: 100_000,
  maxPendingBytes: 256 * 1024 * 1024,
  batchDelayMs: 0,
  pipelineMinEntries: 256,
  roundPaceMs: 5,
  roundPaceBusyShare: 0.5,
};

/** What a round did, for logs and metrics. */
export interface RoundReport {
  entries: number;
  requests: number;
  treeSize: number;
  /** Wall time of the round, from taking the pool to answering. */
  ms: number;
  /** Time spent in the durable commit. */
  commitMs: number;
  error?: Error;
}

/**
 * The entries a round committed, exactly as it built and wrote them (no copies): followers of
 * the log in this process (the index, the erasure catch-up) take them instead of reading them
 * back from the store. Subscribers must not modify them.
 */
export interface CommittedEntries {
  /** The index of the round's first entry. */
  first: number;
  /** The LogEntry leaves (SPEC §3) of entries first.., in index order. */
  leaves: readonly Uint8Array[];
  /** Their payload records (payload and nonce), in index order. */
  payloads: readonly PayloadRecord[];
}

/** What a committed round tells its subscribers (the read side updates its caches). */
export interface CommitEvent {
  state: LogState;
  /** The tiles the round completed (they never change again). */
  fullTiles: readonly { level: number; index: number; hashes: Uint8Array }[];
  /**
   * The round's entries, when this process sequenced the round; absent when the state was
   * loaded from the store (a follower of a shared log refreshing): read the entries from the store.
   */
  entries?: CommittedEntries;
}

/** Everything the sequencer needs. */
export interface SequencerOptions {
  store: LogStore;
  origin: string;
  signer: NoteSigner;
  verifierKey: VerifierKey;
  limits?: Partial<SequencerLimits>;
  clock?: LogClock;
  /** Publishes each committed checkpoint (default: at once, as signed). */
  publisher?: CheckpointPublisher;
  /** Called after every round, committed or failed. */
  onRound?: (report: RoundReport) => void;
  /** Read once per round: true stamps its leaves `clock_unsynchronized` (issue 15; server/clock/clock-discipline.ts). */
  clockUnsynchronized?: () => boolean;
}
