/**
 * The erasure and hold state of one log, derived from its own records (system-records.ts) in
 * index order: which entry was erased by which record, which holds are active, and which entries
 * are the log's own records (never erasable: they are the evidence). Pure bookkeeping; reading
 * the log and erasing are in system-log.ts.
 */
import { extractIndexFields } from '../../proofs/index.js';
import {
  ERASURE_CONTENT_TYPE,
  HOLD_CONTENT_TYPE,
  RELEASE_CONTENT_TYPE,
  SYSTEM_SUBMITTER,
  parseErasureRecord,
  parseHoldRecord,
  parseReleaseRecord,
  type EntryFilter,
  type HoldRecord,
} from './system-records.js';
import { RETENTION_CONTENT_TYPE, parseRetentionRecord, type RetentionRecord } from './retention-rules.js';

/** What a filter looks at of an entry: its leaf's submitter and content type, and its payload. */
export interface EntryFacts {
  index: number;
  submitter: string;
  contentType: string;
  /** The payload, when present (actor and target come from it). */
  payload?: Uint8Array;
}

/** One hold as the state knows it. */
export interface HoldState extends HoldRecord {
  /** The index of the hold's record: its id. */
  id: number;
  /** The index of the release record, once released. */
  releasedBy?: number;
}

/** True when the entry matches every field of `filter`. */
export function matchesFilter(filter: EntryFilter, entry: EntryFacts): boolean {
  if (filter.submitter !== undefined && filter.submitter !== entry.submitter) return false;
  if (filter.actor === undefined && filter.target === undefined) return true;
  const fields = entry.payload === undefined ? undefined : extractIndexFields(entry.payload, entry.contentType);
  if (filter.actor !== undefined && fields?.actor !== filter.actor) return false;
  if (filter.target !== undefined && fields?.target !== filter.target) return false;
  return true;
}

/** The state as JSON (erasure-snapshot.ts): enough to rebuild it without reading the log. */
export interface ErasureStateJson {
  erasures: [number, number[]][];
  holds: HoldState[];
  system: number[];
  retention?: RetentionRecord & { record: number };
  generation: number;
}

/** The state; feed it every system record in index order with `apply`. */
export class ErasureState {
  readonly #erasedBy = new Map<number, number>();
  readonly #erasures = new Map<number, number[]>();
  readonly #holds = new Map<number, HoldState>();
  readonly #system = new Set<number>();
  #retention: (RetentionRecord & { record: number }) | undefined;
  /** Bumped whenever a change may make more entries erasable (a release, new rules): the sweeper starts over. */
  generation = 0;

  /**
   * Takes note of entry `index` if it is a system record. Returns false for a system record
   * whose payload does not parse (fsck reports those; the state ignores them).
   */
  apply(entry: EntryFacts): boolean {
    if (entry.submitter !== SYSTEM_SUBMITTER || entry.payload === undefined) return true;
    this.#system.add(entry.index);
    if (entry.contentType === ERASURE_CONTENT_TYPE) {
      const r = parseErasureRecord(entry.payload);
      if (!r) return false;
      this.#erasures.set(entry.index, r.indexes);
      for (const i of r.indexes) if (!this.#erasedBy.has(i)) this.#erasedBy.set(i, entry.index);
    } else if (entry.contentType === HOLD_CONTENT_TYPE) {
      const r = parseHoldRecord(entry.payload);
      if (!r) return false;
      this.#holds.set(entry.index, { ...r, id: entry.index });
    } else if (entry.contentType === RELEASE_CONTENT_TYPE) {
      const r = parseReleaseRecord(entry.payload);
      const hold = r === undefined ? undefined : this.#holds.get(r.hold);
      if (!hold) return false;
      hold.releasedBy ??= entry.index;
      this.generation++;
    } else if (entry.contentType === RETENTION_CONTENT_TYPE) {
      const r = parseRetentionRecord(entry.payload);
      if (!r) return false;
      this.#retention = { ...r, record: entry.index };
      this.generation++;
    }
    return true;
  }

  /** The state as JSON. */
  toJson(): ErasureStateJson {
    return {
      erasures: [...this.#erasures.entries()],
      holds: this.holds(),
      system: [...this.#system],
      ...(this.#retention ? { retention: this.#retention } : {}),
      generation: this.generation,
    };
  }

  /** The state `toJson` gave. */
  static fromJson(json: ErasureStateJson): ErasureState {
    const state = new ErasureState();
    for (const [record, indexes] of json.erasures) {
      state.#erasures.set(record, indexes);
      for (const i of indexes) if (!state.#erasedBy.has(i)) state.#erasedBy.set(i, record);
    }
    for (const h of json.holds) state.#holds.set(h.id, h);
    for (const i of json.system) state.#system.add(i);
    state.#retention = json.retention;
    state.generation = json.generation;
    return state;
  }

  /** The retention rules in force and the index of their record (undefined: none set). */
  retention(): (RetentionRecord & { record: number }) | undefined {
    return this.#retention;
  }

  /** The index of the erasure record that erased entry `index`, if one did. */
  erasureOf(index: number): number | undefined {
    return this.#erasedBy.get(index);
  }

  /** How many erasure records were applied (never decreases): a cheap test for new ones. */
  get erasureCount(): number {
    return this.#erasures.size;
  }

  /** Every erasure record: its index and the entries it lists. */
  erasures(): [record: number, indexes: readonly number[]][] {
    return [...this.#erasures.entries()];
  }

  /** True when entry `index` is one of the log's own records. */
  isSystemRecord(index: number): boolean {
    return this.#system.has(index);
  }

  /** Every hold, released ones included, oldest first. */
  holds(): HoldState[] {
    return [...this.#holds.values()];
  }

  /** The hold with this id (its record's index), if any. */
  hold(id: number): HoldState | undefined {
    return this.#holds.get(id);
  }

  /** The first active hold covering the entry, if any. */
  holdOf(entry: EntryFacts): HoldState | undefined {
    for (const h of this.#holds.values()) {
      if (h.releasedBy !== undefined) continue;
      if (h.indexes?.includes(entry.index) || (h.filter !== undefined && matchesFilter(h.filter, entry))) return h;
    }
    return undefined;
  }
}
