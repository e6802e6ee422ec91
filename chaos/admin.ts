/**
 * The admin side of the chaos load (issue 14): one loop that, in the load phase, erases
 * payloads (by index, and by filter: the `actor` of one request, which names exactly its
 * entries), places legal holds and releases them, with an admin token, while the writers append
 * and the server is SIGKILLed at random moments (an admin request cut off by a kill may or may
 * not have taken effect: its entries are only marked "maybe").
 *
 * Right away it checks what the answer promises: an erasure answers 201 with its record and
 * exactly the entries asked for; an erasure of an entry under a hold it placed answers 409
 * ENTRY_HELD naming the hold, and the payload is still served. After every restart
 * `checkErasures` checks the log read back: every absent payload is covered by an erasure record
 * (an entry of submitter `cairn` that lists it), else the entry is LOST; every acknowledged
 * erasure is in effect; every entry under a hold that is still active kept its payload.
 */
import type { Gate } from './gate.js';
import type { Ack, Ledger, RequestRecord } from './ledger.js';
import type { Random } from './random.js';

/** The content type of erasure records (SPEC §5.9). */
const ERASURE_CONTENT_TYPE = 'application/vnd.cairn.erasure+json';
/** The submitter of the log's own records. */
export const SYSTEM_SUBMITTER = 'cairn';

/** What the admin operations did and promised. */
export class AdminLedger {
  /** Entries whose erasure was acknowledged (201), to the record the answer named. */
  readonly erased = new Map<number, number>();
  /** Active holds this run placed (answered 201, not released), to the entries they hold. */
  readonly holds = new Map<number, number[]>();
  /** Requests an admin operation chose (each is chosen once: an erased entry is not erased again, a held one not erased later). */
  readonly touched = new Set<RequestRecord>();
  /** Admin requests that got no answer (a kill): their effect is unknown, and allowed either way. */
  cutOff = 0;
  /** The admin request in flight (a run that stops early says which). */
  current: string | undefined;
  counts = { erasures: 0, filterErasures: 0, holds: 0, refusedHeld: 0, releases: 0 };
}

/** What the admin loop needs. */
export interface AdminContext {
  gate: Gate;
  ledger: Ledger;
  /** An admin token (erasures, holds). */
  token: string;
  /** A reader token (payload reads: an admin token may not read payloads). */
  readerToken: string;
  random: Random;
}

/** Time between two admin operations in the load phase. */
const ADMIN_INTERVAL_MS = 200;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs admin operations until the gate is done. */
export async function runAdmin(ctx: AdminContext): Promise<void> {
  for (;;) {
    const up = await ctx.gate.whenLoad();
    if (up === undefined) return;
    ctx.gate.writerBusy(1);
    try {
      await adminStep(ctx, up.url);
    } finally {
      ctx.gate.writerBusy(-1);
    }
    await pause(ctx.random.int(ADMIN_INTERVAL_MS / 2, ADMIN_INTERVAL_MS * 2));
  }
}

type Answer = { status: number; body: Record<string, unknown> } | undefined;

/** An admin request that takes longer has hung: a failed check (the writers' requests time out after 60 s). */
const ADMIN_TIMEOUT_MS = 15_000;

/**
 * One admin request; undefined when its outcome is unknown: no answer (the server was killed
 * under it), or 503 (on several processes: the leader it was forwarded to went away, maybe after
 * doing it).
 */
async function call(ctx: AdminContext, url: string, method: string, path: string, body?: unknown): Promise<Answer> {
  ctx.gate.requestInFlight(1);
  ctx.ledger.admin.current = `${method} ${path}`;
  const started = performance.now();
  try {
    const res = await fetch(`${url}${path}`, {
      signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS),
      method,
      headers: {
        Authorization: `Bearer ${method === 'GET' ? ctx.readerToken : ctx.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status === 503) {
      ctx.ledger.admin.cutOff++;
      return undefined;
    }
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  } catch (err) {
    if (performance.now() - started >= ADMIN_TIMEOUT_MS)
      ctx.ledger.fail(`${method} ${path} got no answer within ${ADMIN_TIMEOUT_MS} ms: ${(err as Error).message}`);
    ctx.ledger.admin.cutOff++;
    return undefined;
  } finally {
    ctx.ledger.admin.current = undefined;
    ctx.gate.requestInFlight(-1);
  }
}

/**
 * Acknowledged requests no admin operation chose yet, with a receipt for each entry (verified
 * by the next check if not yet: a bad receipt fails the run there, whatever was erased).
 */
function candidates(ledger: Ledger): Map<RequestRecord, Ack[]> {
  const out = new Map<RequestRecord, Ack[]>();
  for (const ack of ledger.acks) {
    if (ack.record.state !== 'acked' || ledger.admin.touched.has(ack.record)) continue;
    out.set(ack.record, [...(out.get(ack.record) ?? []), ack]);
  }
  for (const [record, acks] of out) if (acks.length !== record.request.entries.length) out.delete(record);
  return out;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)]!;
}

/** One operation: 20% a release (when a hold is active), else 35% erase one index, 15% erase by filter, the rest a hold. */
async function adminStep(ctx: AdminContext, url: string): Promise<void> {
  const { ledger, random } = ctx;
  const admin = ledger.admin;
  const r = random.next();
  if (r < 0.2 && admin.holds.size > 0) return release(ctx, url, pick(random, [...admin.holds.keys()]));
  const byFilter = r >= 0.55 && r < 0.7;
  // An erasure by filter needs a request of audit events (its actor names only its entries).
  const pool = [...candidates(ledger)].filter(([record]) => !byFilter || record.request.actor);
  if (pool.length === 0) return;
  const [record, acks] = pick(random, pool);
  admin.touched.add(record);
  const indexes = acks.map((a) => a.verified?.index ?? a.receipt.index).sort((a, b) => a - b);
  if (byFilter) return erase(ctx, url, { filter: { actor: record.request.id } }, indexes);
  if (r < 0.55) return erase(ctx, url, { indexes: [indexes[0]!] }, [indexes[0]!]);
  return holdThenTryErase(ctx, url, indexes[0]!);
}

/** Erases `selection`, which must mean exactly `expected`; a 201 is remembered, anything else but no answer fails. */
async function erase(ctx: AdminContext, url: string, selection: object, expected: number[]): Promise<void> {
  const a = await call(ctx, url, 'POST', '/v1/erasures', { ...selection, reason: 'chaos: GDPR art. 17' });
  if (a === undefined) return;
  const { record, erased } = a.body as { record?: unknown; erased?: unknown };
  if (a.status !== 201 || typeof record !== 'number' || JSON.stringify(erased) !== JSON.stringify(expected)) {
    ctx.ledger.fail(
      `erasure of ${JSON.stringify(selection)} answered ${a.status} ${JSON.stringify(a.body).slice(0, 300)}, not 201 erasing ${expected.join(', ')}`,
    );
    return;
  }
  for (const i of expected) ctx.ledger.admin.erased.set(i, record);
  if ('filter' in selection) ctx.ledger.admin.counts.filterErasures++;
  else ctx.ledger.admin.counts.erasures++;
}

/** Places a hold on `index`, then asks to erase it: 409 ENTRY_HELD naming the hold, and the payload still served. */
async function holdThenTryErase(ctx: AdminContext, url: string, index: number): Promise<void> {
  const { ledger } = ctx;
  const h = await call(ctx, url, 'POST', '/v1/holds', { indexes: [index], reason: 'chaos: litigation hold' });
  if (h === undefined) return;
  const id = (h.body['hold'] as { id?: unknown } | undefined)?.id;
  if (h.status !== 201 || typeof id !== 'number') {
    ledger.fail(`hold of entry ${index} answered ${h.status} ${JSON.stringify(h.body).slice(0, 300)}, not 201 with the hold`);
    return;
  }
  ledger.admin.holds.set(id, [index]);
  ledger.admin.counts.holds++;
  const e = await call(ctx, url, 'POST', '/v1/erasures', { indexes: [index], reason: 'chaos: erasure of a held entry' });
  if (e === undefined) return;
  if (e.status !== 409 || e.body['code'] !== 'ENTRY_HELD' || e.body['hold'] !== id) {
    ledger.fail(`erasure of entry ${index} under hold ${id} answered ${e.status} ${JSON.stringify(e.body).slice(0, 300)}, not 409 ENTRY_HELD naming the hold`);
    return;
  }
  ledger.admin.counts.refusedHeld++;
  let p = await call(ctx, url, 'GET', `/v1/entries/${index}`);
  // On several processes the one asked may not have caught up with the leader's head yet (SPEC §4.6).
  for (let tries = 0; p?.status === 404 && tries < 20; tries++) {
    await pause(150);
    p = await call(ctx, url, 'GET', `/v1/entries/${index}`);
  }
  if (p === undefined) return;
  if (p.status !== 200 || typeof p.body['payload'] !== 'string' || p.body['erased'] !== undefined) {
    ledger.fail(
      `entry ${index} under hold ${id}, whose erasure was refused, is served without its payload: ${p.status} ${JSON.stringify(p.body).slice(0, 300)}`,
    );
  }
}

/** Releases hold `id`: 200 with `releasedBy`. Its entries stay chosen (never erased later), so they keep their payload. */
async function release(ctx: AdminContext, url: string, id: number): Promise<void> {
  const a = await call(ctx, url, 'DELETE', `/v1/holds/${id}`);
  ctx.ledger.admin.holds.delete(id);
  if (a === undefined) return;
  const released = (a.body['hold'] as { releasedBy?: unknown } | undefined)?.releasedBy;
  if (a.status !== 200 || typeof released !== 'number') {
    ctx.ledger.fail(`release of hold ${id} answered ${a.status} ${JSON.stringify(a.body).slice(0, 300)}, not 200 with releasedBy`);
    return;
  }
  ctx.ledger.admin.counts.releases++;
}

/** One entry as the walk read it, for the erasure checks. */
export interface WalkedEntry {
  submitter: string;
  contentType: string;
  payload: Uint8Array | undefined;
  /** For an entry without payload: the record `erased.record` names, if the server named one. */
  erasedBy?: number;
}

/**
 * The erasure checks after a restart, on the whole log read back (`entries[i]` is entry i):
 * - an entry without payload must name an erasure record K that is in the log, is a record of
 *   the log's own (submitter `cairn`, the erasure content type) and lists it; otherwise its
 *   payload is gone without a record: LOST when a writer holds its receipt, a failure anyway;
 * - every acknowledged erasure is in effect, naming the record its answer named;
 * - every entry under a hold still active (placed and not released by this run) has its payload.
 * Returns how many absent payloads were found covered.
 */
export function checkErasures(ledger: Ledger, entries: readonly WalkedEntry[]): number {
  const ackAt = new Map<number, Ack>();
  for (const ack of ledger.acks) if (ack.verified !== undefined) ackAt.set(ack.verified.index, ack);
  const lists = new Map<number, Set<number> | undefined>();
  const listed = (k: number): Set<number> | undefined => {
    if (!lists.has(k)) {
      const e = entries[k];
      let set: Set<number> | undefined;
      if (e !== undefined && e.submitter === SYSTEM_SUBMITTER && e.contentType === ERASURE_CONTENT_TYPE && e.payload !== undefined) {
        try {
          const parsed = JSON.parse(new TextDecoder().decode(e.payload)) as { indexes?: unknown };
          if (Array.isArray(parsed.indexes)) set = new Set(parsed.indexes as number[]);
        } catch {
          set = undefined;
        }
      }
      lists.set(k, set);
    }
    return lists.get(k);
  };
  let covered = 0;
  entries.forEach((e, i) => {
    if (e.payload !== undefined) return;
    const k = e.erasedBy;
    if (k !== undefined && listed(k)?.has(i) === true) {
      covered++;
      return;
    }
    const why =
      k === undefined
        ? 'its payload is absent and no erasure record covers it'
        : `its payload is absent and the record it names (entry ${k}) is not an erasure record listing it`;
    const ack = ackAt.get(i);
    if (ack !== undefined) ledger.loseAck(ack, why);
    else ledger.fail(`entry ${i}: ${why}`);
  });
  for (const [i, k] of ledger.admin.erased) {
    const e = entries[i];
    if (e === undefined) continue; // the lost-entry checks report it
    if (e.payload !== undefined) ledger.fail(`entry ${i}: its erasure was acknowledged (record ${k}) but its payload is still served`);
    else if (e.erasedBy !== k) ledger.fail(`entry ${i}: its erasure was acknowledged as record ${k} but the log names record ${e.erasedBy}`);
  }
  for (const [id, indexes] of ledger.admin.holds) {
    for (const i of indexes) {
      if (entries[i]?.payload === undefined) ledger.fail(`entry ${i} is under hold ${id} but its payload is gone`);
    }
  }
  return covered;
}

/**
 * The `erased.record` of entry `index` as GET /v1/entries/<index> answers it. A process learns
 * of an erasure another process made when it has read the record (it follows the head every
 * 150 ms, then catches up), while the payload may be gone already: a missing record is asked
 * for again for up to 3 s before it counts.
 */
export async function erasedRecordOf(url: string, readerToken: string, index: number): Promise<number | undefined> {
  for (let tries = 0; ; tries++) {
    const res = await fetch(`${url}/v1/entries/${index}`, { headers: { Authorization: `Bearer ${readerToken}` } });
    const body = (await res.json()) as { erased?: { record?: unknown }; payload?: unknown };
    if (res.status !== 200) throw new Error(`GET /v1/entries/${index} answered ${res.status}`);
    // A payload served here but not in the range read: the walk is what counts; report no record.
    if (typeof body.payload === 'string') return undefined;
    const k = body.erased?.record;
    if (typeof k === 'number' || tries === 20) return typeof k === 'number' ? k : undefined;
    await pause(150);
  }
}
