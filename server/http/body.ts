/**
 * Request bodies, kept byte for byte (SPEC §4: events are stored exactly as sent). Each route
 * registers its own parser with its own limit, so an oversized body is refused while it
 * arrives (from Content-Length when given), with the route's own 413 sentence. The limit
 * applies after decompression: a gzip bomb is refused too.
 */
import express, { type Request, type RequestHandler } from 'express';
import { ServerError } from '../errors.js';
import { isBodyParserError } from './problems.js';

/**
 * A parser that reads any body (whatever its Content-Type) into `req.body` as bytes, refusing
 * more than `limit` bytes with the error `tooLarge` makes (given the announced size, if known).
 */
export function rawBody(limit: number, tooLarge: (size: number | undefined) => ServerError): RequestHandler {
  const parse = express.raw({ type: () => true, limit });
  return (req, res, next) => {
    // An announced body over the limit is refused at once: body-parser would first wait for the
    // whole body to arrive (and a client that announces a huge body and sends nothing would
    // hold the connection until the request timeout). The connection closes after the answer,
    // since the unread body cannot be skipped.
    const declared = req.headers['content-length'];
    if (declared !== undefined && req.headers['content-encoding'] === undefined && /^[0-9]+$/.test(declared) && Number(declared) > limit) {
      res.setHeader('Connection', 'close');
      next(tooLarge(Number(declared)));
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (isBodyParserError(err) && err.type === 'entity.too.large') next(tooLarge(err.length));
      else next(err);
    });
  };
}

/** The body a `rawBody` parser read, as a Uint8Array view (empty when the request had none). */
export function bodyBytes(req: Request): Uint8Array {
  const body: unknown = req.body;
  if (body instanceof Uint8Array) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(0);
}

/** A number of bytes for people: 1048576 -> "1 MiB", 1536 -> "1.5 KiB", 100 -> "100 bytes". */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(2))} ${unit}`;
  }
  return `${n} bytes`;
}
