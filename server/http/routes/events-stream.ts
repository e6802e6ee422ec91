/**
 * `GET /v1/events/stream?after=<index>` (issue 13 part 4): the receipts of the entries after
 * `after` that match the filters, oldest first, as newline-delimited JSON (`application/x-ndjson`)
 * or as server-sent events (`text/event-stream` when the Accept header asks, `id:` = the index).
 * It replays what is committed, then follows new commits; it never ends on its own.
 *
 * The index is the cursor: a client that reconnects with the last index it received misses
 * nothing and sees nothing twice. Without `after` the stream starts at entry 0.
 *
 * Backpressure: receipts are built in slices (STREAM_SLICE: about 256 KiB of text) and a slice is
 * written only after the socket drained the last one, so a slow reader holds at most one slice in
 * server memory. The stream
 * ends cleanly when the client goes away and when the server shuts down (the index closes).
 */
import type { RequestHandler, Response } from 'express';
import type { EventIndex } from '../../index/index.js';
import { STREAM_PARAMS, filtersOf, receiptsOf, toSearchProblem } from '../events-query.js';
import { joinBytes } from '../receipt-encoding.js';
import { parseNumberParam, queryParams } from '../params.js';
import type { LogContext } from '../served-log.js';

/** Entries looked up per search page. */
const PAGE_ENTRIES = 1000;
/**
 * Receipts built per written slice: sized so that a slice's text is about SLICE_BYTES (from the
 * receipts sent so far), between MIN and MAX entries. Large slices make the receipts cheap
 * (proofs share their nodes, runs of payloads are read at once); the byte size bounds what a
 * paused reader holds in server memory. The first slice is MIN entries.
 */
export const STREAM_SLICE = { MIN: 16, FIRST: 64, MAX: 250, BYTES: 256 * 1024 } as const;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How often a stream looks for the publication of committed entries. */
const PUBLISH_POLL_MS = 25;

/** The media types of the two forms. */
export const NDJSON_TYPE = 'application/x-ndjson';
export const SSE_TYPE = 'text/event-stream';

/** The stream handler of a log with an index. */
export function eventStreamHandler(ctx: LogContext, events: EventIndex): RequestHandler {
  const { log } = ctx;
  return async (req, res) => {
    const params = queryParams(req, STREAM_PARAMS);
    const filters = filtersOf(params);
    let after = params.after === undefined ? -1 : parseNumberParam(params.after, 'after');
    const sse = req.accepts([NDJSON_TYPE, 'application/json', SSE_TYPE]) === SSE_TYPE;
    // Refuse a bad filter with a 400 before the stream starts (an empty search checks them).
    try {
      await events.search({ ...filters, since: { index: 0 }, until: { index: 0 }, limit: 1 }, 0);
    } catch (err) {
      throw toSearchProblem(err);
    }

    let gone = false;
    let wake: (() => void) | undefined;
    const stopWaiting = (): void => {
      wake?.();
      wake = undefined;
    };
    res.on('close', () => {
      gone = true;
      stopWaiting();
    });
    const unsubscribe = events.onProgress(stopWaiting);
    const heartbeat = setInterval(() => {
      if (!gone) res.write(sse ? ': keep-alive\n\n' : '\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();

    res.status(200);
    res.set('Content-Type', sse ? `${SSE_TYPE}; charset=utf-8` : `${NDJSON_TYPE}; charset=utf-8`);
    res.set('Cache-Control', 'no-store');
    // Proxies such as nginx must not buffer a live stream.
    res.set('X-Accel-Buffering', 'no');
    res.flushHeaders();

    let sliceEntries: number = STREAM_SLICE.FIRST;
    try {
      while (!gone && !events.isClosed) {
        // Arm the wake-up before looking, so a commit between the look and the wait is not lost.
        const progressed = new Promise<void>((resolve) => (wake = resolve));
        const treeSize = log.checkpoint.treeSize;
        const page = await events.search({ ...filters, since: { index: after + 1 }, order: 'asc', limit: PAGE_ENTRIES }, treeSize);
        if (page.indexes.length === 0) {
          // Entries committed but not yet published (the publisher runs after the commit, and
          // with witnesses it waits for cosignatures) send no signal when they are published:
          // look again shortly. Otherwise the next commit or indexed chunk wakes the stream.
          if (log.committedSize > treeSize) await Promise.race([progressed, delay(PUBLISH_POLL_MS)]);
          else await progressed;
          continue;
        }
        stopWaiting();
        for (let i = 0; i < page.indexes.length && !gone;) {
          const slice = page.indexes.slice(i, i + sliceEntries);
          i += slice.length;
          const built = await receiptsOf(log, slice, page.treeSize);
          // ASCII heads and the shared UTF-8 tail into one buffer: the socket neither measures nor re-encodes strings.
          const pieces: (string | Uint8Array)[] = [];
          for (const r of built.receipts) pieces.push(sse ? `id: ${r.index}\ndata: ${r.head}` : r.head, built.tail, sse ? '\n\n' : '\n');
          const bytes = joinBytes(pieces);
          if (built.receipts.length > 0) {
            const perReceipt = bytes.length / built.receipts.length;
            sliceEntries = Math.max(STREAM_SLICE.MIN, Math.min(STREAM_SLICE.MAX, Math.floor(STREAM_SLICE.BYTES / perReceipt)));
          }
          // Entries whose payload is gone are passed over; the next receipt's index shows the gap.
          after = slice[slice.length - 1]!;
          if (gone) break;
          if (bytes.length > 0 && !res.write(bytes)) await drained(res);
        }
      }
    } catch (err) {
      // Headers are sent: a problem can no longer be answered. End the stream; the client
      // reconnects with the last index it received.
      if (!gone) res.destroy(err instanceof Error ? err : new Error(String(err)));
      return;
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
    }
    if (!gone) res.end();
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Resolves when `res` can take more, or when it closed. */
function drained(res: Response): Promise<void> {
  // A socket that closed already emits neither event again.
  if (res.destroyed || res.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
