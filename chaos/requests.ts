/**
 * The append requests of the chaos writers: how one is planned (kind, entries, unique payloads,
 * idempotency keys) and sent, through plain fetch (the wire format, SPEC §4) or through
 * CairnClient (which verifies every receipt and retries by itself), and what came of it.
 *
 * Every payload is unique in the run (it names the run, the writer and a counter), so the log
 * can be searched for it: each one may appear at most once, and a refused one never.
 */
import { CairnClient, CairnHttpError, CairnRequestError, VerificationError, encodeBase64, type AnyReceiptJson } from '../client/index.js';
import type { Random } from './random.js';

/** How a request is sent. `client-*` always carry idempotency keys (the client makes sure). */
export type RequestKind = 'fetch-single' | 'fetch-batch' | 'client-single' | 'client-batch';

/** One event of a request. */
export interface PlannedEntry {
  /** JSON text, unique in the run; stored and served byte for byte. */
  payload: string;
  idempotencyKey: string | undefined;
}

/** One append request; a retry sends the very same request again. */
export interface PlannedRequest {
  id: string;
  kind: RequestKind;
  /** Every entry has an idempotency key (then a request without an answer is retried). */
  keyed: boolean;
  /** Its events are audit events whose actor is the request id (admin.ts erases by that filter). */
  actor: boolean;
  entries: PlannedEntry[];
}

/** What one attempt of a request came to. */
export type Outcome =
  /** 201 (new) or 200 (replayed): one receipt per entry, in order. */
  | { kind: 'receipts'; status: number; receipts: AnyReceiptJson[] }
  /** 503 or 429: the log accepted nothing; retry after `retryAfterMs`. */
  | { kind: 'refused'; status: number; code: string; retryAfterMs: number }
  /** No usable answer (the server died): the entries may or may not be in the log. */
  | { kind: 'no-answer'; error: string }
  /** Any other answer, or a receipt that does not verify: a failed check of the run. */
  | { kind: 'failed'; error: string };

/** Plans the requests of one writer: a mix of every kind, some large payloads. */
export class RequestPlanner {
  private counter = 0;

  constructor(
    private readonly random: Random,
    private readonly run: string,
    private readonly writer: number,
  ) {}

  /** The next request of this writer. */
  next(): PlannedRequest {
    const n = this.counter++;
    const id = `${this.run}-w${this.writer}-${n}`;
    const r = this.random.next();
    const kind: RequestKind = r < 0.35 ? 'fetch-single' : r < 0.6 ? 'fetch-batch' : r < 0.85 ? 'client-single' : 'client-batch';
    const keyed = kind.startsWith('client') || this.random.chance(0.6);
    const count = kind.endsWith('batch') ? this.random.int(2, 12) : 1;
    // One request in ten: audit events the search index indexes (all of them would cost the
    // 2-core machine a third of its appends), enough for the admin's erasures by filter.
    const actor = this.random.chance(0.1);
    const entries = Array.from({ length: count }, (_, j) => ({
      payload: this.payload(`${id}-${j}`, actor ? id : undefined),
      idempotencyKey: keyed ? `${id}-${j}` : undefined,
    }));
    return { id, kind, keyed, actor, entries };
  }

  /**
   * A JSON event naming `eventId`; with `actor`, an audit event (docs/events.md) of that actor
   * (its request's id), so an erasure by filter `{"actor": <request id>}` means exactly the
   * entries of one request (admin.ts). One in twenty is 2–32 KiB, so rounds vary in size.
   */
  private payload(eventId: string, actor: string | undefined): string {
    const padding = this.random.chance(0.05) ? 'x'.repeat(this.random.int(2048, 32768)) : 'x'.repeat(this.random.int(0, 120));
    if (actor === undefined) return JSON.stringify({ event: 'chaos', id: eventId, padding });
    return JSON.stringify({ event: 'chaos', actor, action: 'chaos.append', target: eventId, outcome: 'success', padding });
  }
}

/** What sending needs: the server, a writer token and the verifier key. */
export interface SendContext {
  url: string;
  token: string;
  verifierKey: string;
  /** The CairnClient for `url` (one per server epoch). */
  client: CairnClient;
}

/** A CairnClient for the writers: few, quick retries (the harness itself retries across restarts). */
export function writerClient(url: string, token: string, verifierKey: string): CairnClient {
  return new CairnClient(url, { token, verifierKey, retries: 2, retryBaseDelayMs: 20, maxRetryDelayMs: 250, timeoutMs: 60_000 });
}

/** Sends one attempt of `request`; never throws. */
export async function sendRequest(ctx: SendContext, request: PlannedRequest): Promise<Outcome> {
  try {
    switch (request.kind) {
      case 'fetch-single':
        return await fetchSingle(ctx, request.entries[0]!);
      case 'fetch-batch':
        return await fetchBatch(ctx, request.entries);
      case 'client-single':
        return await clientSingle(ctx, request.entries[0]!);
      case 'client-batch':
        return await clientBatch(ctx, request.entries);
    }
  } catch (err) {
    return classify(err);
  }
}

async function fetchSingle(ctx: SendContext, entry: PlannedEntry): Promise<Outcome> {
  const headers: Record<string, string> = { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json' };
  if (entry.idempotencyKey !== undefined) headers['Idempotency-Key'] = entry.idempotencyKey;
  const res = await fetch(`${ctx.url}/v1/entries`, { method: 'POST', headers, body: entry.payload });
  return answer(res, (body) => [body as AnyReceiptJson]);
}

async function fetchBatch(ctx: SendContext, entries: readonly PlannedEntry[]): Promise<Outcome> {
  // Half the entries as `json` (the exact text is stored), half as base64 `payload`.
  const items = entries.map((e, j) => {
    const key = e.idempotencyKey === undefined ? '' : `,"idempotencyKey":${JSON.stringify(e.idempotencyKey)}`;
    return j % 2 === 0
      ? `{"json":${e.payload}${key}}`
      : `{"payload":"${encodeBase64(new TextEncoder().encode(e.payload))}","contentType":"application/json"${key}}`;
  });
  const res = await fetch(`${ctx.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json' },
    body: `{"entries":[${items.join(',')}]}`,
  });
  return answer(res, (body) => (body as { receipts: AnyReceiptJson[] }).receipts);
}

// The writers take the receipts without verifying them (`verify: false`): the checks after the
// restart verify every receipt once with verifyReceipt, and verifying here too (Ed25519 in
// JavaScript, about 1 ms a receipt) would make the harness, not the server, the bottleneck, so
// that kills would find the server idle.

async function clientSingle(ctx: SendContext, entry: PlannedEntry): Promise<Outcome> {
  const r = await ctx.client.append(entry.payload, { contentType: 'application/json', idempotencyKey: entry.idempotencyKey!, verify: false });
  return { kind: 'receipts', status: r.replayed ? 200 : 201, receipts: [r.receipt] };
}

async function clientBatch(ctx: SendContext, entries: readonly PlannedEntry[]): Promise<Outcome> {
  const events = entries.map((e) => ({ payload: e.payload, contentType: 'application/json', idempotencyKey: e.idempotencyKey! }));
  const r = await ctx.client.appendBatch(events, { verify: false });
  return { kind: 'receipts', status: 201, receipts: r.map((x) => x.receipt) };
}

/** The sentences of a 503 after which the entries may be in the log (server/http/problems.ts, forward-appends.ts). */
const MAY_HAVE_LANDED = /\bmay (or may not )?(be in the log|have been appended)/i;

/** A plain-fetch answer: receipts for 2xx, a refusal for 503/429, a failure otherwise. */
async function answer(res: Response, receipts: (body: unknown) => AnyReceiptJson[]): Promise<Outcome> {
  // Reading the body can fail too, when the server dies while it sends: no answer then.
  const text = await res.text();
  if (res.status === 200 || res.status === 201) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { kind: 'failed', error: `a ${res.status} answer that is not JSON: ${text.slice(0, 200)}` };
    }
    return { kind: 'receipts', status: res.status, receipts: receipts(body) };
  }
  if (res.status === 503 || res.status === 429) {
    const seconds = Number(res.headers.get('retry-after') ?? '1');
    let code = '';
    try {
      code = String((JSON.parse(text) as { code?: unknown }).code);
    } catch {
      // A refusal without a problem body still refuses.
    }
    // A 503 that says the write may have landed (a commit whose outcome is unknown: the database
    // failed during it, or a forwarded write lost its leader) is not a refusal: no answer.
    if (MAY_HAVE_LANDED.test(text)) return { kind: 'no-answer', error: `${res.status}: the server says the entries may be in the log` };
    return { kind: 'refused', status: res.status, code, retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : 1000 };
  }
  return { kind: 'failed', error: `unexpected answer ${res.status}: ${text.slice(0, 300)}` };
}

/** Sorts a thrown error into no-answer (the connection died), refused, or failed. */
function classify(err: unknown): Outcome {
  if (err instanceof CairnHttpError) {
    if (err.status === 503 || err.status === 429) return { kind: 'refused', status: err.status, code: err.code ?? '', retryAfterMs: err.retryAfterMs ?? 1000 };
    return { kind: 'failed', error: `CairnClient: ${err.message}` };
  }
  if (err instanceof CairnRequestError) {
    // BAD_RESPONSE: a 2xx body cut short by the kill.
    if (err.code === 'NETWORK_ERROR' || err.code === 'TIMEOUT' || err.code === 'BAD_RESPONSE')
      return { kind: 'no-answer', error: `${err.code}: ${err.message}` };
    return { kind: 'failed', error: `CairnClient: ${err.code}: ${err.message}` };
  }
  if (err instanceof VerificationError) return { kind: 'failed', error: `a receipt does not verify: ${err.code}: ${err.message}` };
  // fetch rejects with a TypeError ("fetch failed") when the connection is refused or reset.
  // By name too: under jest, fetch's TypeError comes from another realm than the test's.
  if (err instanceof TypeError || (err as Error | undefined)?.name === 'TypeError')
    return {
      kind: 'no-answer',
      error: `${(err as Error).message}${(err as Error).cause instanceof Error ? `: ${((err as Error).cause as Error).message}` : ''}`,
    };
  return { kind: 'failed', error: `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
}
