/**
 * `GET /v1/log` (SPEC §5): who the log is and where it stands: origin, verifier key, the latest
 * checkpoint (size, root, signed note), and the limits a writer must respect.
 */
import type { RequestHandler } from 'express';
import type { LogInfoJson } from '../../../client/index.js';
import { cairn } from '../../../proto/gen/cairn.js';
import { encodeBase64, toProtoUint64 } from '../../../proofs/index.js';
import type { LogContext } from '../served-log.js';
import { readAccess } from '../auth.js';
import { responseFormat, sendNegotiated } from '../negotiate.js';
import { queryParams } from '../params.js';
import type { RouteTable } from './route-table.js';

/** The routes of the log's description. */
export function logInfoRoutes(ctx: LogContext): RouteTable {
  const { log } = ctx;
  const limits = ctx.policy.requestLimits;
  const info: RequestHandler = (req, res) => {
    queryParams(req, []);
    const format = responseFormat(req);
    // One snapshot: size, root and note from the same signed checkpoint.
    const cp = log.checkpoint;
    res.set('Cache-Control', 'no-cache');
    sendNegotiated(
      res,
      format,
      (): LogInfoJson => ({
        origin: log.origin,
        verifierKey: log.verifierKey.text,
        treeSize: cp.treeSize,
        rootHash: encodeBase64(cp.rootHash),
        checkpoint: cp.note,
        ...(ctx.events ? { indexedSize: ctx.events.indexedSize } : {}),
        // Under --witness-policy (issue 12; JSON only): the newest size that meets the quorum.
        ...(log.witnessing ? { witnessedSize: log.witnessing.witnessedSize ?? null } : {}),
        limits: {
          maxPayloadBytes: limits.maxPayloadBytes,
          maxBatchEntries: limits.maxBatchEntries,
          maxBatchBytes: limits.maxBatchBytes,
          // The config's own unit; any sane skew is far below 2^53 ns (104 days).
          maxFutureSkewNs: Number(limits.maxFutureSkewNs),
          maxRangeEntries: limits.maxRangeEntries,
          maxIdempotencyKeyLength: limits.maxIdempotencyKeyLength,
        },
        // The latest check of the log's clock against NTP (issue 15; JSON only).
        clock: log.clock,
      }),
      () =>
        cairn.v1.LogInfo.encode({
          origin: log.origin,
          verifierKey: log.verifierKey.text,
          treeSize: cp.treeSize,
          rootHash: cp.rootHash,
          checkpoint: cp.note,
          limits: {
            maxPayloadBytes: limits.maxPayloadBytes,
            maxBatchEntries: limits.maxBatchEntries,
            maxBatchBytes: limits.maxBatchBytes,
            maxFutureSkewNs: toProtoUint64(limits.maxFutureSkewNs),
            maxRangeEntries: limits.maxRangeEntries,
          },
        }).finish(),
    );
  };
  return { '/v1/log': { get: [readAccess(ctx), info] } };
}
