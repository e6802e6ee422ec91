/**
 * The refusals of `cairn witness`, each with its HTTP status (C2SP tlog-witness, add-checkpoint)
 * and an RFC 9457 problem body whose detail says what to do. The one refusal whose body the
 * spec fixes, 409 with `text/x.tlog.size`, is built by the witness itself, not here.
 */
import { CodedError } from '../../merkle/index.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX } from '../http/index.js';

/** Why a witness refused a request. */
export type WitnessRefusalCode =
  | 'MALFORMED_REQUEST'
  | 'UNKNOWN_LOG'
  | 'NOT_SIGNED_BY_LOG'
  | 'INCONSISTENT_TREE'
  | 'BODY_TOO_LARGE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'STATE_UNAVAILABLE';

const TITLES: Readonly<Record<WitnessRefusalCode, [slug: string, title: string]>> = {
  MALFORMED_REQUEST: ['malformed-request', 'Malformed request'],
  UNKNOWN_LOG: ['unknown-log', 'Unknown log'],
  NOT_SIGNED_BY_LOG: ['not-signed-by-log', "No valid signature by the log's key"],
  INCONSISTENT_TREE: ['inconsistent-tree', 'Checkpoint not consistent with the cosigned tree'],
  BODY_TOO_LARGE: ['payload-too-large', 'Request body too large'],
  NOT_FOUND: ['not-found', 'Not found'],
  METHOD_NOT_ALLOWED: ['method-not-allowed', 'Method not allowed'],
  REQUEST_TIMEOUT: ['request-timeout', 'Request timeout'],
  STATE_UNAVAILABLE: ['store-unavailable', 'Witness state unavailable'],
};

/** A refusal: status, code and the sentence for the problem's detail. */
export class WitnessRefusal extends CodedError<WitnessRefusalCode> {
  override readonly name = 'WitnessRefusal';
  constructor(
    readonly status: number,
    code: WitnessRefusalCode,
    detail: string,
    cause?: unknown,
  ) {
    super(code, detail, { cause });
  }
}

/** An answer of the witness: status, media type and body bytes. */
export interface WitnessAnswer {
  status: number;
  contentType: string;
  body: string;
  /** Extra response headers (e.g. Allow). */
  headers?: Record<string, string>;
}

/** The problem+json answer of a refusal. */
export function refusalAnswer(refusal: WitnessRefusal, headers?: Record<string, string>): WitnessAnswer {
  const [slug, title] = TITLES[refusal.code];
  const body = JSON.stringify({ type: PROBLEM_TYPE_PREFIX + slug, title, status: refusal.status, detail: refusal.message, code: refusal.code });
  return { status: refusal.status, contentType: PROBLEM_CONTENT_TYPE, body, ...(headers ? { headers } : {}) };
}
