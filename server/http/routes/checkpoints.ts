/**
 * Checkpoints (SPEC §2, §5):
 *
 * - `GET /checkpoint` (C2SP tlog-tiles): the latest signed checkpoint note, text/plain, not
 *   cacheable beyond revalidation;
 * - `GET /v1/checkpoints/<size>`: the note the log signed at exactly that tree size, for monitors
 *   that prove consistency from an old state; 404 when the log signed none at that size. JSON
 *   `{treeSize, checkpoint}`, protobuf `SignedCheckpoint`, or the bare note with
 *   `Accept: text/plain`.
 */
import type { RequestHandler } from 'express';
import { cairn } from '../../../proto/gen/cairn.js';
import { ServerError } from '../../errors.js';
import type { LogContext } from '../served-log.js';
import { readAccess } from '../auth.js';
import { JSON_TYPE, PROTOBUF_TYPE, sendJson, sendProtobuf } from '../negotiate.js';
import { parseNumberParam, queryParams } from '../params.js';
import { cacheControl } from '../routing.js';
import type { RouteTable } from './route-table.js';

const NOTE_TYPE = 'text/plain; charset=utf-8';

/**
 * The note `/checkpoint` serves: the latest with its cosignatures (issue 12), or under
 * `--witness-enforce` the newest one that meets the quorum (NOT_WITNESSED before there is one).
 */
function servedHead(log: LogContext['log']): string {
  const w = log.witnessing;
  if (w === undefined) return log.checkpoint.note;
  if (!w.enforce) return w.decorate(log.checkpoint);
  const witnessed = w.witnessedCheckpoint();
  if (witnessed === undefined) {
    throw new ServerError(
      'NOT_WITNESSED',
      "No checkpoint of this log meets its witness policy's quorum yet; retry shortly (the operator can check the witness_* log lines and metrics).",
      { retryAfter: 1 },
    );
  }
  return witnessed.note;
}

/** The routes of the checkpoint API. */
export function checkpointRoutes(ctx: LogContext): RouteTable {
  const { log, policy } = ctx;
  const latest: RequestHandler = (_req, res) => {
    const note = servedHead(log);
    res.set('Content-Type', NOTE_TYPE);
    res.set('Cache-Control', 'no-cache');
    res.send(note);
  };

  const atSize: RequestHandler = async (req, res) => {
    queryParams(req, []);
    const size = parseNumberParam(String(req.params['size']), 'The tree size');
    const chosen = req.accepts([JSON_TYPE, PROTOBUF_TYPE, 'text/plain']);
    if (chosen === false) {
      throw new ServerError(
        'NOT_ACCEPTABLE',
        `This endpoint answers ${JSON_TYPE}, ${PROTOBUF_TYPE} or text/plain; send an Accept header that allows one of them.`,
      );
    }
    const stored = await log.checkpointAt(size);
    if (stored === undefined) {
      throw new ServerError(
        'NOT_FOUND',
        `The log signed no checkpoint at tree size ${size} (its latest is ${log.checkpoint.treeSize}); ask for a size the log published, e.g. one from a receipt or /checkpoint.`,
      );
    }
    res.vary('Accept');
    // A signed note at a given size never changes; under witnessing, cosignatures join it later.
    res.set('Cache-Control', log.witnessing === undefined ? cacheControl(policy.requireReaderForReads, 'immutable') : 'no-cache');
    const note = log.witnessing === undefined ? stored.note : await log.witnessing.decorateStored(stored);
    if (chosen === PROTOBUF_TYPE) {
      sendProtobuf(res, cairn.v1.SignedCheckpoint.encode({ treeSize: stored.treeSize, checkpoint: note }).finish());
    } else if (chosen === 'text/plain') {
      res.set('Content-Type', NOTE_TYPE);
      res.send(note);
    } else {
      sendJson(res, { treeSize: stored.treeSize, checkpoint: note });
    }
  };

  const read = readAccess(ctx);
  return {
    '/checkpoint': { get: [read, latest] },
    '/v1/checkpoints/:size': { get: [read, atSize] },
  };
}
