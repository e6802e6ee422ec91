/**
 * An independent model of what the index must hold, for brute-force comparisons: random logs
 * whose every entry's expected fields are known from how it was generated (not from the code
 * under test), and a brute-force search over them.
 */
import fc from 'fast-check';
import { decodeLogEntry } from '../../../proofs/index.js';
import type { RangeBound, SearchOrder } from '../../../server/index/index.js';
import type { AppendBatch } from './log-fixture.js';

export const ACTORS = ['alice', 'bob', 'svc-billing', 'ünï', 'a b'] as const;
export const ACTIONS = ['login', 'invoice.delete', 'read'] as const;
export const TARGETS = ['invoice/1', 'invoice/2', 'db', 'x'] as const;
export const SUBMITTERS = ['default', 'ingest', 'ops'] as const;

/** The expected indexed fields of one entry. */
export interface ModelEntry {
  submitter: string;
  actor?: string;
  action?: string;
  target?: string;
}

/** One generated event and what the index must find in it. */
interface GeneratedEvent {
  payload: Uint8Array;
  contentType: string;
  expected: Omit<ModelEntry, 'submitter'>;
}

const utf8 = new TextEncoder();

/** Events of every kind: full events (string or object refs), partial ones, and non-indexable payloads. */
const eventArb: fc.Arbitrary<GeneratedEvent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        actor: fc.constantFrom(...ACTORS),
        action: fc.constantFrom(...ACTIONS),
        target: fc.constantFrom(...TARGETS),
        asObject: fc.boolean(),
        plusJson: fc.boolean(),
        drop: fc.constantFrom('none', 'none', 'actor', 'action', 'target'),
      })
      .map((r) => {
        const ref = (id: string) => (r.asObject ? { id, kind: 'thing' } : id);
        const body: Record<string, unknown> = { actor: ref(r.actor), action: r.action, target: ref(r.target), outcome: 'success', context: { n: 1 } };
        const expected: GeneratedEvent['expected'] = { actor: r.actor, action: r.action, target: r.target };
        if (r.drop !== 'none') {
          delete body[r.drop];
          delete expected[r.drop as 'actor' | 'action' | 'target'];
        }
        return {
          payload: utf8.encode(JSON.stringify(body)),
          contentType: r.plusJson ? 'application/vnd.cairn.event+json' : 'application/json; charset=utf-8',
          expected,
        };
      }),
  },
  // JSON that is not an object, not JSON, a JSON event under a non-JSON type, mistyped fields: nothing but the submitter.
  {
    weight: 1,
    arbitrary: fc.constantFrom('[1,2]', '"alice"', '42', 'null').map((t) => ({ payload: utf8.encode(t), contentType: 'application/json', expected: {} })),
  },
  { weight: 1, arbitrary: fc.constant({ payload: utf8.encode('{"actor": "alice", broken'), contentType: 'application/json', expected: {} }) },
  { weight: 1, arbitrary: fc.constant({ payload: utf8.encode('{"actor":"alice","action":"login","target":"db"}'), contentType: 'text/plain', expected: {} }) },
  {
    weight: 1,
    arbitrary: fc.constant({ payload: utf8.encode('{"actor":7,"action":["login"],"target":{"name":"db"}}'), contentType: 'application/json', expected: {} }),
  },
  { weight: 1, arbitrary: fc.constant({ payload: Uint8Array.of(0xff, 0x7b, 0x00), contentType: 'application/octet-stream', expected: {} }) },
);

/** A random log: batches of 1..20 events from one submitter. */
export const logArb: fc.Arbitrary<{ batches: AppendBatch[]; model: ModelEntry[] }> = fc
  .array(fc.record({ submitter: fc.constantFrom(...SUBMITTERS), events: fc.array(eventArb, { minLength: 1, maxLength: 20 }) }), {
    minLength: 10,
    maxLength: 30,
  })
  .map((raw) => ({
    batches: raw.map((b) => ({ submitter: b.submitter, events: b.events.map((e) => ({ payload: e.payload, contentType: e.contentType })) })),
    model: raw.flatMap((b) => b.events.map((e) => ({ submitter: b.submitter, ...e.expected }))),
  }));

/** A search as the brute force sees it. */
export interface ModelQuery {
  actor?: string;
  action?: string;
  target?: string;
  submitter?: string;
  since?: RangeBound;
  until?: RangeBound;
  order: SearchOrder;
}

/** Every index matching `q`, in its order: a scan of the whole model. */
export function bruteForce(model: readonly ModelEntry[], timestamps: readonly bigint[], q: ModelQuery): number[] {
  const out: number[] = [];
  model.forEach((e, i) => {
    if (q.actor !== undefined && e.actor !== q.actor) return;
    if (q.action !== undefined && e.action !== q.action) return;
    if (q.target !== undefined && e.target !== q.target) return;
    if (q.submitter !== undefined && e.submitter !== q.submitter) return;
    if (q.since !== undefined && ('index' in q.since ? i < q.since.index : timestamps[i]! < q.since.time)) return;
    if (q.until !== undefined && ('index' in q.until ? i > q.until.index : timestamps[i]! > q.until.time)) return;
    out.push(i);
  });
  return q.order === 'asc' ? out : out.reverse();
}

/** The timestamps of leaves, decoded. */
export function timestampsOf(leaves: readonly Uint8Array[]): bigint[] {
  return leaves.map((l) => decodeLogEntry(l).timestamp);
}
