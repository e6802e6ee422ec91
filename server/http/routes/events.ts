/**
 * `GET /v1/events` (issue 13 part 3): search by actor, action, target, submitter and an index or
 * time range, newest first unless `order=asc`, paged with an authenticated cursor. For reader
 * tokens only (receipts carry payloads). The answer is
 * `{"checkpoint": <signed note>, "events": [<receipt>...], "next": <cursor|null>}`, every
 * receipt proved against that one checkpoint (every page of one search shares it), plus
 * `skipped: [{index, reason}]` when entries were left out because their payload is gone.
 */
import type { RequestHandler } from 'express';
import { ServerError } from '../../errors.js';
import { requireRole } from '../auth.js';
import { SEARCH_PARAMS, checkpointNote, receiptsOf, searchQueryOf, toSearchProblem, type SkippedEntry } from '../events-query.js';
import { queryParams } from '../params.js';
import type { LogContext } from '../served-log.js';
import type { RouteTable } from './route-table.js';
import { eventStreamHandler } from './events-stream.js';

/** The search and stream routes of a log served with an index; none without one. */
export function eventRoutes(ctx: LogContext): RouteTable {
  const { log, events } = ctx;
  if (events === undefined) return {};
  const reader = requireRole(ctx, 'reader', 'Searching this log');
  const search: RequestHandler = async (req, res) => {
    const query = searchQueryOf(queryParams(req, SEARCH_PARAMS));
    if (req.accepts(['application/json']) === false) {
      throw new ServerError('NOT_ACCEPTABLE', 'This endpoint answers application/json; send an Accept header that allows it.');
    }
    let result;
    try {
      result = await events.search(query, log.checkpoint.treeSize);
    } catch (err) {
      throw toSearchProblem(err);
    }
    const [checkpoint, built] = await Promise.all([checkpointNote(log, result.treeSize), receiptsOf(log, result.indexes, result.treeSize)]);
    res.set('Cache-Control', 'private, no-store');
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(pageText(checkpoint, built.receipts, result.next, built.skipped));
  };
  return {
    // Before any /v1/events/:x pattern (none exists today).
    '/v1/events/stream': { get: [reader, eventStreamHandler(ctx, events)] },
    '/v1/events': { get: [reader, search] },
  };
}

/**
 * The text of the page (the wire type EventsPageJson), exactly JSON.stringify of
 * `{checkpoint, events, next, skipped?}` with the receipts already text (ReceiptTextEncoder):
 * `skipped` only when entries were left out.
 */
export function pageText(checkpoint: string, receipts: readonly { text: string }[], next: string | null, skipped: readonly SkippedEntry[]): string {
  const events = receipts.map((r) => r.text).join(',');
  const left = skipped.length > 0 ? `,"skipped":${JSON.stringify(skipped)}` : '';
  return `{"checkpoint":${JSON.stringify(checkpoint)},"events":[${events}],"next":${JSON.stringify(next)}${left}}`;
}
