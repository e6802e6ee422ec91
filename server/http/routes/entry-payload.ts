/**
 * `GET /v1/entries/<index>/payload` (issue 14): the payload bytes of one entry, as stored, for a
 * reader token (or public payloads). Served as application/octet-stream (a writer's content type
 * must not make a browser render it), the leaf's content type in `Cairn-Content-Type`. An erased payload answers 410
 * PAYLOAD_ERASED naming the erasure record (`record` in the problem), never an empty body.
 */
import type { RequestHandler } from 'express';
import { decodeLogEntry } from '../../../proofs/index.js';
import { ServerError } from '../../errors.js';
import { payloadAccess, payloadAllowed } from '../auth.js';
import { parseNumberParam, queryParams } from '../params.js';
import type { LogContext } from '../served-log.js';
import type { RouteTable } from './route-table.js';

/** The 410 of an erased payload. */
export function payloadErased(index: number, record: number): ServerError {
  return new ServerError('PAYLOAD_ERASED', `The payload of entry ${index} was erased by the erasure recorded in entry ${record}; its leaf and proofs remain.`, {
    extra: { index, record },
  });
}

/** The payload route. */
export function entryPayloadRoutes(ctx: LogContext): RouteTable {
  const { log } = ctx;
  const payload: RequestHandler = async (req, res) => {
    queryParams(req, []);
    const index = parseNumberParam(String(req.params['index']), 'The entry index');
    await log.catchUpTo(index);
    const size = log.checkpoint.treeSize;
    if (index >= size) throw new ServerError('NOT_FOUND', `No entry at index ${index}: the log has ${size} entries.`);
    if (!payloadAllowed(res)) throw new ServerError('UNAUTHENTICATED', 'Payloads need a reader token: send "Authorization: Bearer <token>".');
    const record = log.erasureOf(index);
    if (record !== undefined) throw payloadErased(index, record);
    const [stored, leaves] = await Promise.all([log.payload(index), log.leaves(index, index + 1)]);
    // Another process erased it and this one has not read the record yet (it catches up after each round it loads): now.
    await log.learnErasures(index, [stored]);
    const late = log.erasureOf(index);
    if (late !== undefined) throw payloadErased(index, late);
    if (stored === undefined || stored.erased)
      throw new ServerError('NOT_FOUND', `The payload of entry ${index} is not stored, and no erasure record covers it; run \`cairn fsck\`.`);
    res.set('Cache-Control', 'no-cache');
    res.type('application/octet-stream');
    res.set('Cairn-Content-Type', decodeLogEntry(leaves[0]!).contentType);
    res.send(Buffer.from(stored.payload.buffer, stored.payload.byteOffset, stored.payload.byteLength));
  };
  return { '/v1/entries/:index/payload': { get: [payloadAccess(ctx), payload] } };
}
