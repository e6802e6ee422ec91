/**
 * Dynamic proofs (SPEC §5) for clients that do not want to fetch tiles:
 *
 * - `GET /v1/proof/inclusion?index=I&size=N` or `?leafHash=<b64>&size=N` ->
 *   `{index, treeSize, leafHash, hashes}` (RFC 9162 §2.1.3);
 * - `GET /v1/proof/consistency?from=M&to=N` -> `{from, to, hashes}` (RFC 9162 §2.1.4; empty when
 *   from = 0 or from = to).
 *
 * `size` and `to` default to the latest checkpoint. Numbers are canonical decimals; a size
 * beyond the latest checkpoint, an index outside the tree or from > to is a 400 whose sentence
 * says the valid range. Proofs are built from tiles (O(log n) reads), the same hashes the
 * tile API serves.
 */
import type { RequestHandler, Response } from 'express';
import { HASH_SIZE } from '../../../merkle/index.js';
import { cairn } from '../../../proto/gen/cairn.js';
import { ServerError } from '../../errors.js';
import type { LogContext, ServedLog } from '../served-log.js';
import { readAccess } from '../auth.js';
import { JSON_TYPE, PROTOBUF_TYPE, responseFormat, type Format } from '../negotiate.js';
import { parseHashParam, parseNumberParam, queryParams } from '../params.js';
import { base64 } from '../receipt-encoding.js';
import { cacheControl } from '../routing.js';
import type { RouteTable } from './route-table.js';

/** The route patterns (the request log's and the metrics' route label). */
export const INCLUSION_ROUTE = '/v1/proof/inclusion';
export const CONSISTENCY_ROUTE = '/v1/proof/consistency';

/** A proof answer, encoded: what express's route and the fast path (fast-proofs.ts) both send. */
export interface ProofAnswer {
  cacheControl: string;
  format: Format;
  body: string | Buffer;
}

/**
 * The Cache-Control of a proof: immutable when the request named its tree size (`size`, `to`),
 * otherwise `no-cache` (the default size moves with the log).
 */
export function proofCacheControl(ctx: LogContext, explicitSize: boolean): string {
  return cacheControl(ctx.policy.requireReaderForReads, explicitSize ? 'immutable' : 'none');
}

function protobufBody(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The JSON array of `hashes` in base64: copied into one buffer and encoded slice by slice (no
 * Buffer view per hash). base64 needs no JSON escaping, so the text is what JSON.stringify gives.
 */
function hashesJson(hashes: readonly Uint8Array[]): string {
  if (hashes.length === 0) return '[]';
  const all = Buffer.allocUnsafe(HASH_SIZE * hashes.length);
  hashes.forEach((h, i) => all.set(h, HASH_SIZE * i));
  let text = '[';
  for (let i = 0; i < hashes.length; i++) text += `${i === 0 ? '' : ','}"${all.toString('base64', HASH_SIZE * i, HASH_SIZE * (i + 1))}"`;
  return `${text}]`;
}

/**
 * The inclusion proof of `index` (leaf hash `leafHash`) in the tree of `size`, in `format`: the
 * JSON is InclusionProofJson's text, byte for byte JSON.stringify's. Requires 32-byte hashes.
 */
export function inclusionBody(format: Format, index: number, size: number, leafHash: Uint8Array, hashes: Uint8Array[]): string | Buffer {
  if (format === 'protobuf') return protobufBody(cairn.v1.InclusionProof.encode({ index, treeSize: size, hashes, leafHash }).finish());
  return `{"index":${index},"treeSize":${size},"leafHash":"${base64(leafHash)}","hashes":${hashesJson(hashes)}}`;
}

/** The consistency proof from `from` to `to`, in `format` (ConsistencyProofJson's text). Requires 32-byte hashes. */
export function consistencyBody(format: Format, from: number, to: number, hashes: Uint8Array[]): string | Buffer {
  if (format === 'protobuf') return protobufBody(cairn.v1.ConsistencyProof.encode({ from, to, hashes }).finish());
  return `{"from":${from},"to":${to},"hashes":${hashesJson(hashes)}}`;
}

/**
 * Sends a proof answer (200): Cache-Control, `Vary: Accept` (caches keep the two forms apart),
 * the media type, the body. Straight to node's response, as negotiate.ts's senders do; node adds
 * Content-Length and omits the body for HEAD.
 */
export function sendProof(res: Response, answer: ProofAnswer): void {
  res.setHeader('Cache-Control', answer.cacheControl);
  res.setHeader('Vary', 'Accept');
  res.setHeader('Content-Type', answer.format === 'protobuf' ? PROTOBUF_TYPE : `${JSON_TYPE}; charset=utf-8`);
  res.end(answer.body);
}
/** A size parameter, defaulting to the latest checkpoint and never beyond it. */
function treeSizeParam(log: ServedLog, text: string | undefined, name: string): number {
  const latest = log.checkpoint.treeSize;
  if (text === undefined) return latest;
  const size = parseNumberParam(text, name);
  if (size > latest) {
    throw new ServerError('INVALID_PARAMETER', `${name}=${size} is beyond the log's latest checkpoint (tree size ${latest}); ask for a size up to ${latest}.`);
  }
  return size;
}

/** The routes of the proof API. */
export function proofRoutes(ctx: LogContext): RouteTable {
  const { log } = ctx;

  const inclusion: RequestHandler = async (req, res) => {
    const q = queryParams(req, ['index', 'leafHash', 'size']);
    const format = responseFormat(req);
    const size = treeSizeParam(log, q.size, 'size');
    if ((q.index === undefined) === (q.leafHash === undefined)) {
      throw new ServerError('INVALID_PARAMETER', 'Give exactly one of index=<leaf index> and leafHash=<base64 leaf hash> (and optionally size=<tree size>).');
    }
    if (size === 0) throw new ServerError('INVALID_PARAMETER', 'The empty tree (size 0) has no entries to prove; ask for a size of at least 1.');
    let index: number;
    let leafHash: Uint8Array;
    if (q.index !== undefined) {
      index = parseNumberParam(q.index, 'index');
      if (index >= size) throw new ServerError('INVALID_PARAMETER', `index=${index} is not in the tree of size ${size}; ask for an index below ${size}.`);
      // The leaf hash is in the level-0 tile, which the proof reads anyway (no bundle parse).
      leafHash = await log.leafHash(index);
    } else {
      leafHash = parseHashParam(q.leafHash!, 'leafHash');
      const found = await log.findLeaf(leafHash);
      if (found === undefined)
        throw new ServerError('NOT_FOUND', 'The log has no entry with this leaf hash; check that it is the RFC 6962 leaf hash SHA-256(0x00 || entry bytes).');
      if (found >= size) {
        throw new ServerError(
          'NOT_FOUND',
          `The entry with this leaf hash has index ${found}, so it is not in the tree of size ${size}; ask for a size above ${found}.`,
        );
      }
      index = found;
    }
    const hashes = await log.inclusionProof(index, size);
    sendProof(res, { cacheControl: proofCacheControl(ctx, q.size !== undefined), format, body: inclusionBody(format, index, size, leafHash, hashes) });
  };

  const consistency: RequestHandler = async (req, res) => {
    const q = queryParams(req, ['from', 'to']);
    const format = responseFormat(req);
    if (q.from === undefined)
      throw new ServerError('INVALID_PARAMETER', 'Give from=<older tree size> (and optionally to=<newer tree size>, default the latest).');
    const to = treeSizeParam(log, q.to, 'to');
    const from = parseNumberParam(q.from, 'from');
    if (from > to)
      throw new ServerError('INVALID_PARAMETER', `from=${from} is larger than to=${to}; a consistency proof goes from an older (smaller) tree to a newer one.`);
    const hashes = await log.consistencyProof(from, to);
    sendProof(res, { cacheControl: proofCacheControl(ctx, q.to !== undefined), format, body: consistencyBody(format, from, to, hashes) });
  };

  const read = readAccess(ctx);
  return {
    [INCLUSION_ROUTE]: { get: [read, inclusion] },
    [CONSISTENCY_ROUTE]: { get: [read, consistency] },
  };
}
