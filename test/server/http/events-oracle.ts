/**
 * The brute-force side of the search suites: every entry read through the HTTP API
 * (`GET /v1/entries?start=&end=` with a reader token) and filtered by hand, so the index's
 * answers are checked against a scan that shares none of its code. Also the offline check of
 * an answer: every receipt verified with nothing but the verifier key, against the answer's one
 * checkpoint.
 */
import { expect } from '@jest/globals';
import type { EntryListJson, EventsPageJson } from '../../../client/index.js';
import { decodeBase64, extractIndexFields, parseTimestamp, verifyCheckpoint, verifyReceipt } from '../../../proofs/index.js';

/** One entry as the brute-force scan sees it. */
export interface ScannedEntry {
  index: number;
  timestamp: bigint;
  submitter: string;
  fields: { actor?: string; action?: string; target?: string };
}

/** Reads every entry below `size` through the API. */
export async function scanLog(url: string, reader: string, size: number): Promise<ScannedEntry[]> {
  const out: ScannedEntry[] = [];
  for (let start = 0; start < size;) {
    const res = await fetch(`${url}/v1/entries?start=${start}&end=${size}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as EntryListJson;
    for (const e of page.entries) {
      const fields = e.payload === undefined ? undefined : extractIndexFields(decodeBase64(e.payload, 'payload'), e.decoded.contentType);
      out.push({ index: e.index, timestamp: parseTimestamp(e.decoded.timestamp), submitter: e.decoded.submitter, fields: fields ?? {} });
    }
    start = page.end;
  }
  return out;
}

/** A search's filters and range, as the brute force applies them. */
export interface OracleQuery {
  actor?: string;
  action?: string;
  target?: string;
  submitter?: string;
  /** Inclusive bounds: index or ns. */
  since?: { index: number } | { time: bigint };
  until?: { index: number } | { time: bigint };
}

/** The indexes matching `q`, ascending. */
export function bruteForce(entries: readonly ScannedEntry[], q: OracleQuery): number[] {
  return entries
    .filter((e) => q.actor === undefined || e.fields.actor === q.actor)
    .filter((e) => q.action === undefined || e.fields.action === q.action)
    .filter((e) => q.target === undefined || e.fields.target === q.target)
    .filter((e) => q.submitter === undefined || e.submitter === q.submitter)
    .filter((e) => q.since === undefined || ('index' in q.since ? e.index >= q.since.index : e.timestamp >= q.since.time))
    .filter((e) => q.until === undefined || ('index' in q.until ? e.index <= q.until.index : e.timestamp <= q.until.time))
    .map((e) => e.index);
}

/**
 * Checks a page offline: the checkpoint verifies under `vkey`, every receipt verifies under
 * `vkey` and is proved against that very checkpoint. Returns the receipts' indexes in order.
 */
export function verifyPage(page: EventsPageJson, vkey: string): number[] {
  const checkpoint = verifyCheckpoint(page.checkpoint, vkey);
  return page.events.map((r) => {
    const v = verifyReceipt(r, vkey);
    expect(v.checkpoint.treeSize).toBe(checkpoint.treeSize);
    expect(Buffer.from(v.checkpoint.rootHash).equals(Buffer.from(checkpoint.rootHash))).toBe(true);
    return v.index;
  });
}

/** Every page of a search (following `next`), each verified offline; the indexes and the pages. */
export async function searchAll(
  url: string,
  reader: string,
  params: Record<string, string>,
  vkey: string,
): Promise<{ indexes: number[]; pages: EventsPageJson[] }> {
  const indexes: number[] = [];
  const pages: EventsPageJson[] = [];
  let cursor: string | null | undefined;
  do {
    const qs = new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${url}/v1/events?${qs}`, { headers: { authorization: `Bearer ${reader}` } });
    expect({ status: res.status, body: res.status === 200 ? '' : await res.clone().text() }).toEqual({ status: 200, body: '' });
    const page = (await res.json()) as EventsPageJson;
    indexes.push(...verifyPage(page, vkey));
    pages.push(page);
    cursor = page.next;
  } while (cursor !== null);
  return { indexes, pages };
}
