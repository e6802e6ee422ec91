/**
 * Plain fetch calls against a running Cairn server (SPEC §4, §5), and the client-side checks a
 * monitor makes: a checkpoint verified with the verifier key, inclusion and consistency proofs
 * from the dynamic proof endpoints verified against it. No client library: the tests see the
 * wire format.
 */
import type { Checkpoint, ReceiptJson } from '../../client/index.js';
import { decodeBase64, verifyCheckpoint, verifyConsistency, verifyInclusion } from '../../client/index.js';

/** A response's status and parsed JSON body (undefined when the body is not JSON). */
export interface JsonResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

async function toJson(res: Response): Promise<JsonResponse> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, headers: res.headers };
}

function auth(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { Authorization: `Bearer ${token}` };
}

/** `POST /v1/entries` with a JSON payload (sent as the exact text given). */
export async function appendOne(url: string, token: string | undefined, payload: string, options: { idempotencyKey?: string } = {}): Promise<JsonResponse> {
  const res = await fetch(`${url}/v1/entries`, {
    method: 'POST',
    headers: {
      ...auth(token),
      'Content-Type': 'application/json',
      ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}),
    },
    body: payload,
  });
  return toJson(res);
}

/** One entry of a JSON batch. */
export interface BatchEntry {
  json: unknown;
  idempotencyKey?: string;
}

/** `POST /v1/entries/batch` in JSON. */
export async function appendBatch(url: string, token: string | undefined, entries: readonly BatchEntry[]): Promise<JsonResponse> {
  const res = await fetch(`${url}/v1/entries/batch`, {
    method: 'POST',
    headers: { ...auth(token), 'Content-Type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
  return toJson(res);
}

/** `GET <path>` with an optional token. */
export async function getJson(url: string, path: string, token?: string): Promise<JsonResponse> {
  return toJson(await fetch(`${url}${path}`, { headers: auth(token) }));
}

/** The receipts of a 2xx append answer (one for a single append, many for a batch). */
export function receiptsOf(response: JsonResponse): ReceiptJson[] {
  const body = response.body as { receipts?: ReceiptJson[] } & Partial<ReceiptJson>;
  if (Array.isArray(body.receipts)) return body.receipts;
  return [body as ReceiptJson];
}

/** A checkpoint as a monitor keeps it: the verified values and the note text. */
export interface SeenCheckpoint extends Checkpoint {
  note: string;
}

/** `GET /checkpoint`, verified with the verifier key. */
export async function fetchCheckpoint(url: string, verifierKey: string): Promise<SeenCheckpoint> {
  const res = await fetch(`${url}/checkpoint`);
  if (res.status !== 200) throw new Error(`GET /checkpoint answered ${res.status}`);
  const note = await res.text();
  return { ...verifyCheckpoint(note, verifierKey), note };
}

function hashesOf(body: unknown): Uint8Array[] {
  const hashes = (body as { hashes?: unknown }).hashes;
  if (!Array.isArray(hashes)) throw new Error(`a proof answer without hashes: ${JSON.stringify(body)}`);
  return hashes.map((h) => decodeBase64(String(h)));
}

/**
 * Proves with `GET /v1/proof/inclusion` that `leafHash` is leaf `index` of the verified
 * `checkpoint`; throws VerificationError (or an Error for a non-200 answer) otherwise.
 */
export async function proveInclusion(url: string, checkpoint: Checkpoint, index: number, leafHash: Uint8Array): Promise<void> {
  const r = await getJson(url, `/v1/proof/inclusion?index=${index}&size=${checkpoint.treeSize}`);
  if (r.status !== 200) throw new Error(`inclusion proof of ${index} in ${checkpoint.treeSize}: ${r.status} ${JSON.stringify(r.body)}`);
  verifyInclusion(leafHash, index, checkpoint.treeSize, hashesOf(r.body), checkpoint.rootHash);
}

/**
 * Proves with `GET /v1/proof/consistency` that the verified checkpoint `older` is a prefix of
 * the verified `newer`; throws otherwise.
 */
export async function proveConsistency(url: string, older: Checkpoint, newer: Checkpoint): Promise<void> {
  // Every tree extends the empty one: nothing to fetch (RFC 9162 needs no proof from size 0).
  if (older.treeSize === 0) {
    verifyConsistency(0, newer.treeSize, older.rootHash, newer.rootHash, []);
    return;
  }
  const r = await getJson(url, `/v1/proof/consistency?from=${older.treeSize}&to=${newer.treeSize}`);
  if (r.status !== 200) throw new Error(`consistency proof ${older.treeSize} → ${newer.treeSize}: ${r.status} ${JSON.stringify(r.body)}`);
  verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, hashesOf(r.body));
}
