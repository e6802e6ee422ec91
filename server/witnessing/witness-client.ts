/**
 * One request of the C2SP tlog-witness protocol, from the log's side: `POST <prefix>/add-checkpoint`
 * with `old <size>`, the consistency proof lines, a blank line and the signed note; the answer
 * sorted into what the witness loop acts on (docs/witness.md "HTTP interface").
 */
import { encodeBase64 } from '../../proofs/index.js';

/** What a witness answered. */
export type WitnessAnswer =
  | { kind: 'cosigned'; status: 200; body: string }
  | { kind: 'conflict'; status: 409; size: number }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'unreachable'; status: 0; detail: string };

/** The add-checkpoint request body (tlog-witness "add-checkpoint"). */
export function addCheckpointBody(oldSize: number, proof: readonly Uint8Array[], note: string): string {
  return `old ${oldSize}\n${proof.map((h) => encodeBase64(h) + '\n').join('')}\n${note}`;
}

/** Largest answer read from a witness: a few signature lines, or a problem. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Sends one checkpoint to the witness at `prefix` (its submission prefix, from the policy) and
 * classifies the answer. Never throws: a network error, a timeout after `timeoutMs` or an
 * unreadable 409 is `unreachable` or `refused`.
 */
export async function askWitness(prefix: string, oldSize: number, proof: readonly Uint8Array[], note: string, timeoutMs: number): Promise<WitnessAnswer> {
  const url = prefix.replace(/\/+$/, '') + '/add-checkpoint';
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: 'POST', body: addCheckpointBody(oldSize, proof, note), signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    text = await res.text();
  } catch (err) {
    const e = err as Error;
    return {
      kind: 'unreachable',
      status: 0,
      detail: e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`,
    };
  }
  if (text.length > MAX_ANSWER_BYTES) return { kind: 'refused', status: res.status, detail: `the answer is longer than ${MAX_ANSWER_BYTES} characters` };
  if (res.status === 200) return { kind: 'cosigned', status: 200, body: text };
  if (res.status === 409) {
    // tlog-witness: 409 carries `Content-Type: text/x.tlog.size` and `<size>\n`.
    const m = /^(0|[1-9][0-9]{0,15})\n$/.exec(text);
    const type = res.headers.get('content-type') ?? '';
    if (m !== null && type.split(';')[0]!.trim() === 'text/x.tlog.size' && Number.isSafeInteger(Number(m[1]))) {
      return { kind: 'conflict', status: 409, size: Number(m[1]) };
    }
    return { kind: 'refused', status: 409, detail: `a 409 without a text/x.tlog.size body (${type}): ${text.slice(0, 200)}` };
  }
  return { kind: 'refused', status: res.status, detail: problemDetail(text) };
}

/** The `detail` of a problem answer, else the start of the text. */
function problemDetail(text: string): string {
  try {
    const p = JSON.parse(text) as { detail?: unknown };
    if (typeof p.detail === 'string') return p.detail;
  } catch {
    // Not JSON: fall through to the text itself.
  }
  return text.slice(0, 200);
}
