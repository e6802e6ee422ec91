/**
 * The wire types (client/wire-types.ts) against docs/openapi.json: each type's members are its
 * schema's properties, the required ones exactly its schema's `required` list, and a member that
 * is another wire type refers to that type's schema.
 *
 * The tables below are kept honest by the compiler: each is checked with
 * `satisfies Presence<T>`, which demands every member of T, no other, and the right presence.
 * A member added to a type without its table fails to compile (and test/package fails on the
 * build's type errors); a table entry without the schema property fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type {
  ClockJson,
  ClockSourceJson,
  SkewSummaryJson,
  SubmitterJson,
  SubmittersJson,
  BatchEntryJson,
  BatchRequestJson,
  BatchResponseJson,
  ConsistencyProofJson,
  EntryJson,
  EntryListJson,
  EntrySummaryJson,
  EventsPageJson,
  HealthJson,
  InclusionProofJson,
  LimitsJson,
  LogEntryJson,
  LogInfoJson,
  ProblemJson,
  ReadyJson,
  ErasedReceiptJson,
  ReceiptJson,
  SignedCheckpointJson,
  SkippedEntryJson,
} from '../../client/index.js';

/** For each member of T: 'required', or 'optional' when T may lack it (`?:`). */
type Presence<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };

/** Whether a member must be there. */
type Member = 'required' | 'optional';

interface Row {
  type: string;
  schema: string;
  members: Record<string, Member>;
  /** Members whose schema is a `$ref` (or an array of them) to another schema. */
  refs?: Record<string, string>;
}

/** The members both receipts have (with and without payload): the leaf and where it is. */
const RECEIPT_LEAF = { index: 'required', leafHash: 'required', timestamp: 'required', treeSize: 'required', entry: 'required' } as const;

const ROWS: Row[] = [
  {
    type: 'LimitsJson',
    schema: 'Limits',
    members: {
      maxPayloadBytes: 'required',
      maxBatchEntries: 'required',
      maxBatchBytes: 'required',
      maxFutureSkewNs: 'required',
      maxRangeEntries: 'required',
      maxIdempotencyKeyLength: 'required',
    } satisfies Presence<LimitsJson>,
  },
  {
    type: 'LogInfoJson',
    schema: 'LogInfo',
    members: {
      origin: 'required',
      verifierKey: 'required',
      treeSize: 'required',
      rootHash: 'required',
      checkpoint: 'required',
      limits: 'required',
      clock: 'optional',
      witnessedSize: 'optional',
      indexedSize: 'optional',
    } satisfies Presence<LogInfoJson>,
    refs: { limits: 'Limits', clock: 'Clock' },
  },
  {
    type: 'ClockJson',
    schema: 'Clock',
    members: {
      status: 'required',
      reason: 'required',
      offsetMs: 'required',
      rttMs: 'required',
      stratum: 'required',
      maxOffsetMs: 'required',
      sources: 'required',
      checkedAt: 'required',
    } satisfies Presence<ClockJson>,
    refs: { sources: 'ClockSource' },
  },
  {
    type: 'ClockSourceJson',
    schema: 'ClockSource',
    members: {
      server: 'required',
      usable: 'required',
      offsetMs: 'required',
      rttMs: 'required',
      stratum: 'required',
      leap: 'required',
      transmitTime: 'required',
      lastOk: 'required',
      error: 'required',
    } satisfies Presence<ClockSourceJson>,
  },
  {
    type: 'SubmittersJson',
    schema: 'Submitters',
    members: { since: 'required', submitters: 'required' } satisfies Presence<SubmittersJson>,
    refs: { submitters: 'Submitter' },
  },
  {
    type: 'SubmitterJson',
    schema: 'Submitter',
    members: {
      submitter: 'required',
      entries: 'required',
      lastSeen: 'required',
      withOccurredAt: 'required',
      oldEvents: 'required',
      skewMs: 'required',
    } satisfies Presence<SubmitterJson>,
  },
  {
    type: 'SkewSummaryJson',
    schema: 'SkewSummary',
    members: { count: 'required', p50: 'required', p90: 'required', p99: 'required', min: 'required', max: 'required' } satisfies Presence<SkewSummaryJson>,
  },
  {
    type: 'LogEntryJson',
    schema: 'LogEntry',
    members: {
      timestamp: 'required',
      submitter: 'required',
      contentType: 'required',
      commitment: 'required',
      payloadSize: 'required',
      occurredAt: 'required',
      clockUnsynchronized: 'optional',
    } satisfies Presence<LogEntryJson>,
  },
  {
    type: 'InclusionProofJson',
    schema: 'InclusionProof',
    members: { index: 'required', treeSize: 'required', leafHash: 'required', hashes: 'required' } satisfies Presence<InclusionProofJson>,
  },
  {
    type: 'ConsistencyProofJson',
    schema: 'ConsistencyProof',
    members: { from: 'required', to: 'required', hashes: 'required' } satisfies Presence<ConsistencyProofJson>,
  },
  {
    type: 'EntrySummaryJson',
    schema: 'EntrySummary',
    members: {
      index: 'required',
      entry: 'required',
      leafHash: 'required',
      decoded: 'required',
      payloadAvailable: 'required',
      payload: 'optional',
      nonce: 'optional',
      erased: 'optional',
    } satisfies Presence<EntrySummaryJson>,
    refs: { decoded: 'LogEntry' },
  },
  {
    type: 'EntryJson',
    schema: 'Entry',
    members: {
      index: 'required',
      entry: 'required',
      leafHash: 'required',
      decoded: 'required',
      payloadAvailable: 'required',
      payload: 'optional',
      nonce: 'optional',
      erased: 'optional',
      proof: 'required',
      checkpoint: 'required',
    } satisfies Presence<EntryJson>,
    refs: { decoded: 'LogEntry', proof: 'InclusionProof' },
  },
  {
    type: 'EntryListJson',
    schema: 'EntryList',
    members: { start: 'required', end: 'required', entries: 'required' } satisfies Presence<EntryListJson>,
    refs: { entries: 'EntrySummary' },
  },
  {
    type: 'SignedCheckpointJson',
    schema: 'SignedCheckpoint',
    members: { treeSize: 'required', checkpoint: 'required' } satisfies Presence<SignedCheckpointJson>,
  },
  {
    type: 'ReceiptJson',
    schema: 'Receipt',
    members: {
      ...RECEIPT_LEAF,
      payload: 'required',
      nonce: 'required',
      proof: 'required',
    } satisfies Presence<ReceiptJson>,
  },
  {
    type: 'ErasedReceiptJson',
    schema: 'ErasedReceipt',
    members: {
      ...RECEIPT_LEAF,
      erased: 'required',
      proof: 'required',
    } satisfies Presence<ErasedReceiptJson>,
  },
  {
    type: 'BatchEntryJson',
    schema: 'BatchEntry',
    members: {
      payload: 'optional',
      json: 'optional',
      contentType: 'optional',
      idempotencyKey: 'optional',
      occurredAt: 'optional',
    } satisfies Presence<BatchEntryJson>,
  },
  {
    type: 'BatchRequestJson',
    schema: 'BatchRequest',
    members: { entries: 'required' } satisfies Presence<BatchRequestJson>,
    refs: { entries: 'BatchEntry' },
  },
  {
    type: 'BatchResponseJson',
    schema: 'BatchResponse',
    members: { receipts: 'required' } satisfies Presence<BatchResponseJson>,
    // A replay of an entry erased since is answered with its erased receipt (issue 14).
    refs: { receipts: 'Receipt|ErasedReceipt' },
  },
  {
    type: 'ProblemJson',
    schema: 'Problem',
    members: {
      type: 'required',
      title: 'required',
      status: 'required',
      detail: 'required',
      code: 'optional',
      limit: 'optional',
      entry: 'optional',
      field: 'optional',
      parameter: 'optional',
      reason: 'optional',
    } satisfies Presence<ProblemJson>,
  },
  {
    type: 'SkippedEntryJson',
    schema: 'SkippedEntry',
    members: { index: 'required', reason: 'required' } satisfies Presence<SkippedEntryJson>,
  },
  {
    type: 'EventsPageJson',
    schema: 'EventsPage',
    members: { checkpoint: 'required', events: 'required', next: 'required', skipped: 'optional' } satisfies Presence<EventsPageJson>,
    refs: { events: 'Receipt', skipped: 'SkippedEntry' },
  },
  { type: 'HealthJson', schema: 'Health', members: { status: 'required' } satisfies Presence<HealthJson> },
  { type: 'ReadyJson', schema: 'Ready', members: { status: 'required', treeSize: 'required' } satisfies Presence<ReadyJson> },
];

/** A reference, or a choice of references (`oneOf`). */
interface Ref {
  $ref?: string;
  oneOf?: { $ref?: string }[];
}

type Property = Ref & { type?: string; items?: Ref };

interface Schema {
  type?: string;
  properties?: Record<string, Property>;
  required?: string[];
}

const DOC = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'docs', 'openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
};
const SCHEMAS = DOC.components.schemas;

/** The references of a schema: its `$ref`, or a `oneOf` made only of references (not a nullable `oneOf`). */
function refsOf(r: Ref | undefined): string[] | undefined {
  if (r?.$ref !== undefined) return [r.$ref];
  const refs = r?.oneOf?.map((o) => o.$ref);
  return refs !== undefined && refs.every((x) => x !== undefined) ? (refs as string[]) : undefined;
}

/** The schema a property refers to, directly or as the items of an array; `A|B` for a oneOf of references. */
function refOf(property: Property): string | undefined {
  return (refsOf(property) ?? refsOf(property.items))?.map((r) => r.replace(/^#\/components\/schemas\//, '')).join('|');
}

describe('client/wire-types.ts matches docs/openapi.json', () => {
  for (const row of ROWS) {
    describe(`${row.type} = schema ${row.schema}`, () => {
      const schema = SCHEMAS[row.schema];

      test('the schema exists and is an object', () => {
        expect(schema?.type).toBe('object');
      });

      test('its members are the schema properties', () => {
        expect(Object.keys(row.members).sort()).toEqual(Object.keys(schema?.properties ?? {}).sort());
      });

      test('its required members are the schema required list', () => {
        const required = Object.entries(row.members)
          .filter(([, presence]) => presence === 'required')
          .map(([name]) => name)
          .sort();
        expect(required).toEqual([...(schema?.required ?? [])].sort());
      });

      test('members that are other wire types refer to their schemas', () => {
        const refs = Object.fromEntries(
          Object.entries(schema?.properties ?? {})
            .map(([name, p]) => [name, refOf(p)] as const)
            .filter(([, ref]) => ref !== undefined),
        );
        expect(refs).toEqual(row.refs ?? {});
      });
    });
  }

  test('every object schema of the document has a wire type', () => {
    const covered = new Set(ROWS.map((r) => r.schema));
    const objects = Object.entries(SCHEMAS)
      .filter(([, s]) => s.type === 'object')
      .map(([name]) => name);
    expect(objects.filter((name) => !covered.has(name))).toEqual([]);
  });
});
