/**
 * What the HTTP layer may use of a log: the narrow facade of CairnLog (append, the reads, the
 * latest published checkpoint, health, token look-up), never its sequencer, reader, store or
 * config. Routes get it with the HTTP policy the app serves it under.
 */
import type { CairnLog } from '../cairn-log.js';
import type { HttpPolicy } from '../config.js';
import type { EventIndex } from '../index/index.js';

/** The facade of one log, as the routes see it. */
export type ServedLog = Pick<
  CairnLog,
  | 'origin'
  | 'verifierKey'
  | 'checkpoint'
  | 'committedSize'
  | 'healthy'
  | 'unreadyReason'
  | 'pending'
  | 'clock'
  | 'clockRefusing'
  | 'submitters'
  | 'authenticate'
  | 'append'
  | 'hashTile'
  | 'entryBundle'
  | 'leaves'
  | 'leafHash'
  | 'inclusionProof'
  | 'inclusionProofs'
  | 'leavesAt'
  | 'payloadsAt'
  | 'consistencyProof'
  | 'checkpointAt'
  | 'findLeaf'
  | 'payload'
  | 'payloads'
  | 'erasures'
  | 'erasureOf'
  | 'learnErasures'
  | 'catchUpTo'
  | 'receipt'
  | 'receiptOrErased'
  | 'witnessing'
>;

/** One log and the policy it is served under: what every route module receives. */
export interface LogContext {
  log: ServedLog;
  policy: HttpPolicy;
  /** The log's search index (issue 13); without it /v1/events is not served. */
  events?: EventIndex;
}
