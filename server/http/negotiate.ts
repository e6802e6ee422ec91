/**
 * Content negotiation and response writing (SPEC §5): JSON by default, the protobuf messages of
 * proto/cairn.proto with `Accept: application/x-protobuf`.
 */
import type { Request, Response } from 'express';
import { ServerError } from '../errors.js';

/** The media type of the protobuf forms (proto/cairn.proto messages). */
export const PROTOBUF_TYPE = 'application/x-protobuf';
/** The media type of the JSON forms. */
export const JSON_TYPE = 'application/json';

/** The representation a client asked for. */
export type Format = 'json' | 'protobuf';

/**
 * The format `req` accepts, JSON winning ties (so `*\/*` and no Accept give JSON). Throws
 * NOT_ACCEPTABLE when the client accepts neither; call it before changing anything, so a 406
 * never follows an append.
 */
export function responseFormat(req: Request): Format {
  const chosen = req.accepts([JSON_TYPE, PROTOBUF_TYPE]);
  if (chosen === false) {
    throw new ServerError('NOT_ACCEPTABLE', `This endpoint answers ${JSON_TYPE} or ${PROTOBUF_TYPE}; send an Accept header that allows one of them.`);
  }
  return chosen === PROTOBUF_TYPE ? 'protobuf' : 'json';
}

/** Sends protobuf bytes (a Uint8Array, copied into no Buffer: a view is made). */
export function sendProtobuf(res: Response, bytes: Uint8Array): void {
  res.setHeader('Content-Type', PROTOBUF_TYPE);
  // Straight to node's response: express's res.send adds nothing these answers need (no ETag,
  // no freshness checks) and costs measurable time per append. node sets Content-Length for a
  // single-chunk end() and omits the body for HEAD.
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Sends `value` as JSON (no bigints may be in it). */
export function sendJson(res: Response, value: unknown): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(value));
}

/**
 * As sendNegotiated, with the JSON form given as its serialised body (made without
 * JSON.stringify, e.g. server/http/append-answer.ts: exactly what JSON.stringify of the object
 * would give), as a string or as UTF-8 bytes.
 */
export function sendNegotiatedBody(res: Response, format: Format, jsonBody: () => string | Uint8Array, protobuf: () => Uint8Array): void {
  res.vary('Accept');
  if (format === 'protobuf') {
    sendProtobuf(res, protobuf());
  } else {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(jsonBody());
  }
}

/** Sends the JSON or the protobuf form, with `Vary: Accept` so caches keep them apart. */
export function sendNegotiated(res: Response, format: Format, json: () => unknown, protobuf: () => Uint8Array): void {
  res.vary('Accept');
  if (format === 'protobuf') sendProtobuf(res, protobuf());
  else sendJson(res, json());
}
