/**
 * The settings of a log and of the HTTP API in front of it, with their defaults (SPEC §3–§5).
 * The CLI fills them from flags and `CAIRN_*` variables; /v1/log reports the limits a writer
 * must respect.
 */
import { DEFAULT_SEQUENCER_LIMITS, type SequencerLimits } from './sequencer/types.js';

/** What a request may carry (HTTP policy: `AppOptions.policy`). */
export interface RequestLimits {
  /** Largest payload of one event (SPEC §3: default 1 MiB); larger gets 413. */
  maxPayloadBytes: number;
  /** Most events in one batch request. */
  maxBatchEntries: number;
  /** Largest batch request body. */
  maxBatchBytes: number;
  /** How far in the future an Event-Time may be (SPEC §3: default 5 minutes), in ns. */
  maxFutureSkewNs: bigint;
  /** Most entries one `GET /v1/entries` returns; larger ranges are truncated. */
  maxRangeEntries: number;
  /** Most payload bytes one `GET /v1/entries` returns; the range is truncated (at least one entry). */
  maxRangePayloadBytes: number;
  /** Longest Idempotency-Key, in characters. */
  maxIdempotencyKeyLength: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxPayloadBytes: 1024 * 1024,
  maxBatchEntries: 1000,
  maxBatchBytes: 16 * 1024 * 1024,
  maxFutureSkewNs: 5n * 60n * 1_000_000_000n,
  maxRangeEntries: 1000,
  maxRangePayloadBytes: 8 * 1024 * 1024,
  maxIdempotencyKeyLength: 256,
};

/** How the HTTP API serves one log: who may read, and what a request may carry. */
export interface HttpPolicy {
  requestLimits: RequestLimits;
  /** Require a reader token for the read API too (payloads always need one). */
  requireReaderForReads: boolean;
  /** Serve payloads without a reader token. */
  publicPayloads: boolean;
}

/** A partial policy as options give it. */
export interface HttpPolicyOptions {
  requestLimits?: Partial<RequestLimits>;
  requireReaderForReads?: boolean | undefined;
  publicPayloads?: boolean | undefined;
}

/** The full policy of partial options, with the defaults. */
export function httpPolicy(options: HttpPolicyOptions = {}): HttpPolicy {
  return {
    requestLimits: { ...DEFAULT_REQUEST_LIMITS, ...options.requestLimits },
    requireReaderForReads: options.requireReaderForReads === true,
    publicPayloads: options.publicPayloads === true,
  };
}

/** Everything `CairnLog.open` needs: where the log lives, who it is, how it sequences. */
export interface LogConfig {
  /** The data folder: LevelDB in `<dataDir>/leveldb`, the generated key in `<dataDir>/signer.key`. */
  dataDir: string;
  /** The origin (= key name). Required to match on an existing folder when given. */
  origin?: string;
  /** An operator's signer key file (Go note format). */
  keyFile?: string;
  sequencerLimits?: Partial<SequencerLimits>;
}

/** The default origin of a new log when neither --origin nor --key-file names one. */
export const DEFAULT_ORIGIN = 'localhost/cairn';

export { DEFAULT_SEQUENCER_LIMITS };
