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
import { joinBytes } from '../receipt-encoding.js';
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
    res.end(pageBytes(checkpoint, built, result.next));
  };
  return {
    // Before any /v1/events/:x pattern (none exists today).
    '/v1/events/stream': { get: [reader, eventStreamHandler(ctx, events)] },
    '/v1/events': { get: [reader, search] },
  };
}

/**
 * The bytes of the page (the wire type EventsPageJson): exactly the UTF-8 of JSON.stringify of
 * `{checkpoint, events, next, skipped?}`, `skipped` only when entries were left out, with the
 * receipts as receiptsOf made them (ASCII heads, one UTF-8 tail), in one buffer.
 */
export function pageBytes(
  checkpoint: string,
  built: { receipts: readonly { head: string }[]; tail: Uint8Array; skipped: readonly SkippedEntry[] },
  next: string | null,
): Buffer {
  const pieces: (string | Uint8Array)[] = ['{"checkpoint":', Buffer.from(JSON.stringify(checkpoint), 'utf8'), ',"events":['];
  built.receipts.forEach((r, i) => pieces.push(i === 0 ? r.head : `,${r.head}`, built.tail));
  pieces.push('],"next":', Buffer.from(JSON.stringify(next), 'utf8'));
  if (built.skipped.length > 0) pieces.push(',"skipped":', JSON.stringify(built.skipped));
  pieces.push('}');
  return joinBytes(pieces);
}
