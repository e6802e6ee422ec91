/**
 * The erasure part of `cairn audit` (issue 14), run with a reader token after the tile audit:
 * every erasure record among the authentic leaves (submitter `cairn`, content type
 * application/vnd.cairn.erasure+json) is read through the API, its payload checked against the
 * leaf's commitment (so the server cannot show another list), and every entry it lists must
 * answer 410 PAYLOAD_ERASED naming a record that lists it. A payload still served, or a 410
 * naming another entry, is a contradiction (exit 6).
 */
import { equalBytes } from '../../merkle/index.js';
import { computeCommitment, decodeBase64, decodeLogEntry, type LogEntry } from '../../proofs/index.js';
import { ERASURE_CONTENT_TYPE, SYSTEM_SUBMITTER, parseErasureRecord } from '../erasure/system-records.js';

/** What the erasure check found. */
export interface ErasureAudit {
  /** Erasure records checked. */
  records: number;
  /** Erased entries confirmed (410 naming a record that lists them). */
  erased: number;
  /** The first contradiction, if any: what and where. */
  failure?: { where: string; message: string };
}

/** Collects the erasure records among the authentic leaves (AuditOptions.onEntry). */
export class ErasureRecordCollector {
  readonly records: { index: number; entry: LogEntry }[] = [];

  /** Looks at one authentic leaf. */
  onEntry = (index: number, leaf: Uint8Array): void => {
    let entry: LogEntry;
    try {
      entry = decodeLogEntry(leaf);
    } catch {
      return; // not a Cairn leaf: the tile audit judges that
    }
    if (entry.submitter === SYSTEM_SUBMITTER && entry.contentType === ERASURE_CONTENT_TYPE) this.records.push({ index, entry });
  };
}

async function getJson(url: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: {} };
  }
}

/** Checks the collected records against the log's answers; see the file comment. */
export async function auditErasures(prefix: string, token: string, records: readonly { index: number; entry: LogEntry }[]): Promise<ErasureAudit> {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const out: ErasureAudit = { records: 0, erased: 0 };
  const listed = new Map<number, Set<number>>();
  for (const { index, entry } of records) {
    const { status, body } = await getJson(`${base}/v1/entries/${index}`, token);
    if (status !== 200 || typeof body['payload'] !== 'string' || typeof body['nonce'] !== 'string') {
      return {
        ...out,
        failure: { where: `entry ${index}`, message: `erasure record ${index} cannot be read with this token (HTTP ${status}); a reader token is needed` },
      };
    }
    const payload = decodeBase64(body['payload']);
    if (!equalBytes(computeCommitment(decodeBase64(body['nonce']), payload), entry.commitment)) {
      return { ...out, failure: { where: `entry ${index}`, message: `the payload served for erasure record ${index} does not open its leaf's commitment` } };
    }
    const record = parseErasureRecord(payload);
    if (!record) return { ...out, failure: { where: `entry ${index}`, message: `erasure record ${index} is not the JSON the server writes` } };
    out.records++;
    for (const i of record.indexes) {
      if (!listed.has(i)) listed.set(i, new Set());
      listed.get(i)!.add(index);
    }
  }
  for (const [i, by] of listed) {
    const { status, body } = await getJson(`${base}/v1/entries/${i}/payload`, token);
    const named = body['record'];
    if (status !== 410 || typeof named !== 'number' || !by.has(named)) {
      const got = status === 410 ? `410 naming entry ${String(named)}` : `HTTP ${status}`;
      return {
        ...out,
        failure: {
          where: `entry ${i}`,
          message: `erasure record ${[...by].join(', ')} lists entry ${i}, but reading its payload answers ${got}, not 410 naming the record`,
        },
      };
    }
    out.erased++;
  }
  return out;
}
