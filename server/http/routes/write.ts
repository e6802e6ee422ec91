/**
 * The write API (SPEC §4), for writer tokens only:
 *
 * - `POST /v1/entries`: the body is the event, kept byte for byte; `Content-Type` becomes the
 *   leaf's content type (default application/octet-stream); optional `Event-Time` (RFC 3339)
 *   and `Idempotency-Key` headers. 201 with the receipt and `Location: /v1/entries/<index>`, or
 *   200 with the original receipt when the key was used before for the same payload.
 * - `POST /v1/entries/batch`: JSON `{"entries": [...]}` or protobuf `AppendRequest`; 201 with
 *   `{"receipts": [...]}` in request order (200 when every entry was a replay).
 *
 * Every check runs before the sequencer sees the request, and the sequencer takes a request
 * whole or not at all: a refused request never changes the log.
 */
import type { RequestHandler } from 'express';
import { ServerError } from '../../errors.js';
import type { AppendInput } from '../../sequencer/types.js';
import { checkPayload, header, payloadTooLarge, singleAppendHead } from '../append-input.js';
import { requirePrincipal, requireRole } from '../auth.js';
import { parseBatchJson, parseBatchProto } from '../batch.js';
import { bodyBytes, formatBytes, rawBody } from '../body.js';
import { checkAuditEvent } from '../event-validation.js';
import { PROTOBUF_TYPE, responseFormat, sendNegotiatedBody } from '../negotiate.js';
import { batchAnswerJsonBytes, singleAppendAnswer } from '../append-answer.js';
import { appendResponseProto } from '../receipt-proto.js';
import type { LogContext } from '../served-log.js';
import type { RouteTable } from './route-table.js';

type BatchFormat = 'json' | 'protobuf';

/** The batch body's format from its Content-Type (before the body is read). Throws 415. */
function batchFormat(contentType: string | undefined): BatchFormat {
  const [type = '', ...params] = (contentType ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  if (type === 'application/json' && (charset === undefined || charset === 'utf-8')) return 'json';
  if (type === PROTOBUF_TYPE && charset === undefined) return 'protobuf';
  throw new ServerError(
    'UNSUPPORTED_MEDIA_TYPE',
    `A batch must be sent as application/json (UTF-8) or ${PROTOBUF_TYPE}, not ${JSON.stringify((contentType ?? '(none)').slice(0, 100))}; set the Content-Type header.`,
  );
}

/** The routes of the write API. */
export function writeRoutes(ctx: LogContext): RouteTable {
  const { log } = ctx;
  const limits = ctx.policy.requestLimits;
  const writer = requireRole(ctx, 'writer', 'Appending to this log');

  const singleBody = rawBody(limits.maxPayloadBytes, (size) => payloadTooLarge(limits, header('Content-Length'), size));
  const appendOne: RequestHandler = async (req, res) => {
    const submitter = requirePrincipal(res).name;
    const format = responseFormat(req);
    const payload = bodyBytes(req);
    checkPayload(payload, limits, { where: 'the request body' });
    const input: AppendInput = { payload, ...singleAppendHead(req.headers, limits) };
    checkAuditEvent(input, header('Content-Type'));
    const [outcome] = await log.append(submitter, [input]);
    // Relative to where the log is mounted (baseUrl is empty at the root).
    singleAppendAnswer(outcome!, format, req.baseUrl)(res);
  };

  const checkBatchType: RequestHandler = (req, res, next) => {
    res.locals['batchFormat'] = batchFormat(req.headers['content-type']);
    next();
  };
  const batchBody = rawBody(
    limits.maxBatchBytes,
    () =>
      new ServerError(
        'BATCH_TOO_LARGE',
        `The batch body is larger than this log's limit of ${formatBytes(limits.maxBatchBytes)} (${limits.maxBatchBytes} bytes) per request; split it into smaller batches.`,
        { extra: { limit: limits.maxBatchBytes } },
      ),
  );
  const appendBatch: RequestHandler = async (req, res) => {
    const submitter = requirePrincipal(res).name;
    const format = responseFormat(req);
    const body = bodyBytes(req);
    const inputs = res.locals['batchFormat'] === 'protobuf' ? parseBatchProto(body, limits) : parseBatchJson(body, limits);
    const outcomes = await log.append(submitter, inputs);
    const receipts = outcomes.map((o) => o.receipt);
    res.status(outcomes.every((o) => o.replayed) ? 200 : 201);
    sendNegotiatedBody(
      res,
      format,
      () => batchAnswerJsonBytes(receipts),
      () => appendResponseProto(receipts),
    );
  };

  return {
    // Before /v1/entries/:index (entries.ts), which would otherwise claim "batch" as an index.
    '/v1/entries/batch': { post: [writer, checkBatchType, batchBody, appendBatch] },
    '/v1/entries': { post: [writer, singleBody, appendOne] },
  };
}
