/**
 * Refuses requests whose framing or credentials are ambiguous, before any route sees them
 * (RFC 9112 §6.1, SPEC §5 "bad input gets a 4xx problem and never changes the log"):
 *
 * - a Transfer-Encoding other than exactly `chunked`: node decodes only `chunked` and passes any
 *   other coding (`gzip, chunked`) through undecoded, so the event would be stored still coded;
 *   RFC 9112 says a server must not process a transfer coding it does not understand;
 * - an HTTP/1.1 request without Host (RFC 9112 §3.2 asks for a 400; node's own answer to it
 *   has no problem body, so the server lets it through to here: server.ts requireHostHeader);
 * - more than one Authorization header: node keeps the first and drops the rest, so which
 *   credential the request meant is ambiguous.
 */
import type { Request, RequestHandler } from 'express';
import { ServerError } from '../errors.js';

/** Middleware: see the file comment. Refusals close the connection (the body is not read). */
export function refuseAmbiguousFraming(): RequestHandler {
  return (req, res, next) => {
    const why = ambiguity(req);
    if (why === undefined) {
      next();
      return;
    }
    res.setHeader('Connection', 'close');
    next(new ServerError('MALFORMED_REQUEST', why));
  };
}

/** The sentence refusing `req`, or undefined when its framing and credentials are clear. */
function ambiguity(req: Request): string | undefined {
  if (req.headers.host === undefined && req.httpVersion === '1.1') return 'An HTTP/1.1 request needs a Host header (RFC 9112 §3.2); add one.';
  const coding = req.headers['transfer-encoding'];
  if (coding !== undefined && coding.trim().toLowerCase() !== 'chunked') {
    return `The transfer coding ${JSON.stringify(coding)} is not supported; send the body with Content-Length or "Transfer-Encoding: chunked" only (use Content-Encoding for compression).`;
  }
  if (req.headers.authorization !== undefined && countHeader(req.rawHeaders, 'authorization') > 1) {
    return 'The request has more than one Authorization header; send exactly one "Bearer <token>".';
  }
  return undefined;
}

/** How many times the header `name` (lower case) appears in node's rawHeaders list. */
function countHeader(rawHeaders: readonly string[], name: string): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.length === name.length && rawHeaders[i]!.toLowerCase() === name) n++;
  return n;
}
